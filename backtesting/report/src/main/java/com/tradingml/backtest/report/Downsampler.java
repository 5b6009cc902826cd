package com.tradingml.backtest.report;

import java.util.Arrays;

/**
 * Deterministic downsampling of long series for drawing: which indices of a series a chart keeps.
 *
 * <p>{@link #minMax} keeps the shape a reader cares about: the first and last points, and in each of
 * {@code (maxPoints - 2) / 3} equal index buckets the lowest and highest value (so peaks and drawdown troughs
 * survive) plus the bucket's first NaN (so gaps survive). A chart of about a thousand pixels loses nothing
 * visible at the default 3,000 points. {@link #evenly} picks evenly spaced indices, for hover read-outs.
 * Both depend only on their input: no randomness.
 */
public final class Downsampler {
  private Downsampler() {}

  /** Indices (ascending, at most {@code maxPoints}) of a min-max downsampling of {@code values}. */
  public static int[] minMax(double[] values, int maxPoints) {
    int n = values.length;
    if (maxPoints < 5) {
      throw new IllegalArgumentException("min-max downsampling needs maxPoints >= 5, got " + maxPoints);
    }
    if (n <= maxPoints) {
      return all(n);
    }
    int buckets = (maxPoints - 2) / 3;
    int[] kept = new int[2 + 3 * buckets];
    int size = 0;
    kept[size++] = 0;
    long interior = n - 2L;
    int[] chosen = new int[3];
    for (int b = 0; b < buckets; b++) {
      int from = (int) (1 + b * interior / buckets);
      int to = (int) (1 + (b + 1) * interior / buckets);
      int lowest = -1;
      int highest = -1;
      int firstNaN = -1;
      for (int i = from; i < to; i++) {
        double v = values[i];
        if (Double.isNaN(v)) {
          if (firstNaN < 0) {
            firstNaN = i;
          }
          continue;
        }
        if (lowest < 0 || v < values[lowest]) {
          lowest = i;
        }
        if (highest < 0 || v > values[highest]) {
          highest = i;
        }
      }
      int count = 0;
      for (int candidate : new int[] {lowest, highest, firstNaN}) {
        if (candidate >= 0 && (count == 0 || !contains(chosen, count, candidate))) {
          chosen[count++] = candidate;
        }
      }
      Arrays.sort(chosen, 0, count);
      System.arraycopy(chosen, 0, kept, size, count);
      size += count;
    }
    kept[size++] = n - 1;
    return Arrays.copyOf(kept, size);
  }

  /** {@code maxPoints} evenly spaced indices from 0 to {@code n - 1} (all of them if {@code n <= maxPoints}). */
  public static int[] evenly(int n, int maxPoints) {
    if (maxPoints < 2) {
      throw new IllegalArgumentException("even sampling needs maxPoints >= 2, got " + maxPoints);
    }
    if (n <= maxPoints) {
      return all(n);
    }
    int[] kept = new int[maxPoints];
    long last = n - 1L;
    long steps = maxPoints - 1L;
    for (int k = 0; k < maxPoints; k++) {
      kept[k] = (int) ((2 * k * last + steps) / (2 * steps)); // round(k * last / steps)
    }
    return kept;
  }

  /** Picks {@code values[indices[k]]}. */
  public static double[] pick(double[] values, int[] indices) {
    double[] picked = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      picked[k] = values[indices[k]];
    }
    return picked;
  }

  /** Picks {@code values[indices[k]]}. */
  public static long[] pick(long[] values, int[] indices) {
    long[] picked = new long[indices.length];
    for (int k = 0; k < indices.length; k++) {
      picked[k] = values[indices[k]];
    }
    return picked;
  }

  private static boolean contains(int[] array, int size, int value) {
    for (int i = 0; i < size; i++) {
      if (array[i] == value) {
        return true;
      }
    }
    return false;
  }

  private static int[] all(int n) {
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      indices[i] = i;
    }
    return indices;
  }
}
