package com.tradingml.features.spark;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.MetricsModes;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.UnicodeUtil;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.ColumnOrder;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.MicroSeconds;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.StringType;
import org.apache.parquet.format.TimeUnit;
import org.apache.parquet.format.TimestampType;
import org.apache.parquet.format.TypeDefinedOrder;
import org.apache.parquet.format.Util;
import org.xerial.snappy.Snappy;

/**
 * Writes one Parquet data file of a features table, one symbol's rows, column by column from primitive arrays,
 * and describes it as an Iceberg {@link DataFile} with its metrics.
 *
 * <p>Why not Iceberg's Parquet appender: parquet-mr writes a value at a time through a generic row accessor
 * that boxes every value, and its 8-byte puts into page slabs were 60% of the feature job's CPU in a profile
 * (docs/BENCHMARKS.md). Here a page of a double column is one bulk copy of a {@code double[]} range.
 *
 * <p>The file is the plainest Parquet every reader takes: every column REQUIRED (features tables have no nulls;
 * an unknown value is NaN), so pages carry no repetition or definition levels; v1 data pages, PLAIN encoding,
 * the table's codec ({@code write.parquet.compression-codec}: zstd, snappy, gzip or uncompressed, with
 * {@code write.parquet.compression-level}) on the column chunks it shrinks enough ({@link Codec}), the others
 * uncompressed; pages of at most {@code write.parquet.page-row-limit} rows and
 * {@code write.parquet.page-size-bytes}; row groups of about {@code write.parquet.row-group-size-bytes}. Each
 * column chunk has statistics (null count, min and max in type-defined order, NaN left out as the format asks,
 * -0.0/+0.0 widened), and the schema carries the Iceberg field ids. Iceberg's metrics (value, null and NaN
 * counts, bounds, column sizes) follow the table's metrics modes ({@code write.metadata.metrics.*}) and come
 * from the same values.
 *
 * <p>Column layout ({@link FeatureColumns}): the symbol (one per file, as the table is partitioned by it), the
 * timestamp (epoch microseconds), the warm-up flag, {@code doubleColumns} doubles, the label (int). Not
 * thread-safe: one writer per task.
 */
final class FeatureFileWriter implements Closeable {

  static final String CREATED_BY = "tradingml-features version 1";
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  /** Upper bound on rows buffered per row group, whatever the byte target: two tasks share a small driver heap. */
  static final int MAX_ROW_GROUP_ROWS = 262_144;
  private static final int INITIAL_CAPACITY = 8_192;
  /** The bytes of a column chunk's first page compressed to decide whether to compress the chunk. */
  static final int PROBE_BYTES = 64 * 1024;

  /** The physical kinds this writer knows; one per {@link FeatureColumns} slot. */
  private enum Kind {
    STRING(org.apache.parquet.format.Type.BYTE_ARRAY, 16),
    TIMESTAMP(org.apache.parquet.format.Type.INT64, 8),
    BOOLEAN(org.apache.parquet.format.Type.BOOLEAN, 1),
    DOUBLE(org.apache.parquet.format.Type.DOUBLE, 8),
    INT(org.apache.parquet.format.Type.INT32, 4);

    final org.apache.parquet.format.Type physical;
    /** Bytes per value, for page and row-group sizing (a guess for strings). */
    final int width;

    Kind(org.apache.parquet.format.Type physical, int width) {
      this.physical = physical;
      this.width = width;
    }
  }

  /**
   * The codec and level of a table's Parquet files, and the least fraction of a column chunk's bytes the codec
   * must save for the chunk to be compressed ({@value #MIN_SAVING_PROPERTY}, default
   * {@value #DEFAULT_MIN_SAVING}; 0 compresses every chunk). Parquet names the codec per column chunk, so a file
   * may mix compressed and uncompressed chunks; every reader takes that.
   */
  record Codec(CompressionCodec parquet, int level, double minSaving) {

    static final String MIN_SAVING_PROPERTY = "pipeline.write.parquet.min-compression-saving";
    static final double DEFAULT_MIN_SAVING = 0.15;

    Codec {
      if (!(minSaving >= 0 && minSaving < 1)) {
        throw new IllegalArgumentException(MIN_SAVING_PROPERTY + " must be in [0, 1), got " + minSaving);
      }
    }

