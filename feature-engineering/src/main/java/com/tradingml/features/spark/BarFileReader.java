package com.tradingml.features.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.InputFile;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads the {@code timestamp, open, high, low, close, volume} columns of one Parquet data file of a bars table into
 * {@link BarArrays}, column by column, with parquet-mr's column readers (so any encoding and codec a writer chose
 * reads), and no row objects: where Spark's scan made a Catalyst row per bar and the task read it back field by field.
 *
 * <p>Columns are found by their Iceberg field ids (the file's schema carries them), not by name, so a renamed column
 * still reads. A file without the volume column (volume unknown) gives NaN volumes; one without another column, or
 * with a null in it, or with a timestamp that is not INT64 microseconds, is an {@link IllegalStateException} naming
 * the file. A FLOAT price column (Iceberg's float-to-double promotion) is widened.
 */
final class BarFileReader {

  /** The bar columns in the order this reader fills them. */
  static final List<String> COLUMNS = List.of("timestamp", "open", "high", "low", "close", "volume");
  private static final int TIMESTAMP = 0;
  private static final int VOLUME = 5;

  private final int[] fieldIds = new int[COLUMNS.size()];

  /** @param tableSchema the bars table's schema: where the columns' field ids come from */
  BarFileReader(Schema tableSchema) {
    for (int i = 0; i < fieldIds.length; i++) {
      var field = tableSchema.findField(COLUMNS.get(i));
      if (field == null) {
        throw new IllegalArgumentException("the bars table has no column '" + COLUMNS.get(i) + "': " + tableSchema);
      }
      fieldIds[i] = field.fieldId();
    }
  }

  /** Appends every row of {@code file} to {@code target}, in file order; returns the number of rows read. */
  int readInto(InputFile file, BarArrays target) {
    try (ParquetFileReader reader = ParquetFileReader.open(new ParquetInput(file),
        ParquetReadOptions.builder().build())) {
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      PrimitiveType[] columns = new PrimitiveType[fieldIds.length];
      List<Type> projected = new ArrayList<>();
      for (int i = 0; i < fieldIds.length; i++) {
        columns[i] = column(fileSchema, fieldIds[i], file);
        if (columns[i] == null && i != VOLUME) {
          throw new IllegalStateException("bars file " + file.location() + " has no column '" + COLUMNS.get(i)
              + "' (field id " + fieldIds[i] + ")");
        }
        if (columns[i] != null) {
          projected.add(columns[i]);
        }
      }
      checkTimestamp(columns[TIMESTAMP], file);
      MessageType projection = new MessageType(fileSchema.getName(), projected);
      reader.setRequestedSchema(projection);
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      int read = 0;
      int rowGroupIndex = 0;
      for (PageReadStore rowGroup = reader.readNextRowGroup(); rowGroup != null; rowGroup = reader.readNextRowGroup()) {
        BlockMetaData block = reader.getRowGroups().get(rowGroupIndex++);
        int rows = Math.toIntExact(rowGroup.getRowCount());
        int at = target.size();
        target.grow(at + rows);
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(rowGroup, new IgnoringConverter(projection.getFieldCount()),
            projection, createdBy);
        Chunk chunk = new Chunk(rowGroup, store, projection, block, at, rows, file);
        chunk.longs(columns[TIMESTAMP], target.micros);
        chunk.doubles(columns[1], target.open, false);
        chunk.doubles(columns[2], target.high, false);
        chunk.doubles(columns[3], target.low, false);
        chunk.doubles(columns[4], target.close, false);
        if (columns[VOLUME] == null) {
          java.util.Arrays.fill(target.volume, at, at + rows, Double.NaN);
        } else {
          chunk.doubles(columns[VOLUME], target.volume, true);
        }
        target.setSize(at + rows);
        read += rows;
      }
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException("reading bars file " + file.location(), e);
    }
  }

  private static PrimitiveType column(MessageType fileSchema, int fieldId, InputFile file) {
    for (Type field : fileSchema.getFields()) {
      if (field.getId() != null && field.getId().intValue() == fieldId) {
        if (!field.isPrimitive()) {
          throw new IllegalStateException("bars file " + file.location() + ": field id " + fieldId + " is not a column");
        }
        return field.asPrimitiveType();
      }
    }
    return null;
  }

  private static void checkTimestamp(PrimitiveType column, InputFile file) {
    boolean micros = column.getLogicalTypeAnnotation()
        instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp
        && timestamp.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS;
    if (column.getPrimitiveTypeName() != PrimitiveTypeName.INT64 || !micros) {
      throw new IllegalStateException("bars file " + file.location() + ": the timestamp column is " + column
          + ", not INT64 TIMESTAMP(MICROS) as Iceberg writes it");
    }
  }

  /**
   * One row group's columns into the arrays at {@code at}. Plain-encoded pages without a dictionary (what this
   * project's writers and most others write for prices and timestamps) are copied in bulk from the page's bytes; any
   * other column chunk goes value by value through parquet-mr's column reader, which decodes every encoding but costs
   * ~10x more per value (it was 40% of the task when it read everything).
   */
  private static final class Chunk {
    private static final Set<Encoding> BULK_ENCODINGS = EnumSet.of(Encoding.PLAIN, Encoding.RLE, Encoding.BIT_PACKED);

    private final PageReadStore rowGroup;
    private final ColumnReadStoreImpl store;
    private final MessageType projection;
    private final BlockMetaData block;
    private final int at;
    private final int rows;
    private final InputFile file;
    private int[] levels = new int[0];

    Chunk(PageReadStore rowGroup, ColumnReadStoreImpl store, MessageType projection, BlockMetaData block, int at,
        int rows, InputFile file) {
      this.rowGroup = rowGroup;
      this.store = store;
      this.projection = projection;
      this.block = block;
      this.at = at;
      this.rows = rows;
      this.file = file;
    }

    void longs(PrimitiveType column, long[] into) {
      ColumnDescriptor descriptor = descriptor(column);
      if (bulk(descriptor, PrimitiveTypeName.INT64)) {
        readPages(descriptor, false, (values, to, count) -> values.asLongBuffer().get(into, to, count), null);
        return;
      }
      ColumnReader reader = store.getColumnReader(descriptor);
      int present = descriptor.getMaxDefinitionLevel();
      for (int i = at, end = at + rows; i < end; i++) {
        if (reader.getCurrentDefinitionLevel() != present) {
          throw nullIn(column, file);
        }
        into[i] = reader.getLong();
        reader.consume();
      }
    }

    void doubles(PrimitiveType column, double[] into, boolean nullIsNaN) {
      ColumnDescriptor descriptor = descriptor(column);
      if (bulk(descriptor, PrimitiveTypeName.DOUBLE)) {
        readPages(descriptor, nullIsNaN, (values, to, count) -> values.asDoubleBuffer().get(into, to, count),
            (values, to, count, present) -> {
              for (int i = 0; i < count; i++) {
                into[to + i] = present[i] ? values.getDouble() : Double.NaN;
              }
            });
        return;
      }
      ColumnReader reader = store.getColumnReader(descriptor);
      int present = descriptor.getMaxDefinitionLevel();
      boolean widen = switch (column.getPrimitiveTypeName()) {
        case DOUBLE -> false;
        case FLOAT -> true;
        default -> throw new IllegalStateException("bars file " + file.location() + ": column " + column.getName()
            + " is " + column.getPrimitiveTypeName() + ", not DOUBLE");
      };
      for (int i = at, end = at + rows; i < end; i++) {
        if (reader.getCurrentDefinitionLevel() != present) {
          if (!nullIsNaN) {
            throw nullIn(column, file);
          }
          into[i] = Double.NaN;
        } else {
          into[i] = widen ? reader.getFloat() : reader.getDouble();
        }
        reader.consume();
      }
    }

    private ColumnDescriptor descriptor(PrimitiveType column) {
      return projection.getColumnDescription(new String[] {column.getName()});
    }

    /** Whether the column chunk is plain values of {@code type} with at most one definition level and no dictionary. */
    private boolean bulk(ColumnDescriptor descriptor, PrimitiveTypeName type) {
      if (descriptor.getPrimitiveType().getPrimitiveTypeName() != type || descriptor.getMaxRepetitionLevel() != 0
          || descriptor.getMaxDefinitionLevel() > 1) {
        return false;
      }
      ColumnPath path = ColumnPath.get(descriptor.getPath());
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        if (chunk.getPath().equals(path)) {
          return !chunk.hasDictionaryPage() && BULK_ENCODINGS.containsAll(chunk.getEncodings());
        }
      }
      return false;
    }

    private interface AllPresent {
      void copy(ByteBuffer values, int to, int count);
    }

    private interface SomeAbsent {
      void copy(ByteBuffer values, int to, int count, boolean[] present);
    }

    private void readPages(ColumnDescriptor descriptor, boolean nullable, AllPresent allPresent, SomeAbsent someAbsent) {
      PageReader pages = rowGroup.getPageReader(descriptor);
      int to = at;
      int end = at + rows;
      boolean optional = descriptor.getMaxDefinitionLevel() == 1;
      try {
        while (to < end) {
          DataPage page = pages.readPage();
          if (page == null) {
            throw new IllegalStateException("bars file " + file.location() + ": column " + descriptor + " has "
                + (to - at) + " values in a row group of " + rows + " rows");
          }
          int count = page.getValueCount();
          ByteBufferInputStream values;
          int present;
          if (page instanceof DataPageV1 v1) {
            checkPlain(v1.getValueEncoding(), descriptor);
            values = v1.getBytes().toInputStream();
            present = optional ? definitionLevels(v1.getDlEncoding().getValuesReader(descriptor,
                ValuesType.DEFINITION_LEVEL), values, count) : count;
          } else {
            DataPageV2 v2 = (DataPageV2) page;
            checkPlain(v2.getDataEncoding(), descriptor);
            present = optional ? definitionLevels(v2.getDefinitionLevels().toInputStream(), count) : count;
            values = v2.getData().toInputStream();
          }
          if (to + count > end) {
            throw new IllegalStateException("bars file " + file.location() + ": column " + descriptor
                + " has more values than its row group's " + rows + " rows");
          }
          ByteBuffer plain = values.slice(present * 8).order(ByteOrder.LITTLE_ENDIAN);
          if (present == count) {
            allPresent.copy(plain, to, count);
          } else if (!nullable) {
            throw new IllegalStateException("bars file " + file.location() + ": a null in required column "
                + descriptor);
          } else {
            boolean[] presence = new boolean[count];
            for (int i = 0; i < count; i++) {
              presence[i] = levels[i] == 1;
            }
            someAbsent.copy(plain, to, count, presence);
          }
          to += count;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading bars file " + file.location(), e);
      }
    }

    private void checkPlain(Encoding encoding, ColumnDescriptor descriptor) {
      if (encoding != Encoding.PLAIN) {
        throw new IllegalStateException("bars file " + file.location() + ": column " + descriptor + " has a "
            + encoding + " page where its metadata lists only " + BULK_ENCODINGS);
      }
    }

    /** Reads a v1 page's definition levels (0 or 1) into {@link #levels}; returns how many are 1. */
    private int definitionLevels(ValuesReader reader, ByteBufferInputStream page, int count) throws IOException {
      reader.initFromPage(count, page);
      levels = levels.length >= count ? levels : new int[count];
      int present = 0;
      for (int i = 0; i < count; i++) {
        levels[i] = reader.readInteger();
        present += levels[i];
      }
      return present;
    }

    /** Reads a v2 page's definition levels (RLE, bit width 1, no length prefix); returns how many are 1. */
    private int definitionLevels(ByteBufferInputStream encoded, int count) throws IOException {
      RunLengthBitPackingHybridDecoder decoder = new RunLengthBitPackingHybridDecoder(1, encoded);
      levels = levels.length >= count ? levels : new int[count];
      int present = 0;
      for (int i = 0; i < count; i++) {
        levels[i] = decoder.readInt();
        present += levels[i];
      }
      return present;
    }
  }

  private static IllegalStateException nullIn(PrimitiveType column, InputFile file) {
    return new IllegalStateException("bars file " + file.location() + ": a null in required column " + column.getName());
  }

  /** One symbol's bars as primitive columns; grown as files are appended. */
  static final class BarArrays {
    long[] micros = new long[0];
    double[] open = new double[0];
    double[] high = new double[0];
    double[] low = new double[0];
    double[] close = new double[0];
    double[] volume = new double[0];
    private int size;

    int size() {
      return size;
    }

    void clear() {
      size = 0;
    }

    void setSize(int size) {
      this.size = size;
    }

    /** Makes room for {@code rows} rows in all, keeping the first {@link #size()}. */
    void grow(int rows) {
      if (rows <= micros.length) {
        return;
      }
      int capacity = Math.max(rows, micros.length + (micros.length >> 1));
      if (size == 0) {
        // Nothing to keep (a new run of files, sized in advance): fresh arrays rather than copies of stale rows.
        micros = new long[capacity];
        open = new double[capacity];
        high = new double[capacity];
        low = new double[capacity];
        close = new double[capacity];
        volume = new double[capacity];
        return;
      }
      micros = java.util.Arrays.copyOf(micros, capacity);
      open = java.util.Arrays.copyOf(open, capacity);
      high = java.util.Arrays.copyOf(high, capacity);
      low = java.util.Arrays.copyOf(low, capacity);
      close = java.util.Arrays.copyOf(close, capacity);
      volume = java.util.Arrays.copyOf(volume, capacity);
    }
  }

  /** ColumnReadStoreImpl wants a converter per column; values are taken from the readers instead. */
  private static final class IgnoringConverter extends GroupConverter {
    private final PrimitiveConverter ignored = new PrimitiveConverter() {};
    private final int fields;

    IgnoringConverter(int fields) {
      this.fields = fields;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      if (fieldIndex < 0 || fieldIndex >= fields) {
        throw new IndexOutOfBoundsException(fieldIndex);
      }
      return ignored;
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }

  /** An Iceberg input file as parquet-mr's, so files are read through the table's FileIO (local or S3). */
  private record ParquetInput(InputFile file) implements org.apache.parquet.io.InputFile {
    @Override
    public long getLength() {
      return file.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      org.apache.iceberg.io.SeekableInputStream in = file.newStream();
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() throws IOException {
          return in.getPos();
        }

        @Override
        public void seek(long newPos) throws IOException {
          in.seek(newPos);
        }
      };
    }
  }
}
