package com.tradingml.core.features;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * MACD of a price series: line = EMA(fast) - EMA(slow), defined from the slow EMA's first value; signal =
 * EMA(signal) of the line values, seeded with the mean of the first {@code signal} line values (so first
 * defined at value {@code slow + signal - 1}); histogram = line - signal. EMAs are {@link SeededEma}s.
 * Not thread-safe; allocation-free.
 */
final class Macd {

  private final SeededEma fast;
  private final SeededEma slow;
  private final SeededEma signal;

  Macd(int fastLength, int slowLength, int signalLength) {
    fast = new SeededEma(fastLength);
    slow = new SeededEma(slowLength);
    signal = new SeededEma(signalLength);
  }

  void update(double price) {
    fast.update(price);
    slow.update(price);
    double line = line();
    if (!Double.isNaN(line)) {
      signal.update(line);
    }
  }

  void write(DataOutput out) throws IOException {
    fast.write(out);
    slow.write(out);
    signal.write(out);
  }

  void read(DataInput in) throws IOException {
    fast.read(in);
    slow.read(in);
    signal.read(in);
  }

  double line() {
    return fast.value() - slow.value();
  }

  double signal() {
    return signal.value();
  }
}
