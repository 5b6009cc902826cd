package com.tradingml.storage.tables;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.parquet.ParquetCodecFactory;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Encodes buffered bar columns of one symbol as one Parquet row group, page by page, straight from
 * primitive arrays: no per-value calls into parquet-mr's column writers, no per-value statistics.
 *
 * <p>The file layout is what Iceberg's own Parquet writer produces for {@link TableSchemas#BARS}, so
 * Iceberg, Spark and plain parquet-mr read it as any other data file: the Parquet schema is derived
 * from the Iceberg schema (field ids kept; {@code timestamp} is INT64 TIMESTAMP(MICROS, UTC)), data
 * pages are v1 with the table's codec (zstd by default) and page limits
 * ({@code write.parquet.page-row-limit}, {@code write.parquet.page-size-bytes}), and every page carries
 * exact statistics, which parquet-mr's {@link ParquetFileWriter} merges into the column chunk
 * statistics, column index and offset index of the footer. Encodings:
 *
 * <ul>
 *   <li>{@code timestamp} and the prices: PLAIN, i.e. little-endian 8-byte values, written in bulk.
 *       Dictionary encoding is not worth its cost here: prices and timestamps are nearly all distinct.
 *   <li>{@code volume} (optional): definition levels with parquet's RLE/bit-packing hybrid (a single
 *       run when a page is all present or all null), then PLAIN values of the present rows.
 *   <li>{@code symbol}: one value per file (the table is partitioned by symbol), so a one-entry
 *       dictionary per column chunk and data pages of one RLE run of index 0 (bit width 0), which is
 *       what parquet-mr writes for a constant column: a few bytes per page instead of the symbol
 *       repeated on every row.
 * </ul>
 *
 * <p>Memory: one page buffer ({@code 8 x page rows} bytes, 160 KiB with the default 20,000-row pages)
 * plus the compressor's buffers. Not thread-safe: one per {@link BarFilesWriter}.
 */
final class BarRowGroupEncoder implements AutoCloseable {

  private static final VarHandle LONGS_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLES_LE =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
  /** {@link #orderKey} of +Infinity: a larger key is a NaN. */
  private static final long POSITIVE_INFINITY_KEY = orderKey(Double.POSITIVE_INFINITY);

  static final int SYMBOL = 0;
  static final int TIMESTAMP = 1;
  static final int VOLUME = 6;
  /** Field ids of the double columns in {@link DoubleColumnMetrics} arrays: open, high, low, close, volume. */
  private static final int[] DOUBLE_FIELD_IDS = {3, 4, 5, 6, 7};

  private final MessageType schema;
  private final ColumnDescriptor[] columns;
  private final CompressionCodecName codec;
  private final CodecFactory codecs;
  private final BytesInputCompressor compressor;
  private final int pageRows;
  private final byte[] values;
  private final RunLengthBitPackingHybridEncoder definitionLevels;
  private final byte[] smallPage = new byte[16];

  /**
   * @param icebergSchema must be {@link TableSchemas#BARS} (same field ids and types)
   * @param tableProperties the table's properties: codec, compression level and page limits come from there
   */
  BarRowGroupEncoder(Schema icebergSchema, Map<String, String> tableProperties) {
    if (!icebergSchema.sameSchema(TableSchemas.BARS)) {
      throw new IllegalArgumentException("the bar file writer writes exactly the bars schema " + TableSchemas.BARS
          + ", the table has " + icebergSchema);
    }
    this.schema = ParquetSchemaUtil.convert(icebergSchema, "table");
    List<ColumnDescriptor> descriptors = schema.getColumns();
    this.columns = descriptors.toArray(new ColumnDescriptor[0]);
    int pageRowLimit = PropertyUtil.propertyAsInt(tableProperties, TableProperties.PARQUET_PAGE_ROW_LIMIT,
        TableProperties.PARQUET_PAGE_ROW_LIMIT_DEFAULT);
    int pageBytes = PropertyUtil.propertyAsInt(tableProperties, TableProperties.PARQUET_PAGE_SIZE_BYTES,
        TableProperties.PARQUET_PAGE_SIZE_BYTES_DEFAULT);
    this.pageRows = Math.max(1, Math.min(pageRowLimit, pageBytes / Long.BYTES));
    this.values = new byte[pageRows * Long.BYTES];
    this.definitionLevels = new RunLengthBitPackingHybridEncoder(1, 64, Math.max(64, pageRows / 8 + 64),
        HeapByteBufferAllocator.getInstance());

    String codecName = tableProperties.getOrDefault(TableProperties.PARQUET_COMPRESSION,
        TableProperties.PARQUET_COMPRESSION_DEFAULT);
    this.codec = CompressionCodecName.valueOf(codecName.toUpperCase(Locale.ROOT));
    // The settings Iceberg's own writer passes for a compression level (Parquet.WriteBuilder).
    Configuration conf = new Configuration(false);
    String level = tableProperties.get(TableProperties.PARQUET_COMPRESSION_LEVEL);
    if (level != null) {
      conf.set("zlib.compress.level", level);
      conf.set("compression.brotli.quality", level);
      conf.set("io.compression.codec.zstd.level", level);
      conf.set("parquet.compression.codec.zstd.level", level);
    }
    this.codecs = new ParquetCodecFactory(conf, pageRows * Long.BYTES);
    this.compressor = codecs.getCompressor(codec);
  }

