package com.tradingml.jobs.cli;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.evaluation.ClassificationMetrics;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.model.trainer.ModelTraining;
import com.tradingml.model.trainer.TrainingConfig;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.tables.Warehouse;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline train --dataset NAME --model NAME [--config FILE]}: a new registry version. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train an MLP on a features snapshot (walk-forward split with purge and embargo, early stopping),",
        "evaluate it against the majority and logistic-regression baselines on the test window, and publish it",
        "to the registry as a new READY version with its model card."})
final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOption options;

  @Option(names = "--dataset", required = true, paramLabel = "NAME")
  String dataset;

  @Option(names = "--model", required = true, paramLabel = "NAME", description = "Registry model name.")
  String model;

  @Option(names = "--feature-set", paramLabel = "NAME", description = "Feature set whose table is read (default core_v1).")
  String featureSet;

  @Option(names = "--snapshot", paramLabel = "ID", description = "Features snapshot (default: current).")
  Long snapshot;

  @Option(names = "--training-config", paramLabel = "FILE",
      description = "Hyperparameters (key=value: hidden-layers, dropout, l2, learning-rate, batch-size, max-epochs, ...).")
  Path trainingConfig;

  @Option(names = "--actor", paramLabel = "WHO", description = "Recorded as the publisher (default: $USER).")
  String actor;

  @Override
  public Integer call() throws Exception {
    PipelineConfig config = options.load();
    FeatureSet set = featureSet == null ? FeatureSet.defaultSet() : FeatureSet.named(featureSet);
    TrainingConfig training = trainingConfig == null ? TrainingConfig.defaults() : TrainingConfig.fromFile(trainingConfig);
    Map<String, Object> summary = train(config, dataset, model, set, snapshot, training, actorOrUser(actor),
        spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      JsonSummary.print(out, summary);
    } else {
      out.println(describe(summary));
      out.flush();
    }
    return PipelineCli.EXIT_OK;
  }

  static String actorOrUser(String actor) {
    return actor != null ? actor : System.getProperty("user.name", "unknown");
  }

  /** Trains and publishes; shared by the command and the jobs that chain it. */
  static Map<String, Object> train(PipelineConfig config, String dataset, String model, FeatureSet set, Long snapshot,
      TrainingConfig training, String actor, PrintWriter err) throws Exception {
    long started = System.nanoTime();
    Path work = Files.createDirectories(config.home().resolve("tmp"));
    Path packageDir = Files.createTempDirectory(work, "model-");
    ModelTraining.Outcome outcome;
    try (Warehouse warehouse = Warehouse.open(config); ModelRegistry registry = new ModelRegistry(config)) {
      err.println("train: reading features." + dataset + "__" + set.name() + " and fitting (this takes a while)...");
      err.flush();
      outcome = ModelTraining.train(warehouse, registry,
          new ModelTraining.Request(dataset, model, set, snapshot, training, BuildInfo.version(), actor, Map.of()),
          packageDir.resolve("package"));
    } finally {
      deleteTree(packageDir);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("model", outcome.version().model());
    summary.put("version", outcome.version().version());
    summary.put("ref", outcome.version().ref());
    summary.put("featuresSnapshotId", outcome.featuresSnapshotId());
    summary.put("barsSnapshotId", outcome.barsSnapshotId());
    summary.put("rowsUsed", outcome.data().matrix().rows());
    summary.put("trainRows", outcome.trained().split().train().length);
    summary.put("validationRows", outcome.trained().split().validation().length);
    summary.put("testRows", outcome.trained().split().test().length);
    summary.put("epochsRun", outcome.trained().training().epochsRun());
    summary.put("bestEpoch", outcome.trained().training().bestEpoch());
    summary.put("trainingSamplesPerSecond", Math.round(outcome.trained().training().samplesPerSecond()));
    summary.put("test", metrics(outcome.trained().model()));
    summary.put("majorityBaseline", metrics(outcome.trained().majority()));
    summary.put("logisticBaseline", metrics(outcome.trained().logistic()));
    summary.put("beatsBaselines", outcome.trained().beatsBaselines());
    summary.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
    return summary;
  }

  static Map<String, Object> metrics(ClassificationMetrics m) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("accuracy", m.accuracy());
    map.put("balancedAccuracy", m.balancedAccuracy());
    map.put("logLoss", m.logLoss());
    map.put("macroRocAuc", Double.isNaN(m.macroRocAuc()) ? null : m.macroRocAuc());
    map.put("informationCoefficient", Double.isNaN(m.informationCoefficient()) ? null : m.informationCoefficient());
    map.put("n", m.n());
    return map;
  }

  @SuppressWarnings("unchecked")
  static String describe(Map<String, Object> s) {
    Map<String, Object> test = (Map<String, Object>) s.get("test");
    Map<String, Object> majority = (Map<String, Object>) s.get("majorityBaseline");
    Map<String, Object> logistic = (Map<String, Object>) s.get("logisticBaseline");
    return String.format(Locale.ROOT,
        "published %s (features snapshot %s, %,d rows: %,d train / %,d validation / %,d test; %s epochs, best %s)%n"
            + "  test accuracy %.4f  balanced %.4f  log loss %.4f  AUC %s  IC %s%n"
            + "  baselines: majority %.4f, logistic %.4f -> %s",
        s.get("ref"), s.get("featuresSnapshotId"), (Integer) s.get("rowsUsed"), (Integer) s.get("trainRows"),
        (Integer) s.get("validationRows"), (Integer) s.get("testRows"), s.get("epochsRun"), s.get("bestEpoch"),
        (Double) test.get("accuracy"), (Double) test.get("balancedAccuracy"), (Double) test.get("logLoss"),
        test.get("macroRocAuc"), test.get("informationCoefficient"), (Double) majority.get("accuracy"),
        (Double) logistic.get("accuracy"), Boolean.TRUE.equals(s.get("beatsBaselines")) ? "beats both" : "does NOT beat both");
  }

  static void deleteTree(Path root) throws java.io.IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
