package com.tradingml.features.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.features.FeatureSet;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Files;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The features file writer against two independent readers: Iceberg's generic Parquet reader gives back every
 * value bit for bit (NaN, infinities, both zeros, extreme timestamps) over several row groups and pages, with
 * each codec; parquet-mr's own footer reader (the one Spark's readers use) accepts the statistics of every column
 * chunk and finds them equal to the chunk's true min and max; and Iceberg's own footer metrics agree with the
 * writer's, which also counts NaN and follows the table's metrics modes.
 */
class FeatureFileWriterTest {

  private static final FeatureColumns COLUMNS = new FeatureColumns(FeatureSet.defaultSet());
  private static final Schema SCHEMA = COLUMNS.icebergSchema();
  private static final String SYMBOL = "SYN007";

  @TempDir Path dir;

  /** Rows held in memory to compare with what the readers see. */
  private record Rows(long[] micros, boolean[] warm, double[][] doubles, int[] labels) {

    static Rows random(int count, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      int width = COLUMNS.doubleCount();
      long[] micros = new long[count];
      boolean[] warm = new boolean[count];
      double[][] doubles = new double[count][width];
      int[] labels = new int[count];
      double[] specials = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
          Double.MIN_VALUE, -Double.MAX_VALUE};
      long time = -62_000_000_000_000_000L; // before 1970 and far from it: signs and widths of INT64
      for (int r = 0; r < count; r++) {
        time += 1 + random.nextLong(86_400_000_000L);
        micros[r] = time;
        warm[r] = random.nextInt(3) > 0;
        labels[r] = random.nextInt(4) - 1;
        for (int d = 0; d < width; d++) {
          doubles[r][d] = random.nextInt(10) == 0 ? specials[random.nextInt(specials.length)]
              : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-8, 9));
        }
      }
      // Column 1 is NaN throughout (as the volume z-score of a series without volumes): no bounds anywhere.
      for (int r = 0; r < count; r++) {
        doubles[r][1] = Double.NaN;
      }
      // Column 2 has no NaN and no zero: Iceberg's footer metrics and the writer's must agree exactly.
      for (int r = 0; r < count; r++) {
        doubles[r][2] = 1.0 + r * 0.001 + random.nextDouble();
      }
      // Columns 3 and 4 hold both zeros, which '<' does not order: +0.0 first then -0.0 among positives, and
      // -0.0 first then +0.0 among negatives. Bounds must hold both (Iceberg orders -0.0 below +0.0).
      for (int r = 0; r < count; r++) {
        boolean zero = r % 10 == 0;
        doubles[r][3] = zero ? (r % 20 == 0 ? 0.0 : -0.0) : 1.0 + random.nextDouble();
        doubles[r][4] = zero ? (r % 20 == 0 ? -0.0 : 0.0) : -1.0 - random.nextDouble();
      }
      return new Rows(micros, warm, doubles, labels);
    }
  }

  private DataFile write(File file, Rows rows, FeatureFileWriter.Codec codec, FeatureFileWriter.Layout layout,
      MetricsConfig metricsConfig) {
    FeatureFileWriter writer = new FeatureFileWriter(Files.localOutput(file), SCHEMA, COLUMNS, SYMBOL, codec, layout,
        metricsConfig, new FeatureFileWriter.Buffers());
    for (int r = 0; r < rows.micros().length; r++) {
      writer.add(rows.micros()[r], rows.warm()[r], rows.doubles()[r], rows.labels()[r]);
    }
    return writer.finish(PartitionSpec.unpartitioned(), null);
  }

  /** Small pages and row groups, so that a thousand rows cross many of both. */
  private static FeatureFileWriter.Layout smallLayout() {
    return new FeatureFileWriter.Layout(37, 1L << 20, 300L * 128);
  }

  @ParameterizedTest(name = "{0}, min saving {1}")
  @CsvSource({"zstd, 0", "zstd, 0.15", "snappy, 0", "gzip, 0", "uncompressed, 0"})
  void shouldGiveBackEveryValueBitForBitThroughIcebergsReaderWithEachCodec(String codecName, String minSaving)
      throws Exception {
    // min saving 0: every chunk compressed, so each codec is read back; 0.15 (the default): a mix of chunks
    Rows rows = Rows.random(1_000, codecName.hashCode());
    File file = dir.resolve(codecName + "-" + minSaving + ".parquet").toFile();
    DataFile written = write(file, rows, FeatureFileWriter.Codec.fromTableProperties(
        Map.of("write.parquet.compression-codec", codecName, "write.parquet.compression-level", "1",
            FeatureFileWriter.Codec.MIN_SAVING_PROPERTY, minSaving)),
        smallLayout(), MetricsConfig.getDefault());

    assertThat(written.recordCount()).isEqualTo(1_000);
    assertThat(written.fileSizeInBytes()).isEqualTo(file.length());
    assertThat(written.splitOffsets()).as("one offset per row group").hasSizeGreaterThan(5);

    List<String> names = COLUMNS.names();
    int r = 0;
    try (CloseableIterable<Record> records = Parquet.read(Files.localInput(file)).project(SCHEMA)
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(SCHEMA, fileSchema)).build()) {
      for (Record record : records) {
        assertThat(record.getField(FeatureColumns.SYMBOL)).isEqualTo(SYMBOL);
        OffsetDateTime time = (OffsetDateTime) record.getField(FeatureColumns.TIMESTAMP);
        long micros = Math.addExact(Math.multiplyExact(time.toEpochSecond(), 1_000_000L), time.getNano() / 1_000);
        assertThat(micros).as("timestamp of row %d", r).isEqualTo(rows.micros()[r]);
        assertThat(record.getField(FeatureColumns.WARM)).as("warm of row %d", r).isEqualTo(rows.warm()[r]);
        assertThat(record.getField(FeatureColumns.LABEL)).as("label of row %d", r).isEqualTo(rows.labels()[r]);
        for (int d = 0; d < COLUMNS.doubleCount(); d++) {
          double value = (Double) record.getField(names.get(3 + d));
          assertThat(Double.doubleToRawLongBits(value)).as("%s of row %d", names.get(3 + d), r)
              .isEqualTo(Double.doubleToRawLongBits(rows.doubles()[r][d]));
        }
        r++;
      }
    }
    assertThat(r).isEqualTo(1_000);
  }

  @Test
  void shouldCompressOnlyTheColumnChunksTheCodecShrinksEnough() throws Exception {
    Rows rows = Rows.random(1_000, 11);
    Map<String, String> zstd = Map.of("write.parquet.compression-codec", "zstd", "write.parquet.compression-level", "1");
    File mixed = dir.resolve("mixed.parquet").toFile();
    write(mixed, rows, FeatureFileWriter.Codec.fromTableProperties(zstd), FeatureFileWriter.Layout.fromTableProperties(
        Map.of()), MetricsConfig.getDefault());
    Map<String, String> all = new HashMap<>(zstd);
    all.put(FeatureFileWriter.Codec.MIN_SAVING_PROPERTY, "0");
    File compressed = dir.resolve("all.parquet").toFile();
    write(compressed, rows, FeatureFileWriter.Codec.fromTableProperties(all),
        FeatureFileWriter.Layout.fromTableProperties(Map.of()), MetricsConfig.getDefault());

    List<String> names = COLUMNS.names();
    Map<String, String> mixedCodecs = chunkCodecs(mixed);
    assertThat(mixedCodecs.get(names.get(0))).as("the symbol, one value repeated").isEqualTo("ZSTD");
    assertThat(mixedCodecs.get(names.get(4))).as("a column of NaN only").isEqualTo("ZSTD");
    assertThat(mixedCodecs.get(names.get(3))).as("random doubles: zstd saves little").isEqualTo("UNCOMPRESSED");
    assertThat(chunkCodecs(compressed).values()).as("min saving 0 compresses everything").containsOnly("ZSTD");
    assertThat(mixed.length()).as("the uncompressed chunks cost few bytes").isLessThan(compressed.length() * 11 / 10);
    assertThatThrownBy(() -> FeatureFileWriter.Codec.fromTableProperties(
        Map.of(FeatureFileWriter.Codec.MIN_SAVING_PROPERTY, "1"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(FeatureFileWriter.Codec.MIN_SAVING_PROPERTY);
  }

  /** The codec parquet-mr's footer reader finds for each column (every chunk of a column must agree). */
  private static Map<String, String> chunkCodecs(File file) throws Exception {
    Map<String, String> codecs = new HashMap<>();
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toURI()), new Configuration()))) {
      for (BlockMetaData block : reader.getFooter().getBlocks()) {
        for (ColumnChunkMetaData chunk : block.getColumns()) {
          String codec = chunk.getCodec().name();
          String before = codecs.putIfAbsent(chunk.getPath().toDotString(), codec);
          assertThat(before == null || before.equals(codec)).as("one codec per column").isTrue();
        }
      }
    }
    return codecs;
  }

  @Test
  void shouldWriteStatisticsThatParquetMrTrustsAndThatHoldTheTrueMinAndMaxOfEachChunk() throws Exception {
    Rows rows = Rows.random(1_000, 5);
    File file = dir.resolve("stats.parquet").toFile();
    write(file, rows, FeatureFileWriter.Codec.fromTableProperties(Map.of()), smallLayout(), MetricsConfig.getDefault());

    ParquetMetadata footer;
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toURI()), new Configuration()))) {
      footer = reader.getFooter();
    }
    assertThat(footer.getFileMetaData().getSchema().getColumns()).hasSize(COLUMNS.width());
    List<String> names = COLUMNS.names();
    int first = 0;
    int checked = 0;
    for (BlockMetaData block : footer.getBlocks()) {
      int count = (int) block.getRowCount();
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        String name = chunk.getPath().toDotString();
        int column = names.indexOf(name);
        Statistics<?> stats = chunk.getStatistics();
        assertThat(stats.isEmpty()).as("statistics of %s kept by parquet-mr", name).isFalse();
        assertThat(stats.getNumNulls()).isZero();
        if (column == 0) {
          assertThat(stats.minAsString()).isEqualTo(SYMBOL);
          assertThat(stats.maxAsString()).isEqualTo(SYMBOL);
        } else if (column == 1) {
          assertThat(stats.genericGetMin()).isEqualTo(rows.micros()[first]);
          assertThat(stats.genericGetMax()).isEqualTo(rows.micros()[first + count - 1]);
        } else if (column >= 3 && column < 3 + COLUMNS.doubleCount()) {
          double min = Double.POSITIVE_INFINITY;
          double max = Double.NEGATIVE_INFINITY;
          boolean any = false;
          for (int r = first; r < first + count; r++) {
            double v = rows.doubles()[r][column - 3];
            if (!Double.isNaN(v)) {
              any = true;
              min = Math.min(min, v);
              max = Math.max(max, v);
            }
          }
          if (!any) {
            assertThat(stats.hasNonNullValue()).as("%s: all NaN, no bounds", name).isFalse();
            continue;
          }
          // The format's rule for zeros: a zero minimum is -0.0, a zero maximum +0.0.
          double expectedMin = min == 0.0 ? -0.0 : min;
          double expectedMax = max == 0.0 ? 0.0 : max;
          assertThat(Double.doubleToRawLongBits((Double) stats.genericGetMin())).as("min of %s", name)
              .isEqualTo(Double.doubleToRawLongBits(expectedMin));
          assertThat(Double.doubleToRawLongBits((Double) stats.genericGetMax())).as("max of %s", name)
              .isEqualTo(Double.doubleToRawLongBits(expectedMax));
        }
        checked++;
      }
      first += count;
    }
    assertThat(first).isEqualTo(1_000);
    assertThat(checked).isGreaterThan(footer.getBlocks().size() * COLUMNS.doubleCount());
  }

  @Test
  void shouldReportTheSameMetricsAsIcebergReadsFromTheFooterAndCountNaN() throws Exception {
    Rows rows = Rows.random(1_000, 9);
    File file = dir.resolve("metrics.parquet").toFile();
    MetricsConfig config = MetricsConfig.getDefault();
    // One row group: the file's bounds are then a single chunk's, with no merge to hide a wrong zero.
    DataFile written = write(file, rows, FeatureFileWriter.Codec.fromTableProperties(Map.of()),
        FeatureFileWriter.Layout.fromTableProperties(Map.of()), config);
    assertThat(written.splitOffsets()).hasSize(1);
    Metrics footer = ParquetUtil.fileMetrics(Files.localInput(file), config);

    assertThat(written.recordCount()).isEqualTo(footer.recordCount());
    assertThat(written.valueCounts()).isEqualTo(footer.valueCounts());
    assertThat(written.nullValueCounts()).isEqualTo(footer.nullValueCounts());
    assertThat(written.columnSizes()).isEqualTo(footer.columnSizes());
    List<String> names = COLUMNS.names();
    for (Types.NestedField field : SCHEMA.columns()) {
      int id = field.fieldId();
      int column = names.indexOf(field.name());
      boolean comparable = column < 3 || column == names.size() - 1 || column == 5; // column 5: doubles index 2
      if (comparable) {
        assertThat(written.lowerBounds().get(id)).as("lower bound of %s", field.name())
            .isEqualTo(footer.lowerBounds().get(id));
        assertThat(written.upperBounds().get(id)).as("upper bound of %s", field.name())
            .isEqualTo(footer.upperBounds().get(id));
      }
      if (field.type().equals(Types.DoubleType.get())) {
        long nans = 0;
        for (double[] row : rows.doubles()) {
          nans += Double.isNaN(row[column - 3]) ? 1 : 0;
        }
        assertThat(written.nanValueCounts().get(id)).as("NaN count of %s", field.name()).isEqualTo(nans);
        assertBoundsHold(field, rows, column - 3, written.lowerBounds().get(id), written.upperBounds().get(id));
      }
    }
  }

  /** Iceberg's bounds order doubles by {@link Double#compare} (-0.0 below +0.0) and leave NaN out. */
  private static void assertBoundsHold(Types.NestedField field, Rows rows, int d, ByteBuffer lower, ByteBuffer upper) {
    boolean allNaN = true;
    for (double[] row : rows.doubles()) {
      allNaN &= Double.isNaN(row[d]);
    }
    if (allNaN) {
      assertThat(lower).as("%s: all NaN, no lower bound", field.name()).isNull();
      assertThat(upper).as("%s: all NaN, no upper bound", field.name()).isNull();
      return;
    }
    double low = Conversions.fromByteBuffer(field.type(), lower);
    double high = Conversions.fromByteBuffer(field.type(), upper);
    for (double[] row : rows.doubles()) {
      if (!Double.isNaN(row[d])) {
        assertThat(Double.compare(low, row[d])).as("%s: lower bound %s above %s", field.name(), low, row[d])
            .isLessThanOrEqualTo(0);
        assertThat(Double.compare(high, row[d])).as("%s: upper bound %s below %s", field.name(), high, row[d])
            .isGreaterThanOrEqualTo(0);
      }
    }
  }

  @Test
  void shouldFollowTheTablesMetricsModes() throws Exception {
    Rows rows = Rows.random(200, 3);
    Map<String, String> properties = new HashMap<>();
    properties.put("write.metadata.metrics.default", "counts");
    properties.put("write.metadata.metrics.column.symbol", "truncate(2)");
    properties.put("write.metadata.metrics.column.rsi_14", "none");
    properties.put("write.metadata.metrics.column.timestamp", "full");
    MetricsConfig config = MetricsConfig.fromProperties(properties);
    DataFile written = write(dir.resolve("modes.parquet").toFile(), rows,
        FeatureFileWriter.Codec.fromTableProperties(Map.of()), smallLayout(), config);

    int symbol = SCHEMA.findField(FeatureColumns.SYMBOL).fieldId();
    int timestamp = SCHEMA.findField(FeatureColumns.TIMESTAMP).fieldId();
    int rsi = SCHEMA.findField("rsi_14").fieldId();
    int label = SCHEMA.findField(FeatureColumns.LABEL).fieldId();
    assertThat(Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(), written.lowerBounds().get(symbol))
        .toString()).isEqualTo("SY");
    assertThat(Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(), written.upperBounds().get(symbol))
        .toString()).isEqualTo("SZ");
    assertThat((Long) Conversions.fromByteBuffer(Types.TimestampType.withZone(), written.lowerBounds().get(timestamp)))
        .isEqualTo(rows.micros()[0]);
    assertThat(written.valueCounts()).containsEntry(label, 200L).doesNotContainKey(rsi);
    assertThat(written.lowerBounds()).doesNotContainKeys(label, rsi);
    assertThat(written.columnSizes()).doesNotContainKey(rsi);
  }

  @Test
  void shouldRefuseACodecItCannotWriteAndATableWhoseColumnTypesDiffer() {
    assertThatThrownBy(() -> FeatureFileWriter.Codec.fromTableProperties(
        Map.of("write.parquet.compression-codec", "lz4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zstd, snappy, gzip and uncompressed").hasMessageContaining("'lz4'");

    List<Types.NestedField> fields = new ArrayList<>(SCHEMA.columns());
    int rsi = COLUMNS.names().indexOf("rsi_14");
    fields.set(rsi, Types.NestedField.required(fields.get(rsi).fieldId(), "rsi_14", Types.FloatType.get()));
    Schema changed = new Schema(fields);
    assertThatThrownBy(() -> new FeatureFileWriter(Files.localOutput(dir.resolve("x.parquet").toFile()), changed,
        COLUMNS, SYMBOL, FeatureFileWriter.Codec.fromTableProperties(Map.of()), smallLayout(),
        MetricsConfig.getDefault(), new FeatureFileWriter.Buffers()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'rsi_14' must be double").hasMessageContaining("float");
    assertThat(dir.resolve("x.parquet")).as("nothing created for a refused schema").doesNotExist();
  }

  /** Buffers reused by the next file of the same thread give that file only its own rows. */
  @Test
  void shouldStartEachFileEmptyWhenBuffersAreReused() throws Exception {
    FeatureFileWriter.Buffers buffers = new FeatureFileWriter.Buffers();
    Rows first = Rows.random(500, 1);
    Rows second = Rows.random(70, 2);
    List<Long> counts = new ArrayList<>();
    for (Rows rows : List.of(first, second)) {
      File file = dir.resolve("reuse-" + counts.size() + ".parquet").toFile();
      FeatureFileWriter writer = new FeatureFileWriter(Files.localOutput(file), SCHEMA, COLUMNS, SYMBOL,
          FeatureFileWriter.Codec.fromTableProperties(Map.of()), FeatureFileWriter.Layout.fromTableProperties(Map.of()),
          MetricsConfig.getDefault(), buffers);
      for (int r = 0; r < rows.micros().length; r++) {
        writer.add(rows.micros()[r], rows.warm()[r], rows.doubles()[r], rows.labels()[r]);
      }
      writer.finish(PartitionSpec.unpartitioned(), null);
      long read = 0;
      try (CloseableIterable<Record> records = Parquet.read(Files.localInput(file)).project(SCHEMA)
          .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(SCHEMA, fileSchema)).build()) {
        for (Record record : records) {
          assertThat(record.getField(COLUMNS.names().get(5))).isEqualTo(rows.doubles()[(int) read][2]);
          read++;
        }
      }
      counts.add(read);
    }
    assertThat(counts).containsExactly(500L, 70L);
  }
}
