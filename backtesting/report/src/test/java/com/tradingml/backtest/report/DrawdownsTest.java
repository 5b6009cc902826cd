package com.tradingml.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DrawdownsTest {

  @Test
  void shouldMeasureDistanceBelowRunningPeak() {
    double[] drawdown = Drawdowns.of(new double[] {100, 110, 99, 121, 60.5, 121});

    assertThat(drawdown).containsExactly(new double[] {0, 0, -0.1, 0, -0.5, 0}, within(1e-12));
    assertThat(Drawdowns.max(drawdown)).isCloseTo(-0.5, within(1e-12));
  }

  @Test
  void shouldLeaveAbsentValuesUndefinedWithoutMovingThePeak() {
    double[] drawdown = Drawdowns.of(new double[] {Double.NaN, 100, Double.NaN, 80});

    assertThat(drawdown[0]).isNaN();
    assertThat(drawdown[2]).isNaN();
    assertThat(drawdown[3]).isCloseTo(-0.2, within(1e-12));
  }

  @Test
  void shouldBeUndefinedWhileThePeakIsNotPositive() {
    double[] drawdown = Drawdowns.of(new double[] {-5, -1, 10, 5});

    assertThat(drawdown[0]).isNaN();
    assertThat(drawdown[1]).isNaN();
    assertThat(drawdown[3]).isCloseTo(-0.5, within(1e-12));
  }

  @Test
  void shouldReportZeroMaxDrawdownForARisingCurveAndNaNForNone() {
    assertThat(Drawdowns.max(Drawdowns.of(new double[] {1, 2, 3}))).isZero();
    assertThat(Drawdowns.max(Drawdowns.of(new double[0]))).isNaN();
  }

  @Test
  void shouldComputeSimpleReturnsAlignedWithTheCurve() {
    double[] returns = Returns.simple(new double[] {100, 110, 99, Double.NaN, 50});

    assertThat(returns[0]).isNaN();
    assertThat(returns[1]).isCloseTo(0.1, within(1e-12));
    assertThat(returns[2]).isCloseTo(-0.1, within(1e-12));
    assertThat(returns[3]).isNaN();
    assertThat(returns[4]).isNaN();
    assertThat(Returns.total(new double[] {Double.NaN, 100, 150, Double.NaN})).isCloseTo(0.5, within(1e-12));
  }
}
