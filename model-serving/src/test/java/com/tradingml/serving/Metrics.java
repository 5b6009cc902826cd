package com.tradingml.serving;

/** Reads a sample from a Prometheus text exposition. */
final class Metrics {

  private Metrics() {}

  /** The value of the first sample line starting with {@code prefix}; 0 when there is none. */
  static double value(String exposition, String prefix) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }
}
