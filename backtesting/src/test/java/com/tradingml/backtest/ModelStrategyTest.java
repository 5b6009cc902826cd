package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.FeatureState;
import com.tradingml.core.policy.DecisionPolicy;
import com.tradingml.core.policy.PolicyDecision;
import com.tradingml.core.policy.PositionMode;
import com.tradingml.model.runtime.ModelPackage;
import com.tradingml.core.config.PipelineConfig;
import com.tradingml.model.runtime.RegistryModels;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.registry.ModelVersion;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model package traded through the serving path: online features, prepared inputs, predictor, policy, risk. */
class ModelStrategyTest {

  private static BarSource data;
  private static ModelPackage model;

  @BeforeAll
  static void buildModel() {
    data = TestData.synthetic(3, 400, "1d", 77);
    model = TestModels.mlp(5, 12, TestModels.featureRows(data, FeatureSet.defaultSet()), 1.0);
  }

  private static DecisionPolicy policy() {
    return DecisionPolicy.builder().minProbability(0.4).minEdge(0.05).scaledByEdge().maxPosition(500).lotSize(10)
        .positionMode(PositionMode.LONG_SHORT).build();
  }

  @Test
  void shouldTradeEveryOrderTheServingPathDecidesAndNothingElse() {
    ModelStrategy strategy = ModelStrategy.of(model, policy(), "demo@candidate", "demo@1");
    BacktestConfig config = BacktestConfig.builder().fill(FillTiming.SIGNAL_CLOSE).build();

    BacktestResult result = BacktestEngine.run(data, strategy, config);

    // The serving path by hand, bar by bar in replay order (aligned calendar: time-major, symbol order).
    FeatureSet set = FeatureSet.defaultSet();
    FeatureState[] states = {set.newState(), set.newState(), set.newState()};
    long[] position = new long[3];
    double[] inputs = new double[set.inputColumns().size()];
    double[] probabilities = new double[3];
    List<String> expected = new ArrayList<>();
    long holds = 0;
    for (int i = 0; i < 400; i++) {
      for (int s = 0; s < 3; s++) {
        SymbolSeries series = data.series(s);
        states[s].update(series.time(i), series.open(i), series.high(i), series.low(i), series.close(i),
            series.volume(i));
        if (!states[s].isWarm()) {
          continue;
        }
        states[s].inputs(inputs);
        assertThat(set.prepareModelInputs(inputs)).isTrue();
        model.predictor().predict(inputs, probabilities);
        PolicyDecision decision = policy().decide(probabilities, position[s]);
        if (decision.isOrder()) {
          long signed = decision.side().orElseThrow().signed(decision.quantity());
          expected.add(series.symbol() + " " + i + " " + signed);
          position[s] += signed;
        } else {
          holds++;
        }
      }
    }
    List<String> actual = result.fills().stream().map(f -> f.symbol() + " " + f.barIndex() + " " + f.signedQuantity())
        .toList();
    assertThat(actual).hasSizeGreaterThan(20).isEqualTo(expected);
    Map<String, Long> statistics = result.strategyStatistics();
    int warmup = set.warmupBars();
    assertThat(statistics.get("warming_up")).isEqualTo(3L * (warmup - 1));
    assertThat(statistics.get("decisions")).isEqualTo(3L * (400 - warmup + 1));
    assertThat(statistics.get("invalid_inputs")).isZero();
    assertThat(statistics.get("decisions") - expected.size()).isEqualTo(holds);
    assertThat(result.rejections()).isEmpty();
    assertThat(result.fills()).allSatisfy(f -> assertThat(f.barIndex()).isGreaterThanOrEqualTo(warmup - 1));
    assertThat(strategy.parameters()).containsEntry("model_version", "demo@1")
        .containsEntry("feature_set_hash", set.hash());
  }

  @Test
  void shouldTradeARegistryVersionResolvedByAliasExactlyAsThePackageItWasPublishedFrom(@TempDir Path temp) {
    try (ModelRegistry registry = new ModelRegistry(PipelineConfig.embedded(temp.resolve("home")),
        Clock.systemUTC())) {
      ModelVersion version = RegistryModels.publish(registry, "demo", model, temp.resolve("publish"), Map.of(),
          "test");
      registry.setAlias("demo", ModelRegistry.CANDIDATE, version.version(), "test", "backtest me");
      BacktestConfig config = BacktestConfig.builder().fill(FillTiming.SIGNAL_CLOSE).build();

      ModelStrategy loaded = ModelStrategy.fromRegistry(registry, "demo@candidate", temp.resolve("load"), policy());
      BacktestResult fromRegistry = BacktestEngine.run(data, loaded, config);
      BacktestResult direct = BacktestEngine.run(data, ModelStrategy.of(model, policy(), null, null), config);

      assertThat(fromRegistry.fills()).isNotEmpty().isEqualTo(direct.fills());
      assertThat(loaded.parameters()).containsEntry("model_ref", "demo@candidate")
          .containsEntry("model_version", "demo@" + version.version());
    }
  }

  @Test
  void shouldHoldWhenTheModelGivesNoValidProbabilities() {
    // A normalizer with the smallest positive deviation turns every input that is not exactly its mean into an
    // infinity: the network's sums become NaN, the policy holds (invalid_probabilities), no order is ever made.
    ModelPackage broken = TestModels.mlp(6, 8, TestModels.featureRows(data, FeatureSet.defaultSet()),
        Double.MIN_VALUE);
    ModelStrategy strategy = ModelStrategy.of(broken, policy(), null, null);

    BacktestResult result = BacktestEngine.run(data, strategy, BacktestConfig.builder().build());

    assertThat(result.fills()).isEmpty();
    assertThat(result.orders().placed()).isZero();
    assertThat(result.strategyStatistics()).containsEntry("policy:invalid_probabilities",
        result.strategyStatistics().get("decisions"));
    assertThat(result.strategyStatistics().get("decisions")).isPositive();
  }
}
