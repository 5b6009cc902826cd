package com.tradingml.storage.tables;

import com.tradingml.core.ingest.ValidationLimits;
import java.nio.file.Path;
import java.util.List;

/**
 * What to ingest and how strictly.
 *
 * @param dataset the dataset name ({@code bars.NAME}, {@code quarantine.NAME})
 * @param inputs files or directories (a directory contributes every {@code .csv}, {@code .csv.gz} and
 *     {@code .parquet} file below it, in name order)
 * @param maxQuarantineRatio above this fraction of quarantined rows the run fails before committing
 * @param limits validation limits
 * @param runId the job execution id recorded in lineage; null derives one from the inputs' digests, so
 *     the same inputs always produce the same run id and the same file names
 * @param codeVersion the build's version, recorded in lineage
 */
public record IngestRequest(
    String dataset, List<Path> inputs, double maxQuarantineRatio, ValidationLimits limits, String runId,
    String codeVersion) {

  public static final double DEFAULT_MAX_QUARANTINE_RATIO = 0.2;

  public IngestRequest {
    TableSchemas.validateDatasetName(dataset);
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("ingest needs at least one input file or directory");
    }
    inputs = List.copyOf(inputs);
    if (!(maxQuarantineRatio >= 0 && maxQuarantineRatio <= 1)) {
      throw new IllegalArgumentException("max quarantine ratio must be within [0, 1], got " + maxQuarantineRatio);
    }
    if (limits == null) {
      limits = ValidationLimits.DEFAULT;
    }
    if (codeVersion == null) {
      codeVersion = "unknown";
    }
  }

  public static IngestRequest of(String dataset, Path input) {
    return new IngestRequest(dataset, List.of(input), DEFAULT_MAX_QUARANTINE_RATIO, ValidationLimits.DEFAULT, null, null);
  }
}
