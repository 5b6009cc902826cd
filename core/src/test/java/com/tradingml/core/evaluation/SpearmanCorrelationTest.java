package com.tradingml.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpearmanCorrelationTest {

  @Test
  void shouldGiveAverageRanksToTies() {
    assertThat(Ranks.average(new double[] {10, 20, 10, 30, 20, 10}))
        .containsExactly(2.0, 4.5, 2.0, 6.0, 4.5, 2.0);
  }

  @Test
  void shouldTieNegativeZeroWithZeroAndRankInfinitiesAsExtremes() {
    assertThat(Ranks.average(new double[] {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}))
        .containsExactly(2.5, 2.5, 4.0, 1.0);
  }

  @Test
  void shouldRefuseToRankNaN() {
    assertThatThrownBy(() -> Ranks.average(new double[] {1.0, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value 1");
  }

  @Test
  void shouldMatchTheTextbookFormulaWithoutTies() {
    // rho = 1 - 6 sum d^2 / (n (n^2 - 1)); ranks x: 1 2 3 4 5, y: 2 1 4 3 5, sum d^2 = 4.
    double rho = SpearmanCorrelation.of(new double[] {1, 2, 3, 4, 5}, new double[] {0.2, 0.1, 0.4, 0.3, 0.5});
    assertThat(rho).isCloseTo(1.0 - 6.0 * 4 / (5 * 24), within(1e-15));
  }

  @Test
  void shouldEqualPearsonOnBruteForceRanksForRandomDataWithTies() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 20; trial++) {
      int n = 5 + random.nextInt(200);
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = random.nextInt(8); // many ties
        y[i] = x[i] * 0.3 + random.nextInt(5);
      }
      double expected = pearsonByDefinition(bruteForceRanks(x), bruteForceRanks(y));
      assertThat(SpearmanCorrelation.of(x, y)).as("trial %s", trial).isCloseTo(expected, within(1e-12));
    }
  }

  @Test
  void shouldExcludePairsWithNaN() {
    double[] x = {1, 2, 3, Double.NaN, 4, 5};
    double[] y = {0.2, 0.1, 0.4, 99, 0.3, Double.NaN};
    double expected = SpearmanCorrelation.of(new double[] {1, 2, 3, 4}, new double[] {0.2, 0.1, 0.4, 0.3});
    assertThat(SpearmanCorrelation.of(x, y)).isEqualTo(expected).isCloseTo(0.6, within(1e-15));
  }

  @Test
  void shouldBeOneForAnyIncreasingTransformAndMinusOneForDecreasing() {
    double[] x = {-3, 0.5, 1, 7, 100};
    double[] increasing = {StrictMath.exp(-3), StrictMath.exp(0.5), StrictMath.exp(1), StrictMath.exp(7), 1e300};
    assertThat(SpearmanCorrelation.of(x, increasing)).isEqualTo(1.0);
    assertThat(SpearmanCorrelation.of(x, new double[] {5, 4, 3, 2, 1})).isEqualTo(-1.0);
  }

  @Test
  void shouldBeNaNWhenUndefined() {
    assertThat(SpearmanCorrelation.of(new double[] {1, 2, 3}, new double[] {4, 4, 4})).isNaN();
    assertThat(SpearmanCorrelation.of(new double[] {1}, new double[] {2})).isNaN();
    assertThat(SpearmanCorrelation.of(new double[] {1, 2}, new double[] {Double.NaN, 3})).isNaN();
  }

  @Test
  void shouldRejectSamplesOfDifferentLength() {
    assertThatThrownBy(() -> SpearmanCorrelation.of(new double[2], new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 vs 3");
  }

  /** Rank = (number smaller) + (number equal + 1) / 2, by counting: O(n^2), independent of the sort. */
  static double[] bruteForceRanks(double[] values) {
    double[] ranks = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      int smaller = 0;
      int equal = 0;
      for (double other : values) {
        if (other < values[i]) {
          smaller++;
        } else if (other == values[i]) {
          equal++;
        }
      }
      ranks[i] = smaller + (equal + 1) / 2.0;
    }
    return ranks;
  }

  /** r = cov / (sd sd) from raw sums, a different route from the two-pass implementation. */
  private static double pearsonByDefinition(double[] x, double[] y) {
    int n = x.length;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sx += x[i];
      sy += y[i];
      sxx += x[i] * x[i];
      syy += y[i] * y[i];
      sxy += x[i] * y[i];
    }
    return (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
  }
}
