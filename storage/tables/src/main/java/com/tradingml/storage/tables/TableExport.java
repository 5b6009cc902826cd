package com.tradingml.storage.tables;

import com.tradingml.core.ingest.BarColumns;
import com.tradingml.core.ingest.CsvText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Writes a table snapshot as CSV. Bars: the input header, rows sorted by symbol then timestamp,
 * timestamps ISO-8601 UTC with {@code Z}, numbers that parse back to the stored doubles, so ingest then
 * export of valid rows gives back the same values. Quarantine: source file and line, reason code,
 * detail, raw text, sorted by source and line. The file appears atomically (written aside, then moved).
 */
public final class TableExport {

  public static final String QUARANTINE_HEADER = "source_file,line_number,reason,detail,raw_text,source_sha256,run_id";

  private TableExport() {}

  /** Exports bars; returns the number of rows written. Memory: one symbol's rows at a time. */
  public static long exportBars(BarsScan scan, Path out) {
    return writeAtomically(out, writer -> {
      writer.write(BarColumns.HEADER);
      writer.write('\n');
      long rows = 0;
      for (BarsScan.SymbolFiles symbol : scan.symbols().values()) {
        SymbolRows collected = new SymbolRows((int) Math.min(symbol.rows(), Integer.MAX_VALUE - 8));
        scan.forEach(symbol.symbol(), Long.MIN_VALUE, Long.MAX_VALUE, collected::add);
        collected.sortByTime();
        for (int i = 0; i < collected.size; i++) {
          writer.write(CsvText.timestamp(collected.timestamps[i]));
          writer.write(',');
          writer.write(CsvText.field(symbol.symbol()));
          writer.write(',');
          writer.write(CsvText.number(collected.values[i * 5]));
          writer.write(',');
          writer.write(CsvText.number(collected.values[i * 5 + 1]));
          writer.write(',');
          writer.write(CsvText.number(collected.values[i * 5 + 2]));
          writer.write(',');
          writer.write(CsvText.number(collected.values[i * 5 + 3]));
          writer.write(',');
          writer.write(CsvText.number(collected.values[i * 5 + 4]));
          writer.write('\n');
        }
        rows += collected.size;
      }
      return rows;
    });
  }

  /** Exports the quarantine table at a snapshot (null: current); returns the number of rows written. */
  public static long exportQuarantine(Table quarantine, Long snapshotId, Path out) {
    List<Record> rows = new ArrayList<>();
    if (quarantine.currentSnapshot() != null) {
      IcebergGenerics.ScanBuilder builder = IcebergGenerics.read(quarantine);
      if (snapshotId != null) {
        if (quarantine.snapshot(snapshotId) == null) {
          throw new IllegalArgumentException("table " + quarantine.name() + " has no snapshot " + snapshotId);
        }
        builder = builder.useSnapshot(snapshotId);
      }
      try (CloseableIterable<Record> records = builder.build()) {
        records.forEach(r -> rows.add(r.copy()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    rows.sort(Comparator.comparing((Record r) -> (String) r.getField("source_file"))
        .thenComparing(r -> (Long) r.getField("line_number")));
    return writeAtomically(out, writer -> {
      writer.write(QUARANTINE_HEADER);
      writer.write('\n');
      for (Record r : rows) {
        writer.write(CsvText.field((String) r.getField("source_file")));
        writer.write(',');
        writer.write(Long.toString((Long) r.getField("line_number")));
        writer.write(',');
        writer.write((String) r.getField("reason"));
        writer.write(',');
        writer.write(CsvText.field((String) r.getField("detail")));
        writer.write(',');
        writer.write(CsvText.field((String) r.getField("raw_text")));
        writer.write(',');
        writer.write((String) r.getField("source_sha256"));
        writer.write(',');
        writer.write(CsvText.field((String) r.getField("run_id")));
        writer.write('\n');
      }
      return (long) rows.size();
    });
  }

  private interface Body {
    long write(Writer writer) throws IOException;
  }

  private static long writeAtomically(Path out, Body body) {
    Path absolute = out.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
      Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".part");
      try {
        long rows;
        try (BufferedWriter writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
          rows = body.write(writer);
        }
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return rows;
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  /** One symbol's bars in primitive arrays, sortable by time. */
  private static final class SymbolRows {
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
