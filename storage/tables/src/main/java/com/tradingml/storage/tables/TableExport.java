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
        BarsScan.SymbolRows collected = scan.inTimeOrder(symbol.symbol(), Long.MIN_VALUE, Long.MAX_VALUE);
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

  /**
   * Exports any symbol-partitioned table with a {@code timestamp} column (the features tables): header =
   * the column names in schema order, rows sorted by symbol then timestamp, doubles as shortest
   * round-trip decimals (NaN empty), timestamps ISO-8601 UTC. Memory: one symbol's rows at a time.
   */
  public static long exportBySymbol(Table table, Long snapshotId, Path out) {
    if (snapshotId != null && table.snapshot(snapshotId) == null) {
      throw new IllegalArgumentException("table " + table.name() + " has no snapshot " + snapshotId);
    }
    Long snapshot = snapshotId != null ? snapshotId
        : table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
    List<org.apache.iceberg.types.Types.NestedField> columns = table.schema().columns();
    java.util.TreeSet<String> symbols = new java.util.TreeSet<>();
    if (snapshot != null) {
      try (CloseableIterable<org.apache.iceberg.FileScanTask> tasks = table.newScan().useSnapshot(snapshot).planFiles()) {
        tasks.forEach(t -> symbols.add(t.file().partition().get(0, String.class)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return writeAtomically(out, writer -> {
      writer.write(String.join(",", columns.stream().map(org.apache.iceberg.types.Types.NestedField::name).toList()));
      writer.write('\n');
      long rows = 0;
      for (String symbol : symbols) {
        List<Record> records = new ArrayList<>();
        try (CloseableIterable<Record> read = IcebergGenerics.read(table).useSnapshot(snapshot)
            .where(org.apache.iceberg.expressions.Expressions.equal("symbol", symbol)).build()) {
          read.forEach(r -> records.add(r.copy()));
        }
        records.sort(Comparator.comparing(r -> (java.time.OffsetDateTime) r.getField("timestamp")));
        StringBuilder line = new StringBuilder(512);
        for (Record r : records) {
          line.setLength(0);
          for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
              line.append(',');
            }
            line.append(cell(r.get(i)));
          }
          writer.write(line.append('\n').toString());
        }
        rows += records.size();
      }
      return rows;
    });
  }

  private static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double d) {
      return CsvText.number(d);
    }
    if (value instanceof Float f) {
      return CsvText.number(f);
    }
    if (value instanceof java.time.OffsetDateTime t) {
      return t.toInstant().toString();
    }
    return CsvText.field(value.toString());
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

}
