package com.tradingml.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianSamplerTest {

  private static final int DRAWS = 1_000_000;

  @Test
  void shouldDrawStandardNormalsByMomentsTailAndKolmogorovSmirnov() {
    GaussianSampler sampler = new GaussianSampler(new SplittableRandom(99));
    double[] draws = new double[DRAWS];
    double sum = 0.0;
    double sumOfSquares = 0.0;
    long beyondTailEdge = 0;
    for (int i = 0; i < DRAWS; i++) {
      double x = sampler.nextGaussian();
      draws[i] = x;
      sum += x;
      sumOfSquares += x * x;
      if (Math.abs(x) > 3.442619855899) {
        beyondTailEdge++;
      }
    }
    assertThat(sum / DRAWS).isBetween(-4.0 / Math.sqrt(DRAWS), 4.0 / Math.sqrt(DRAWS));
    assertThat(sumOfSquares / DRAWS).isBetween(1.0 - 4.0 * Math.sqrt(2.0 / DRAWS), 1.0 + 4.0 * Math.sqrt(2.0 / DRAWS));
    double tail = 2.0 * NormalDistribution.cdf(-3.442619855899);
    assertThat((double) beyondTailEdge / DRAWS)
        .isBetween(tail - 4.0 * Math.sqrt(tail / DRAWS), tail + 4.0 * Math.sqrt(tail / DRAWS));
    Arrays.sort(draws);
    double distance = 0.0;
    for (int i = 0; i < DRAWS; i++) {
      double cdf = NormalDistribution.cdf(draws[i]);
      distance = Math.max(distance, Math.max(cdf - (double) i / DRAWS, (double) (i + 1) / DRAWS - cdf));
    }
    // The 0.1% critical value of the Kolmogorov-Smirnov statistic.
    assertThat(distance).isLessThan(1.95 / Math.sqrt(DRAWS));
  }

  @Test
  void shouldRepeatTheSameSequenceForTheSameSeed() {
    GaussianSampler first = new GaussianSampler(new SplittableRandom(7));
    GaussianSampler second = new GaussianSampler(new SplittableRandom(7));
    GaussianSampler other = new GaussianSampler(new SplittableRandom(8));
    boolean anyDifferent = false;
    for (int i = 0; i < 10_000; i++) {
      double x = first.nextGaussian();
      assertThat(second.nextGaussian()).isEqualTo(x);
      anyDifferent |= other.nextGaussian() != x;
    }
    assertThat(anyDifferent).isTrue();
  }
}
