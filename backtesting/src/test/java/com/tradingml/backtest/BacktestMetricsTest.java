package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics on hand-computed paths. */
class BacktestMetricsTest {

  private static final double EPS = 1e-12;

  private static BacktestConfig config() {
    return BacktestConfig.builder().initialCash(Money.parse("1000")).fill(FillTiming.SIGNAL_CLOSE)
        .periodsPerYear(252).build();
  }

  @Test
  void shouldComputeReturnRiskAndDrawdownOfAHandComputedPath() {
    // 10 shares bought at the first close with all the cash: equity 1000, 1100, 990, 1210.
    BarSource data = BarSource.of(List.of(TestData.closes("A", 100, 110, 99, 121)));

    BacktestResult result = BacktestEngine.run(data, BuyAndHold.shares(10), config());
    PerformanceMetrics m = result.metrics().total();

    double[] r = {0, 0.1, -0.1, 1210.0 / 990 - 1};
    double mean = (r[0] + r[1] + r[2] + r[3]) / 4;
    double variance = 0;
    double downside = 0;
    for (double x : r) {
      variance += (x - mean) * (x - mean) / 3;
      downside += x < 0 ? x * x / 4 : 0;
    }
    double sd = Math.sqrt(variance);
    double annualized = Math.pow(1.21, 252.0 / 4) - 1;
    assertThat(m.periods()).isEqualTo(4);
    assertThat(m.totalReturn()).isCloseTo(0.21, within(EPS));
    assertThat(m.netPnl()).isCloseTo(210, within(1e-9));
    assertThat(m.annualizedReturn()).isCloseTo(annualized, within(annualized * EPS));
    assertThat(m.annualizedVolatility()).isCloseTo(sd * Math.sqrt(252), within(EPS));
    assertThat(m.sharpe()).isCloseTo(mean / sd * Math.sqrt(252), within(EPS));
    assertThat(m.sortino()).isCloseTo(mean / Math.sqrt(downside) * Math.sqrt(252), within(EPS));
    assertThat(m.maxDrawdown()).isCloseTo(0.1, within(EPS));
    assertThat(m.maxDrawdownPeriods()).isEqualTo(1);
    assertThat(m.maxDrawdownDays()).isEqualTo(2.0);
    assertThat(m.calmar()).isCloseTo(annualized / 0.1, within(annualized * 1e-11));
    assertThat(m.exposure()).isEqualTo(1.0);
    assertThat(m.turnover()).isCloseTo(1000 / 1075.0, within(EPS));
    assertThat(m.trades()).isZero();
    assertThat(m.hitRate()).isNaN();
    // The benchmark bought the same 10 units at the same close: the same path, no trade statistics.
    PerformanceMetrics b = result.metrics().benchmark();
    assertThat(b.totalReturn()).isCloseTo(0.21, within(EPS));
    assertThat(b.sharpe()).isCloseTo(m.sharpe(), within(EPS));
    assertThat(b.turnover()).isNaN();
    // One symbol: its sleeve is the whole account.
    SymbolMetrics a = result.metrics().perSymbol().get(Symbol.of("A"));
    assertThat(a.strategy().totalReturn()).isCloseTo(0.21, within(EPS));
    assertThat(a.strategy().sharpe()).isCloseTo(m.sharpe(), within(EPS));
    assertThat(a.benchmark().maxDrawdown()).isCloseTo(0.1, within(EPS));
  }

  @Test
  void shouldComputeTradeStatisticsFromClosedRoundTrips() {
    BarSource data = BarSource.of(List.of(TestData.closes("A", 100, 110, 99, 121, 130, 120)));
    Scripted script = new Scripted(1).at(0, 0, 1).at(0, 1, -1, 1).at(0, 2, -1).at(0, 3, 1).at(0, 4, -1);

    BacktestResult result = BacktestEngine.run(data, script, config());
    PerformanceMetrics m = result.metrics().total();

    assertThat(result.closedTrades()).extracting(Trade::netPnlMicros)
        .containsExactly(10_000_000L, -11_000_000L, 9_000_000L);
    assertThat(m.trades()).isEqualTo(3);
    assertThat(m.hitRate()).isCloseTo(2 / 3.0, within(EPS));
    assertThat(m.averageWin()).isCloseTo((0.1 + 9 / 121.0) / 2, within(EPS));
    assertThat(m.averageLoss()).isCloseTo(-0.1, within(EPS));
    // Positions held at the end of bars 0, 1 and 3 of 6.
    assertThat(m.exposure()).isCloseTo(3 / 6.0, within(EPS));
    assertThat(m.netPnl()).isCloseTo(8, within(1e-9));
  }

