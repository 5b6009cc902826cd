package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Warm-up bars (before the strategy's features are full) are never traded. */
class WarmupTest {

  @Test
  void shouldRefuseOrdersOnWarmUpBarsAndAcceptTheFirstWarmOne() {
    BarSource data = BarSource.of(List.of(TestData.closes("A", 10, 11, 12, 13, 14, 15, 16)));
    Scripted script = new Scripted(5).at(0, 0, 1).at(0, 2, 1).at(0, 3, 1).at(0, 4, 1);

    BacktestResult result = BacktestEngine.run(data, script, BacktestConfig.builder().build());

    assertThat(script.outcomes).containsExactly(OrderOutcome.REFUSED, OrderOutcome.REFUSED, OrderOutcome.REFUSED,
        OrderOutcome.ACCEPTED);
    assertThat(result.rejections()).extracting(OrderRejection::reason)
        .containsExactly(OrderRejection.WARMUP, OrderRejection.WARMUP, OrderRejection.WARMUP);
    assertThat(result.rejections()).extracting(OrderRejection::stage).containsOnly(OrderRejection.Stage.ENGINE);
    assertThat(result.rejections().get(0).detail()).isEqualTo("A has 1 of the 5 bars the strategy needs before trading");
    assertThat(result.fills()).singleElement().satisfies(f -> {
      assertThat(f.signalTimeMicros()).isEqualTo(data.series(0).time(4));
      assertThat(f.barIndex()).isEqualTo(5);
    });
    assertThat(result.orders().refused()).isEqualTo(3);
    assertThat(result.orders().submitted()).isEqualTo(1);
  }

  @Test
  void shouldNeverSignalTheSmaCrossoverBeforeBothAveragesAreFull() {
    BarSource data = TestData.synthetic(5, 400, "1d", 3);
    SmaCrossover strategy = SmaCrossover.of(5, 30);

    BacktestResult result = BacktestEngine.run(data, strategy,
        BacktestConfig.builder().fill(FillTiming.SIGNAL_CLOSE).build());

    assertThat(strategy.warmupBars()).isEqualTo(31);
    assertThat(result.fills()).isNotEmpty().allSatisfy(f -> assertThat(f.barIndex()).isGreaterThanOrEqualTo(30));
    assertThat(result.rejections()).isEmpty();
  }
}
