package com.tradingml.storage.tables;

import com.tradingml.core.ingest.CsvText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * What {@code pipeline data inspect} shows: symbols with row counts and time ranges, the quarantine by
 * reason, and every snapshot of the bars table with its lineage. Reads metadata only, except the
 * quarantine table (small by construction: above the ratio limit nothing is committed).
 */
public final class DatasetInspection {

  private DatasetInspection() {}

  public static Map<String, Object> inspect(Warehouse warehouse, String dataset) {
    Table bars = warehouse.findBarsTable(dataset)
        .orElseThrow(() -> new IllegalArgumentException("no dataset '" + dataset + "' (no table bars." + dataset
            + "); ingest one with: pipeline ingest --input FILE --dataset " + dataset));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("dataset", dataset);
    result.put("table", bars.name());
    result.put("location", bars.location());
    BarsScan scan = BarsScan.current(bars);
    result.put("currentSnapshotId", scan.snapshotId());
    List<Map<String, Object>> symbols = new ArrayList<>();
    long total = 0;
    for (BarsScan.SymbolFiles s : scan.symbols().values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("symbol", s.symbol());
      m.put("rows", s.rows());
      m.put("from", CsvText.timestamp(s.minMicros()));
      m.put("to", CsvText.timestamp(s.maxMicros()));
      m.put("files", s.locations().size());
      symbols.add(m);
      total += s.rows();
    }
    result.put("rows", total);
    result.put("symbols", symbols);
    result.put("quarantinedByReason", quarantineCounts(warehouse, dataset));
    List<Map<String, Object>> snapshots = new ArrayList<>();
    for (Snapshot snapshot : bars.snapshots()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("snapshotId", snapshot.snapshotId());
      m.put("parentId", snapshot.parentId());
      m.put("committedAt", Instant.ofEpochMilli(snapshot.timestampMillis()).toString());
      m.put("operation", snapshot.operation());
      Map<String, String> lineage = new TreeMap<>();
      snapshot.summary().forEach((k, v) -> {
        if (k.startsWith("pipeline.") || k.equals("added-records") || k.equals("total-records")
            || k.equals("added-data-files")) {
          lineage.put(k, v);
        }
      });
      m.put("summary", lineage);
      snapshots.add(m);
    }
    result.put("snapshots", snapshots);
    return result;
  }

  private static Map<String, Long> quarantineCounts(Warehouse warehouse, String dataset) {
    Map<String, Long> counts = new TreeMap<>();
    Table quarantine = warehouse.findQuarantineTable(dataset).orElse(null);
    if (quarantine == null || quarantine.currentSnapshot() == null) {
      return counts;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(quarantine).select("reason").build()) {
      for (Record r : rows) {
        counts.merge((String) r.getField("reason"), 1L, Long::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts;
  }
}
