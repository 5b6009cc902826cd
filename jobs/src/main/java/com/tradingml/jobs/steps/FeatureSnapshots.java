package com.tradingml.jobs.steps;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.jobs.cli.BuildInfo;
import com.tradingml.jobs.spark.SparkDriverProcess;
import com.tradingml.storage.tables.Warehouse;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Computing a features snapshot: the Spark feature job in its own JVM, or, when the features table's
 * current snapshot was already computed from the same bars snapshot with the same feature definition
 * and label, that snapshot (re-running a step after a crash then changes nothing).
 */
public final class FeatureSnapshots {


  private FeatureSnapshots() {}

  /** The current features snapshot if it was computed from exactly these inputs. */
  public static Optional<Map<String, Object>> existing(PipelineConfig config, String dataset, FeatureSet set,
      long barsSnapshotId, LabelSpec label) {
    try (Warehouse warehouse = Warehouse.open(config)) {
      Optional<Table> table = warehouse.findFeaturesTable(dataset, set.name());
      if (table.isEmpty() || table.get().currentSnapshot() == null) {
        return Optional.empty();
      }
      Snapshot current = table.get().currentSnapshot();
      Map<String, String> summary = current.summary();
      boolean same = Long.toString(barsSnapshotId).equals(summary.get("pipeline.bars-snapshot-id"))
          && set.hash().equals(summary.get("pipeline.feature-set-hash"))
          && Integer.toString(label.horizonBars()).equals(summary.get("pipeline.label-horizon"))
          && Double.toString(label.deadZone()).equals(summary.get("pipeline.label-dead-zone"));
      if (!same) {
        return Optional.empty();
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("featuresTable", "features." + dataset + "__" + set.name());
      result.put("featuresSnapshotId", current.snapshotId());
      result.put("barsSnapshotId", barsSnapshotId);
      result.put("featureSet", set.name());
      result.put("featureSetHash", set.hash());
      result.put("label", label.description());
      result.put("rows", Long.parseLong(summary.getOrDefault("total-records", "0")));
      result.put("reused", true);
      return Optional.of(result);
    }
  }

  /**
   * Runs the Spark feature job over a bars snapshot (null = current). The driver checks the dataset and the snapshot
   * itself while Spark starts, and a missing one is an {@link IllegalArgumentException} here as before; this JVM
   * does not open the catalog first (that took half a second before the driver could even start).
   */
  public static Map<String, Object> compute(PipelineConfig config, String dataset, FeatureSet set, Long barsSnapshot,
      LabelSpec label, String runId, PrintWriter err) throws Exception {
    List<String> args = new ArrayList<>(List.of("--dataset", dataset, "--feature-set", set.name(),
        "--label-horizon", Integer.toString(label.horizonBars()), "--dead-zone", Double.toString(label.deadZone()),
        "--run-id", runId, "--code-version", BuildInfo.version()));
    if (barsSnapshot != null) {
      args.addAll(List.of("--bars-snapshot", barsSnapshot.toString()));
    }
    Map<String, Object> result = new LinkedHashMap<>(SparkDriverProcess.run(config, SparkDriverProcess.App.FEATURES, args, err));
    result.put("reused", false);
    return result;
  }
}
