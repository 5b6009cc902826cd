package com.tradingml.jobs.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.market.Bar;
import com.tradingml.core.synthetic.SyntheticMarket;
import com.tradingml.core.synthetic.SyntheticMarketSpec;
import com.tradingml.jobs.batch.JobDatabase;
import com.tradingml.model.runtime.RegistryModels;
import com.tradingml.model.trainer.FeatureMatrices;
import com.tradingml.model.trainer.TrainedModel;
import com.tradingml.model.trainer.TrainingConfig;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.registry.ModelVersion;
import com.tradingml.storage.tables.BarIngestion;
import com.tradingml.storage.tables.IngestRequest;
import com.tradingml.storage.tables.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promotion gate (issue 7): with a model trained on pure noise in production, a candidate trained on
 * data with a real signal is promoted; with that one in production, a noise-trained candidate is not.
 * Both decisions are recorded, and the registry audits the one alias move.
 */
class PromotionGateIT {

  private static final FeatureSet SET = FeatureSet.defaultSet();
  private static final LabelSpec LABEL = LabelSpec.defaultSpec();

  @TempDir Path home;

  @Test
  void shouldPromoteABetterCandidateAndKeepOutAWorseOneRecordingBoth() throws Exception {
    PipelineConfig config = PipelineConfig.embedded(home);
    SyntheticMarketSpec spec = SyntheticMarketSpec.builder().symbols(6).barsPerSymbol(6_000).timeframe("1m").seed(3)
        .signal(1.0).build();
    Path csv = home.resolve("bars.csv");
    SyntheticMarket.of(spec).writeCsv(csv);
    long barsSnapshot;
    try (Warehouse warehouse = Warehouse.open(config)) {
      barsSnapshot = new BarIngestion(warehouse).ingest(IngestRequest.of("syn", csv)).snapshotId();
    }
    TreeMap<String, FeatureMatrices.SymbolBars> signalBars = bars(spec);
    TreeMap<String, FeatureMatrices.SymbolBars> noiseBars = bars(spec.toBuilder().signal(0.0).seed(4).build());
    TrainingConfig training = TrainingConfig.defaults().withMaxEpochs(8);

    try (ModelRegistry registry = new ModelRegistry(config); JobDatabase db = JobDatabase.open(config)) {
      int noise = publish(registry, TrainedModel.fit(FeatureMatrices.fromBars(noiseBars, SET, LABEL), SET, LABEL, training));
      registry.setAlias("syn-mlp", "production", noise, "test", "start from a noise model");
      int good = publish(registry, TrainedModel.fit(FeatureMatrices.fromBars(signalBars, SET, LABEL), SET, LABEL, training));
      int worse = publish(registry, TrainedModel.fit(FeatureMatrices.fromBars(noiseBars, SET, LABEL), SET, LABEL,
          training.withSeed(99)));

      NightlySteps steps = new NightlySteps(config);
      PromotionDecisions decisions = new PromotionDecisions(db.dataSource());
      Map<String, Object> better = steps.backtestAndPromote(params(LocalDate.of(2024, 3, 1)), good, barsSnapshot,
          PromotionGate.defaults(), decisions);
      assertThat(better.get("promoted")).as(better.toString()).isEqualTo(true);
      assertThat(registry.aliases("syn-mlp").get("production").version()).isEqualTo(good);

      Map<String, Object> worseOutcome = steps.backtestAndPromote(params(LocalDate.of(2024, 3, 2)), worse, barsSnapshot,
          PromotionGate.defaults(), decisions);
      assertThat(worseOutcome.get("promoted")).as(worseOutcome.toString()).isEqualTo(false);
      assertThat(registry.aliases("syn-mlp").get("production").version()).as("production unchanged").isEqualTo(good);

      List<PromotionDecisions.Decision> recorded = decisions.list("syn-mlp");
      assertThat(recorded).extracting(PromotionDecisions.Decision::candidate, PromotionDecisions.Decision::promoted)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(good, true), org.assertj.core.groups.Tuple.tuple(worse, false));
      assertThat(recorded.get(1).reasons()).contains("FAIL");
      assertThat(registry.history("syn-mlp", "production")).hasSize(2); // the initial alias and the one promotion

      // Re-running a decided date decides nothing new.
      Map<String, Object> again = steps.backtestAndPromote(params(LocalDate.of(2024, 3, 2)), worse, barsSnapshot,
          PromotionGate.defaults(), decisions);
      assertThat(again.get("decidedEarlier")).isEqualTo(true);
      assertThat(decisions.list("syn-mlp")).hasSize(2);
    }
  }

  private NightlySteps.Params params(LocalDate date) {
    return new NightlySteps.Params(date, "syn", List.of(), "syn-mlp", SET, LABEL, TrainingConfig.defaults(), "test", Map.of());
  }

  private int publish(ModelRegistry registry, TrainedModel trained) {
    ModelVersion version = RegistryModels.publish(registry, "syn-mlp", trained.toPackage(Map.of("test", true), List.<Bar>of()),
        home.resolve("pkg-" + System.nanoTime()), Map.of("test-macro-auc", Double.toString(trained.model().macroRocAuc())),
        "test");
    return version.version();
  }

  private static TreeMap<String, FeatureMatrices.SymbolBars> bars(SyntheticMarketSpec spec) {
    TreeMap<String, List<double[]>> rows = new TreeMap<>();
    SyntheticMarket.of(spec).generate((symbol, micros, o, h, l, c, v) ->
        rows.computeIfAbsent(symbol, s -> new ArrayList<>()).add(new double[] {micros, o, h, l, c, v}));
    TreeMap<String, FeatureMatrices.SymbolBars> out = new TreeMap<>();
    rows.forEach((symbol, list) -> {
      int n = list.size();
      long[] ts = new long[n];
      double[][] cols = new double[5][n];
      for (int i = 0; i < n; i++) {
        ts[i] = (long) list.get(i)[0];
        for (int k = 0; k < 5; k++) {
          cols[k][i] = list.get(i)[k + 1];
        }
      }
      out.put(symbol, new FeatureMatrices.SymbolBars(ts, cols[0], cols[1], cols[2], cols[3], cols[4]));
    });
    return out;
  }
}
