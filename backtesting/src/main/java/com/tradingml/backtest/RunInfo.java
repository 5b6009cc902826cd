package com.tradingml.backtest;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the caller knows about a run's inputs that the engine cannot: which data snapshots it read, labels for
 * them, the model reference and resolved version, the code version, and optionally the run id. Recorded verbatim in
 * {@code summary.json} (DESIGN.md principle 3: a backtest records the exact data snapshot, model version, config
 * and code version it used).
 *
 * <ul>
 *   <li>{@code runId}: the directory under {@code backtests/}; when empty, derived from the inputs
 *       ({@code bt-} + 16 hex digits of the SHA-256 of the summary's {@code inputs}), so the same inputs give the
 *       same id and nothing depends on a clock. Letters, digits, {@code .}, {@code _} and {@code -}, at most 128.
 *   <li>{@code dataSnapshots}: e.g. {@code bars.dj30 -> 4711...} (table to Iceberg snapshot id).
 *   <li>{@code dataLabels}: free-form, e.g. {@code dataset -> dj30}, {@code from -> 1995-01-01}.
 *   <li>{@code modelRef} as asked ({@code m@production}) and {@code modelVersion} as resolved ({@code m@3}).
 *   <li>{@code codeVersion}: the build's version (git commit); {@code unknown} when not given.
 * </ul>
 * Immutable and thread-safe.
 */
public record RunInfo(Optional<String> runId, SortedMap<String, String> dataSnapshots,
    SortedMap<String, String> dataLabels, Optional<String> modelRef, Optional<String> modelVersion,
    String codeVersion) {

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  public RunInfo {
    if (runId == null || dataSnapshots == null || dataLabels == null || modelRef == null || modelVersion == null
        || codeVersion == null || codeVersion.isBlank()) {
      throw new IllegalArgumentException("run info fields must not be null or blank (use empty optionals)");
    }
    if (runId.isPresent() && (!RUN_ID.matcher(runId.get()).matches() || runId.get().matches("\\.+"))) {
      throw new IllegalArgumentException("run id must be 1 to 128 letters, digits, '.', '_' or '-': '" + runId.get()
          + "'");
    }
    dataSnapshots = Collections.unmodifiableSortedMap(new TreeMap<>(dataSnapshots));
    dataLabels = Collections.unmodifiableSortedMap(new TreeMap<>(dataLabels));
  }

  /** Nothing known: a derived run id, no snapshots, no model, code version {@code unknown}. */
  public static RunInfo none() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects run info. Not thread-safe. */
  public static final class Builder {
    private String runId;
    private final SortedMap<String, String> snapshots = new TreeMap<>();
    private final SortedMap<String, String> labels = new TreeMap<>();
    private String modelRef;
    private String modelVersion;
    private String codeVersion = "unknown";

    private Builder() {}

    public Builder runId(String id) {
      this.runId = id;
      return this;
    }

    public Builder snapshot(String table, String snapshotId) {
      snapshots.put(table, snapshotId);
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder model(String ref, String resolvedVersion) {
      this.modelRef = ref;
      this.modelVersion = resolvedVersion;
      return this;
    }

    public Builder codeVersion(String version) {
      this.codeVersion = version;
      return this;
    }

    public RunInfo build() {
      return new RunInfo(Optional.ofNullable(runId), snapshots, labels, Optional.ofNullable(modelRef),
          Optional.ofNullable(modelVersion), codeVersion);
    }
  }
}
