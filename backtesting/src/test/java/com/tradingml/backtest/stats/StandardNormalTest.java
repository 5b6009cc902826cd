package com.tradingml.backtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Golden values of the normal distribution (40-digit arithmetic, mpmath's ncdf and erfinv). */
class StandardNormalTest {

  @ParameterizedTest
  @CsvSource({
      "-3, 0.0013498980316300945267",
      "-1.5, 0.066807201268858066004",
      "-0.3, 0.38208857781104736693",
      "0, 0.5",
      "0.7, 0.75803634777692697138",
      "2, 0.9772498680518207928",
      "4.9, 0.99999952081672340968",
      "5.1, 0.99999983017325928524",
      "7, 0.99999999999872018746",
      "9, 0.99999999999999999989"})
  void shouldComputeTheDistributionFunctionToAbsolutePrecision(double x, double expected) {
    assertThat(StandardNormal.cdf(x)).isCloseTo(expected, within(3e-16));
  }

  @ParameterizedTest
  @CsvSource({
      "-30, 4.9067139271481870595e-198",
      "-12, 1.7764821120776789977e-33",
      "-8, 6.2209605742717841235e-16",
      "-5.5, 1.8989562465887719384e-8",
      "-5, 2.8665157187919391167e-7",
      "-3, 0.0013498980316300945267"})
  void shouldKeepRelativePrecisionInTheLowerTail(double x, double expected) {
    assertThat(StandardNormal.cdf(x)).isCloseTo(expected, Percentage.withPercentage(1e-11));
  }

  @ParameterizedTest
  @CsvSource({
      "1e-20, -9.2623400897984075737",
      "1e-9, -5.9978070150076868716",
      "0.001, -3.0902323061678135415",
      "0.02425, -1.9729610513118848503",
      "0.3, -0.52440051270804078404",
      "0.5, 0",
      "0.75, 0.6744897501960817432",
      "0.975, 1.9599639845400542355",
      "0.9990234375, 3.0972690781987844624"})
  void shouldInvertTheDistributionFunction(double p, double expected) {
    assertThat(StandardNormal.inverseCdf(p)).isCloseTo(expected, within(1e-14 * Math.max(1, Math.abs(expected))));
  }

  @Test
  void shouldRoundTripThroughTheInverse() {
    for (double p = 1e-6; p < 1; p += 0.0137) {
      assertThat(StandardNormal.cdf(StandardNormal.inverseCdf(p))).isCloseTo(p, within(1e-15));
    }
  }

  @Test
  void shouldRefuseAProbabilityOutsideTheUnitInterval() {
    assertThatThrownBy(() -> StandardNormal.inverseCdf(1.5)).hasMessageContaining("1.5");
    assertThatThrownBy(() -> StandardNormal.inverseCdf(Double.NaN)).hasMessageContaining("NaN");
    assertThat(StandardNormal.inverseCdf(0)).isEqualTo(Double.NEGATIVE_INFINITY);
  }
}
