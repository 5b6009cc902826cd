package com.tradingml.core.features;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A fixed-capacity ring buffer of the most recent values of one series, with the window statistics the
 * features need. Statistics are recomputed from the stored values on every call, oldest value first, in
 * two passes (mean, then squared deviations): no running sums that drift with the length of the series,
 * and the same values always give the same doubles. Not thread-safe; allocates only in its constructor.
 */
final class Window {

  private final double[] values;
  private int newest = -1;
  private long count;

  Window(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("window capacity must be >= 1, got " + capacity);
    }
    values = new double[capacity];
  }

  void push(double value) {
    newest = newest + 1 == values.length ? 0 : newest + 1;
    values[newest] = value;
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
    int index = newest - lag;
    return index >= 0 ? values[index] : values[index + values.length];
  }

  /** Writes the stored values oldest first, so that a window of the same capacity reads them back exactly. */
  void write(DataOutput out) throws IOException {
    out.writeLong(count);
    int stored = (int) Math.min(count, values.length);
    for (int lag = stored - 1; lag >= 0; lag--) {
      out.writeLong(Double.doubleToRawLongBits(get(lag)));
    }
  }

  void read(DataInput in) throws IOException {
    long total = in.readLong();
    if (total < 0) {
      throw new IOException("negative window count " + total);
    }
    int stored = (int) Math.min(total, values.length);
    newest = -1;
    for (int i = 0; i < stored; i++) {
      push(Double.longBitsToDouble(in.readLong()));
    }
    count = total;
  }

  /** Sum of the last {@code n} values, oldest first. */
  double sum(int n) {
    // Two contiguous stretches of the ring (the older one up to the array's end, then from its start), in the
    // same order as get(n - 1) ... get(0): the same additions, so the same double, without a branch per value.
    int oldest = newest - n + 1;
    double sum = 0.0;
    if (oldest < 0) {
      for (int i = oldest + values.length; i < values.length; i++) {
        sum += values[i];
      }
      oldest = 0;
    }
    for (int i = oldest; i <= newest; i++) {
      sum += values[i];
    }
    return sum;
  }

  /** Arithmetic mean of the last {@code n} values; NaN if fewer were pushed. */
  double mean(int n) {
    return holds(n) ? sum(n) / n : Double.NaN;
  }

  /** Sum of squared deviations of the last {@code n} values from {@code mean}, oldest first. */
  double squaredDeviations(int n, double mean) {
    int oldest = newest - n + 1; // the two stretches of sum(n), in the same order
    double sum = 0.0;
    if (oldest < 0) {
      for (int i = oldest + values.length; i < values.length; i++) {
        double d = values[i] - mean;
        sum += d * d;
      }
      oldest = 0;
    }
    for (int i = oldest; i <= newest; i++) {
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
