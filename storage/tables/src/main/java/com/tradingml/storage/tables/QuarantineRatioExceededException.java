package com.tradingml.storage.tables;

import com.tradingml.core.ingest.InvalidInputException;

/** Too much of the input was bad: the run fails before anything is committed (RELIABILITY.md B4). */
public final class QuarantineRatioExceededException extends InvalidInputException {
  private final transient IngestReport report;

  public QuarantineRatioExceededException(IngestReport report, double maxRatio) {
    super(String.format("%d of %d rows (%.1f%%) would be quarantined, above the limit of %.1f%%; nothing was "
            + "committed. Reasons: %s. Fix the input or raise --max-quarantine-ratio.",
        report.rowsQuarantined(), report.rowsRead(), 100 * report.quarantineRatio(), 100 * maxRatio,
        report.quarantinedByReason()));
    this.report = report;
  }

  public IngestReport report() {
    return report;
  }
}
