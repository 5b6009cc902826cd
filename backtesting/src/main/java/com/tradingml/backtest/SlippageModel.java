package com.tradingml.backtest;

import java.math.BigDecimal;

/**
 * How far a fill's price moves against the order from the reference price of its fill bar (the open for
 * {@link FillTiming#NEXT_OPEN}, the close for {@link FillTiming#SIGNAL_CLOSE}): buys pay more, sells receive less.
 *
 * <ul>
 *   <li>{@link Kind#NONE}: the reference price.
 *   <li>{@link Kind#BPS}: {@code price x (1 + side x value / 10000)}.
 *   <li>{@link Kind#RANGE_FRACTION}: {@code price + side x value x (high - low)} of the fill bar, value in [0, 1]
 *       (a share of the bar's range: a proxy for the spread and impact of a bar one did not see from inside).
 * </ul>
 * The slipped price is not clamped to the bar's range (slippage can exceed it, that is its point) but never
 * goes below one micro-unit. Computed in {@code double}, then converted to exact micro-units like every fill
 * price. Immutable and thread-safe.
 */
public record SlippageModel(Kind kind, BigDecimal value) {

  public static final SlippageModel NONE = new SlippageModel(Kind.NONE, BigDecimal.ZERO);

  public enum Kind {
    NONE("none"), BPS("bps"), RANGE_FRACTION("range_fraction");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public SlippageModel {
    if (kind == null || value == null) {
      throw new IllegalArgumentException("slippage needs a kind and a value");
    }
    if (value.signum() < 0) {
      throw new IllegalArgumentException("slippage must not be negative: " + value.toPlainString());
    }
    if (kind == Kind.NONE && value.signum() != 0) {
      throw new IllegalArgumentException("slippage NONE takes no value: " + value.toPlainString());
    }
    if (kind == Kind.BPS && value.compareTo(BigDecimal.valueOf(10_000)) >= 0) {
      throw new IllegalArgumentException("slippage bps must be below 10000: " + value.toPlainString());
    }
    if (kind == Kind.RANGE_FRACTION && value.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("slippage range fraction must be in [0, 1]: " + value.toPlainString());
    }
    value = value.stripTrailingZeros();
    if (value.scale() < 0) {
      value = value.setScale(0);
    }
  }

  public static SlippageModel bps(double bps) {
    return new SlippageModel(Kind.BPS, new BigDecimal(Double.toString(bps)));
  }

  public static SlippageModel rangeFraction(double fraction) {
    return new SlippageModel(Kind.RANGE_FRACTION, new BigDecimal(Double.toString(fraction)));
  }

  /**
   * The slipped price for an order of {@code side} (+1 buy, -1 sell) filled at {@code price} on a bar whose
   * {@code high - low} is {@code range} (read only by {@link Kind#RANGE_FRACTION}; see {@link #usesRange()}).
   */
  double apply(double price, int side, double range, double factor) {
    double slipped = switch (kind) {
      case NONE -> price;
      case BPS -> price * (1 + side * factor);
      case RANGE_FRACTION -> price + side * factor * range;
    };
    return Math.max(slipped, 1e-6);
  }

  /** Whether {@link #apply} reads the fill bar's range (the engine reads the bar's high and low only then). */
  boolean usesRange() {
    return kind == Kind.RANGE_FRACTION;
  }

  /** The factor {@link #apply} multiplies: bps / 10000, or the range fraction. */
  double factor() {
    return switch (kind) {
      case NONE -> 0;
      case BPS -> value.doubleValue() / 10_000;
      case RANGE_FRACTION -> value.doubleValue();
    };
  }
}
