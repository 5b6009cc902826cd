package com.tradingml.core.features;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Exponential moving average with {@code alpha = 2 / (n + 1)}, seeded with the simple mean of the first
 * {@code n} values (the TA-Lib / StockCharts convention): undefined (NaN) before the n-th value, equal
 * to the SMA at it, then {@code ema += alpha * (x - ema)}. ta4j seeds with the first value instead; the
 * two agree once {@code (1 - alpha)^k} has made the seed negligible. Not thread-safe; allocation-free.
 */
final class SeededEma {

  private final int length;
  private final double alpha;
  private long count;
  private double seedSum;
  private double value = Double.NaN;

  SeededEma(int length) {
    this.length = length;
    this.alpha = 2.0 / (length + 1);
  }

  void update(double x) {
    count++;
    if (count < length) {
      seedSum += x;
    } else if (count == length) {
      seedSum += x;
      value = seedSum / length;
    } else {
      value += alpha * (x - value);
    }
  }

  /** The average, NaN until {@code n} values were given. */
  void write(DataOutput out) throws IOException {
    out.writeLong(count);
    out.writeLong(Double.doubleToRawLongBits(seedSum));
    out.writeLong(Double.doubleToRawLongBits(value));
  }

  void read(DataInput in) throws IOException {
    count = in.readLong();
    seedSum = Double.longBitsToDouble(in.readLong());
    value = Double.longBitsToDouble(in.readLong());
  }

  double value() {
    return value;
  }

  long count() {
    return count;
  }
}