    static Codec fromTableProperties(Map<String, String> properties) {
      String name = properties.getOrDefault(TableProperties.PARQUET_COMPRESSION,
          TableProperties.PARQUET_COMPRESSION_DEFAULT_SINCE_1_4_0).toLowerCase(Locale.ROOT);
      String level = properties.get(TableProperties.PARQUET_COMPRESSION_LEVEL);
      double minSaving = Double.parseDouble(properties.getOrDefault(MIN_SAVING_PROPERTY,
          Double.toString(DEFAULT_MIN_SAVING)));
      return switch (name) {
        case "zstd" -> new Codec(CompressionCodec.ZSTD, level == null ? 3 : Integer.parseInt(level), minSaving);
        case "snappy" -> new Codec(CompressionCodec.SNAPPY, 0, minSaving);
        case "gzip" -> new Codec(CompressionCodec.GZIP, 0, minSaving);
        case "uncompressed", "none" -> new Codec(CompressionCodec.UNCOMPRESSED, 0, minSaving);
        default -> throw new IllegalArgumentException("the features writer supports the Parquet codecs zstd, snappy,"
            + " gzip and uncompressed; the table asks for '" + name + "' (" + TableProperties.PARQUET_COMPRESSION
            + ")");
      };
    }
  }

  /** Sizes from the table's properties. */
  record Layout(int pageRowLimit, long pageSizeBytes, long rowGroupSizeBytes) {

    static Layout fromTableProperties(Map<String, String> properties) {
      return new Layout(
          Integer.parseInt(properties.getOrDefault(TableProperties.PARQUET_PAGE_ROW_LIMIT,
              Integer.toString(TableProperties.PARQUET_PAGE_ROW_LIMIT_DEFAULT))),
          Long.parseLong(properties.getOrDefault(TableProperties.PARQUET_PAGE_SIZE_BYTES,
              Integer.toString(TableProperties.PARQUET_PAGE_SIZE_BYTES_DEFAULT))),
          Long.parseLong(properties.getOrDefault(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES,
              Integer.toString(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES_DEFAULT))));
    }
  }

  private final OutputFile file;
  private final PositionOutputStream out;
  private final Codec codec;
  private final Layout layout;
  private final String symbol;
  private final byte[] symbolBytes;
  private final Kind[] kinds;
  private final Types.NestedField[] fields;
  private final MetricsModes.MetricsMode[] modes;
  private final int doubleColumns;
  private final int rowGroupRows;

  // The open row group, column-major, in the thread's buffers; the last `staged` rows still in its block.
  private final Buffers buffers;
  private int rows;
  private int staged;

  // The file so far.
  private long position;
  private long totalRows;
  private final List<RowGroup> rowGroups = new ArrayList<>();
  private final List<Long> rowGroupOffsets = new ArrayList<>();
  private final long[] columnBytes;
  private final ColumnStats[] fileStats;

  private boolean closed;

  /**
   * A row group's values and the page scratch, grown as needed and reused by the successive files written on one
   * thread (one Spark task per symbol: without reuse every symbol paid for growing them again). Rows of doubles are
   * staged row after row in a small block and moved into one array per column {@value #BLOCK_ROWS} rows at a time:
   * storing each value straight into its column's array touched as many cache lines per row as there are columns,
   * and gathering a column from rows at encoding time read with a stride; a block fits in the first-level cache.
   */
  static final class Buffers {
    private long[] micros = new long[INITIAL_CAPACITY];
    private boolean[] warm = new boolean[INITIAL_CAPACITY];
    private double[][] columns = new double[0][];
    private double[] block = new double[0];
    private int[] labels = new int[INITIAL_CAPACITY];
    private byte[] page = new byte[0];
    private byte[] compressed = new byte[0];
    private final ByteArrayOutputStream header = new ByteArrayOutputStream(64);

    private void ensureColumns(int doubleColumns) {
      if (columns.length != doubleColumns) {
        columns = new double[doubleColumns][micros.length];
        block = new double[BLOCK_ROWS * doubleColumns];
      }
    }

    private void grow(int limit) {
      int capacity = (int) Math.min(limit, (long) micros.length * 2);
      micros = Arrays.copyOf(micros, capacity);
      warm = Arrays.copyOf(warm, capacity);
      for (int d = 0; d < columns.length; d++) {
        columns[d] = Arrays.copyOf(columns[d], capacity);
      }
      labels = Arrays.copyOf(labels, capacity);
    }
  }

  /** Rows staged before they are moved into the columns: 64 rows of ~40 doubles, 20 KB. */
  static final int BLOCK_ROWS = 64;

