package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cash and equity are exact: recomputed independently from the fills and the bars at every point of the curve,
 * they agree to the micro-unit after thousands of fills with commission, slippage and partial fills; the
 * double-valued benchmark stays within rounding of an exact recomputation.
 */
class PortfolioInvariantsTest {

  @Test
  void shouldKeepCashAndEquityExactToTheMicroUnitAtEveryPoint() {
    BarSource data = TestData.synthetic(6, 2_000, "1m", 42);
    BacktestConfig config = BacktestConfig.builder().commission(CommissionModel.bps(3.7))
        .slippage(SlippageModel.rangeFraction(0.3)).participationCap(0.2).build();

    BacktestResult result = BacktestEngine.run(data, new RandomTrader(99, 8, 4_000), config);

    assertThat(result.fills()).hasSizeGreaterThan(1_000);
    assertThat(result.rejections()).extracting(OrderRejection::reason).contains(OrderRejection.PARTICIPATION_CAP);
    int n = data.symbolCount();
    long[] position = new long[n];
    long[] mark = new long[n];
    int[] cursor = new int[n];
    long cash = config.initialCash().micros();
    List<Fill> fills = result.fills();
    int f = 0;
    EquityCurve curve = result.equityCurve();
    for (int k = 0; k < curve.size(); k++) {
      long t = curve.timeMicros(k);
      while (f < fills.size() && fills.get(f).timeMicros() <= t) {
        Fill fill = fills.get(f++);
        int s = result.symbols().indexOf(fill.symbol());
        cash -= fill.signedQuantity() * fill.priceMicros() + fill.feeMicros();
        position[s] += fill.signedQuantity();
      }
      long equity = cash;
      long gross = 0;
      for (int s = 0; s < n; s++) {
        SymbolSeries series = data.series(s);
        while (cursor[s] < series.size() && series.time(cursor[s]) <= t) {
          mark[s] = Micros.ofPrice(series.close(cursor[s]++));
        }
        equity += position[s] * mark[s];
        gross += Math.abs(position[s]) * mark[s];
      }
      assertThat(curve.cashMicros(k)).as("cash at point %d", k).isEqualTo(cash);
      assertThat(curve.equityMicros(k)).as("equity at point %d", k).isEqualTo(equity);
      assertThat(curve.grossExposureMicros(k)).as("gross exposure at point %d", k).isEqualTo(gross);
    }
    assertThat(f).isEqualTo(fills.size());
  }

  @Test
  void shouldKeepTheDoubleBenchmarkWithinRoundingOfAnExactRecomputation() {
    BarSource data = TestData.synthetic(20, 10_000, "1m", 8);

    BacktestResult result = BacktestEngine.run(data, new Scripted(1), BacktestConfig.builder().build());

    EquityCurve curve = result.equityCurve();
    double share = 1_000_000.0 / 20;
    double worst = 0;
    for (int k = 0; k < curve.size(); k++) {
      java.math.BigDecimal exact = java.math.BigDecimal.ZERO;
      for (int s = 0; s < 20; s++) {
        SymbolSeries series = data.series(s);
        // Valued at the closes' micro-units (EquityCurve's definition), summed exactly.
        double units = share / (Micros.ofPrice(series.close(0)) * 1e-6);
        exact = exact.add(new java.math.BigDecimal(units)
            .multiply(java.math.BigDecimal.valueOf(Micros.ofPrice(series.close(k)), 6)));
      }
      worst = Math.max(worst, Math.abs(curve.benchmark(k) - exact.doubleValue()) / exact.doubleValue());
    }
    assertThat(curve.size()).isEqualTo(10_000);
    assertThat(worst).isLessThan(1e-12);
  }
}
