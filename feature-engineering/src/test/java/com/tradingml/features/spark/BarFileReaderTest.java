package com.tradingml.features.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Files;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link BarFileReader} against files written by parquet-mr itself in the layouts other writers choose: v1 and v2
 * pages, with and without dictionaries (which take the value-by-value path), several row groups and pages, null
 * volumes, columns found by field id under other names, and the errors for files it must not read.
 */
class BarFileReaderTest {

  /** The bars table's columns and field ids (storage/tables' TableSchemas.BARS). */
  private static final Schema BARS = new Schema(
      Types.NestedField.required(1, "symbol", Types.StringType.get()),
      Types.NestedField.required(2, "timestamp", Types.TimestampType.withZone()),
      Types.NestedField.required(3, "open", Types.DoubleType.get()),
      Types.NestedField.required(4, "high", Types.DoubleType.get()),
      Types.NestedField.required(5, "low", Types.DoubleType.get()),
      Types.NestedField.required(6, "close", Types.DoubleType.get()),
      Types.NestedField.optional(7, "volume", Types.DoubleType.get()));

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} pages, dictionary {1}")
  @CsvSource({"PARQUET_1_0, false", "PARQUET_1_0, true", "PARQUET_2_0, false", "PARQUET_2_0, true"})
  void shouldReadEveryRowOfEveryLayoutExactly(WriterVersion version, boolean dictionary) throws IOException {
    int rows = 25_000; // several pages (page size below) and row groups
    Path file = write("bars.parquet", schema("timestamp", "close", PrimitiveTypeName.DOUBLE, true), version,
        dictionary, rows, 7);

    BarFileReader.BarArrays bars = new BarFileReader.BarArrays();
    int read = new BarFileReader(BARS).readInto(Files.localInput(file.toFile()), bars);

    assertThat(read).isEqualTo(rows);
    assertThat(bars.size()).isEqualTo(rows);
    assertThat(rowGroups(file)).as("the test covers several row groups").isGreaterThan(1);
    SplittableRandom expected = new SplittableRandom(42);
    for (int i = 0; i < rows; i++) {
      double[] row = row(expected, i);
      assertThat(bars.micros[i]).isEqualTo(micros(i));
      assertThat(new double[] {bars.open[i], bars.high[i], bars.low[i], bars.close[i]})
          .containsExactly(row[0], row[1], row[2], row[3]);
      assertThat(Double.doubleToRawLongBits(bars.volume[i])).as("volume of row " + i)
          .isEqualTo(Double.doubleToRawLongBits(i % 7 == 3 ? Double.NaN : row[4]));
    }
  }

  @Test
  void shouldReadPlainDictionaryAndDeltaEncodedColumnsAlike() throws IOException {
    Path plain = write("plain.parquet", schema("timestamp", "close", PrimitiveTypeName.DOUBLE, true),
        WriterVersion.PARQUET_1_0, false, 1_000, 0);
    Path dictionary = write("dictionary.parquet", schema("timestamp", "close", PrimitiveTypeName.DOUBLE, true),
        WriterVersion.PARQUET_1_0, true, 1_000, 0);
    Path delta = write("delta.parquet", schema("timestamp", "close", PrimitiveTypeName.DOUBLE, true),
        WriterVersion.PARQUET_2_0, false, 1_000, 0);
    // What the reader's choice rests on: the column chunks' encodings, as these writers set them.
    assertThat(encodings(plain, "close")).doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
    assertThat(encodings(dictionary, "close")).containsAnyOf(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
    assertThat(encodings(delta, "timestamp")).contains(Encoding.DELTA_BINARY_PACKED);
    for (Path file : new Path[] {plain, dictionary, delta}) {
      BarFileReader.BarArrays bars = new BarFileReader.BarArrays();
      new BarFileReader(BARS).readInto(Files.localInput(file.toFile()), bars);
      assertThat(bars.micros[999]).as(file.toString()).isEqualTo(micros(999));
      assertThat(bars.close[999]).as(file.toString()).isEqualTo(row(skipTo(999), 999)[3]);
    }
  }

  @Test
  void shouldAppendFileAfterFileAndFindColumnsByFieldIdWhateverTheirNames() throws IOException {
    Path first = write("first.parquet", schema("timestamp", "close", PrimitiveTypeName.DOUBLE, true),
        WriterVersion.PARQUET_1_0, false, 300, 0);
    Path renamed = write("renamed.parquet", schema("ts_renamed", "last_price", PrimitiveTypeName.DOUBLE, true),
        WriterVersion.PARQUET_1_0, false, 300, 0);
    BarFileReader reader = new BarFileReader(BARS);
    BarFileReader.BarArrays bars = new BarFileReader.BarArrays();
    reader.readInto(Files.localInput(first.toFile()), bars);
    reader.readInto(Files.localInput(renamed.toFile()), bars);

    assertThat(bars.size()).isEqualTo(600);
    assertThat(bars.micros[300]).isEqualTo(micros(0));
    assertThat(bars.close[300]).isEqualTo(bars.close[0]).isEqualTo(row(skipTo(0), 0)[3]);
  }

  @Test
  void shouldGiveNaNVolumesForAFileWrittenBeforeTheTableHadAVolumeColumn() throws IOException {
    Path file = write("no-volume.parquet", schema("timestamp", "close", PrimitiveTypeName.DOUBLE, false),
        WriterVersion.PARQUET_1_0, false, 50, 0);
    BarFileReader.BarArrays bars = new BarFileReader.BarArrays();
    new BarFileReader(BARS).readInto(Files.localInput(file.toFile()), bars);
    assertThat(bars.size()).isEqualTo(50);
    assertThat(java.util.Arrays.stream(bars.volume, 0, 50).allMatch(Double::isNaN)).isTrue();
  }

  @Test
  void shouldWidenAFloatPriceColumn() throws IOException {
    Path file = write("float.parquet", schema("timestamp", "close", PrimitiveTypeName.FLOAT, true),
        WriterVersion.PARQUET_1_0, false, 10, 0);
    BarFileReader.BarArrays bars = new BarFileReader.BarArrays();
    new BarFileReader(BARS).readInto(Files.localInput(file.toFile()), bars);
    assertThat(bars.close[4]).isEqualTo((double) (float) row(skipTo(4), 4)[3]);
  }

  @Test
  void shouldRefuseANullPriceNamingTheFileAndColumn() throws IOException {
    Path file = writeOneRow("null-close.parquet", LogicalTypeAnnotation.TimeUnit.MICROS, Repetition.OPTIONAL, null);
    assertThatThrownBy(() -> new BarFileReader(BARS).readInto(Files.localInput(file.toFile()),
        new BarFileReader.BarArrays()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("null-close.parquet")
        .hasMessageContaining("close");
  }

  @Test
  void shouldRefuseATimestampInMillisNamingTheFile() throws IOException {
    Path file = writeOneRow("millis.parquet", LogicalTypeAnnotation.TimeUnit.MILLIS, Repetition.REQUIRED, 1.0);
    assertThatThrownBy(() -> new BarFileReader(BARS).readInto(Files.localInput(file.toFile()),
        new BarFileReader.BarArrays()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("millis.parquet")
        .hasMessageContaining("MICROS");
  }

  /** A file of one bar, without symbol and volume columns; {@code close} null leaves it out. */
  private Path writeOneRow(String name, LogicalTypeAnnotation.TimeUnit unit, Repetition closeRepetition, Double close)
      throws IOException {
    MessageType schema = org.apache.parquet.schema.Types.buildMessage()
        .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, unit)).id(2).named("timestamp")
        .required(PrimitiveTypeName.DOUBLE).id(3).named("open")
        .required(PrimitiveTypeName.DOUBLE).id(4).named("high")
        .required(PrimitiveTypeName.DOUBLE).id(5).named("low")
        .primitive(PrimitiveTypeName.DOUBLE, closeRepetition).id(6).named("close")
        .named("table");
    Path file = dir.resolve(name);
    try (ParquetWriter<Group> writer = writer(file, schema, WriterVersion.PARQUET_1_0, false)) {
      Group row = new SimpleGroupFactory(schema).newGroup().append("timestamp", 1L).append("open", 1.0)
          .append("high", 1.0).append("low", 1.0);
      if (close != null) {
        row.append("close", close);
      }
      writer.write(row);
    }
    return file;
  }

  private static MessageType schema(String timestampName, String closeName, PrimitiveTypeName priceType,
      boolean withVolume) {
    var builder = org.apache.parquet.schema.Types.buildMessage()
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).id(1).named("symbol")
        .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true,
            LogicalTypeAnnotation.TimeUnit.MICROS)).id(2).named(timestampName)
        .primitive(priceType, Repetition.REQUIRED).id(3).named("open")
        .primitive(priceType, Repetition.REQUIRED).id(4).named("high")
        .primitive(priceType, Repetition.REQUIRED).id(5).named("low")
        .primitive(priceType, Repetition.REQUIRED).id(6).named(closeName);
    if (withVolume) {
      builder = builder.optional(PrimitiveTypeName.DOUBLE).id(7).named("volume");
    }
    return builder.named("table");
  }

  /** Rows of random prices (seed 42); every {@code nullVolumeEvery}-th row (from the 3rd) has no volume. */
  private Path write(String name, MessageType schema, WriterVersion version, boolean dictionary, int rows,
      int nullVolumeEvery) throws IOException {
    Path file = dir.resolve(name);
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    boolean floats = schema.getType(2).asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.FLOAT;
    SplittableRandom random = new SplittableRandom(42);
    try (ParquetWriter<Group> writer = writer(file, schema, version, dictionary)) {
      for (int i = 0; i < rows; i++) {
        double[] row = row(random, i);
        Group group = groups.newGroup().append("symbol", "SYM").append(schema.getType(1).getName(), micros(i));
        for (int c = 0; c < 4; c++) {
          String column = schema.getType(2 + c).getName();
          group = floats ? group.append(column, (float) row[c]) : group.append(column, row[c]);
        }
        if (schema.containsField("volume") && !(nullVolumeEvery > 0 && i % nullVolumeEvery == 3)) {
          group.append("volume", row[4]);
        }
        writer.write(group);
      }
    }
    return file;
  }

  private static ParquetWriter<Group> writer(Path file, MessageType schema, WriterVersion version,
      boolean dictionary) throws IOException {
    return ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
        .withConf(new Configuration())
        .withType(schema)
        .withWriterVersion(version)
        .withDictionaryEncoding(dictionary)
        .withPageSize(16 * 1024)
        .withPageRowCountLimit(3_000)
        .withRowGroupSize(256 * 1024)
        .build();
  }

  private static long micros(int i) {
    return 1_700_000_000_000_000L + i * 60_000_000L;
  }

  /** Open, high, low, close, volume of row {@code i}; a few repeated prices so dictionaries have something to do. */
  private static double[] row(SplittableRandom random, int i) {
    double close = i % 5 == 0 ? 100.0 : 100 + random.nextDouble() * 10;
    return new double[] {close - 0.5, close + 1, close - 1, close, random.nextDouble() * 1e6};
  }

  /** The random stream as it is before row {@code i}, for checking one row. */
  private static SplittableRandom skipTo(int i) {
    SplittableRandom random = new SplittableRandom(42);
    for (int r = 0; r < i; r++) {
      row(random, r);
    }
    return random;
  }

  private static int rowGroups(Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      return reader.getRowGroups().size();
    }
  }

  private static java.util.Set<Encoding> encodings(Path file, String column) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      for (ColumnChunkMetaData chunk : reader.getRowGroups().get(0).getColumns()) {
        if (chunk.getPath().toDotString().equals(column)) {
          return chunk.getEncodings();
        }
      }
    }
    throw new IllegalArgumentException("no column " + column + " in " + file);
  }
}