  /**
   * Opens {@code file} for the rows of {@code symbol}. {@code schema} is the table's: every column of
   * {@code columns} must be in it with the type this writer writes (string, timestamptz, boolean, double, int).
   */
  FeatureFileWriter(OutputFile file, Schema schema, FeatureColumns columns, String symbol, Codec codec, Layout layout,
      MetricsConfig metricsConfig, Buffers buffers) {
    this.file = file;
    this.codec = codec;
    this.layout = layout;
    this.symbol = symbol;
    this.symbolBytes = symbol.getBytes(StandardCharsets.UTF_8);
    List<String> names = columns.names();
    this.doubleColumns = names.size() - 4;
    this.kinds = new Kind[names.size()];
    this.fields = new Types.NestedField[names.size()];
    this.modes = new MetricsModes.MetricsMode[names.size()];
    for (int c = 0; c < names.size(); c++) {
      kinds[c] = c == 0 ? Kind.STRING : c == 1 ? Kind.TIMESTAMP : c == 2 ? Kind.BOOLEAN
          : c == names.size() - 1 ? Kind.INT : Kind.DOUBLE;
      fields[c] = requireField(schema, names.get(c), kinds[c]);
      modes[c] = metricsConfig.columnMode(names.get(c));
    }
    long rowBytes = 0;
    for (Kind kind : kinds) {
      rowBytes += kind.width;
    }
    this.rowGroupRows = (int) Math.max(1, Math.min(MAX_ROW_GROUP_ROWS, layout.rowGroupSizeBytes() / rowBytes));
    this.buffers = buffers;
    buffers.ensureColumns(doubleColumns);
    this.columnBytes = new long[names.size()];
    this.fileStats = new ColumnStats[names.size()];
    for (int c = 0; c < names.size(); c++) {
      fileStats[c] = new ColumnStats();
    }
    this.out = file.create();
    write(MAGIC, 0, MAGIC.length);
  }

  private static Types.NestedField requireField(Schema schema, String name, Kind kind) {
    Types.NestedField field = schema.findField(name);
    Type.TypeID expected = switch (kind) {
      case STRING -> Type.TypeID.STRING;
      case TIMESTAMP -> Type.TypeID.TIMESTAMP;
      case BOOLEAN -> Type.TypeID.BOOLEAN;
      case DOUBLE -> Type.TypeID.DOUBLE;
      case INT -> Type.TypeID.INTEGER;
    };
    if (field == null || field.type().typeId() != expected
        || (kind == Kind.TIMESTAMP && !((Types.TimestampType) field.type()).shouldAdjustToUTC())) {
      throw new IllegalArgumentException("features table column '" + name + "' must be "
          + (kind == Kind.TIMESTAMP ? "timestamptz" : expected.toString().toLowerCase(Locale.ROOT)) + "; the table has "
          + (field == null ? "no such column" : field.type()) + ": recreate the table (drop it) to write this feature set");
    }
    return field;
  }

  /** Appends one row; {@code values} holds the {@code doubleColumns} doubles in column order. */
  void add(long epochMicros, boolean warmedUp, double[] values, int label) {
    Buffers b = buffers;
    if (rows == b.micros.length) {
      b.grow(rowGroupRows);
    }
    b.micros[rows] = epochMicros;
    b.warm[rows] = warmedUp;
    b.labels[rows] = label;
    System.arraycopy(values, 0, b.block, staged * doubleColumns, doubleColumns);
    rows++;
    staged++;
    if (staged == BLOCK_ROWS) {
      moveStagedRows();
    }
    if (rows == rowGroupRows) {
      flushRowGroup();
    }
  }

  private void moveStagedRows() {
    double[] block = buffers.block;
    double[][] columns = buffers.columns;
    int first = rows - staged;
    for (int d = 0; d < doubleColumns; d++) {
      double[] column = columns[d];
      for (int i = 0, at = d; i < staged; i++, at += doubleColumns) {
        column[first + i] = block[at];
      }
    }
    staged = 0;
  }

  /** Bytes written so far, for rolling to a new file at the table's target size. */
  long length() {
    return position;
  }

  String location() {
    return file.location();
  }

