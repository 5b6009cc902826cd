package com.tradingml.storage.tables;

import com.tradingml.core.market.RejectReason;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an ingest run did: counts (read = kept + quarantined), per-reason counts, the files read and
 * skipped (already ingested, by content digest), and the committed snapshot.
 *
 * @param snapshotId the bars snapshot this run committed, or the current one when nothing was new
 * @param committed whether this run committed a new bars snapshot
 */
public record IngestReport(
    String dataset, String runId, long rowsRead, long rowsKept, long rowsQuarantined,
    Map<RejectReason, Long> quarantinedByReason, List<InputFileInfo> ingested, List<InputFileInfo> skipped,
    Long snapshotId, Long quarantineSnapshotId, boolean committed, double seconds) {

  /** One input file: where it was, its SHA-256 and size, and the rows it gave. */
  public record InputFileInfo(String path, String sha256, long bytes, long rowsRead, long rowsKept,
      long rowsQuarantined) {}

  public IngestReport {
    EnumMap<RejectReason, Long> reasons = new EnumMap<>(RejectReason.class);
    reasons.putAll(quarantinedByReason);
    quarantinedByReason = java.util.Collections.unmodifiableMap(reasons);
    ingested = List.copyOf(ingested);
    skipped = List.copyOf(skipped);
    if (rowsRead != rowsKept + rowsQuarantined) {
      throw new IllegalStateException("rows read " + rowsRead + " != kept " + rowsKept + " + quarantined " + rowsQuarantined);
    }
  }

  public double quarantineRatio() {
    return rowsRead == 0 ? 0 : (double) rowsQuarantined / rowsRead;
  }

  /** The JSON summary of {@code pipeline ingest --json}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", dataset);
    m.put("runId", runId);
    m.put("rowsRead", rowsRead);
    m.put("rowsKept", rowsKept);
    m.put("rowsQuarantined", rowsQuarantined);
    Map<String, Long> reasons = new LinkedHashMap<>();
    quarantinedByReason.forEach((reason, count) -> reasons.put(reason.name(), count));
    m.put("quarantinedByReason", reasons);
    m.put("quarantineRatio", quarantineRatio());
    m.put("committed", committed);
    m.put("snapshotId", snapshotId);
    m.put("quarantineSnapshotId", quarantineSnapshotId);
    m.put("filesIngested", ingested.stream().map(IngestReport::fileMap).toList());
    m.put("filesSkippedAlreadyIngested", skipped.stream().map(IngestReport::fileMap).toList());
    m.put("seconds", Math.round(seconds * 1000) / 1000.0);
    return m;
  }

  private static Map<String, Object> fileMap(InputFileInfo f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", f.path());
    m.put("sha256", f.sha256());
    m.put("bytes", f.bytes());
    m.put("rowsRead", f.rowsRead());
    m.put("rowsKept", f.rowsKept());
    m.put("rowsQuarantined", f.rowsQuarantined());
    return m;
  }
}
