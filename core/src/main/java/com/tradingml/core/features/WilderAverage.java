package com.tradingml.core.features;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Wilder's smoothing (the "modified moving average" of RSI and ATR): the first value is the simple mean
 * of the first {@code n} inputs, then {@code avg = (avg * (n - 1) + x) / n}. Undefined (NaN) before the
 * n-th input. ta4j's MMA uses the same recursion seeded with the first input. Not thread-safe;
 * allocation-free.
 */
final class WilderAverage {

  private final int length;
  private final double previousWeight;
  private long count;
  private double seedSum;
  private double value = Double.NaN;

  WilderAverage(int length) {
    this.length = length;
    this.previousWeight = length - 1;
  }

  void update(double x) {
    count++;
    if (count < length) {
      seedSum += x;
    } else if (count == length) {
      seedSum += x;
      value = seedSum / length;
    } else {
      value = (value * previousWeight + x) / length;
    }
  }

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
}