  private void flushRowGroup() {
    if (rows == 0) {
      return;
    }
    moveStagedRows();
    long groupStart = position;
    List<ColumnChunk> chunks = new ArrayList<>(kinds.length);
    long uncompressedBytes = 0;
    for (int c = 0; c < kinds.length; c++) {
      ColumnChunk chunk = writeColumnChunk(c);
      chunks.add(chunk);
      uncompressedBytes += chunk.getMeta_data().getTotal_uncompressed_size();
    }
    RowGroup group = new RowGroup(chunks, uncompressedBytes, rows);
    group.setFile_offset(groupStart);
    group.setTotal_compressed_size(position - groupStart);
    rowGroups.add(group);
    rowGroupOffsets.add(groupStart);
    totalRows += rows;
    rows = 0;
  }

  private ColumnChunk writeColumnChunk(int c) {
    Kind kind = kinds[c];
    long chunkStart = position;
    long uncompressed = 0;
    int pageRows = (int) Math.max(1, Math.min(layout.pageRowLimit(), layout.pageSizeBytes() / kind.width));
    ColumnStats stats = new ColumnStats();
    CompressionCodec chunkCodec = codec.parquet();
    for (int from = 0; from < rows; from += pageRows) {
      int count = Math.min(pageRows, rows - from);
      int rawLength = encodePlain(c, from, count, stats);
      if (from == 0 && !worthCompressing(rawLength)) {
        chunkCodec = CompressionCodec.UNCOMPRESSED;
      }
      byte[] payload = buffers.page;
      int payloadLength = rawLength;
      if (chunkCodec != CompressionCodec.UNCOMPRESSED) {
        payloadLength = compress(rawLength);
        payload = buffers.compressed;
      }
      PageHeader pageHeader = new PageHeader(PageType.DATA_PAGE, rawLength, payloadLength);
      pageHeader.setData_page_header(new DataPageHeader(count, Encoding.PLAIN, Encoding.RLE, Encoding.RLE));
      ByteArrayOutputStream header = buffers.header;
      header.reset();
      try {
        Util.writePageHeader(pageHeader, header);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      uncompressed += header.size() + rawLength;
      write(header.toByteArray(), 0, header.size());
      write(payload, 0, payloadLength);
    }
    ColumnMetaData meta = new ColumnMetaData(kind.physical, List.of(Encoding.PLAIN), List.of(fields[c].name()),
        chunkCodec, rows, uncompressed, position - chunkStart, chunkStart);
    meta.setStatistics(stats.toParquet(kind, symbolBytes));
    fileStats[c].merge(stats);
    columnBytes[c] += position - chunkStart;
    ColumnChunk chunk = new ColumnChunk(chunkStart);
    chunk.setMeta_data(meta);
    return chunk;
  }

  /** PLAIN-encodes rows {@code [from, from + count)} of column {@code c} into {@link #page}; returns its length. */
  private int encodePlain(int c, int from, int count, ColumnStats stats) {
    Kind kind = kinds[c];
    int length = kind == Kind.STRING ? count * (4 + symbolBytes.length)
        : kind == Kind.BOOLEAN ? (count + 7) / 8 : count * kind.width;
    Buffers b = buffers;
    if (b.page.length < length) {
      b.page = new byte[Math.max(length, b.page.length * 2)];
    }
    byte[] page = b.page;
    ByteBuffer buffer = ByteBuffer.wrap(page, 0, length).order(ByteOrder.LITTLE_ENDIAN);
    switch (kind) {
      case STRING -> {
        for (int i = 0; i < count; i++) {
          buffer.putInt(symbolBytes.length).put(symbolBytes);
        }
        stats.strings(count);
      }
      case TIMESTAMP -> {
        buffer.asLongBuffer().put(b.micros, from, count);
        stats.longs(b.micros, from, count);
      }
      case BOOLEAN -> {
        Arrays.fill(page, 0, length, (byte) 0);
        for (int i = 0; i < count; i++) {
          if (b.warm[from + i]) {
            page[i >>> 3] |= (byte) (1 << (i & 7));
          }
        }
        stats.booleans(b.warm, from, count);
      }
      case DOUBLE -> {
        double[] column = b.columns[c - 3];
        buffer.asDoubleBuffer().put(column, from, count);
        stats.doubles(column, from, count);
      }
      case INT -> {
        buffer.asIntBuffer().put(b.labels, from, count);
        stats.ints(b.labels, from, count);
      }
      default -> throw new IllegalStateException("unknown kind " + kind);
    }
    return length;
  }

  /**
   * Whether the table's codec is worth its CPU on the column chunk whose first page is in {@link Buffers#page}:
   * whether it shrinks the page's first {@value #PROBE_BYTES} bytes by at least the codec's
   * {@link Codec#minSaving()}. Most feature columns are near-random doubles that zstd shrinks by 4-12%, at ~1.5
   * CPU-s per GB written and again per GB read; the timestamps, labels and calendar encodings shrink by 30-99%.
   */
  private boolean worthCompressing(int firstPageLength) {
    if (codec.parquet() == CompressionCodec.UNCOMPRESSED) {
      return false;
    }
    if (codec.minSaving() <= 0) {
      return true;
    }
    int probe = Math.min(firstPageLength, PROBE_BYTES);
    return compress(probe) <= probe * (1.0 - codec.minSaving());
  }

  private int compress(int rawLength) {
    byte[] page = buffers.page;
    try {
      switch (codec.parquet()) {
        case ZSTD -> {
          byte[] compressed = ensureCompressed((int) Zstd.compressBound(rawLength));
          long size = Zstd.compressByteArray(compressed, 0, compressed.length, page, 0, rawLength, codec.level());
          if (Zstd.isError(size)) {
            throw new IllegalStateException("zstd: " + Zstd.getErrorName(size));
          }
          return (int) size;
        }
        case SNAPPY -> {
          return Snappy.compress(page, 0, rawLength, ensureCompressed(Snappy.maxCompressedLength(rawLength)), 0);
        }
        case GZIP -> {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawLength / 2 + 64);
          try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(page, 0, rawLength);
          }
          buffers.compressed = bytes.toByteArray();
          return buffers.compressed.length;
        }
        default -> throw new IllegalStateException("no compressor for " + codec.parquet());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] ensureCompressed(int bound) {
    if (buffers.compressed.length < bound) {
      buffers.compressed = new byte[bound];
    }
    return buffers.compressed;
  }

  private void write(byte[] bytes, int offset, int length) {
    try {
      out.write(bytes, offset, length);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file.location(), e);
    }
    position += length;
  }