  @Test
  void shouldLeaveUndefinedRatiosNaNForAFlatAccount() {
    BarSource data = BarSource.of(List.of(TestData.closes("A", 100, 101, 102)));

    PerformanceMetrics m = BacktestEngine.run(data, new Scripted(1), config()).metrics().total();

    assertThat(m.totalReturn()).isZero();
    assertThat(m.annualizedVolatility()).isZero();
    assertThat(m.sharpe()).isNaN();
    assertThat(m.sortino()).isNaN();
    assertThat(m.maxDrawdown()).isZero();
    assertThat(m.calmar()).isNaN();
    assertThat(m.exposure()).isZero();
  }

  @Test
  void shouldInferThePeriodsPerYearFromTheDataWhenNotConfigured() {
    BarSource data = TestData.dj30();

    BacktestResult result = BacktestEngine.run(data, SmaCrossover.of(10, 50), BacktestConfig.builder().build());

    double years = Duration.between(Instant.parse("1990-12-31T00:00:00Z"), Instant.parse("2001-01-02T00:00:00Z"))
        .toDays() / 365.25;
    assertThat(result.metrics().periodsPerYearSource()).isEqualTo("inferred");
    assertThat(result.metrics().periodsPerYear()).isCloseTo(2528 / years, within(1e-9));
    assertThat(result.metrics().periodsPerYear()).isBetween(252.0, 253.5);
    assertThat(result.metrics().perSymbol()).hasSize(5);
    assertThat(result.metrics().total().trades()).isEqualTo(result.closedTrades().size());
  }

  @Test
  void shouldMeasureTheLongestDrawdownSpellSeparatelyFromTheDeepest() {
    // Equity (10 shares, all cash): 1000 | 900 (-10%) 1000 | 980 970 960 950 990 | 1010: a deep short spell, then a
    // shallow long one that recovers at the last bar.
    BarSource data = BarSource.of(List.of(TestData.closes("A", 100, 90, 100, 98, 97, 96, 95, 99, 101)));

    PerformanceMetrics m = BacktestEngine.run(data, BuyAndHold.shares(10), config()).metrics().total();

    assertThat(m.maxDrawdown()).isCloseTo(0.1, within(EPS));
    assertThat(m.maxDrawdownPeriods()).isEqualTo(1);
    assertThat(m.maxDrawdownDays()).isEqualTo(2.0);
    assertThat(m.longestDrawdownPeriods()).isEqualTo(5);
    assertThat(m.longestDrawdownDays()).isEqualTo(6.0);
  }

  @Test
  void shouldGiveTheSameBuyAndHoldMetricsFromTheSeriesCacheAsComputedAfresh() {
    // Runs over one source reuse each symbol's buy-and-hold metrics; they must equal a fresh computation, and a run
    // with another sleeve or annualization must not be handed the cached ones.
    BarSource cached = TestData.synthetic(4, 3_000, "1m", 17);
    Strategy sma = SmaCrossover.of(5, 20);
    BacktestConfig inferred = BacktestConfig.builder().initialCash(Money.parse("100000")).build();
    BacktestConfig other = BacktestConfig.builder().initialCash(Money.parse("250000")).periodsPerYear(98_000).build();

    BacktestMetrics first = BacktestEngine.run(cached, sma, inferred).metrics();
    BacktestMetrics again = BacktestEngine.run(cached, sma, inferred).metrics();
    BacktestMetrics otherOnCached = BacktestEngine.run(cached, sma, other).metrics();
    BacktestMetrics fresh = BacktestEngine.run(TestData.synthetic(4, 3_000, "1m", 17), sma, inferred).metrics();
    BacktestMetrics otherFresh = BacktestEngine.run(TestData.synthetic(4, 3_000, "1m", 17), sma, other).metrics();

    assertThat(again).isEqualTo(first).isEqualTo(fresh);
    assertThat(otherOnCached).isEqualTo(otherFresh);
    assertThat(otherOnCached.perSymbol().values().iterator().next().benchmark())
        .isNotEqualTo(first.perSymbol().values().iterator().next().benchmark());
  }
}