  /** The Parquet schema of the files: the bars schema with Iceberg field ids. */
  MessageType schema() {
    return schema;
  }

  int pageRows() {
    return pageRows;
  }

  /** The one-entry dictionary page of {@code symbol}'s column chunks, compressed once and reused. */
  SymbolDictionary dictionary(String symbol) {
    byte[] utf8 = symbol.getBytes(StandardCharsets.UTF_8);
    byte[] plain = new byte[Integer.BYTES + utf8.length];
    writeIntLittleEndian(plain, 0, utf8.length);
    System.arraycopy(utf8, 0, plain, Integer.BYTES, utf8.length);
    try {
      byte[] compressed = compressor.compress(BytesInput.from(plain)).toByteArray();
      return new SymbolDictionary(Binary.fromConstantByteArray(utf8),
          new DictionaryPage(BytesInput.from(compressed), plain.length, 1, Encoding.PLAIN_DICTIONARY));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot compress the dictionary of symbol " + symbol, e);
    }
  }

  /** A symbol's value and its dictionary page. Immutable. */
  record SymbolDictionary(Binary value, DictionaryPage page) {}

  /**
   * Writes rows {@code [0, rows)} of the columns as one row group (schema order: symbol, timestamp,
   * open, high, low, close, volume; a NaN volume is null) and adds them to the file's double metrics.
   */
  void writeRowGroup(ParquetFileWriter writer, SymbolDictionary symbol, long[] timestamps, double[] opens,
      double[] highs, double[] lows, double[] closes, double[] volumes, int rows, DoubleColumnMetrics[] metrics)
      throws IOException {
    writer.startBlock(rows);
    writeSymbolChunk(writer, symbol, rows);
    writeTimestampChunk(writer, timestamps, rows);
    writeRequiredDoubleChunk(writer, columns[2], opens, rows, metrics[0]);
    writeRequiredDoubleChunk(writer, columns[3], highs, rows, metrics[1]);
    writeRequiredDoubleChunk(writer, columns[4], lows, rows, metrics[2]);
    writeRequiredDoubleChunk(writer, columns[5], closes, rows, metrics[3]);
    writeVolumeChunk(writer, volumes, rows, metrics[4]);
    writer.endBlock();
  }

  private void writeSymbolChunk(ParquetFileWriter writer, SymbolDictionary symbol, int rows) throws IOException {
    ColumnDescriptor column = columns[SYMBOL];
    writer.startColumn(column, rows, codec);
    writer.writeDictionaryPage(symbol.page());
    for (int from = 0; from < rows; from += pageRows) {
      int count = Math.min(pageRows, rows - from);
      // Bit width 0 (a one-entry dictionary), then one RLE run: header (count << 1), no value bytes.
      smallPage[0] = 0;
      int length = writeUnsignedVarInt(smallPage, 1, count << 1);
      Statistics<?> stats = Statistics.createStats(column.getPrimitiveType());
      stats.updateStats(symbol.value());
      writePage(writer, BytesInput.from(smallPage, 0, length), count, stats, Encoding.BIT_PACKED,
          Encoding.PLAIN_DICTIONARY);
    }
    writer.endColumn();
  }

