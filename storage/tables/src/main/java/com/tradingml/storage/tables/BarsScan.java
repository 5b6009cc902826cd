package com.tradingml.storage.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.data.parquet.InternalReader;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Reads bars of one committed snapshot of a bars table: per symbol and time range, in Iceberg's
 * internal representation (no per-row timestamp objects). A scan pinned to a snapshot id sees exactly
 * that snapshot, whatever is committed meanwhile.
 */
public final class BarsScan {

  /** Receives bar rows; {@code volume} is NaN when unknown. */
  @FunctionalInterface
  public interface BarConsumer {
    void accept(String symbol, long epochMicros, double open, double high, double low, double close, double volume);
  }

  /** One symbol's data files, row count and time bounds in a snapshot. */
  public record SymbolFiles(String symbol, List<String> locations, long rows, long minMicros, long maxMicros) {}

  private final Table table;
  private final Snapshot snapshot;

  private BarsScan(Table table, Snapshot snapshot) {
    this.table = table;
    this.snapshot = snapshot;
  }

  /** The table's current snapshot (possibly none: an empty table). */
  public static BarsScan current(Table table) {
    return new BarsScan(table, table.currentSnapshot());
  }

  /** A given snapshot; an unknown id is an {@link IllegalArgumentException} naming it. */
  public static BarsScan atSnapshot(Table table, long snapshotId) {
    Snapshot snapshot = table.snapshot(snapshotId);
    if (snapshot == null) {
      throw new IllegalArgumentException("table " + table.name() + " has no snapshot " + snapshotId);
    }
    return new BarsScan(table, snapshot);
  }

  /** The snapshot id read, or null for an empty table. */
  public Long snapshotId() {
    return snapshot == null ? null : snapshot.snapshotId();
  }

  /**
   * Per symbol (sorted): data files, row count and time bounds. From metadata alone for files whose symbol
   * the metadata settles (an identity partition on {@code symbol}, or equal lower and upper bounds of the
   * column, as every file this project writes has); any other file (a bucketed or unpartitioned table's
   * file holding several symbols) has its symbol and timestamp columns read.
   */
  public TreeMap<String, SymbolFiles> symbols() {
    TreeMap<String, SymbolAccumulator> bySymbol = new TreeMap<>();
    if (snapshot != null) {
      int symbolId = table.schema().findField("symbol").fieldId();
      try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId()).includeColumnStats().planFiles()) {
        for (FileScanTask task : tasks) {
          String symbol = symbolFromMetadata(task, symbolId);
          if (symbol != null) {
            bySymbol.computeIfAbsent(symbol, SymbolAccumulator::new).add(task.file().location(),
                task.file().recordCount(),
                bound(task.file().lowerBounds().get(TableSchemas.BARS_TIMESTAMP_FIELD_ID)),
                bound(task.file().upperBounds().get(TableSchemas.BARS_TIMESTAMP_FIELD_ID)));
          } else {
            readSymbolsOf(task, bySymbol);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("planning a scan of " + table.name(), e);
      }
    }
    TreeMap<String, SymbolFiles> result = new TreeMap<>();
    bySymbol.forEach((symbol, files) -> result.put(symbol, files.toSymbolFiles()));
    return result;
  }

