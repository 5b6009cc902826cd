package com.tradingml.backtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The Deflated Sharpe Ratio against values computed by hand: the paper's own numerical example (Bailey and López de
 * Prado 2014: N = 100, V = 1/2 annualized, SR 2.5 annualized over 1250 days, skew -3, kurtosis 10: DSR 0.9004) and
 * cases worked out with 40-digit arithmetic (mpmath: {@code sqrt(V) ((1-g) ndtri(1-1/N) + g ndtri(1-1/(N e)))},
 * {@code ncdf((SR - SR0) sqrt(T-1) / sqrt(1 - skew SR + (kurt-1)/4 SR^2))}).
 */
class DeflatedSharpeTest {

  @Test
  void shouldReproduceThePapersNumericalExample() {
    double sharpe = 2.5 / Math.sqrt(250);
    double variance = 0.5 / 250;

    DeflatedSharpe.Estimate dsr = DeflatedSharpe.deflated(sharpe, 1250, -3, 10, 100, variance);

    assertThat(dsr.expectedMaxSharpe()).isCloseTo(0.11317200186513202887, within(1e-14));
    assertThat(dsr.expectedMaxSharpe() * Math.sqrt(250)).as("SR0 annualized").isCloseTo(1.7894, within(1e-4));
    assertThat(dsr.statistic()).isCloseTo(1.2838160365336578037, within(1e-12));
    assertThat(dsr.probability()).isCloseTo(0.90039683444939096156, within(1e-13));
    assertThat(dsr.probability()).as("the paper's rounded figure").isCloseTo(0.9004, within(5e-5));
  }

  @Test
  void shouldMatchAHandComputedCaseWithPositiveSkewAndManyTrials() {
    DeflatedSharpe.Estimate dsr = DeflatedSharpe.deflated(0.08, 2520, 0.2, 4.5, 1000, 0.0004);

    assertThat(dsr.expectedMaxSharpe()).isCloseTo(0.065102430273054511963, within(1e-15));
    assertThat(dsr.statistic()).isCloseTo(0.75162231808849867481, within(1e-12));
    assertThat(dsr.probability()).isCloseTo(0.7738608910196858832, within(1e-13));
  }

  @Test
  void shouldReduceToTheProbabilisticSharpeRatioAgainstZeroForOneTrial() {
    DeflatedSharpe.Estimate dsr = DeflatedSharpe.deflated(0.05, 500, 0, 3, 1, 0);

    assertThat(dsr.expectedMaxSharpe()).isZero();
    // Normal returns: z = SR sqrt(T - 1) / sqrt(1 + SR^2 / 2).
    assertThat(dsr.statistic()).isCloseTo(0.05 * Math.sqrt(499) / Math.sqrt(1 + 0.05 * 0.05 / 2), within(1e-15));
    assertThat(dsr.probability()).isCloseTo(0.86783557932180547596, within(1e-13));
    assertThat(DeflatedSharpe.probabilisticSharpe(0.05, 0, 500, 0, 3)).isEqualTo(dsr.probability());
  }

  @Test
  void shouldApproximateTheExpectedMaximumOfTwoStandardNormals() {
    // E[max(Z1, Z2)] = 1 / sqrt(pi) = 0.5642; the extreme-value approximation gives 0.5198 at N = 2.
    assertThat(DeflatedSharpe.expectedMaximumSharpe(2, 1.0)).isCloseTo(0.51975534428059392454, within(1e-14));
  }

  @Test
  void shouldRaiseTheBarWithMoreTrialsAndMoreDispersion() {
    double previous = 0;
    for (long trials : new long[] {2, 10, 100, 1_000, 1_000_000}) {
      double sr0 = DeflatedSharpe.expectedMaximumSharpe(trials, 0.01);
      assertThat(sr0).isGreaterThan(previous);
      previous = sr0;
    }
    assertThat(DeflatedSharpe.expectedMaximumSharpe(100, 0.04))
        .isCloseTo(2 * DeflatedSharpe.expectedMaximumSharpe(100, 0.01), within(1e-15));
    assertThat(DeflatedSharpe.expectedMaximumSharpe(100, 0)).isZero();
  }

  @Test
  void shouldComputeTheDsrFromTheBestReturnsAndTheTrialSharpes() {
    double[] returns = {0.01, -0.02, 0.03, 0.0, 0.015};
    double[] trials = {0.1, 0.37686733144071585448, -0.05, 0.2};

    DeflatedSharpe.Estimate dsr = DeflatedSharpe.of(returns, trials);

    ReturnMoments moments = ReturnMoments.of(returns);
    double variance = DeflatedSharpe.sampleVariance(trials);
    assertThat(dsr).isEqualTo(DeflatedSharpe.deflated(moments.sharpe(), 5, moments.skewness(), moments.kurtosis(), 4,
        variance));
    double mean = (0.1 + 0.37686733144071585448 - 0.05 + 0.2) / 4;
    double byHand = (Math.pow(0.1 - mean, 2) + Math.pow(0.37686733144071585448 - mean, 2) + Math.pow(-0.05 - mean, 2)
        + Math.pow(0.2 - mean, 2)) / 3;
    assertThat(variance).isCloseTo(byHand, within(1e-16));
    assertThat(dsr.probability()).isBetween(0.0, 1.0);
  }

  @Test
  void shouldBeUndefinedWhenTheDenominatorIsNotPositiveOrThereAreTooFewReturns() {
    // 1 - skew SR + (kurt - 1)/4 SR^2 = 1 - 10 x 0.5 + 0 < 0.
    assertThat(DeflatedSharpe.deflated(0.5, 100, 10, 1, 10, 0.01).probability()).isNaN();
    assertThat(DeflatedSharpe.deflated(0.5, 1, 0, 3, 10, 0.01).probability()).isNaN();
  }

  @Test
  void shouldRefuseBadInputsNamingTheValue() {
    assertThatThrownBy(() -> DeflatedSharpe.expectedMaximumSharpe(0, 0.1)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> DeflatedSharpe.expectedMaximumSharpe(5, -1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> DeflatedSharpe.sampleVariance(new double[] {0.1, Double.NaN}))
        .hasMessageContaining("NaN");
  }
}
