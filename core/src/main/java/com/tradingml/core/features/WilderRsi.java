package com.tradingml.core.features;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Wilder's relative strength index of a price series, in [0, 100]: gains and losses of consecutive
 * changes, each smoothed by a {@link WilderAverage} (first average = simple mean of the first {@code n}
 * changes, so the first value needs {@code n + 1} prices), {@code RSI = 100 - 100 / (1 + gain / loss)};
 * 100 when the average loss is 0 and the average gain is not, and 50 (neutral) when both are 0 (a flat
 * series), where ta4j returns 0. Not thread-safe; allocation-free.
 */
final class WilderRsi {

  private final WilderAverage gains;
  private final WilderAverage losses;
  private boolean hasPrevious;
  private double previous;

  WilderRsi(int length) {
    gains = new WilderAverage(length);
    losses = new WilderAverage(length);
  }

  void update(double price) {
    if (hasPrevious) {
      double change = price - previous;
      gains.update(change > 0 ? change : 0.0);
      losses.update(change < 0 ? -change : 0.0);
    }
    previous = price;
    hasPrevious = true;
  }

  void write(DataOutput out) throws IOException {
    gains.write(out);
    losses.write(out);
    out.writeBoolean(hasPrevious);
    out.writeLong(Double.doubleToRawLongBits(previous));
  }

  void read(DataInput in) throws IOException {
    gains.read(in);
    losses.read(in);
    hasPrevious = in.readBoolean();
    previous = Double.longBitsToDouble(in.readLong());
  }

  double value() {
    double gain = gains.value();
    double loss = losses.value();
    if (Double.isNaN(gain)) {
      return Double.NaN;
    }
    if (loss == 0.0) {
      return gain == 0.0 ? 50.0 : 100.0;
    }
    return 100.0 - 100.0 / (1.0 + gain / loss);
  }
}
