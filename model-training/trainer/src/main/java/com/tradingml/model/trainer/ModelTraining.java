package com.tradingml.model.trainer;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import com.tradingml.model.runtime.ModelPackage;
import com.tradingml.model.runtime.RegistryModels;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.registry.ModelVersion;
import com.tradingml.storage.tables.BarsScan;
import com.tradingml.storage.tables.Warehouse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * {@code pipeline train}: a features snapshot in, a READY registry version out. Reads the features table
 * (refusing one computed with a different feature definition than this code's), fits and evaluates a
 * {@link TrainedModel}, packages it with the last bars per symbol of the bars snapshot the features came
 * from (serving warms its online features from them), and publishes it.
 */
public final class ModelTraining {

  /** Bars per symbol published with a model for serving's warm-up: past every indicator's seeding decay. */
  public static final int WARMUP_BARS = 500;

  /**
   * @param featureSet the set whose features table {@code features.<dataset>__<set>} is read
   * @param featuresSnapshot the snapshot to train on; null = current
   */
  public record Request(String dataset, String model, FeatureSet featureSet, Long featuresSnapshot, TrainingConfig config,
      String codeVersion, String actor, Map<String, String> extraMetadata) {

    public Request {
      extraMetadata = extraMetadata == null ? Map.of() : Map.copyOf(extraMetadata);
    }
  }

  /** What was published, with the fit (metrics, training history). */
  public record Outcome(ModelVersion version, TrainedModel trained, ModelPackage modelPackage, long featuresSnapshotId,
      long barsSnapshotId, FeatureTableReader.Result data) {}

  private ModelTraining() {}

  public static Outcome train(Warehouse warehouse, ModelRegistry registry, Request request, Path workDirectory) {
    FeatureSet set = request.featureSet();
    Table features = warehouse.findFeaturesTable(request.dataset(), set.name()).orElseThrow(() ->
        new IllegalArgumentException("no features table features." + request.dataset() + "__" + set.name()
            + "; compute it first: pipeline features --dataset " + request.dataset() + " --feature-set " + set.name()));
    Snapshot snapshot = request.featuresSnapshot() == null ? features.currentSnapshot()
        : features.snapshot(request.featuresSnapshot());
    if (snapshot == null) {
      throw new IllegalArgumentException("features." + request.dataset() + "__" + set.name() + " has no snapshot "
          + (request.featuresSnapshot() == null ? "(empty table)" : request.featuresSnapshot()));
    }
    Map<String, String> summary = snapshot.summary();
    String recordedHash = summary.get("pipeline.feature-set-hash");
    if (!set.hash().equals(recordedHash)) {
      throw new IllegalArgumentException("features snapshot " + snapshot.snapshotId() + " was computed with feature set hash "
          + recordedHash + " but this code's " + set.name() + " has hash " + set.hash()
          + ": recompute the features (pipeline features) before training");
    }
    LabelSpec label = new LabelSpec(Integer.parseInt(summary.get("pipeline.label-horizon")),
        Double.parseDouble(summary.get("pipeline.label-dead-zone")));
    long barsSnapshotId = Long.parseLong(summary.get("pipeline.bars-snapshot-id"));

    FeatureTableReader.Result data = FeatureTableReader.read(features, snapshot.snapshotId(), set);
    TrainedModel trained = TrainedModel.fit(data.matrix(), set, label, request.config());

    Map<String, Object> lineage = new LinkedHashMap<>();
    lineage.put("dataset", request.dataset());
    lineage.put("featuresTable", "features." + request.dataset() + "__" + set.name());
    lineage.put("featuresSnapshotId", snapshot.snapshotId());
    lineage.put("barsTable", "bars." + request.dataset());
    lineage.put("barsSnapshotId", barsSnapshotId);
    lineage.put("codeVersion", request.codeVersion());
    lineage.put("rowsRead", data.rowsRead());
    lineage.put("rowsUsed", data.matrix().rows());

    Table bars = warehouse.findBarsTable(request.dataset()).orElseThrow();
    ModelPackage modelPackage = trained.toPackage(lineage, lastBars(BarsScan.atSnapshot(bars, barsSnapshotId), WARMUP_BARS));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("dataset", request.dataset());
    metadata.put("features-snapshot-id", Long.toString(snapshot.snapshotId()));
    metadata.put("bars-snapshot-id", Long.toString(barsSnapshotId));
    metadata.put("test-accuracy", Double.toString(trained.model().accuracy()));
    metadata.put("test-macro-auc", Double.toString(trained.model().macroRocAuc()));
    metadata.put("beats-baselines", Boolean.toString(trained.beatsBaselines()));
    metadata.putAll(request.extraMetadata());
    ModelVersion version = RegistryModels.publish(registry, request.model(), modelPackage, workDirectory, metadata,
        request.actor());
    return new Outcome(version, trained, modelPackage, snapshot.snapshotId(), barsSnapshotId, data);
  }

  /** The last {@code n} bars of every symbol, in time order. */
  static List<Bar> lastBars(BarsScan scan, int n) {
    List<Bar> result = new ArrayList<>();
    for (String symbol : scan.symbolNames()) {
      List<Bar> all = new ArrayList<>();
      scan.forEachInTimeOrder(symbol, Long.MIN_VALUE, Long.MAX_VALUE, (s, ts, o, h, l, c, v) ->
          all.add(new Bar(Symbol.of(s), Bar.instantOfMicros(ts), o, h, l, c, v)));
      all.sort(java.util.Comparator.comparing(Bar::timestamp));
      ArrayDeque<Bar> tail = new ArrayDeque<>(all.subList(Math.max(0, all.size() - n), all.size()));
      result.addAll(tail);
    }
    return result;
  }
}
