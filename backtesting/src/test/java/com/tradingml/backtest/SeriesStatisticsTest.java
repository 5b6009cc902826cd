package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesStatisticsTest {

  @Test
  void shouldGiveBitIdenticalMetricsWhetherPointsArriveOneByOneOrInRuns() {
    Random random = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + random.nextInt(5_000);
      long[] times = new long[n];
      double[] values = new double[n];
      double value = 1_000;
      for (int i = 0; i < n; i++) {
        times[i] = 1_700_000_000_000_000L + i * 60_000_000L;
        // Flat stretches (a strategy without a position), random walks, and now and then a zero or a new peak.
        value = random.nextInt(4) == 0 ? value : value * (1 + random.nextGaussian() * 0.01);
        values[i] = trial % 10 == 0 && random.nextInt(500) == 0 ? 0 : value;
      }
      SeriesStatistics single = new SeriesStatistics(1_000);
      SeriesStatistics runs = new SeriesStatistics(1_000);
      int from = 0;
      while (from < n) {
        int to = Math.min(n, from + 1 + random.nextInt(200));
        boolean hasPosition = random.nextBoolean();
        for (int i = from; i < to; i++) {
          single.add(times[i], values[i], hasPosition);
        }
        runs.addAll(times, from, to, java.util.Arrays.copyOfRange(values, from, to), hasPosition);
        from = to;
      }

      assertThat(runs.inferredPeriodsPerYear()).isEqualTo(single.inferredPeriodsPerYear());
      assertThat(runs.build(252, 1e6, new TradeTally())).as("trial %d", trial)
          .isEqualTo(single.build(252, 1e6, new TradeTally()));
    }
  }

  @Test
  void shouldGiveBitIdenticalMetricsForConstantRunsAsForTheSameValuesOneByOne() {
    Random random = new Random(11);
    double[] odd = {0, -5, Double.POSITIVE_INFINITY, Double.NaN, Double.MIN_VALUE};
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + random.nextInt(3_000);
      long[] times = new long[n];
      for (int i = 0; i < n; i++) {
        times[i] = 1_700_000_000_000_000L + i * 60_000_000L;
      }
      SeriesStatistics single = new SeriesStatistics(1_000);
      SeriesStatistics runs = new SeriesStatistics(1_000);
      double value = 1_000;
      int from = 0;
      while (from < n) {
        int to = Math.min(n, from + 1 + random.nextInt(300));
        boolean hasPosition = random.nextBoolean();
        if (random.nextBoolean()) {
          // A constant run: a new level (up, down, back to an old peak) or, now and then, a value that is not a
          // positive finite number.
          value = trial % 8 == 0 && random.nextInt(6) == 0 ? odd[random.nextInt(odd.length)]
              : random.nextInt(5) == 0 ? 1_000 : 1_000 * (1 + random.nextGaussian() * 0.05);
          for (int i = from; i < to; i++) {
            single.add(times[i], value, hasPosition);
          }
          runs.addConstant(times, from, to, value, hasPosition);
        } else {
          double[] walk = new double[to - from];
          for (int i = from; i < to; i++) {
            value = 1_000 * (1 + random.nextGaussian() * 0.05);
            walk[i - from] = value;
            single.add(times[i], value, hasPosition);
          }
          runs.addAll(times, from, to, walk, hasPosition);
        }
        from = to;
      }

      assertThat(runs.count()).isEqualTo(single.count());
      assertThat(Double.doubleToLongBits(runs.inferredPeriodsPerYear()))
          .isEqualTo(Double.doubleToLongBits(single.inferredPeriodsPerYear()));
      assertThat(runs.build(252, 1e6, new TradeTally())).as("trial %d", trial)
          .isEqualTo(single.build(252, 1e6, new TradeTally()));
    }
  }
}