  /** The one symbol of a data file when its metadata says so, else null. */
  private String symbolFromMetadata(FileScanTask task, int symbolId) {
    PartitionSpec spec = table.specs().get(task.file().specId());
    List<PartitionField> fields = spec.fields();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).sourceId() == symbolId && fields.get(i).transform().isIdentity()) {
        return task.file().partition().get(i, String.class);
      }
    }
    java.nio.ByteBuffer lower = task.file().lowerBounds() == null ? null : task.file().lowerBounds().get(symbolId);
    java.nio.ByteBuffer upper = task.file().upperBounds() == null ? null : task.file().upperBounds().get(symbolId);
    // A truncated string bound never has lower == upper (the upper one is incremented), so equal bounds
    // are the exact single value of a column that has no nulls.
    if (lower != null && lower.equals(upper)) {
      return Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(), lower).toString();
    }
    return null;
  }

  /** Reads one data file's symbol and timestamp columns into the per-symbol totals. */
  private void readSymbolsOf(FileScanTask task, TreeMap<String, SymbolAccumulator> bySymbol) {
    Schema projection = TableSchemas.BARS.select("symbol", "timestamp");
    TreeMap<String, SymbolAccumulator> inFile = new TreeMap<>();
    try (CloseableIterable<StructLike> rows = Parquet.read(table.io().newInputFile(task.file().location(),
            task.file().fileSizeInBytes()))
        .project(projection)
        .createReaderFunc(fileSchema -> InternalReader.create(projection, fileSchema))
        .build()) {
      for (StructLike row : rows) {
        long ts = row.get(1, Long.class);
        inFile.computeIfAbsent(row.get(0, String.class), SymbolAccumulator::new).add(null, 1, ts, ts);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the symbols of " + task.file().location(), e);
    }
    inFile.forEach((symbol, counted) -> bySymbol.computeIfAbsent(symbol, SymbolAccumulator::new)
        .add(task.file().location(), counted.rows, counted.min, counted.max));
  }

  /** One symbol's files, rows and time bounds, summed over data files. */
  private static final class SymbolAccumulator {
    final String symbol;
    final List<String> locations = new ArrayList<>();
    long rows;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;

    SymbolAccumulator(String symbol) {
      this.symbol = symbol;
    }

    void add(String location, long fileRows, long fileMin, long fileMax) {
      if (location != null) {
        locations.add(location);
      }
      rows += fileRows;
      min = Math.min(min, fileMin);
      max = Math.max(max, fileMax);
    }

    SymbolFiles toSymbolFiles() {
      return new SymbolFiles(symbol, List.copyOf(locations), rows, min, max);
    }
  }

  private static long bound(java.nio.ByteBuffer buffer) {
    if (buffer == null) {
      throw new IllegalStateException("a bars data file has no timestamp bounds; metrics must be kept for 'timestamp'");
    }
    return Conversions.<Long>fromByteBuffer(Types.TimestampType.withZone(), buffer);
  }

  /**
   * Every bar of {@code symbol} with {@code fromMicros <= timestamp <= toMicros}, in file order (each
   * file is time-sorted; several files of one symbol are not merged: callers needing one order sort).
   */
  public void forEach(String symbol, long fromMicros, long toMicros, BarConsumer consumer) {
    forEachRow(Expressions.and(Expressions.equal("symbol", symbol),
        Expressions.and(Expressions.greaterThanOrEqual("timestamp", fromMicros),
            Expressions.lessThanOrEqual("timestamp", toMicros))),
        TableSchemas.BARS, row -> {
          long ts = row.get(1, Long.class);
          if (ts >= fromMicros && ts <= toMicros) {
            Double volume = row.get(6, Double.class);
            consumer.accept(row.get(0, String.class), ts, row.get(2, Double.class), row.get(3, Double.class),
                row.get(4, Double.class), row.get(5, Double.class), volume == null ? Double.NaN : volume);
          }
        });
  }

  /** Every bar of the snapshot, file by file. */
  public void forEach(BarConsumer consumer) {
    forEach(null, consumer);
  }

  private void forEach(Expression filter, BarConsumer consumer) {
    forEachRow(filter == null ? Expressions.alwaysTrue() : filter, TableSchemas.BARS, row -> {
      Double volume = row.get(6, Double.class);
      consumer.accept(row.get(0, String.class), row.get(1, Long.class), row.get(2, Double.class),
          row.get(3, Double.class), row.get(4, Double.class), row.get(5, Double.class),
          volume == null ? Double.NaN : volume);
    });
  }

  /** All timestamps of one symbol, sorted ascending (8 bytes per stored bar of that symbol). */
  public long[] timestamps(String symbol) {
    Schema projection = TableSchemas.BARS.select("symbol", "timestamp");
    long[][] holder = {new long[1024]};
    int[] size = {0};
    forEachRow(Expressions.equal("symbol", symbol), projection, row -> {
      if (size[0] == holder[0].length) {
        holder[0] = java.util.Arrays.copyOf(holder[0], size[0] * 2);
      }
      holder[0][size[0]++] = row.get(1, Long.class);
    });
    long[] result = java.util.Arrays.copyOf(holder[0], size[0]);
    java.util.Arrays.sort(result);
    return result;
  }

  /** The distinct symbols of the snapshot, sorted. */
  public TreeSet<String> symbolNames() {
    return new TreeSet<>(symbols().keySet());
  }

  private void forEachRow(Expression filter, Schema projection, java.util.function.Consumer<StructLike> action) {
    if (snapshot == null) {
      return;
    }
    TableScan scan = table.newScan().useSnapshot(snapshot.snapshotId()).filter(filter);
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask task : tasks) {
        try (CloseableIterable<StructLike> rows = Parquet.read(table.io().newInputFile(task.file().location(),
                task.file().fileSizeInBytes()))
            .project(projection)
            .filter(task.residual())
            .createReaderFunc(fileSchema -> InternalReader.create(projection, fileSchema))
            .build()) {
          for (StructLike row : rows) {
            action.accept(row);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + table.name() + " at snapshot " + snapshot.snapshotId(), e);
    }
  }
  /**
   * Bars of {@code symbol} within [from, to] sorted by time (several files of one symbol, e.g. from
   * several ingests, are merged). Memory: that symbol's rows.
   */
  public SymbolRows inTimeOrder(String symbol, long fromMicros, long toMicros) {
    SymbolFiles files = symbols().get(symbol);
    SymbolRows rows = new SymbolRows(files == null ? 16 : (int) Math.min(files.rows(), Integer.MAX_VALUE - 8));
    forEach(symbol, fromMicros, toMicros, rows::add);
    rows.sortByTime();
    return rows;
  }

  /** Every bar of {@code symbol} within [from, to], in time order. */
  public void forEachInTimeOrder(String symbol, long fromMicros, long toMicros, BarConsumer consumer) {
    SymbolRows rows = inTimeOrder(symbol, fromMicros, toMicros);
    for (int i = 0; i < rows.size; i++) {
      consumer.accept(symbol, rows.timestamps[i], rows.values[i * 5], rows.values[i * 5 + 1], rows.values[i * 5 + 2],
          rows.values[i * 5 + 3], rows.values[i * 5 + 4]);
    }
  }

  /** One symbol's bars in primitive arrays (open, high, low, close, volume per row), sortable by time. */
  public static final class SymbolRows {
    long[] timestamps;
    double[] values; // open, high, low, close, volume per row
    int size;

    SymbolRows(int expected) {
      timestamps = new long[Math.max(16, expected)];
      values = new double[timestamps.length * 5];
    }

    void add(String symbol, long ts, double open, double high, double low, double close, double volume) {
      if (size == timestamps.length) {
        timestamps = java.util.Arrays.copyOf(timestamps, size * 2);
        values = java.util.Arrays.copyOf(values, size * 10);
      }
      timestamps[size] = ts;
      values[size * 5] = open;
      values[size * 5 + 1] = high;
      values[size * 5 + 2] = low;
      values[size * 5 + 3] = close;
      values[size * 5 + 4] = volume;
      size++;
    }

    void sortByTime() {
      boolean sorted = true;
      for (int i = 1; i < size && sorted; i++) {
        sorted = timestamps[i - 1] <= timestamps[i];
      }
      if (sorted) {
        return;
      }
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      long[] ts = timestamps;
      java.util.Arrays.sort(order, Comparator.comparingLong(i -> ts[i]));
      long[] newTs = new long[size];
      double[] newValues = new double[size * 5];
      for (int k = 0; k < size; k++) {
        newTs[k] = ts[order[k]];
        System.arraycopy(values, order[k] * 5, newValues, k * 5, 5);
      }
      timestamps = newTs;
      values = newValues;
    }
  }
}
