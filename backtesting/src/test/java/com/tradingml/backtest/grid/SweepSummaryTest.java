package com.tradingml.backtest.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.backtest.BacktestEngine;
import com.tradingml.backtest.BacktestResult;
import com.tradingml.backtest.BarSource;
import com.tradingml.backtest.FillTiming;
import com.tradingml.backtest.PerformanceMetrics;
import com.tradingml.backtest.SerializableBars;
import com.tradingml.backtest.stats.DeflatedSharpe;
import com.tradingml.backtest.stats.ReturnMoments;
import com.tradingml.core.synthetic.SyntheticMarket;
import com.tradingml.core.synthetic.SyntheticMarketSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A small sweep in one JVM: every trial is the engine's run, the best is the max Sharpe, the DSR is the formula's. */
class SweepSummaryTest {

  private static BarSource bars;
  private static SweepPlan plan;
  private static List<SweepTrial> trials;

  @BeforeAll
  static void sweep() {
    SyntheticMarketSpec spec = SyntheticMarketSpec.builder().symbols(3).barsPerSymbol(600).seed(11).signal(0.3).build();
    BarSource.Builder builder = BarSource.builder();
    SyntheticMarket.of(spec).generate(builder::add);
    bars = builder.build();
    plan = SweepPlan.of("sma-cross", ParameterGrid.parse("fast=5:15:5,slow=10|30,cost-bps=0|10"),
        FillTiming.NEXT_OPEN);
    trials = new ArrayList<>();
    for (SweepConfiguration c : plan.configurations()) {
      trials.add(SweepTrial.run(bars, c));
    }
  }

  @Test
  void shouldRecordExactlyTheEnginesMetrics() {
    for (SweepTrial trial : trials) {
      SweepConfiguration c = trial.configuration();
      BacktestResult direct = BacktestEngine.run(bars, c.strategy(), c.backtestConfig());
      PerformanceMetrics m = direct.metrics().total();
      assertThat(trial.value(SweepMetric.SHARPE)).isEqualTo(m.sharpe());
      assertThat(trial.value(SweepMetric.TOTAL_RETURN)).isEqualTo(m.totalReturn());
      assertThat(trial.value(SweepMetric.MAX_DRAWDOWN)).isEqualTo(m.maxDrawdown());
      assertThat(trial.value(SweepMetric.TRADES)).isEqualTo((double) m.trades());
      assertThat(trial.value(SweepMetric.FEES)).isEqualTo(direct.feesMicros() / 1e6);
      ReturnMoments moments = ReturnMoments.of(SweepTrial.periodReturns(direct.equityCurve()));
      assertThat(trial.value(SweepMetric.SKEWNESS)).isEqualTo(moments.skewness());
      assertThat(trial.value(SweepMetric.SHARPE_PER_PERIOD) * Math.sqrt(direct.metrics().periodsPerYear()))
          .isCloseTo(m.sharpe(), org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void shouldPickTheMaxSharpeAndDeflateItByTheFormula() {
    SweepSummary summary = SweepSummary.of(trials);

    // 3 fast x 2 slow x 2 costs = 12 points; fast 10 and 15 against slow 10 skipped: 8 trials.
    assertThat(plan.skipped()).isEqualTo(4);
    assertThat(summary.trials()).hasSize(8);
    SweepTrial best = summary.best().orElseThrow();
    assertThat(best).isEqualTo(trials.stream().max(Comparator.comparingDouble(SweepTrial::sharpe)).orElseThrow());
    DeflatedSharpe.Estimate dsr = summary.deflatedSharpe().orElseThrow();
    double[] sharpes = trials.stream().mapToDouble(t -> t.value(SweepMetric.SHARPE_PER_PERIOD)).toArray();
    assertThat(dsr).isEqualTo(DeflatedSharpe.deflated(best.value(SweepMetric.SHARPE_PER_PERIOD),
        (long) best.value(SweepMetric.PERIODS), best.value(SweepMetric.SKEWNESS), best.value(SweepMetric.KURTOSIS), 8,
        DeflatedSharpe.sampleVariance(sharpes)));
    assertThat(dsr.probability()).isBetween(0.0, 1.0);
    assertThat(summary.toMap()).containsEntry("trials", 8).containsKey("best");
  }

  @Test
  void shouldShipBarsThroughJavaSerializationUnchanged() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(SerializableBars.of(bars));
    }
    SerializableBars copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (SerializableBars) in.readObject();
    }

    assertThat(copy.source().symbols()).isEqualTo(bars.symbols());
    assertThat(copy.source().barCount()).isEqualTo(bars.barCount());
    SweepConfiguration c = plan.configurations().get(3);
    assertThat(SweepTrial.run(copy.source(), c)).isEqualTo(trials.get(3));
  }
}
