package com.tradingml.core.features;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A fixed-capacity ring buffer of the most recent values of one series, with the window statistics the
 * features need. Statistics are recomputed from the stored values on every call in two passes (mean, then
 * squared deviations): no running sums that drift with the length of the series.
 *
 * <p>Each value is stored twice, at {@code i} and {@code i + capacity}, so the last {@code n} values always lie
 * side by side, oldest first. The sums run over them in four interleaved partial sums (values 0, 4, 8, ... of the
 * window, 1, 5, 9, ..., and so on, then {@code (s0 + s1) + (s2 + s3)}, then the last {@code n % 4}): a function of
 * the window's values in time order alone, wherever the ring starts, so the same values always give the same
 * doubles (a state restored from a snapshot included), and four additions in flight instead of one chain (the
 * window sums were most of a bar's feature time). Not thread-safe; allocates only in its constructor.
 */
final class Window {

  private final int capacity;
  private final double[] values;
  private int newest = -1;
  private long count;

  Window(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("window capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    values = new double[2 * capacity];
  }

  void push(double value) {
    newest = newest + 1 == capacity ? 0 : newest + 1;
    values[newest] = value;
    values[newest + capacity] = value;
    count++;
  }

  /** Values pushed so far (not capped at the capacity). */
  long count() {
    return count;
  }

  /** Whether the last {@code n} values are all stored. */
  boolean holds(int n) {
    return count >= n;
  }

  /** The value pushed {@code lag} pushes ago: 0 is the newest. Requires {@code lag < min(count, capacity)}. */
  double get(int lag) {
    return values[newest + capacity - lag];
  }

  /** Writes the stored values oldest first, so that a window of the same capacity reads them back exactly. */
  void write(DataOutput out) throws IOException {
    out.writeLong(count);
    int stored = (int) Math.min(count, capacity);
    for (int lag = stored - 1; lag >= 0; lag--) {
      out.writeLong(Double.doubleToRawLongBits(get(lag)));
    }
  }

  void read(DataInput in) throws IOException {
    long total = in.readLong();
    if (total < 0) {
      throw new IOException("negative window count " + total);
    }
    int stored = (int) Math.min(total, capacity);
    newest = -1;
    for (int i = 0; i < stored; i++) {
      push(Double.longBitsToDouble(in.readLong()));
    }
    count = total;
  }

  /** Sum of the last {@code n} values ({@code n <= capacity}), in the order the class comment gives. */
  double sum(int n) {
    int end = newest + capacity + 1;
    int i = end - n;
    double s0 = 0.0;
    double s1 = 0.0;
    double s2 = 0.0;
    double s3 = 0.0;
    for (; i + 3 < end; i += 4) {
      s0 += values[i];
      s1 += values[i + 1];
      s2 += values[i + 2];
      s3 += values[i + 3];
    }
    double sum = (s0 + s1) + (s2 + s3);
    for (; i < end; i++) {
      sum += values[i];
    }
    return sum;
  }

  /** Arithmetic mean of the last {@code n} values; NaN if fewer were pushed. */
  double mean(int n) {
    return holds(n) ? sum(n) / n : Double.NaN;
  }

  /** Sum of squared deviations of the last {@code n} values from {@code mean}, summed as {@link #sum}. */
  double squaredDeviations(int n, double mean) {
    int end = newest + capacity + 1;
    int i = end - n;
    double s0 = 0.0;
    double s1 = 0.0;
    double s2 = 0.0;
    double s3 = 0.0;
    for (; i + 3 < end; i += 4) {
      double d0 = values[i] - mean;
      double d1 = values[i + 1] - mean;
      double d2 = values[i + 2] - mean;
      double d3 = values[i + 3] - mean;
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    double sum = (s0 + s1) + (s2 + s3);
    for (; i < end; i++) {
      double d = values[i] - mean;
      sum += d * d;
    }
    return sum;
  }

  /** Population standard deviation (divisor n) of the last {@code n} values around {@code mean}. */
  double populationStd(int n, double mean) {
    return holds(n) ? Math.sqrt(squaredDeviations(n, mean) / n) : Double.NaN;
  }

  /** Sample standard deviation (divisor n - 1) of the last {@code n} values around {@code mean}. */
  double sampleStd(int n, double mean) {
    return holds(n) ? Math.sqrt(squaredDeviations(n, mean) / (n - 1)) : Double.NaN;
  }
}
