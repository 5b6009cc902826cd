package com.tradingml.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReturnHistogramTest {

  @Test
  void shouldBinWithRoundWidthAndZeroOnAnEdge() {
    // Range 4.5% over 4 target bins: 1.125% rounds to the nice 1%; edges are multiples of 1%.
    ReturnHistogram h = ReturnHistogram.of(new double[] {-0.015, -0.005, 0, 0.004, 0.01, 0.03}, 4);

    assertThat(h.width()).isEqualTo(0.01);
    assertThat(h.firstEdge()).isCloseTo(-0.02, within(1e-15));
    assertThat(h.counts()).containsExactly(1, 1, 2, 1, 0, 1);
    assertThat(h.lowerEdge(2)).isZero();
  }

  @Test
  void shouldPutAValueOnAnEdgeIntoTheBinItOpens() {
    // 0.03 / 0.01 is 2.9999999999999996 in doubles; the value still belongs to [0.03, 0.04).
    ReturnHistogram h = ReturnHistogram.of(new double[] {0, 0.01, 0.02, 0.03}, 3);

    assertThat(h.width()).isEqualTo(0.01);
    assertThat(h.counts()).containsExactly(1, 1, 1, 1);
  }

  @Test
  void shouldCountEveryValueOnce() {
    SplittableRandom random = new SplittableRandom(11);
    double[] values = new double[1_234];
    for (int i = 0; i < values.length; i++) {
      values[i] = 0.03 * random.nextGaussian();
    }

    ReturnHistogram h = ReturnHistogram.of(values, ReturnHistogram.automaticBins(values.length));

    assertThat(Arrays.stream(h.counts()).sum()).isEqualTo(values.length);
    assertThat(h.bins()).isBetween(20, 50);
    for (double v : values) {
      assertThat(v).isGreaterThanOrEqualTo(h.firstEdge() - 1e-12).isLessThan(h.upperEdge(h.bins() - 1));
    }
  }

  @Test
  void shouldHandleNoValuesAndOneDistinctValue() {
    assertThat(ReturnHistogram.of(new double[0], 10).bins()).isZero();

    ReturnHistogram single = ReturnHistogram.of(new double[] {0.05, 0.05}, 10);
    assertThat(single.counts()).containsExactly(2);
    assertThat(single.lowerEdge(0)).isLessThanOrEqualTo(0.05);
    assertThat(single.upperEdge(0)).isGreaterThan(0.05);
  }

  @Test
  void shouldChooseAutomaticBinsFromTheSquareRootWithinLimits() {
    assertThat(ReturnHistogram.automaticBins(0)).isEqualTo(5);
    assertThat(ReturnHistogram.automaticBins(150)).isEqualTo(13);
    assertThat(ReturnHistogram.automaticBins(1_000_000)).isEqualTo(30);
  }
}
