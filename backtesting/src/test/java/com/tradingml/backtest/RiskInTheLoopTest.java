package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.policy.PositionMode;
import com.tradingml.core.risk.Money;
import com.tradingml.core.risk.RiskLimits;
import com.tradingml.core.risk.Side;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every order passes core's pre-trade checks through its SingleWriterRiskAccount; rejections are logged with reasons. */
class RiskInTheLoopTest {

  private static RiskLimits.Builder limits() {
    return BacktestConfig.permissiveLimits(BacktestConfig.DEFAULT_INITIAL_CASH).toBuilder();
  }

  private static BarSource twoSymbols(int days) {
    double[] a = new double[days];
    double[] b = new double[days];
    for (int i = 0; i < days; i++) {
      a[i] = 100 + i;
      b[i] = 50;
    }
    return BarSource.of(List.of(TestData.closes("A", a), TestData.closes("B", b)));
  }

  @Test
  void shouldRejectAnOrderThatBreaksALimitAndLogTheFailingChecksReason() {
    BacktestConfig config = BacktestConfig.builder().riskLimits(limits().maxOrderQuantity(5).build()).build();
    Scripted script = new Scripted(1).at(0, 0, 10).at(0, 1, 5);

    BacktestResult result = BacktestEngine.run(twoSymbols(4), script, config);

    assertThat(script.outcomes).containsExactly(OrderOutcome.REJECTED_BY_RISK, OrderOutcome.ACCEPTED);
    OrderRejection rejection = result.rejections().get(0);
    assertThat(rejection.stage()).isEqualTo(OrderRejection.Stage.RISK);
    assertThat(rejection.reason()).isEqualTo("max_order_quantity");
    assertThat(rejection.detail()).contains("quantity 10 > max 5");
    assertThat(rejection.quantity()).isEqualTo(10);
    assertThat(rejection.time()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(result.fills()).extracting(Fill::quantity).containsExactly(5L);
    assertThat(result.orders().rejectedByRisk()).isEqualTo(1);
    assertThat(result.orders().accepted()).isEqualTo(1);
  }

  @Test
  void shouldRejectAnOrderAboveTheGrossExposureLimitAtTheDecisionPrice() {
    // Gross exposure max 1000: 9 x A at 100 = 900 passes; then 2 x B at 50 = 900 + 100 = 1000 passes (inclusive);
    // then 1 more B: 1000 + 50 x ... the A position is now marked at its later close 101: 909 + 150 > 1000.
    BacktestConfig config = BacktestConfig.builder()
        .riskLimits(limits().maxGrossExposure(Money.parse("1000")).maxOrderNotional(Money.parse("1000")).build())
        .build();
    Scripted script = new Scripted(1).at(0, 0, 9).at(1, 0, 2).at(1, 1, 1);

    BacktestResult result = BacktestEngine.run(twoSymbols(4), script, config);

    assertThat(script.outcomes)
        .containsExactly(OrderOutcome.ACCEPTED, OrderOutcome.ACCEPTED, OrderOutcome.REJECTED_BY_RISK);
    assertThat(result.rejections()).singleElement().satisfies(r -> {
      assertThat(r.reason()).isEqualTo("gross_exposure");
      assertThat(r.detail()).contains("gross exposure after the order 1059.000000 > max 1000.000000");
    });
  }

  @Test
  void shouldBlockEveryRiskIncreasingOrderOnceTheKillSwitchIsEngagedWhileReducingOnesPass() {
    BacktestConfig config = BacktestConfig.builder().killSwitchAt(Instant.parse("2024-01-03T00:00:00Z")).build();
    // Bar 0: buy 10 A (fills bar 1). Kill switch at bar 2. Bar 3: buy 5 A (increases), sell 15 A (crosses zero:
    // not reducing), sell 4 A (reduces: passes). Bar 3: sell 1 B (opens a short). Bar 4: sell 6 A (reduces the
    // rest to zero: passes; the 4 are filled at bar 4's open first).
    Scripted script = new Scripted(1).at(0, 0, 10).at(0, 3, 5, -15, -4).at(1, 3, -1).at(0, 4, -6);

    BacktestResult result = BacktestEngine.run(twoSymbols(6), script, config);

    assertThat(script.outcomes).containsExactly(OrderOutcome.ACCEPTED, OrderOutcome.REJECTED_BY_RISK,
        OrderOutcome.REJECTED_BY_RISK, OrderOutcome.ACCEPTED, OrderOutcome.REJECTED_BY_RISK, OrderOutcome.ACCEPTED);
    assertThat(result.rejections()).extracting(OrderRejection::reason)
        .containsExactly("kill_switch", "kill_switch", "kill_switch");
    assertThat(result.rejections()).extracting(OrderRejection::side)
        .containsExactly(Side.BUY, Side.SELL, Side.SELL);
    assertThat(result.rejections()).extracting(OrderRejection::detail)
        .allSatisfy(d -> assertThat(d).contains("only risk-reducing orders pass"));
    assertThat(result.fills()).extracting(Fill::signedQuantity).containsExactly(10L, -4L, -6L);
    assertThat(result.killSwitch().engaged()).isTrue();
    assertThat(result.killSwitch().since()).isEqualTo(Instant.parse("2024-01-03T00:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"EVERY_BAR", "ON_DEMAND"})
  void shouldLatchTheKillSwitchOnTheBarWhereTheDaysLossReachesTheLimit(RiskMarking marking) {
    // Intraday bars of one day; 100 shares of A bought at 100; the loss limit 150 is reached when A closes at 98.5.
    SymbolSeries.Builder a = SymbolSeries.builder(com.tradingml.core.market.Symbol.of("A"));
    double[] closes = {100, 100, 99.5, 99, 98.6, 98.5, 98.7, 98, 97};
    long t = TestData.micros("2024-01-02T15:00:00Z");
    for (double c : closes) {
      a.add(t, c, c, c, c, Double.NaN);
      t += 60_000_000L;
    }
    BacktestConfig config = BacktestConfig.builder().fill(FillTiming.SIGNAL_CLOSE).riskMarking(marking)
        .riskLimits(limits().maxDailyLoss(Money.parse("150")).build()).build();
    Scripted script = new Scripted(1).at(0, 0, 100).at(0, 4, 1).at(0, 6, 1, -50);

    BacktestResult result = BacktestEngine.run(BarSource.of(List.of(a.build())), script, config);

    assertThat(result.killSwitch().engaged()).isTrue();
    assertThat(result.killSwitch().since()).isEqualTo(Instant.parse("2024-01-02T15:05:00Z"));
    assertThat(result.killSwitch().reason()).startsWith("daily loss limit reached on 2024-01-02");
    assertThat(script.outcomes).containsExactly(OrderOutcome.ACCEPTED, OrderOutcome.ACCEPTED,
        OrderOutcome.REJECTED_BY_RISK, OrderOutcome.ACCEPTED);
    assertThat(result.rejections()).singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo("kill_switch"));
  }

  @ParameterizedTest(name = "minute bars, max daily loss {0}")
  @ValueSource(strings = {"700", "1100", "100000"})
  void shouldDecideExactlyAsWithEveryBarMarksWhenMarkingOnDemand(String maxDailyLoss) {
    RiskLimits limits = limits().maxDailyLoss(Money.parse(maxDailyLoss)).maxGrossExposure(Money.parse("100000"))
        .build();
    Comparison c = compareMarking(TestData.synthetic(4, 1_600, "1m", 11),
        SmaCrossover.of(3, 12, 1000, PositionMode.LONG_SHORT), limits);

    // The scenarios exercise the rules: gross exposure rejections, and the latch on the first and on a later day.
    assertThat(c.reference.rejections()).extracting(OrderRejection::reason)
        .anyMatch(r -> r.contains("gross_exposure"));
    switch (maxDailyLoss) {
      case "700" -> assertThat(c.reference.killSwitch().since()).isEqualTo(Instant.parse("2024-01-02T16:14:00Z"));
      case "1100" -> assertThat(c.reference.killSwitch().since()).isEqualTo(Instant.parse("2024-01-04T19:30:00Z"));
      default -> assertThat(c.reference.killSwitch().engaged()).isFalse();
    }
  }

  @ParameterizedTest(name = "daily bars, max daily loss {0}")
  @ValueSource(strings = {"1500", "3000", "1000000"})
  void shouldDecideExactlyAsWithEveryBarMarksOnDailyBarsWhereEveryBarIsANewDay(String maxDailyLoss) {
    RiskLimits limits = limits().maxDailyLoss(Money.parse(maxDailyLoss)).build();
    Comparison c = compareMarking(TestData.dj30(), SmaCrossover.of(10, 50, 1000, PositionMode.LONG_SHORT), limits);

    switch (maxDailyLoss) {
      case "1500" -> assertThat(c.reference.killSwitch().since()).isEqualTo(Instant.parse("1994-04-21T00:00:00Z"));
      case "3000" -> assertThat(c.reference.killSwitch().since()).isEqualTo(Instant.parse("1996-03-08T00:00:00Z"));
      default -> assertThat(c.reference.killSwitch().engaged()).isFalse();
    }
  }

  private record Comparison(BacktestResult reference, BacktestResult lazy) {}

  private static Comparison compareMarking(BarSource data, Strategy strategy, RiskLimits limits) {
    BacktestConfig everyBar = BacktestConfig.builder().riskLimits(limits).riskMarking(RiskMarking.EVERY_BAR).build();
    BacktestConfig onDemand = everyBar.toBuilder().riskMarking(RiskMarking.ON_DEMAND).build();

    BacktestResult reference = BacktestEngine.run(data, strategy, everyBar);
    BacktestResult lazy = BacktestEngine.run(data, strategy, onDemand);

    assertThat(lazy.fills()).isEqualTo(reference.fills());
    assertThat(lazy.trades()).isEqualTo(reference.trades());
    assertThat(lazy.rejections()).extracting(OrderRejection::timeMicros, OrderRejection::symbol,
        OrderRejection::side, OrderRejection::quantity, OrderRejection::stage, OrderRejection::reason)
        .isEqualTo(reference.rejections().stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.timeMicros(),
            r.symbol(), r.side(), r.quantity(), r.stage(), r.reason())).toList());
    assertThat(lazy.killSwitch().engaged()).isEqualTo(reference.killSwitch().engaged());
    assertThat(lazy.killSwitch().since()).isEqualTo(reference.killSwitch().since());
    assertThat(lazy.equityCurve().size()).isEqualTo(reference.equityCurve().size());
    assertThat(lazy.finalEquityMicros()).isEqualTo(reference.finalEquityMicros());
    assertThat(lazy.engineStatistics().riskMarksSent())
        .isLessThan(reference.engineStatistics().riskMarksSent() / 2);
    return new Comparison(reference, lazy);
  }
}
