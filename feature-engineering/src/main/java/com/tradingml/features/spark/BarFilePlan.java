package com.tradingml.features.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Which data files hold each symbol's bars in a snapshot of a bars table, from Iceberg's metadata alone (planned on
 * the driver): the tasks then read each symbol's files themselves ({@link BarFileReader}), so no Spark scan, row
 * conversion or sort runs. A file's symbol is settled by an identity partition on {@code symbol} or by equal lower
 * and upper bounds of the column (every file this project writes has both); its time range by the timestamp
 * column's bounds.
 *
 * <p>Not every table can be planned so: a file with row-level deletes, or one whose metadata does not settle a
 * single symbol (an unpartitioned table written by another engine), makes {@link #of} return empty, and the job
 * reads the table through Spark's scan instead, grouped and sorted by Spark.
 */
final class BarFilePlan {

  /** One data file of a symbol; bounds are {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE} when unknown. */
  record BarFile(String location, long length, long rows, long minMicros, long maxMicros) implements Serializable {}

  /** One symbol's files and row count. */
  record SymbolFiles(String symbol, List<BarFile> files, long rows) implements Serializable {}

  private BarFilePlan() {}

  /**
   * Every symbol of {@code snapshotId}'s files, largest first (so a task per symbol, scheduled in this order, keeps
   * both cores busy to the end); empty if some file cannot be planned from metadata (see the class comment).
   */
  static Optional<List<SymbolFiles>> of(Table bars, long snapshotId) {
    int symbolId = bars.schema().findField("symbol").fieldId();
    int timestampId = bars.schema().findField("timestamp").fieldId();
    Map<String, List<BarFile>> bySymbol = new TreeMap<>();
    try (CloseableIterable<FileScanTask> tasks = bars.newScan().useSnapshot(snapshotId).includeColumnStats()
        .planFiles()) {
      for (FileScanTask task : tasks) {
        String symbol = symbolOf(bars, task, symbolId);
        if (symbol == null || !task.deletes().isEmpty()) {
          return Optional.empty();
        }
        bySymbol.computeIfAbsent(symbol, s -> new ArrayList<>()).add(new BarFile(task.file().location(),
            task.file().fileSizeInBytes(), task.file().recordCount(),
            bound(task.file().lowerBounds(), timestampId, Long.MIN_VALUE),
            bound(task.file().upperBounds(), timestampId, Long.MAX_VALUE)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("planning the files of " + bars.name() + " at snapshot " + snapshotId, e);
    }
    List<SymbolFiles> symbols = new ArrayList<>();
    bySymbol.forEach((symbol, files) -> symbols.add(new SymbolFiles(symbol, List.copyOf(files),
        files.stream().mapToLong(BarFile::rows).sum())));
    symbols.sort(Comparator.comparingLong(SymbolFiles::rows).reversed().thenComparing(SymbolFiles::symbol));
    return Optional.of(symbols);
  }

  /** The one symbol of a data file when its metadata says so, else null. */
  private static String symbolOf(Table bars, FileScanTask task, int symbolId) {
    PartitionSpec spec = bars.specs().get(task.file().specId());
    List<PartitionField> fields = spec.fields();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).sourceId() == symbolId && fields.get(i).transform().isIdentity()) {
        return task.file().partition().get(i, String.class);
      }
    }
    ByteBuffer lower = task.file().lowerBounds() == null ? null : task.file().lowerBounds().get(symbolId);
    ByteBuffer upper = task.file().upperBounds() == null ? null : task.file().upperBounds().get(symbolId);
    // A truncated string bound never has lower == upper (the upper one is incremented), so equal bounds are the
    // exact single value of the column (a column with nulls has no symbol to settle: the reader would fail on them).
    if (lower != null && lower.equals(upper) && task.file().nullValueCounts() != null
        && Long.valueOf(0).equals(task.file().nullValueCounts().get(symbolId))) {
      return Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(), lower).toString();
    }
    return null;
  }

  private static long bound(Map<Integer, ByteBuffer> bounds, int fieldId, long unknown) {
    ByteBuffer value = bounds == null ? null : bounds.get(fieldId);
    return value == null ? unknown : Conversions.<Long>fromByteBuffer(Types.TimestampType.withZone(), value);
  }
}
