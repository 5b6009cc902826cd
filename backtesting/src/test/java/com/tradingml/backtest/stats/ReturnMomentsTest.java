package com.tradingml.backtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Moments of a small series worked out by hand (40-digit arithmetic). */
class ReturnMomentsTest {

  @Test
  void shouldComputeSampleDeviationAndPopulationSkewnessAndKurtosis() {
    ReturnMoments m = ReturnMoments.of(new double[] {0.01, -0.02, 0.03, 0.0, 0.015});

    assertThat(m.observations()).isEqualTo(5);
    assertThat(m.mean()).isCloseTo(0.007, within(1e-17));
    assertThat(m.standardDeviation()).isCloseTo(0.018574175621006709971, within(1e-16));
    assertThat(m.skewness()).isCloseTo(-0.31928421905356179333, within(1e-14));
    assertThat(m.kurtosis()).isCloseTo(2.1472904851921865154, within(1e-14));
    assertThat(m.sharpe()).isCloseTo(0.37686733144071585448, within(1e-14));
  }

  @Test
  void shouldLeaveRatiosUndefinedForAConstantSeries() {
    ReturnMoments m = ReturnMoments.of(new double[] {0.001, 0.001, 0.001});

    assertThat(m.sharpe()).isNaN();
    assertThat(m.skewness()).isNaN();
    assertThat(m.kurtosis()).isNaN();
  }
}