  /**
   * Writes the last row group and the footer, closes the file and returns it as a data file of {@code spec}
   * in {@code partition} (null when unpartitioned).
   */
  DataFile finish(PartitionSpec spec, StructLike partition) {
    return finishContent(spec, partition).get();
  }

  /**
   * Writes the last row group and the footer (this writer's buffers are free again when it returns); the returned
   * supplier closes the file, which for an object store is the durable put (an fsync on local disk), and gives it as a
   * data file of {@code spec} in {@code partition} (null when unpartitioned). It may run on another thread.
   */
  java.util.function.Supplier<DataFile> finishContent(PartitionSpec spec, StructLike partition) {
    flushRowGroup();
    List<SchemaElement> schema = new ArrayList<>(kinds.length + 1);
    SchemaElement root = new SchemaElement("table");
    root.setNum_children(kinds.length);
    schema.add(root);
    List<ColumnOrder> orders = new ArrayList<>(kinds.length);
    for (int c = 0; c < kinds.length; c++) {
      schema.add(schemaElement(kinds[c], fields[c]));
      orders.add(ColumnOrder.TYPE_ORDER(new TypeDefinedOrder()));
    }
    FileMetaData footer = new FileMetaData(1, schema, totalRows, rowGroups);
    footer.setCreated_by(CREATED_BY);
    footer.setColumn_orders(orders);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try {
      Util.writeFileMetaData(footer, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] footerBytes = bytes.toByteArray();
    write(footerBytes, 0, footerBytes.length);
    byte[] footerLength = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footerBytes.length).array();
    write(footerLength, 0, 4);
    write(MAGIC, 0, MAGIC.length);
    DataFile dataFile = DataFiles.builder(spec)
        .withPath(file.location())
        .withFormat(FileFormat.PARQUET)
        .withPartition(partition)
        .withFileSizeInBytes(position)
        .withMetrics(metrics())
        .withSplitOffsets(rowGroupOffsets)
        .build();
    return () -> {
      closeStream();
      return dataFile;
    };
  }

  private static SchemaElement schemaElement(Kind kind, Types.NestedField field) {
    SchemaElement element = new SchemaElement(field.name());
    element.setType(kind.physical);
    element.setRepetition_type(FieldRepetitionType.REQUIRED);
    element.setField_id(field.fieldId());
    if (kind == Kind.STRING) {
      element.setConverted_type(ConvertedType.UTF8);
      element.setLogicalType(LogicalType.STRING(new StringType()));
    } else if (kind == Kind.TIMESTAMP) {
      element.setConverted_type(ConvertedType.TIMESTAMP_MICROS);
      element.setLogicalType(LogicalType.TIMESTAMP(new TimestampType(true, TimeUnit.MICROS(new MicroSeconds()))));
    }
    return element;
  }