  private void writeTimestampChunk(ParquetFileWriter writer, long[] timestamps, int rows) throws IOException {
    ColumnDescriptor column = columns[TIMESTAMP];
    writer.startColumn(column, rows, codec);
    for (int from = 0; from < rows; from += pageRows) {
      int to = Math.min(rows, from + pageRows);
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      int position = 0;
      for (int i = from; i < to; i++) {
        long value = timestamps[i];
        LONGS_LE.set(values, position, value);
        position += Long.BYTES;
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
      Statistics<?> stats = Statistics.createStats(column.getPrimitiveType());
      stats.updateStats(min);
      stats.updateStats(max);
      writePage(writer, BytesInput.from(values, 0, position), to - from, stats, Encoding.BIT_PACKED, Encoding.PLAIN);
    }
    writer.endColumn();
  }

  private void writeRequiredDoubleChunk(ParquetFileWriter writer, ColumnDescriptor column, double[] source, int rows,
      DoubleColumnMetrics metrics) throws IOException {
    writer.startColumn(column, rows, codec);
    for (int from = 0; from < rows; from += pageRows) {
      int to = Math.min(rows, from + pageRows);
      long minKey = Long.MAX_VALUE;
      long maxKey = Long.MIN_VALUE;
      int position = 0;
      for (int i = from; i < to; i++) {
        double value = source[i];
        DOUBLES_LE.set(values, position, value);
        position += Double.BYTES;
        long key = orderKey(value);
        minKey = Math.min(minKey, key);
        maxKey = Math.max(maxKey, key);
      }
      Statistics<?> stats = doubleStats(column, minKey, maxKey, 0);
      metrics.add(source, from, to, to - from, 0, minKey, maxKey);
      writePage(writer, BytesInput.from(values, 0, position), to - from, stats, Encoding.BIT_PACKED, Encoding.PLAIN);
    }
    writer.endColumn();
  }

  /** The optional volume: NaN in the buffer is a null row (definition level 0, no value written). */
  private void writeVolumeChunk(ParquetFileWriter writer, double[] source, int rows, DoubleColumnMetrics metrics)
      throws IOException {
    ColumnDescriptor column = columns[VOLUME];
    writer.startColumn(column, rows, codec);
    for (int from = 0; from < rows; from += pageRows) {
      int to = Math.min(rows, from + pageRows);
      int count = to - from;
      long minKey = Long.MAX_VALUE;
      long maxKey = Long.MIN_VALUE;
      int position = 0;
      int nulls = 0;
      for (int i = from; i < to; i++) {
        double value = source[i];
        if (value != value) { // NaN: null
          nulls++;
          continue;
        }
        DOUBLES_LE.set(values, position, value);
        position += Double.BYTES;
        long key = orderKey(value);
        minKey = Math.min(minKey, key);
        maxKey = Math.max(maxKey, key);
      }
      BytesInput levels;
      if (nulls == 0 || nulls == count) {
        levels = singleRun(count, nulls == 0 ? 1 : 0);
      } else {
        definitionLevels.reset();
        for (int i = from; i < to; i++) {
          definitionLevels.writeInt(Double.isNaN(source[i]) ? 0 : 1);
        }
        levels = definitionLevels.toBytes();
      }
      Statistics<?> stats = doubleStats(column, minKey, maxKey, nulls);
      metrics.add(source, from, to, count, nulls, minKey, maxKey);
      // v1 data page: definition levels prefixed by their byte length (little-endian int), then values.
      BytesInput page = BytesInput.concat(BytesInput.fromInt((int) levels.size()), levels,
          BytesInput.from(values, 0, position));
      writePage(writer, page, count, stats, Encoding.RLE, Encoding.PLAIN);
    }
    writer.endColumn();
  }

  /** A definition-level run of {@code count} equal levels (bit width 1): varint header, one value byte. */
  private BytesInput singleRun(int count, int level) {
    int length = writeUnsignedVarInt(smallPage, 0, count << 1);
    smallPage[length] = (byte) level;
    return BytesInput.from(smallPage, 0, length + 1);
  }

  private void writePage(ParquetFileWriter writer, BytesInput page, int rows, Statistics<?> stats,
      Encoding definitionLevelEncoding, Encoding valuesEncoding) throws IOException {
    long uncompressedSize = page.size();
    BytesInput compressed = compressor.compress(page);
    // Repetition levels: none (flat schema), reported as parquet-mr reports them (BIT_PACKED).
    writer.writeDataPage(rows, (int) uncompressedSize, compressed, stats, rows, Encoding.BIT_PACKED,
        definitionLevelEncoding, valuesEncoding);
  }

  /**
   * Page statistics equal to feeding every non-null value to parquet-mr's statistics (which order
   * doubles by {@link Double#compare}): the extremes are enough.
   */
  private static Statistics<?> doubleStats(ColumnDescriptor column, long minKey, long maxKey, int nulls) {
    Statistics<?> stats = Statistics.createStats(column.getPrimitiveType());
    if (minKey <= maxKey) {
      stats.updateStats(fromOrderKey(minKey));
      stats.updateStats(fromOrderKey(maxKey));
    }
    stats.incrementNumNulls(nulls);
    return stats;
  }

  /**
   * A long whose signed order is {@link Double#compare}'s order of doubles (-0.0 before 0.0, NaN
   * after +Infinity), so min/max need no branches on NaN or signed zeros.
   */
  static long orderKey(double value) {
    long bits = Double.doubleToLongBits(value);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  static double fromOrderKey(long key) {
    return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
  }

  private static int writeUnsignedVarInt(byte[] target, int offset, int value) {
    int position = offset;
    while ((value & ~0x7F) != 0) {
      target[position++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    target[position++] = (byte) value;
    return position;
  }

  private static void writeIntLittleEndian(byte[] target, int offset, int value) {
    target[offset] = (byte) value;
    target[offset + 1] = (byte) (value >>> 8);
    target[offset + 2] = (byte) (value >>> 16);
    target[offset + 3] = (byte) (value >>> 24);
  }

  @Override
  public void close() {
    definitionLevels.close();
    codecs.release();
  }

  /**
   * What Iceberg's own writer records for a double column of one file (its {@code DoubleFieldMetrics}
   * behind an option writer): values including nulls, nulls, NaNs, and bounds by {@link Double#compare}
   * without NaN. Not thread-safe.
   */
  static final class DoubleColumnMetrics {
    private final int fieldId;
    private long values;
    private long nulls;
    private long nans;
    private long lowerKey = Long.MAX_VALUE;
    private long upperKey = Long.MIN_VALUE;

    private DoubleColumnMetrics(int fieldId) {
      this.fieldId = fieldId;
    }

    /** One per double column (open, high, low, close, volume), empty. */
    static DoubleColumnMetrics[] forBars() {
      DoubleColumnMetrics[] metrics = new DoubleColumnMetrics[DOUBLE_FIELD_IDS.length];
      for (int i = 0; i < metrics.length; i++) {
        metrics[i] = new DoubleColumnMetrics(DOUBLE_FIELD_IDS[i]);
      }
      return metrics;
    }

    /**
     * Adds a page whose non-null keys span [minKey, maxKey]. NaN values (keys above +Infinity) are rare,
     * so counted again only then; a NaN volume is null and never reaches the keys.
     */
    void add(double[] source, int from, int to, int count, int nullCount, long minKey, long maxKey) {
      values += count;
      nulls += nullCount;
      if (minKey > maxKey) {
        return; // no non-null value
      }
      if (maxKey > POSITIVE_INFINITY_KEY) {
        maxKey = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
          if (Double.isNaN(source[i])) {
            nans++;
          } else {
            maxKey = Math.max(maxKey, orderKey(source[i]));
          }
        }
        if (minKey > POSITIVE_INFINITY_KEY) {
          return; // only NaNs
        }
      }
      lowerKey = Math.min(lowerKey, minKey);
      upperKey = Math.max(upperKey, maxKey);
    }

    FieldMetrics<Double> toFieldMetrics() {
      boolean bounded = lowerKey <= upperKey;
      return new FieldMetrics<>(fieldId, values, nulls, nans, bounded ? fromOrderKey(lowerKey) : null,
          bounded ? fromOrderKey(upperKey) : null, Types.DoubleType.get());
    }
  }
}
