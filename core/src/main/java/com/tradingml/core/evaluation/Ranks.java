package com.tradingml.core.evaluation;

import java.util.Arrays;

/**
 * Average ranks ("fractional ranking"): 1 for the smallest value, tied values all get the mean of the
 * positions they occupy. {@code -0.0} ties with {@code 0.0}; infinities rank as the extremes.
 *
 * <p>Ranks are multiples of 0.5, so sums of up to 2^52 / n of them are exact in a double: the
 * Mann-Whitney statistic built from them is exact for any realistic n.
 */
final class Ranks {

  private Ranks() {}

  /**
   * The average rank of each value, in the input order.
   *
   * @throws IllegalArgumentException if a value is NaN (callers exclude NaN first, and say so)
   */
  static double[] average(double[] values) {
    int n = values.length;
    double[] sorted = new double[n];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(values[i])) {
        throw new IllegalArgumentException("cannot rank NaN (value " + i + ")");
      }
      sorted[i] = values[i] + 0.0; // -0.0 + 0.0 == +0.0: Arrays.sort would otherwise order -0.0 first
    }
    Arrays.sort(sorted);
    double[] ranks = new double[n];
    for (int i = 0; i < n; i++) {
      double value = values[i] + 0.0;
      int below = lowerBound(sorted, value);
      int notAbove = upperBound(sorted, value);
      // Positions below + 1 .. notAbove (1-based); their mean.
      ranks[i] = (below + 1 + notAbove) * 0.5;
    }
    return ranks;
  }

  /** The number of elements strictly less than {@code value}. */
  private static int lowerBound(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] < value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The number of elements less than or equal to {@code value}. */
  private static int upperBound(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] <= value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
