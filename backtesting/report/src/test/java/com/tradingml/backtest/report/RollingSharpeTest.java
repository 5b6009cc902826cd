package com.tradingml.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RollingSharpeTest {

  private static double[] equityFromReturns(double... returns) {
    double[] equity = new double[returns.length + 1];
    equity[0] = 100;
    for (int i = 0; i < returns.length; i++) {
      equity[i + 1] = equity[i] * (1 + returns[i]);
    }
    return equity;
  }

  @Test
  void shouldMatchAHandComputedGoldenValue() {
    // Returns 1%, 3%, 1%, 3%: mean 2%, sample stdev 0.01 * sqrt(4/3); Sharpe per bar sqrt(3); x sqrt(252).
    double[] sharpe = RollingSharpe.of(equityFromReturns(0.01, 0.03, 0.01, 0.03), 4, 252);

    assertThat(sharpe).hasSize(5);
    assertThat(sharpe[4]).isCloseTo(Math.sqrt(756), within(1e-9));
  }

  @Test
  void shouldBeUndefinedDuringTheWarmUp() {
    double[] sharpe = RollingSharpe.of(equityFromReturns(0.01, 0.03, 0.01, 0.03, -0.02), 4, 252);

    for (int i = 0; i < 4; i++) {
      assertThat(sharpe[i]).as("bar %d of the warm-up", i).isNaN();
    }
    assertThat(sharpe[4]).isFinite();
    assertThat(sharpe[5]).isFinite();
  }

  @Test
  void shouldMatchADirectComputationOnALongRandomSeries() {
    SplittableRandom random = new SplittableRandom(3);
    double[] returns = new double[5_000];
    for (int i = 0; i < returns.length; i++) {
      returns[i] = 0.0004 + 0.01 * random.nextGaussian();
    }
    double[] equity = equityFromReturns(returns);
    int window = 63;

    double[] sharpe = RollingSharpe.of(equity, window, 252);

    double[] r = Returns.simple(equity);
    for (int i = window; i < equity.length; i++) {
      double mean = 0;
      for (int j = i - window + 1; j <= i; j++) {
        mean += r[j];
      }
      mean /= window;
      double squares = 0;
      for (int j = i - window + 1; j <= i; j++) {
        squares += (r[j] - mean) * (r[j] - mean);
      }
      double expected = mean / Math.sqrt(squares / (window - 1)) * Math.sqrt(252);
      assertThat(sharpe[i]).as("bar %d", i).isCloseTo(expected, within(1e-7));
    }
  }

  @Test
  void shouldBeUndefinedOverAFlatStretchEvenAfterLongHistory() {
    SplittableRandom random = new SplittableRandom(5);
    double[] returns = new double[2_000];
    for (int i = 0; i < 1_900; i++) {
      returns[i] = 0.01 * random.nextGaussian();
    }
    double[] sharpe = RollingSharpe.of(equityFromReturns(returns), 20, 252);

    // The last 100 returns are exactly zero: from the 20th flat bar on, the window holds only zeros.
    assertThat(sharpe[1_900 + 19]).isFinite();
    for (int i = 1_900 + 20; i < sharpe.length; i++) {
      assertThat(sharpe[i]).as("flat bar %d", i).isNaN();
    }
  }

  @Test
  void shouldRejectATooShortWindow() {
    assertThatThrownBy(() -> RollingSharpe.of(new double[] {1, 2, 3}, 1, 252))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 1");
  }
}
