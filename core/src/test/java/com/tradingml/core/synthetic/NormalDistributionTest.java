package com.tradingml.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalDistributionTest {

  /** Phi(x) to 16 significant digits, from mpmath (40-digit arithmetic): {x, Phi(x)}. */
  private static final double[][] GOLDEN = {
      {-20.0, 2.7536241186062337e-89},
      {-8.0, 6.220960574271784e-16},
      {-5.0, 2.866515718791939e-07},
      {-3.0, 0.0013498980316300946},
      {-1.96, 0.024997895148220435},
      {-1.0, 0.15865525393145705},
      {-0.5, 0.3085375387259869},
      {-0.3, 0.3820885778110474},
      {-0.1, 0.460172162722971},
      {0.1, 0.539827837277029},
      {0.3, 0.6179114221889527},
      {0.6629, 0.7463026991317633},
      {1.0, 0.8413447460685429},
      {1.5, 0.9331927987311419},
      {2.5, 0.9937903346742238},
      {3.0, 0.9986501019683699},
      {5.0, 0.9999997133484281},
      {6.0, 0.9999999990134123},
      {8.0, 0.9999999999999993},
  };

  @Test
  void shouldMatchHighPrecisionValuesToAbout1e15Relative() {
    for (double[] golden : GOLDEN) {
      double x = golden[0];
      double expected = golden[1];
      assertThat(NormalDistribution.cdf(x)).as("Phi(%s)", x).isCloseTo(expected, within(expected * 2e-14));
    }
  }

  @Test
  void shouldBeExactlyOneHalfAtZeroAndSymmetric() {
    assertThat(NormalDistribution.cdf(0.0)).isEqualTo(0.5);
    assertThat(NormalDistribution.cdf(-0.0)).isEqualTo(0.5);
    for (double x = 0.0; x < 9.0; x += 0.01) {
      assertThat(NormalDistribution.cdf(x) + NormalDistribution.cdf(-x)).isCloseTo(1.0, within(2e-16));
    }
  }

  @Test
  void shouldAgreeWithTheIntegralOfTheDensityFarInsideTheRequired1e7() {
    // Simpson's rule on phi from -12, an independent route to Phi.
    double previous = -12.0;
    double integral = 0.0;
    for (double x = -11.75; x <= 6.0; x += 0.25) {
      integral += simpson(previous, x);
      previous = x;
      assertThat(NormalDistribution.cdf(x)).as("Phi(%s)", x).isCloseTo(integral, within(1e-13));
    }
  }

  private static double simpson(double a, double b) {
    int n = 200;
    double h = (b - a) / n;
    double sum = NormalDistribution.density(a) + NormalDistribution.density(b);
    for (int i = 1; i < n; i++) {
      sum += (i % 2 == 1 ? 4 : 2) * NormalDistribution.density(a + i * h);
    }
    return sum * h / 3.0;
  }

  @Test
  void shouldBeMonotoneAcrossTheBranchBoundaries() {
    double previous = 0.0;
    for (double x = -27.0; x <= 27.0; x += 1.0 / 1024) {
      double value = NormalDistribution.cdf(x);
      assertThat(value).as("Phi(%s)", x).isGreaterThanOrEqualTo(previous);
      previous = value;
    }
    assertThat(NormalDistribution.cdf(Double.NEGATIVE_INFINITY)).isZero();
    assertThat(NormalDistribution.cdf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
  }
}
