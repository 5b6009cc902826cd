package com.tradingml.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DownsamplerTest {

  private static double[] randomWalk(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[n];
    double v = 100;
    for (int i = 0; i < n; i++) {
      v += random.nextGaussian();
      values[i] = v;
    }
    return values;
  }

  @Test
  void shouldKeepEveryPointOfAShortSeries() {
    assertThat(Downsampler.minMax(new double[] {1, 2, 3}, 32)).containsExactly(0, 1, 2);
    assertThat(Downsampler.minMax(new double[0], 32)).isEmpty();
  }

  @Test
  void shouldKeepEndsAndExtremesWithinTheBudget() {
    double[] values = randomWalk(100_000, 1);

    int[] kept = Downsampler.minMax(values, 3_000);

    assertThat(kept.length).isLessThanOrEqualTo(3_000).isGreaterThan(1_000);
    assertThat(kept).isSorted().doesNotHaveDuplicates();
    assertThat(kept[0]).isZero();
    assertThat(kept[kept.length - 1]).isEqualTo(values.length - 1);
    int argMin = 0;
    int argMax = 0;
    for (int i = 0; i < values.length; i++) {
      argMin = values[i] < values[argMin] ? i : argMin;
      argMax = values[i] > values[argMax] ? i : argMax;
    }
    assertThat(kept).contains(argMin, argMax);
  }

  @Test
  void shouldBeDeterministic() {
    double[] values = randomWalk(50_000, 2);

    assertThat(Downsampler.minMax(values, 1_000)).isEqualTo(Downsampler.minMax(values.clone(), 1_000));
  }

  @Test
  void shouldKeepAGapOfUndefinedValues() {
    double[] values = randomWalk(10_000, 3);
    Arrays.fill(values, 4_000, 4_500, Double.NaN);

    int[] kept = Downsampler.minMax(values, 300);

    assertThat(Arrays.stream(kept).filter(i -> Double.isNaN(values[i])).count()).isPositive();
  }

  @Test
  void shouldSampleEvenlyIncludingBothEnds() {
    assertThat(Downsampler.evenly(11, 6)).containsExactly(0, 2, 4, 6, 8, 10);
    assertThat(Downsampler.evenly(3, 6)).containsExactly(0, 1, 2);
  }
}
