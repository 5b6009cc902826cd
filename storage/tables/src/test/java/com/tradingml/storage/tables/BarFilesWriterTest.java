package com.tradingml.storage.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.InternalReader;
import org.apache.iceberg.data.parquet.InternalWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The columnar bar file writer against independent readers: Iceberg's generic reader, {@link BarsScan}
 * and plain parquet-mr read back every value bit for bit, and every data file's metrics equal both the
 * data and what Iceberg's own Parquet writer records for the same rows.
 */
class BarFilesWriterTest {

  private static final int CHUNK = 1024;
  private static final long MINUTE = 60_000_000L;

  @TempDir Path home;
  private Warehouse warehouse;
  private Table table;

  @BeforeEach
  void open() {
    warehouse = Warehouse.open(TestWarehouses.embedded(home), TestWarehouses.uniqueCatalogName());
    table = warehouse.barsTable("writer");
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  /** The rows of one symbol in input order; NaN volume = null. */
  private static final class Series {
    final String symbol;
    final List<long[]> rows = new ArrayList<>(); // {timestamp, open, high, low, close, volume} as raw bits

    Series(String symbol) {
      this.symbol = symbol;
    }

    void add(long ts, double o, double h, double l, double c, double v) {
      rows.add(new long[] {ts, Double.doubleToRawLongBits(o), Double.doubleToRawLongBits(h),
          Double.doubleToRawLongBits(l), Double.doubleToRawLongBits(c), Double.doubleToRawLongBits(v)});
    }
  }

  private static Series series(String symbol, int rows, long start, Random random, double nullShare) {
    Series s = new Series(symbol);
    long ts = start;
    boolean nullRun = false;
    for (int i = 0; i < rows; i++) {
      ts += MINUTE * (1 + random.nextInt(3));
      double close = Math.round((50 + random.nextGaussian() * 20) * 100) / 100.0;
      double open = random.nextBoolean() ? close : random.nextDouble() * 1e6;
      double high = Math.max(open, close) + random.nextDouble();
      double low = Math.min(open, close) - random.nextDouble();
      if (random.nextInt(50) == 0) {
        nullRun = !nullRun; // runs of nulls and of values, not just scattered nulls
      }
      double volume = nullShare >= 1 || (nullShare > 0 && (nullRun || random.nextDouble() < nullShare))
          ? Double.NaN : random.nextInt(1_000_000) + random.nextDouble();
      s.add(ts, open, high, low, close, volume);
    }
    return s;
  }

  /** Writes the series interleaved at random (each symbol's rows stay in order), in batches and single rows. */
  private List<DataFile> write(BarFilesWriter writer, List<Series> all, Random random) {
    int[] next = new int[all.size()];
    int remaining = all.stream().mapToInt(s -> s.rows.size()).sum();
    int batchSize = 333;
    String[] symbols = new String[batchSize];
    long[] ts = new long[batchSize];
    double[][] prices = new double[5][batchSize];
    int inBatch = 0;
    while (remaining > 0) {
      int pick = random.nextInt(all.size());
      while (next[pick] == all.get(pick).rows.size()) {
        pick = (pick + 1) % all.size();
      }
      Series s = all.get(pick);
      long[] row = s.rows.get(next[pick]++);
      remaining--;
      if (random.nextInt(8) == 0) { // a stretch of single rows: the pending batch goes first, order matters
        writer.write(symbols, ts, prices[0], prices[1], prices[2], prices[3], prices[4], 0, inBatch);
        inBatch = 0;
        writer.write(s.symbol, row[0], d(row[1]), d(row[2]), d(row[3]), d(row[4]), d(row[5]));
        continue;
      }
      symbols[inBatch] = s.symbol;
      ts[inBatch] = row[0];
      for (int c = 0; c < 5; c++) {
        prices[c][inBatch] = d(row[c + 1]);
      }
      if (++inBatch == batchSize) {
        writer.write(symbols, ts, prices[0], prices[1], prices[2], prices[3], prices[4], 0, inBatch);
        inBatch = 0;
      }
    }
    writer.write(symbols, ts, prices[0], prices[1], prices[2], prices[3], prices[4], 0, inBatch);
    return writer.finish();
  }

  private static BarFilesWriter.Limits limits(int chunkRows, long bufferRows, long rowsPerFile) {
    return BarFilesWriter.Limits.builder().chunkRows(chunkRows).bufferRows(bufferRows).rowsPerFile(rowsPerFile).build();
  }

  private static double d(long bits) {
    return Double.longBitsToDouble(bits);
  }

  private void commit(List<DataFile> files) {
    AppendFiles append = table.newAppend();
    files.forEach(append::appendFile);
    append.commit();
  }

  @Test
  void shouldReadBackEveryValueBitForBitWithIcebergBarsScanAndParquetMr() throws Exception {
    table.updateProperties().set(TableProperties.PARQUET_PAGE_ROW_LIMIT, "300").commit(); // several pages per chunk
    Random random = new Random(42);
    List<Series> all = new ArrayList<>();
    all.add(series("ONE", 1, 1_700_000_000_000_000L, random, 0));
    all.add(series("EXACT", CHUNK, 1_700_000_000_000_000L, random, 0.3));
    all.add(series("PLUS1", CHUNK + 1, 1_700_000_000_000_000L, random, 0));
    all.add(series("NOVOL", 2 * CHUNK + 17, 1_700_000_000_000_000L, random, 1.0));
    all.add(series("MIXED", 5 * CHUNK + 5, -86_400_000_000L * 365, random, 0.2)); // before 1970: negative micros
    all.add(series("ROLLS", 9 * CHUNK + 77, 1_600_000_000_000_000L, random, 0.01));
    Series special = new Series("SPECIAL");
    double[] odd = {-0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, 1e-300, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 123.456};
    for (int i = 0; i < odd.length * 3; i++) {
      special.add(1_000_000L * i, odd[i % odd.length], odd[(i + 1) % odd.length], odd[(i + 2) % odd.length],
          odd[(i + 3) % odd.length], i % 4 == 0 ? Double.NaN : odd[(i + 5) % odd.length]);
    }
    all.add(special);

    BarFilesWriter writer = new BarFilesWriter(table, "run-test", limits(CHUNK, 1 << 20, 4000));
    List<DataFile> files = write(writer, all, random);
    commit(files);

    Map<String, Series> expected = new LinkedHashMap<>();
    all.forEach(s -> expected.put(s.symbol, s));
    assertThat(readWithIcebergGenerics()).as("Iceberg generic reader").isEqualTo(bySymbol(expected));
    assertThat(readWithBarsScan()).as("BarsScan").isEqualTo(bySymbol(expected));
    assertFilesMatchTheirMetricsAndContent(files, expected);

    // 9 * 1024 + 77 rows at 4000 rows per file: three files (4000, 4000, 1293)
    assertThat(files.stream().filter(f -> symbolOf(f).equals("ROLLS")).map(DataFile::recordCount).sorted().toList())
        .containsExactly(1293L, 4000L, 4000L);
    assertThat(files).allSatisfy(f -> assertThat(Path.of(f.location()).getFileName().toString())
        .matches("run-test-[0-9a-f]{8}-\\d{5}-\\d{3}\\.parquet"));
  }

  @Test
  void shouldWriteAnUnpartitionedBarsTableThatEveryReaderReadsWhole() throws Exception {
    table = warehouse.createIfAbsent(TableSchemas.barsTable("flat"), TableSchemas.BARS, PartitionSpec.unpartitioned(),
        TableSchemas.BARS_ORDER);
    Random random = new Random(7);
    List<Series> all = List.of(series("AAA", 3 * CHUNK + 5, 1_700_000_000_000_000L, random, 0.1),
        series("BBB", CHUNK / 2, 1_700_000_000_000_000L, random, 0));

    List<DataFile> files = write(new BarFilesWriter(table, "run-flat", limits(CHUNK, 1 << 20, 1_000_000)), all, random);
    commit(files);

    Map<String, Series> expected = new LinkedHashMap<>();
    all.forEach(s -> expected.put(s.symbol, s));
    assertThat(readWithIcebergGenerics()).as("Iceberg generic reader").isEqualTo(bySymbol(expected));
    assertThat(readWithBarsScan()).as("BarsScan").isEqualTo(bySymbol(expected));
    assertThat(files).allSatisfy(f -> assertThat(f.location()).doesNotContain("//run-flat").contains("/data/run-flat"));

    // Another writer's file holding two symbols (as Spark would write an unpartitioned table): BarsScan's
    // per-symbol summary reads that file's columns, the others come from metadata.
    org.apache.iceberg.io.DataWriter<org.apache.iceberg.data.Record> other = org.apache.iceberg.parquet.Parquet
        .writeData(table.io().newOutputFile(table.locationProvider().newDataLocation("other-writer.parquet")))
        .schema(table.schema()).withSpec(table.spec())
        .createWriterFunc(org.apache.iceberg.data.parquet.GenericParquetWriter::create).overwrite().build();
    long t0 = 1_800_000_000_000_000L;
    try (other) {
      for (int i = 0; i < 3; i++) {
        for (String symbol : List.of("AAA", "CCC")) {
          org.apache.iceberg.data.Record r = org.apache.iceberg.data.GenericRecord.create(table.schema());
          r.setField("symbol", symbol);
          r.setField("timestamp", OffsetDateTime.ofInstant(java.time.Instant.EPOCH.plus(t0 + i * MINUTE, ChronoUnit.MICROS),
              ZoneOffset.UTC));
          for (String price : List.of("open", "high", "low", "close")) {
            r.setField(price, 10.0 + i);
          }
          other.write(r);
        }
      }
    }
    table.newAppend().appendFile(other.toDataFile()).commit();
    table.refresh();

    TreeMap<String, BarsScan.SymbolFiles> summary = BarsScan.current(table).symbols();
    assertThat(summary.keySet()).containsExactly("AAA", "BBB", "CCC");
    Series aaa = all.get(0);
    assertThat(summary.get("AAA").rows()).isEqualTo(aaa.rows.size() + 3);
    assertThat(summary.get("AAA").minMicros()).isEqualTo(aaa.rows.get(0)[0]);
    assertThat(summary.get("AAA").maxMicros()).isEqualTo(t0 + 2 * MINUTE);
    assertThat(summary.get("AAA").locations()).hasSize(2).anyMatch(l -> l.endsWith("other-writer.parquet"));
    assertThat(summary.get("BBB").rows()).isEqualTo(all.get(1).rows.size());
    assertThat(summary.get("CCC")).isEqualTo(new BarsScan.SymbolFiles("CCC",
        List.of(summary.get("CCC").locations().get(0)), 3, t0, t0 + 2 * MINUTE));
    assertThat(summary.get("CCC").locations().get(0)).endsWith("other-writer.parquet");
  }

  @Test
  void shouldRefuseATableWhosePartitionCannotBeDerivedFromTheSymbol() {
    Table byDay = warehouse.createIfAbsent(TableSchemas.barsTable("byday"), TableSchemas.BARS,
        PartitionSpec.builderFor(TableSchemas.BARS).identity("symbol").day("timestamp").build(), TableSchemas.BARS_ORDER);

    assertThatThrownBy(() -> new BarFilesWriter(byDay, "run-day", limits(CHUNK, 1 << 20, 1_000_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitioning by symbol only")
        .hasMessageContaining("timestamp_day");
  }

  @Test
  void shouldAcceptAPartitionOfTheSymbolOtherThanIdentity() throws Exception {
    table = warehouse.createIfAbsent(TableSchemas.barsTable("bucketed"), TableSchemas.BARS,
        PartitionSpec.builderFor(TableSchemas.BARS).bucket("symbol", 4).build(), TableSchemas.BARS_ORDER);
    Random random = new Random(8);
    List<Series> all = List.of(series("AAA", CHUNK + 1, 1_700_000_000_000_000L, random, 0),
        series("BBB", 10, 1_700_000_000_000_000L, random, 0), series("CCC", 300, 1_700_000_000_000_000L, random, 0));

    commit(write(new BarFilesWriter(table, "run-bucket", limits(CHUNK, 1 << 20, 1_000_000)), all, random));

    Map<String, Series> expected = new LinkedHashMap<>();
    all.forEach(s -> expected.put(s.symbol, s));
    assertThat(readWithIcebergGenerics()).isEqualTo(bySymbol(expected));
    // Bucketed files hold one symbol each: the summary comes from the symbol column's bounds.
    TreeMap<String, BarsScan.SymbolFiles> summary = BarsScan.current(table).symbols();
    for (Series series : all) {
      assertThat(summary.get(series.symbol).rows()).isEqualTo(series.rows.size());
      assertThat(summary.get(series.symbol).minMicros()).isEqualTo(series.rows.get(0)[0]);
      assertThat(summary.get(series.symbol).maxMicros()).isEqualTo(series.rows.get(series.rows.size() - 1)[0]);
    }
  }

  @Test
  void shouldFlushTheLargestBuffersEarlyWhenTheBudgetIsSpent() throws Exception {
    Random random = new Random(7);
    List<Series> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(series("S" + i, 3 * CHUNK + i * 100, 1_700_000_000_000_000L, random, 0.1));
    }
    // 2,048 buffered rows for 6 symbols: nobody reaches a full 1,024-row chunk
    BarFilesWriter writer = new BarFilesWriter(table, "run-budget", limits(CHUNK, 2048, 1_000_000));
    List<DataFile> files = write(writer, all, random);
    commit(files);

    Map<String, Series> expected = new LinkedHashMap<>();
    all.forEach(s -> expected.put(s.symbol, s));
    assertThat(readWithIcebergGenerics()).isEqualTo(bySymbol(expected));
    assertThat(readWithBarsScan()).isEqualTo(bySymbol(expected));
    assertFilesMatchTheirMetricsAndContent(files, expected);
    assertThat(files).hasSize(6);
    for (DataFile file : files) {
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(localPath(file)))) {
        List<Long> rowGroups = reader.getRowGroups().stream().map(BlockMetaData::getRowCount).toList();
        assertThat(rowGroups).as("row groups of " + symbolOf(file)).hasSizeGreaterThan(3)
            .allSatisfy(rows -> assertThat(rows).isLessThan(CHUNK));
      }
    }
  }

  @Test
  void shouldTakeTheRoomOfTheLargestBufferWhenANewSymbolNeedsSome() throws Exception {
    Random random = new Random(11);
    Series first = series("FIRST", 2000, 1_700_000_000_000_000L, random, 0);
    Series late = series("LATE", 3000, 1_700_000_000_000_000L, random, 0.5);
    // A budget of one chunk: FIRST's arrays grow to all of it before LATE shows up.
    BarFilesWriter writer = new BarFilesWriter(table, "run-steal", limits(CHUNK, CHUNK, 1_000_000));
    int head = 700;
    for (long[] row : first.rows.subList(0, head)) {
      writer.write(first.symbol, row[0], d(row[1]), d(row[2]), d(row[3]), d(row[4]), d(row[5]));
    }
    List<Series> rest = List.of(new Series("FIRST"), late);
    rest.get(0).rows.addAll(first.rows.subList(head, first.rows.size()));
    List<DataFile> files = write(writer, rest, random);
    commit(files);

    Map<String, Series> expected = new LinkedHashMap<>();
    expected.put("FIRST", first);
    expected.put("LATE", late);
    assertThat(readWithIcebergGenerics()).isEqualTo(bySymbol(expected));
    assertFilesMatchTheirMetricsAndContent(files, expected);
    DataFile firstFile = files.stream().filter(f -> symbolOf(f).equals("FIRST")).findFirst().orElseThrow();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(localPath(firstFile)))) {
      // without LATE taking its room, FIRST's first row group would be a full chunk
      assertThat(reader.getRowGroups().get(0).getRowCount()).as("FIRST's rows written early to make room for LATE")
          .isGreaterThanOrEqualTo(head - BarFilesWriter.STAGING_ROWS).isLessThan(CHUNK);
    }
  }

  @Test
  void shouldCompleteTheFileWithMostRowGroupsWhenTooManyFilesOrRowGroupsAreOpen() throws Exception {
    Random random = new Random(13);
    List<Series> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.add(series("OPEN" + i, 5 * CHUNK + 3, 1_700_000_000_000_000L, random, 0.05));
    }
    BarFilesWriter.Limits limits = BarFilesWriter.Limits.builder().chunkRows(CHUNK).bufferRows(1 << 20)
        .rowsPerFile(1_000_000).maxOpenFiles(2).maxOpenRowGroups(4).build();
    List<DataFile> files = write(new BarFilesWriter(table, "run-open", limits), all, random);
    commit(files);

    Map<String, Series> expected = new LinkedHashMap<>();
    all.forEach(s -> expected.put(s.symbol, s));
    assertThat(readWithIcebergGenerics()).isEqualTo(bySymbol(expected));
    assertFilesMatchTheirMetricsAndContent(files, expected);
    assertThat(files.size()).as("files completed early start new parts").isGreaterThan(all.size());
    for (DataFile file : files) {
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(localPath(file)))) {
        assertThat(reader.getRowGroups()).as("row groups of " + file.location()).hasSizeLessThanOrEqualTo(4);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"uncompressed", "snappy", "gzip"})
  void shouldCompressWithTheTablesCodec(String codec) throws Exception {
    table.updateProperties().set(TableProperties.PARQUET_COMPRESSION, codec).commit();
    Random random = new Random(17);
    List<Series> all = List.of(series("A", CHUNK + 300, 1_700_000_000_000_000L, random, 0.3),
        series("B", 700, 1_700_000_000_000_000L, random, 0));
    List<DataFile> files = write(new BarFilesWriter(table, "run-" + codec, limits(CHUNK, 1 << 20, 1_000_000)),
        all, random);
    commit(files);

    Map<String, Series> expected = new LinkedHashMap<>();
    all.forEach(s -> expected.put(s.symbol, s));
    assertThat(readWithIcebergGenerics()).isEqualTo(bySymbol(expected));
    assertFilesMatchTheirMetricsAndContent(files, expected);
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(localPath(files.get(0))))) {
      assertThat(reader.getRowGroups().get(0).getColumns()).extracting(ColumnChunkMetaData::getCodec)
          .containsOnly(CompressionCodecName.valueOf(codec.toUpperCase(java.util.Locale.ROOT)));
    }
  }

  @Test
  void shouldRefuseRowsOnceFinished() {
    BarFilesWriter writer = new BarFilesWriter(table, "run-done", limits(CHUNK, 1 << 20, 1_000_000));
    writer.write("IBM", 1L, 1, 2, 0.5, 1.5, 10);
    assertThat(writer.finish()).hasSize(1);
    writer.close(); // harmless after finish: deletes nothing, closes nothing twice

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.write("IBM", 2L, 1, 2, 0.5, 1.5, 10))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("finished or closed");
    assertThat(table.io().newInputFile(writer.writtenLocations().get(0)).exists()).isTrue();
  }

  @Test
  void shouldWriteParquetThatPlainParquetMrReadsWithIcebergFieldIdsAndTimestampMicrosUtc() throws Exception {
    table.updateProperties().set(TableProperties.PARQUET_PAGE_ROW_LIMIT, "100").commit();
    Random random = new Random(3);
    Series s = series("IBM", 2 * CHUNK + 50, 1_700_000_000_000_000L, random, 0.25);
    BarFilesWriter writer = new BarFilesWriter(table, "run-footer", limits(CHUNK, 1 << 20, 1_000_000));
    List<DataFile> files = write(writer, List.of(s), random);
    assertThat(files).hasSize(1);

    ParquetReadOptions verifyingChecksums = ParquetReadOptions.builder().usePageChecksumVerification(true).build();
    try (ParquetFileReader reader =
        ParquetFileReader.open(new LocalInputFile(localPath(files.get(0))), verifyingChecksums)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      assertThat(schema.getFields()).extracting(f -> f.getId().intValue()).containsExactly(1, 2, 3, 4, 5, 6, 7);
      assertThat(schema.getFields()).extracting(Type::getName)
          .containsExactly("symbol", "timestamp", "open", "high", "low", "close", "volume");
      PrimitiveType timestamp = schema.getType("timestamp").asPrimitiveType();
      assertThat(timestamp.getPrimitiveTypeName()).isEqualTo(PrimitiveType.PrimitiveTypeName.INT64);
      assertThat(timestamp.getLogicalTypeAnnotation())
          .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
      assertThat(timestamp.isRepetition(Type.Repetition.REQUIRED)).isTrue();
      PrimitiveType symbol = schema.getType("symbol").asPrimitiveType();
      assertThat(symbol.getPrimitiveTypeName()).isEqualTo(PrimitiveType.PrimitiveTypeName.BINARY);
      assertThat(symbol.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
      assertThat(schema.getType("volume").isRepetition(Type.Repetition.OPTIONAL)).isTrue();
      assertThat(schema.getType("open").asPrimitiveType().getPrimitiveTypeName())
          .isEqualTo(PrimitiveType.PrimitiveTypeName.DOUBLE);
      assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData()).containsKey("iceberg.schema");
      assertThat(reader.getRowGroups()).extracting(BlockMetaData::getRowCount).containsExactly(1024L, 1024L, 50L);
      for (BlockMetaData block : reader.getRowGroups()) {
        for (ColumnChunkMetaData column : block.getColumns()) {
          assertThat(column.getCodec()).isEqualTo(CompressionCodecName.ZSTD);
          assertThat(column.getValueCount()).isEqualTo(block.getRowCount());
        }
        ColumnChunkMetaData ts = block.getColumns().get(1);
        assertThat(reader.readOffsetIndex(ts).getPageCount()).as("pages of 100 rows")
            .isEqualTo((int) ((block.getRowCount() + 99) / 100));
      }

      // Every value through parquet-mr's own record reader (dictionary, definition levels, checksums).
      MessageColumnIO columnIo = new ColumnIOFactory().getColumnIO(schema);
      List<long[]> read = new ArrayList<>();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records = columnIo.getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          Group g = records.read();
          assertThat(g.getString("symbol", 0)).isEqualTo("IBM");
          double volume = g.getFieldRepetitionCount("volume") == 0 ? Double.NaN : g.getDouble("volume", 0);
          read.add(new long[] {g.getLong("timestamp", 0), bits(g.getDouble("open", 0)), bits(g.getDouble("high", 0)),
              bits(g.getDouble("low", 0)), bits(g.getDouble("close", 0)), bits(volume)});
        }
      }
      assertThat(read.stream().map(BarFilesWriterTest::boxed).toList())
          .containsExactlyElementsOf(s.rows.stream().map(BarFilesWriterTest::boxed).toList());
    }
  }

  @Test
  void shouldLeaveFilesForDeleteWrittenFilesWhenClosedWithoutFinishing() {
    Random random = new Random(5);
    BarFilesWriter writer = new BarFilesWriter(table, "run-abandon", limits(CHUNK, 1 << 20, 1_000_000));
    Series s = series("IBM", 3 * CHUNK, 1_700_000_000_000_000L, random, 0);
    for (long[] row : s.rows) {
      writer.write(s.symbol, row[0], d(row[1]), d(row[2]), d(row[3]), d(row[4]), d(row[5]));
    }
    writer.close();
    writer.close(); // idempotent

    assertThat(writer.writtenLocations()).hasSize(1);
    assertThat(table.currentSnapshot()).isNull();
    writer.deleteWrittenFiles();
    assertThat(table.io().newInputFile(writer.writtenLocations().get(0)).exists()).isFalse();
  }

  // --- readers -----------------------------------------------------------------------------------

  private static Map<String, List<List<Long>>> bySymbol(Map<String, Series> expected) {
    Map<String, List<List<Long>>> result = new TreeMap<>();
    expected.forEach((symbol, s) -> result.put(symbol, s.rows.stream().map(BarFilesWriterTest::boxed).toList()));
    return result;
  }

  private static List<Long> boxed(long[] row) {
    List<Long> list = new ArrayList<>();
    for (long v : row) {
      list.add(v);
    }
    return list;
  }

  private static long bits(double value) {
    return Double.doubleToRawLongBits(value);
  }

  /** Rows per symbol sorted by time (files of one symbol come in no particular order). */
  private static Map<String, List<List<Long>>> sorted(Map<String, List<long[]>> rows) {
    Map<String, List<List<Long>>> result = new TreeMap<>();
    rows.forEach((symbol, list) -> result.put(symbol,
        list.stream().sorted((a, b) -> Long.compare(a[0], b[0])).map(BarFilesWriterTest::boxed).toList()));
    return result;
  }

  private Map<String, List<List<Long>>> readWithIcebergGenerics() throws Exception {
    table.refresh();
    Map<String, List<long[]>> rows = new HashMap<>();
    OffsetDateTime epoch = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record r : records) {
        Double volume = (Double) r.getField("volume");
        rows.computeIfAbsent((String) r.getField("symbol"), k -> new ArrayList<>()).add(new long[] {
            ChronoUnit.MICROS.between(epoch, (OffsetDateTime) r.getField("timestamp")),
            bits((Double) r.getField("open")), bits((Double) r.getField("high")), bits((Double) r.getField("low")),
            bits((Double) r.getField("close")), bits(volume == null ? Double.NaN : volume)});
      }
    }
    return sorted(rows);
  }

  private Map<String, List<List<Long>>> readWithBarsScan() {
    table.refresh();
    Map<String, List<long[]>> rows = new HashMap<>();
    BarsScan.current(table).forEach((symbol, ts, o, h, l, c, v) -> rows.computeIfAbsent(symbol, k -> new ArrayList<>())
        .add(new long[] {ts, bits(o), bits(h), bits(l), bits(c), bits(v)}));
    return sorted(rows);
  }

  private static String symbolOf(DataFile file) {
    return file.partition().get(0, String.class);
  }

  private static Path localPath(DataFile file) {
    return Path.of(java.net.URI.create(file.location().replaceFirst("^file:/+", "file:///")));
  }

  /**
   * Each file: one symbol, its rows in input order (a contiguous run of the symbol's series), record
   * count, value and null counts and timestamp bounds equal to its content, and metrics equal to
   * those of Iceberg's own writer for the same rows.
   */
  private void assertFilesMatchTheirMetricsAndContent(List<DataFile> files, Map<String, Series> expected)
      throws Exception {
    Map<String, Long> rowsPerSymbol = new HashMap<>();
    Map<String, List<Integer>> runStarts = new HashMap<>();
    for (DataFile file : files) {
      String symbol = symbolOf(file);
      List<long[]> content = new ArrayList<>();
      try (CloseableIterable<StructLike> rows = Parquet.read(table.io().newInputFile(file.location()))
          .project(TableSchemas.BARS)
          .createReaderFunc(fileSchema -> InternalReader.create(TableSchemas.BARS, fileSchema))
          .build()) {
        for (StructLike row : rows) {
          assertThat(row.get(0, String.class)).as("one symbol per file").isEqualTo(symbol);
          Double volume = row.get(6, Double.class);
          content.add(new long[] {row.get(1, Long.class), bits(row.get(2, Double.class)),
              bits(row.get(3, Double.class)), bits(row.get(4, Double.class)), bits(row.get(5, Double.class)),
              bits(volume == null ? Double.NaN : volume)});
        }
      }
      List<long[]> series = expected.get(symbol).rows;
      int start = indexOf(series, content.get(0));
      assertThat(content.stream().map(BarFilesWriterTest::boxed).toList())
          .as("rows of " + file.location() + " in input order")
          .containsExactlyElementsOf(
              series.subList(start, start + content.size()).stream().map(BarFilesWriterTest::boxed).toList());
      runStarts.computeIfAbsent(symbol, k -> new ArrayList<>()).add(start);
      rowsPerSymbol.merge(symbol, (long) content.size(), Long::sum);

      long nulls = content.stream().filter(r -> Double.isNaN(d(r[5]))).count();
      long minTs = content.stream().mapToLong(r -> r[0]).min().orElseThrow();
      long maxTs = content.stream().mapToLong(r -> r[0]).max().orElseThrow();
      assertThat(file.recordCount()).isEqualTo(content.size());
      assertThat(timestampBound(file.lowerBounds())).as("timestamp lower bound").isEqualTo(minTs);
      assertThat(timestampBound(file.upperBounds())).as("timestamp upper bound").isEqualTo(maxTs);
      assertThat(file.nullValueCounts()).containsEntry(7, nulls).containsEntry(2, 0L).containsEntry(3, 0L);
      for (int id = 1; id <= 7; id++) {
        assertThat(file.valueCounts()).containsEntry(id, (long) content.size());
      }
      assertThat(file.sortOrderId()).isEqualTo(table.sortOrder().orderId());
      assertThat(file.splitOffsets()).isNotEmpty();
      assertThat(file.fileSizeInBytes()).isEqualTo(Files.size(localPath(file)));

      Metrics reference = metricsOfIcebergWriter(content, symbol, file.partition());
      assertThat(file.valueCounts()).isEqualTo(reference.valueCounts());
      assertThat(file.nullValueCounts()).isEqualTo(reference.nullValueCounts());
      assertThat(file.nanValueCounts()).isEqualTo(reference.nanValueCounts());
      assertThat(file.lowerBounds()).isEqualTo(reference.lowerBounds());
      assertThat(file.upperBounds()).isEqualTo(reference.upperBounds());
    }
    expected.forEach((symbol, s) -> assertThat(rowsPerSymbol.get(symbol)).as("rows of " + symbol)
        .isEqualTo(s.rows.size()));
    runStarts.forEach((symbol, starts) -> assertThat(starts).doesNotHaveDuplicates());
  }

  private static int indexOf(List<long[]> series, long[] row) {
    for (int i = 0; i < series.size(); i++) {
      if (java.util.Arrays.equals(series.get(i), row)) {
        return i;
      }
    }
    throw new AssertionError("row not in the input: " + java.util.Arrays.toString(row));
  }

  private static long timestampBound(Map<Integer, ByteBuffer> bounds) {
    return Conversions.<Long>fromByteBuffer(Types.TimestampType.withZone(),
        bounds.get(TableSchemas.BARS_TIMESTAMP_FIELD_ID));
  }

  /** What Iceberg's own Parquet writer records for these rows (the writer this class replaced). */
  private Metrics metricsOfIcebergWriter(List<long[]> rows, String symbol, StructLike partition) throws Exception {
    String location = table.location() + "/reference/" + symbol + "-" + System.nanoTime() + ".parquet";
    DataWriter<BarRow> writer = Parquet.writeData(table.io().newOutputFile(location))
        .forTable(table)
        .withSpec(table.spec())
        .withPartition(partition)
        .createWriterFunc(InternalWriter::createWriter)
        .overwrite()
        .build();
    BarRow row = new BarRow();
    try (writer) {
      for (long[] r : rows) {
        row.set(symbol, r[0], d(r[1]), d(r[2]), d(r[3]), d(r[4]), d(r[5]));
        writer.write(row);
      }
    }
    DataFile file = writer.toDataFile();
    table.io().deleteFile(location);
    return new Metrics(file.recordCount(), file.columnSizes(), file.valueCounts(), file.nullValueCounts(),
        file.nanValueCounts(), file.lowerBounds(), file.upperBounds());
  }
}