  /** Iceberg's metrics of the file, each column as its metrics mode asks. */
  Metrics metrics() {
    Map<Integer, Long> sizes = new HashMap<>();
    Map<Integer, Long> valueCounts = new HashMap<>();
    Map<Integer, Long> nullCounts = new HashMap<>();
    Map<Integer, Long> nanCounts = new HashMap<>();
    Map<Integer, ByteBuffer> lower = new HashMap<>();
    Map<Integer, ByteBuffer> upper = new HashMap<>();
    for (int c = 0; c < kinds.length; c++) {
      if (modes[c] instanceof MetricsModes.None) {
        continue;
      }
      int id = fields[c].fieldId();
      ColumnStats stats = fileStats[c];
      sizes.put(id, columnBytes[c]);
      valueCounts.put(id, totalRows);
      nullCounts.put(id, 0L);
      if (kinds[c] == Kind.DOUBLE) {
        nanCounts.put(id, stats.nans);
      }
      if (modes[c] instanceof MetricsModes.Counts || !stats.hasBounds) {
        continue;
      }
      Type type = fields[c].type();
      switch (kinds[c]) {
        case STRING -> {
          int truncate = modes[c] instanceof MetricsModes.Truncate t ? t.length() : Integer.MAX_VALUE;
          lower.put(id, Conversions.toByteBuffer(type, UnicodeUtil.truncateStringMin(symbol, truncate)));
          String max = UnicodeUtil.truncateStringMax(symbol, truncate);
          if (max != null) {
            upper.put(id, Conversions.toByteBuffer(type, max));
          }
        }
        case TIMESTAMP -> {
          lower.put(id, Conversions.toByteBuffer(type, stats.minLong));
          upper.put(id, Conversions.toByteBuffer(type, stats.maxLong));
        }
        case BOOLEAN -> {
          lower.put(id, Conversions.toByteBuffer(type, stats.minLong == 1));
          upper.put(id, Conversions.toByteBuffer(type, stats.maxLong == 1));
        }
        case INT -> {
          lower.put(id, Conversions.toByteBuffer(type, (int) stats.minLong));
          upper.put(id, Conversions.toByteBuffer(type, (int) stats.maxLong));
        }
        case DOUBLE -> {
          lower.put(id, Conversions.toByteBuffer(type, stats.minDouble));
          upper.put(id, Conversions.toByteBuffer(type, stats.maxDouble));
        }
        default -> throw new IllegalStateException("unknown kind " + kinds[c]);
      }
    }
    return new Metrics(totalRows, sizes, valueCounts, nullCounts, nanCounts, lower, upper);
  }

