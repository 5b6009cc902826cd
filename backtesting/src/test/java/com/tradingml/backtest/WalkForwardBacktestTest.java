package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.policy.DecisionPolicy;
import com.tradingml.core.policy.PositionMode;
import com.tradingml.core.synthetic.SyntheticMarket;
import com.tradingml.core.synthetic.SyntheticMarketSpec;
import com.tradingml.model.trainer.TrainedModel;
import com.tradingml.model.trainer.TrainingConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walk-forward on generated markets with a known answer (core's {@code SyntheticMarket}): with a planted signal the
 * stitched out-of-sample result is clearly profitable, on pure noise it is not; no window trades a bar its model
 * saw; the same inputs give the same result.
 */
class WalkForwardBacktestTest {

  private static final int SYMBOLS = 4;
  private static final int BARS = 5_000;
  private static final int TRAINING = 2_000;
  private static final FeatureSet SET = FeatureSet.defaultSet();

  private static BarSource planted;
  private static BarSource noise;
  private static WalkForwardResult plantedResult;
  private static WalkForwardResult noiseResult;

  @BeforeAll
  static void runBoth() {
    planted = market(1.0, 2024);
    noise = market(0.0, 2024);
    plantedResult = WalkForwardBacktest.run(planted, config(), info("planted"));
    noiseResult = WalkForwardBacktest.run(noise, config(), info("noise"));
  }

  static BarSource market(double signal, long seed) {
    SyntheticMarketSpec spec = SyntheticMarketSpec.builder().symbols(SYMBOLS).barsPerSymbol(BARS).timeframe("1m")
        .seed(seed).signal(signal).startDate(LocalDate.of(2024, 3, 4)).monteCarloStates(1).monteCarloPaths(2).build();
    BarSource.Builder builder = BarSource.builder();
    SyntheticMarket.of(spec).generate(builder::add);
    return builder.build();
  }

  static WalkForwardConfig config() {
    TrainingConfig training = new TrainingConfig(List.of(16), "relu", 0.0, 1e-4, 3e-3, 256, 8, 3, 42L, true, 0.6, 0.2,
        5, 1e-3);
    DecisionPolicy policy = DecisionPolicy.builder().minProbability(0.4).fixedQuantity(100).maxPosition(100)
        .positionMode(PositionMode.LONG_SHORT).build();
    return WalkForwardConfig.builder().retrainEveryBars(750).trainingBars(TRAINING).featureSet(SET)
        .label(LabelSpec.defaultSpec()).training(training).policy(policy)
        .backtest(BacktestConfig.builder().fill(FillTiming.SIGNAL_CLOSE).build()).modelName("wf-test").build();
  }

  static RunInfo info(String name) {
    return RunInfo.builder().label("dataset", name).codeVersion("test").build();
  }

  /** The Sharpe ratio's t statistic: per-period Sharpe x sqrt(periods). */
  private static double tStatistic(WalkForwardResult result) {
    PerformanceMetrics m = result.backtest().metrics().total();
    return m.sharpe() / Math.sqrt(result.backtest().metrics().periodsPerYear()) * Math.sqrt(m.periods());
  }

  @Test
  void shouldTradeAPlantedSignalProfitablyOutOfSampleAndPureNoiseNot() {
    PerformanceMetrics p = plantedResult.backtest().metrics().total();
    PerformanceMetrics n = noiseResult.backtest().metrics().total();
    System.out.printf("planted: t %.2f, return %.4f, hit rate %.3f, %d trades; noise: t %.2f, return %.4f, hit rate "
            + "%.3f, %d trades%n", tStatistic(plantedResult), p.totalReturn(), p.hitRate(), p.trades(),
        tStatistic(noiseResult), n.totalReturn(), n.hitRate(), n.trades());
    for (WalkForwardWindowResult w : plantedResult.windows()) {
      System.out.printf("planted window %d: test accuracy %.3f (majority %.3f), return %.4f, trades %d%n",
          w.window().index(), w.testMetrics().accuracy(), w.majorityBaseline().accuracy(), w.windowReturn(), w.trades());
    }
    // 4 symbols x 3,000 out-of-sample bars: a skill-less strategy's t statistic is about N(0, 1).
    assertThat(tStatistic(plantedResult)).as("planted signal, out of sample").isGreaterThan(6);
    assertThat(Math.abs(tStatistic(noiseResult))).as("pure noise, out of sample").isLessThan(3);
    assertThat(p.hitRate()).isGreaterThan(n.hitRate() + 0.05);
    assertThat(plantedResult.windows()).allSatisfy(w -> assertThat(w.testMetrics().accuracy())
        .isGreaterThan(w.majorityBaseline().accuracy()));
  }

  @Test
  void shouldNeverTradeABarItsModelWasTrainedOrValidatedOn() {
    for (WalkForwardResult result : List.of(plantedResult, noiseResult)) {
      List<WalkForwardWindowResult> windows = result.windows();
      assertThat(windows).hasSize(4);
      for (WalkForwardWindowResult w : windows) {
        long tradeFrom = w.window().tradeFromMicros();
        assertThat(w.lastTrainingBarMicros()).isLessThan(tradeFrom);
        assertThat(Math.max(w.lastTrainRowMicros(), Math.max(w.lastValidationRowMicros(), w.lastTestRowMicros())))
            .isLessThanOrEqualTo(w.lastTrainingBarMicros());
        assertThat(w.fills()).isPositive();
        assertThat(w.firstFillMicros()).isGreaterThanOrEqualTo(tradeFrom);
      }
      // Every stitched fill, attributed to its window by its order id, is after everything its model read.
      for (Fill fill : result.backtest().fills()) {
        int window = Integer.parseInt(fill.orderId().substring(1, fill.orderId().indexOf('-')));
        WalkForwardWindowResult w = windows.get(window);
        assertThat(fill.timeMicros()).isGreaterThanOrEqualTo(w.window().tradeFromMicros())
            .isGreaterThan(w.lastTrainingBarMicros());
        assertThat(fill.signalTimeMicros()).isGreaterThanOrEqualTo(w.window().tradeFromMicros())
            .isLessThan(w.window().tradeToMicros());
      }
      // Trades open inside a window's trading range only.
      for (Trade trade : result.backtest().trades()) {
        assertThat(trade.entryTimeMicros()).isGreaterThanOrEqualTo(windows.get(0).window().tradeFromMicros());
      }
      assertThat(result.backtest().rejections()).noneMatch(r -> r.reason().equals(OrderRejection.WARMUP));
    }
  }

  @Test
  void shouldFitEachModelOnlyOnBarsBeforeItsWindow() {
    WalkForwardWindow window = WalkForwardBacktest.plan(planted, config()).get(1);
    // Every bar from the window's first traded timestamp on replaced by a different market (same calendar).
    BarSource other = market(0.0, 99);
    List<SymbolSeries> spliced = new ArrayList<>();
    for (int s = 0; s < SYMBOLS; s++) {
      SymbolSeries before = planted.series(s);
      SymbolSeries after = other.series(s);
      SymbolSeries.Builder b = SymbolSeries.builder(before.symbol());
      for (int i = 0; i < before.size(); i++) {
        SymbolSeries from = before.time(i) < window.tradeFromMicros() ? before : after;
        double scale = from == before ? 1 : before.close(i) / after.close(i) * 1.5;
        b.add(before.time(i), from.open(i) * scale, from.high(i) * scale, from.low(i) * scale, from.close(i) * scale,
            from.volume(i));
      }
      spliced.add(b.build());
    }
    BarSource changed = BarSource.of(spliced);
    assertThat(WalkForwardBacktest.plan(changed, config()).get(1)).isEqualTo(window);

    TrainedModel original = WalkForwardBacktest.train(planted, window, config());
    TrainedModel retrained = WalkForwardBacktest.train(changed, window, config());

    assertThat(retrained.training().network().params().toDoubleVector())
        .isEqualTo(original.training().network().params().toDoubleVector());
    assertThat(retrained.toPackage(Map.of(), List.of()).sha256())
        .isEqualTo(original.toPackage(Map.of(), List.of()).sha256());
  }

  @Test
  void shouldStitchTheWindowsIntoOneContinuousBacktest() {
    BacktestResult stitched = plantedResult.backtest();
    List<WalkForwardWindowResult> windows = plantedResult.windows();
    long[] timeline = WalkForwardBacktest.timeline(planted);
    long[] outOfSample = Arrays.copyOfRange(timeline, TRAINING, timeline.length);
    EquityCurve curve = stitched.equityCurve();
    long[] times = new long[curve.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = curve.timeMicros(i);
    }
    assertThat(times).isEqualTo(outOfSample);
    assertThat(stitched.metrics().total().periods()).isEqualTo(outOfSample.length);
    assertThat(windows.get(0).startEquityMicros()).isEqualTo(BacktestConfig.DEFAULT_INITIAL_CASH.micros());
    for (int k = 1; k < windows.size(); k++) {
      assertThat(windows.get(k).startEquityMicros()).isEqualTo(windows.get(k - 1).endEquityMicros());
    }
    assertThat(stitched.finalEquityMicros()).isEqualTo(windows.get(windows.size() - 1).endEquityMicros());
    assertThat(stitched.fills()).hasSize(windows.stream().mapToInt(WalkForwardWindowResult::fills).sum());
    assertThat(stitched.trades()).hasSize(windows.stream().mapToInt(WalkForwardWindowResult::trades).sum());
    // Each window but the last ends flat: its trades are closed round trips.
    long openBeforeLast = stitched.trades().stream()
        .filter(t -> !t.closed() && t.entryTimeMicros() < windows.get(windows.size() - 1).window().tradeFromMicros())
        .count();
    assertThat(openBeforeLast).isZero();
    // Features warm on the bars just before each window: exactly warm-up - 1 bars per symbol and window.
    assertThat(stitched.strategyStatistics().get("warming_up"))
        .isEqualTo((long) windows.size() * SYMBOLS * (SET.warmupBars() - 1));
    assertThat(stitched.strategyStatistics().get("window_exits")).isPositive()
        .isLessThanOrEqualTo((long) (windows.size() - 1) * SYMBOLS);
    // The per-symbol metrics read the fills by their renumbered bar indexes over the out-of-sample series.
    for (Fill fill : stitched.fills()) {
      int s = stitched.symbols().indexOf(fill.symbol());
      assertThat(planted.series(s).time(fill.barIndex() + TRAINING)).isEqualTo(fill.timeMicros());
    }
    assertThat(stitched.strategyName()).isEqualTo("walk_forward");
    assertThat(stitched.strategyParameters()).containsEntry("training_bars", TRAINING)
        .containsEntry("retrain_every_bars", 750);
    assertThat(plantedResult.summary()).containsKeys("run_id", "out_of_sample", "windows", "metrics");
  }

  @Test
  void shouldGiveIdenticalResultsForIdenticalInputs() {
    WalkForwardResult again = WalkForwardBacktest.run(noise, config(), info("noise"));

    assertThat(again.backtest().summary()).isEqualTo(noiseResult.backtest().summary());
    assertThat(again.backtest().trades()).isEqualTo(noiseResult.backtest().trades());
    assertThat(again.backtest().fills()).isEqualTo(noiseResult.backtest().fills());
    assertThat(again.summary()).isEqualTo(noiseResult.summary());
    assertThat(again.windows()).extracting(WalkForwardWindowResult::modelId)
        .isEqualTo(noiseResult.windows().stream().map(WalkForwardWindowResult::modelId).toList());
  }

  @Test
  void shouldWriteTheStitchedResultLikeAnyBacktest() {
    Map<String, byte[]> files = BacktestWriter.files(plantedResult.backtest());

    assertThat(files).containsKeys(BacktestWriter.SUMMARY, BacktestWriter.TRADES, BacktestWriter.EQUITY,
        BacktestWriter.FILLS);
    String summary = new String(files.get(BacktestWriter.SUMMARY), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(summary).contains("\"walk_forward\"", "\"model_id\"", "wf-test@w3");
    assertThat(BacktestWriter.files(plantedResult.backtest()).get(BacktestWriter.TRADES))
        .isEqualTo(files.get(BacktestWriter.TRADES));
  }

  @Test
  void shouldRefuseDataShorterThanOneTrainingWindow() {
    WalkForwardConfig tooLong = WalkForwardConfig.builder().trainingBars(BARS).build();
    assertThatThrownBy(() -> WalkForwardBacktest.plan(planted, tooLong)).hasMessageContaining("5000 distinct");
  }
}
