package com.tradingml.backtest.report;

/** Round numbers for axis steps and bin widths: 1, 2, 2.5 or 5 times a power of ten. */
final class NiceNumbers {
  private static final double[] MANTISSAS = {1, 2, 2.5, 5, 10};

  private NiceNumbers() {}

  /** The smallest nice number {@code >= value}; {@code value} must be positive and finite. */
  static double ceil(double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("nice number needs a positive finite value, got " + value);
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double m : MANTISSAS) {
      // A relative tolerance, so that 0.2 computed as 0.20000000000000004 stays 0.2 rather than 0.25.
      if (m * power >= value * (1 - 1e-12)) {
        return m * power;
      }
    }
    return 10 * power;
  }

  /** The nice number closest to {@code value} on a logarithmic scale (ties go to the larger). */
  static double nearest(double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("nice number needs a positive finite value, got " + value);
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    double best = power;
    for (double m : MANTISSAS) {
      double candidate = m * power;
      if (Math.abs(Math.log(candidate / value)) <= Math.abs(Math.log(best / value)) + 1e-12) {
        best = candidate;
      }
    }
    return best;
  }
}
