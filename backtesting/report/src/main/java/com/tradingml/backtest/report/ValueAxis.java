package com.tradingml.backtest.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A linear value axis with round tick steps ({@link NiceNumbers}) and labels in one of three styles.
 *
 * @param low the axis minimum, a multiple of {@code step}
 * @param high the axis maximum, a multiple of {@code step}
 * @param step the distance between ticks
 * @param style how tick labels are written
 */
record ValueAxis(double low, double high, double step, Style style) {

  /** Tick label styles. */
  enum Style {
    /** Fractions as percentages: 0.05 -> "5%". */
    PERCENT,
    /** Plain numbers with as many decimals as the step needs. */
    NUMBER,
    /** Large amounts with k/M/B suffixes: 1250000 -> "1.25M". */
    COMPACT
  }

  /** An axis covering {@code [min, max]} with about {@code targetTicks} ticks; a zero range is widened. */
  static ValueAxis covering(double min, double max, int targetTicks, Style style) {
    if (!(min <= max) || Double.isInfinite(min) || Double.isInfinite(max)) {
      throw new IllegalArgumentException("axis range must be finite with min <= max, got " + min + ".." + max);
    }
    if (min == max) {
      double pad = min != 0 ? Math.abs(min) * 0.05 : style == Style.PERCENT ? 0.01 : 1;
      min -= pad;
      max += pad;
    }
    double step = NiceNumbers.ceil((max - min) / targetTicks);
    double low = Math.floor(min / step + 1e-9) * step;
    double high = Math.ceil(max / step - 1e-9) * step;
    return new ValueAxis(low, high, step, style);
  }

  List<Double> ticks() {
    List<Double> ticks = new ArrayList<>();
    long count = Math.round((high - low) / step);
    for (long k = 0; k <= count; k++) {
      ticks.add(low + k * step);
    }
    return ticks;
  }

  String label(double value) {
    return switch (style) {
      case PERCENT -> fixed(value * 100, decimalsFor(step * 100)) + "%";
      case NUMBER -> fixed(value, decimalsFor(step));
      case COMPACT -> compact(value);
    };
  }

  private String compact(double value) {
    double magnitude = Math.max(Math.abs(high), Math.abs(low));
    if (magnitude >= 1e9) {
      return fixed(value / 1e9, decimalsFor(step / 1e9)) + "B";
    }
    if (magnitude >= 1e6) {
      return fixed(value / 1e6, decimalsFor(step / 1e6)) + "M";
    }
    if (magnitude >= 1e4) {
      return fixed(value / 1e3, decimalsFor(step / 1e3)) + "k";
    }
    return fixed(value, decimalsFor(step));
  }

  /** Enough decimals to tell ticks {@code step} apart: 0.25 -> 2, 5 -> 0. */
  private static int decimalsFor(double step) {
    // Twelve significant digits first: 0.05 * 100 may arrive as 5.000000000000001.
    BigDecimal exact = BigDecimal.valueOf(step).round(new MathContext(12)).stripTrailingZeros();
    return Math.max(0, Math.min(10, exact.scale()));
  }

  private static String fixed(double value, int decimals) {
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN);
    return rounded.signum() == 0 ? rounded.abs().toPlainString() : rounded.toPlainString();
  }
}
