package com.tradingml.features.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * New data files as plain bytes, for a task's result: Java serialization of Iceberg's data files wrote and read
 * every metrics map entry as objects (about 500 per features file), and compiling serialization's code for that
 * was a sizeable part of the JIT's work in a 10M-bar run (docs/BENCHMARKS.md). The bytes carry every field a new
 * data file has (path, format, spec, partition, counts, size, the six metrics maps, split offsets, key metadata,
 * sort order); a file with fields a new data file never has here (delete content, equality ids, row lineage) is
 * refused rather than carried partly. Decoding takes the table for its specs and sort orders.
 */
final class DataFileCodec {

  private static final int VERSION = 1;

  private DataFileCodec() {}

  static byte[] encode(List<DataFile> files, Map<Integer, PartitionSpec> specs) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024 * Math.max(1, files.size()));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(VERSION);
      out.writeInt(files.size());
      for (DataFile file : files) {
        write(out, file, specs);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  static List<DataFile> decode(byte[] encoded, Table table) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException("encoded data files of version " + version + ", this code reads "
            + VERSION);
      }
      int count = in.readInt();
      List<DataFile> files = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        files.add(read(in, table));
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("encoded data files have trailing bytes");
      }
      return files;
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated encoded data files", e);
    }
  }

  private static void write(DataOutputStream out, DataFile file, Map<Integer, PartitionSpec> specs)
      throws IOException {
    if (file.content() != FileContent.DATA || file.equalityFieldIds() != null || file.firstRowId() != null) {
      throw new IllegalArgumentException("only new data files are encoded, not " + file.location());
    }
    PartitionSpec spec = specs.get(file.specId());
    if (spec == null) {
      throw new IllegalArgumentException("no partition spec " + file.specId() + " for " + file.location());
    }
    writeString(out, file.location());
    writeString(out, file.format().name());
    out.writeInt(file.specId());
    List<Types.NestedField> partitionFields = spec.partitionType().fields();
    out.writeInt(partitionFields.size());
    for (int i = 0; i < partitionFields.size(); i++) {
      Type type = partitionFields.get(i).type();
      Object value = file.partition().get(i, type.typeId().javaClass());
      writeBuffer(out, value == null ? null : Conversions.toByteBuffer(type, value));
    }
    out.writeLong(file.recordCount());
    out.writeLong(file.fileSizeInBytes());
    writeLongs(out, file.columnSizes());
    writeLongs(out, file.valueCounts());
    writeLongs(out, file.nullValueCounts());
    writeLongs(out, file.nanValueCounts());
    writeBuffers(out, file.lowerBounds());
    writeBuffers(out, file.upperBounds());
    List<Long> offsets = file.splitOffsets();
    out.writeInt(offsets == null ? -1 : offsets.size());
    if (offsets != null) {
      for (long offset : offsets) {
        out.writeLong(offset);
      }
    }
    writeBuffer(out, file.keyMetadata());
    Integer sortOrder = file.sortOrderId();
    out.writeBoolean(sortOrder != null);
    if (sortOrder != null) {
      out.writeInt(sortOrder);
    }
  }

  private static DataFile read(DataInputStream in, Table table) throws IOException {
    String location = readString(in);
    FileFormat format = FileFormat.valueOf(readString(in));
    int specId = in.readInt();
    PartitionSpec spec = table.specs().get(specId);
    if (spec == null) {
      throw new IllegalArgumentException("table " + table.name() + " has no partition spec " + specId + " (file "
          + location + ")");
    }
    List<Types.NestedField> partitionFields = spec.partitionType().fields();
    int partitionSize = in.readInt();
    if (partitionSize != partitionFields.size()) {
      throw new IllegalArgumentException("file " + location + " has " + partitionSize + " partition values, spec "
          + specId + " has " + partitionFields.size() + " fields");
    }
    PartitionData partition = new PartitionData(spec.partitionType());
    for (int i = 0; i < partitionSize; i++) {
      ByteBuffer value = readBuffer(in);
      partition.set(i, value == null ? null : Conversions.fromByteBuffer(partitionFields.get(i).type(), value));
    }
    long records = in.readLong();
    long size = in.readLong();
    Metrics metrics = new Metrics(records, readLongs(in), readLongs(in), readLongs(in), readLongs(in),
        readBuffers(in), readBuffers(in));
    int offsetCount = in.readInt();
    List<Long> offsets = null;
    if (offsetCount >= 0) {
      offsets = new ArrayList<>(offsetCount);
      for (int i = 0; i < offsetCount; i++) {
        offsets.add(in.readLong());
      }
    }
    ByteBuffer keyMetadata = readBuffer(in);
    DataFiles.Builder builder = DataFiles.builder(spec)
        .withPath(location)
        .withFormat(format)
        .withPartition(spec.isUnpartitioned() ? null : partition)
        .withFileSizeInBytes(size)
        .withMetrics(metrics)
        .withSplitOffsets(offsets)
        .withEncryptionKeyMetadata(keyMetadata);
    if (in.readBoolean()) {
      int sortOrderId = in.readInt();
      // the unsorted order (id 0), which new files get by default, is in a table's orders only if it ever had it
      SortOrder order = sortOrderId == SortOrder.unsorted().orderId() ? SortOrder.unsorted()
          : table.sortOrders().get(sortOrderId);
      if (order == null) {
        throw new IllegalArgumentException("table " + table.name() + " has no sort order " + sortOrderId);
      }
      builder.withSortOrder(order);
    }
    return builder.build();
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void writeBuffer(DataOutputStream out, ByteBuffer value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    ByteBuffer copy = value.duplicate();
    out.writeInt(copy.remaining());
    while (copy.hasRemaining()) {
      out.write(copy.get());
    }
  }

  private static ByteBuffer readBuffer(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return ByteBuffer.wrap(bytes);
  }

  private static void writeLongs(DataOutputStream out, Map<Integer, Long> values) throws IOException {
    out.writeInt(values == null ? -1 : values.size());
    if (values != null) {
      for (Map.Entry<Integer, Long> entry : values.entrySet()) {
        out.writeInt(entry.getKey());
        out.writeLong(entry.getValue());
      }
    }
  }

  private static Map<Integer, Long> readLongs(DataInputStream in) throws IOException {
    int size = in.readInt();
    if (size < 0) {
      return null;
    }
    Map<Integer, Long> values = new HashMap<>(2 * size);
    for (int i = 0; i < size; i++) {
      values.put(in.readInt(), in.readLong());
    }
    return values;
  }

  private static void writeBuffers(DataOutputStream out, Map<Integer, ByteBuffer> values) throws IOException {
    out.writeInt(values == null ? -1 : values.size());
    if (values != null) {
      for (Map.Entry<Integer, ByteBuffer> entry : values.entrySet()) {
        out.writeInt(entry.getKey());
        writeBuffer(out, entry.getValue());
      }
    }
  }

  private static Map<Integer, ByteBuffer> readBuffers(DataInputStream in) throws IOException {
    int size = in.readInt();
    if (size < 0) {
      return null;
    }
    Map<Integer, ByteBuffer> values = new HashMap<>(2 * size);
    for (int i = 0; i < size; i++) {
      values.put(in.readInt(), readBuffer(in));
    }
    return values;
  }
}