  private void closeStream() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing " + file.location(), e);
    }
  }

  /** Closes without a footer (the file is then unusable and should be deleted); for failures. */
  @Override
  public void close() {
    closeStream();
  }

  /**
   * Min, max and NaN count of a column's values: of one column chunk, or merged over the file. Integral kinds
   * (timestamp, boolean as 0/1, int) share the long fields; doubles compare as {@link Double#compare} and leave
   * NaN out. A string column holds the file's one symbol, so it only records that it has values.
   */
  private static final class ColumnStats {
    boolean hasBounds;
    long minLong = Long.MAX_VALUE;
    long maxLong = Long.MIN_VALUE;
    double minDouble = Double.POSITIVE_INFINITY;
    double maxDouble = Double.NEGATIVE_INFINITY;
    long nans;

    void strings(int count) {
      hasBounds |= count > 0;
    }

    void longs(long[] values, int from, int count) {
      long min = minLong;
      long max = maxLong;
      for (int i = from; i < from + count; i++) {
        min = Math.min(min, values[i]);
        max = Math.max(max, values[i]);
      }
      minLong = min;
      maxLong = max;
      hasBounds |= count > 0;
    }

    void ints(int[] values, int from, int count) {
      long min = minLong;
      long max = maxLong;
      for (int i = from; i < from + count; i++) {
        min = Math.min(min, values[i]);
        max = Math.max(max, values[i]);
      }
      minLong = min;
      maxLong = max;
      hasBounds |= count > 0;
    }

    void booleans(boolean[] values, int from, int count) {
      for (int i = from; i < from + count; i++) {
        long bit = values[i] ? 1 : 0;
        minLong = Math.min(minLong, bit);
        maxLong = Math.max(maxLong, bit);
      }
      hasBounds |= count > 0;
    }

    void doubles(double[] values, int from, int count) {
      // Four independent minima and maxima: one pair is a chain of dependent compares, four run side by side.
      // A NaN compares false both ways, so it never becomes a bound; it is only counted.
      double min0 = minDouble;
      double min1 = minDouble;
      double min2 = minDouble;
      double min3 = minDouble;
      double max0 = maxDouble;
      double max1 = maxDouble;
      double max2 = maxDouble;
      double max3 = maxDouble;
      long nanCount = 0;
      int end = from + count;
      int i = from;
      for (; i + 3 < end; i += 4) {
        double v0 = values[i];
        double v1 = values[i + 1];
        double v2 = values[i + 2];
        double v3 = values[i + 3];
        min0 = v0 < min0 ? v0 : min0;
        min1 = v1 < min1 ? v1 : min1;
        min2 = v2 < min2 ? v2 : min2;
        min3 = v3 < min3 ? v3 : min3;
        max0 = v0 > max0 ? v0 : max0;
        max1 = v1 > max1 ? v1 : max1;
        max2 = v2 > max2 ? v2 : max2;
        max3 = v3 > max3 ? v3 : max3;
        nanCount += (v0 != v0 ? 1 : 0) + (v1 != v1 ? 1 : 0) + (v2 != v2 ? 1 : 0) + (v3 != v3 ? 1 : 0);
      }
      for (; i < end; i++) {
        double v = values[i];
        min0 = v < min0 ? v : min0;
        max0 = v > max0 ? v : max0;
        nanCount += v != v ? 1 : 0;
      }
      double min = Math.min(Math.min(min0, min1), Math.min(min2, min3)); // no NaN among these: Math.min is fine
      double max = Math.max(Math.max(max0, max1), Math.max(max2, max3));
      // '<' does not order -0.0 and +0.0, Iceberg's bounds do (Double.compare), and Parquet's format asks for
      // exactly this: a zero minimum is -0.0 and a zero maximum +0.0, bounds that hold whichever zeros occur.
      minDouble = min == 0.0 ? -0.0 : min;
      maxDouble = max == 0.0 ? 0.0 : max;
      nans += nanCount;
      hasBounds |= count > nanCount;
    }

    void merge(ColumnStats other) {
      nans += other.nans;
      if (!other.hasBounds) {
        return;
      }
      hasBounds = true;
      minLong = Math.min(minLong, other.minLong);
      maxLong = Math.max(maxLong, other.maxLong);
      if (Double.compare(other.minDouble, minDouble) < 0) {
        minDouble = other.minDouble;
      }
      if (Double.compare(other.maxDouble, maxDouble) > 0) {
        maxDouble = other.maxDouble;
      }
    }

    /** The chunk's Parquet statistics: no nulls, and min and max unless every value was NaN. */
    Statistics toParquet(Kind kind, byte[] symbolBytes) {
      Statistics statistics = new Statistics();
      statistics.setNull_count(0);
      if (!hasBounds) {
        return statistics; // the format forbids NaN as a min or max: leave them unknown
      }
      byte[] min;
      byte[] max;
      switch (kind) {
        case STRING -> {
          min = symbolBytes;
          max = symbolBytes;
        }
        case TIMESTAMP -> {
          min = littleEndian(8).putLong(0, minLong).array();
          max = littleEndian(8).putLong(0, maxLong).array();
        }
        case INT -> {
          min = littleEndian(4).putInt(0, (int) minLong).array();
          max = littleEndian(4).putInt(0, (int) maxLong).array();
        }
        case BOOLEAN -> {
          min = new byte[] {(byte) minLong};
          max = new byte[] {(byte) maxLong};
        }
        case DOUBLE -> {
          min = littleEndian(8).putDouble(0, minDouble).array(); // zeros already widened, see doubles()
          max = littleEndian(8).putDouble(0, maxDouble).array();
        }
        default -> throw new IllegalStateException("unknown kind " + kind);
      }
      statistics.setMin_value(min);
      statistics.setMax_value(max);
      return statistics;
    }

    private static ByteBuffer littleEndian(int size) {
      return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
  }
}
