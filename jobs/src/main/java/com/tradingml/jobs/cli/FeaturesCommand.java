package com.tradingml.jobs.cli;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.jobs.steps.FeatureSnapshots;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pipeline features --dataset NAME [--feature-set NAME] [--snapshot ID]}: the Spark job that
 * computes core's features and labels over a bars snapshot into {@code features.NAME__SET}.
 */
@Command(name = "features", mixinStandardHelpOptions = true,
    description = {"Compute a feature set and labels over a bars snapshot with Spark (a child JVM, local master),",
        "writing one new snapshot of features.<dataset>__<feature set> with its lineage."})
final class FeaturesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOption options;

  @Option(names = "--dataset", required = true, paramLabel = "NAME")
  String dataset;

  @Option(names = "--feature-set", paramLabel = "NAME", description = "Feature set (default: core_v1).")
  String featureSet;

  @Option(names = "--snapshot", paramLabel = "ID", description = "The bars snapshot to read (default: current).")
  Long snapshot;

  @Option(names = "--label-horizon", defaultValue = "1", paramLabel = "H",
      description = "Label: forward log return over H bars (default ${DEFAULT-VALUE}).")
  int labelHorizon;

  @Option(names = "--dead-zone", defaultValue = "0", paramLabel = "X",
      description = "Label class FLAT when |forward return| <= X (default ${DEFAULT-VALUE}).")
  double deadZone;

  @Option(names = "--run-id", paramLabel = "ID", description = "Job execution id for lineage.")
  String runId;

  @Override
  public Integer call() throws Exception {
    PipelineConfig config = options.load();
    FeatureSet set = featureSet == null ? FeatureSet.defaultSet() : FeatureSet.named(featureSet);
    LabelSpec label = new LabelSpec(labelHorizon, deadZone);
    Map<String, Object> result = compute(config, dataset, set, snapshot, label,
        runId == null ? "features-" + dataset : runId, spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      JsonSummary.print(out, result);
    } else {
      out.printf("features %s: %s rows from bars snapshot %s in %.1fs -> snapshot %s (feature set %s, hash %s)%n",
          result.get("featuresTable"), result.get("rows"), result.get("barsSnapshotId"),
          ((Number) result.get("seconds")).doubleValue(), result.get("featuresSnapshotId"), result.get("featureSet"),
          result.get("featureSetHash"));
      out.flush();
    }
    return PipelineCli.EXIT_OK;
  }

  /** Runs the Spark feature job for a dataset (see {@link FeatureSnapshots#compute}). */
  static Map<String, Object> compute(PipelineConfig config, String dataset, FeatureSet set, Long snapshot,
      LabelSpec label, String runId, PrintWriter err) throws Exception {
    return FeatureSnapshots.compute(config, dataset, set, snapshot, label, runId, err);
  }
}
