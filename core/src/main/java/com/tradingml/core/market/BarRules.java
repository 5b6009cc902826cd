package com.tradingml.core.market;

/**
 * The single definition of what a well-formed bar is, shared by the {@link Bar} constructor, batch
 * ingestion and the serving service's bar stream. Pure functions, thread-safe.
 */
public final class BarRules {

  /**
   * Prices at or above this are absurd for any instrument we trade (and far beyond where doubles still
   * carry cents); below {@link #MIN_PRICE} they are absurd the other way. Configurable limits for jumps
   * live in {@link com.tradingml.core.ingest.ValidationLimits}.
   */
  public static final double MAX_PRICE = 1e9;

  public static final double MIN_PRICE = 1e-8;

  private BarRules() {}

  /**
   * The first rule the values break, in {@link RejectReason} order, or {@code null} when the bar is
   * well formed. Volume may be NaN only to mean "unknown"; callers that parse a present NaN volume
   * must report {@link RejectReason#NON_FINITE_VOLUME} themselves (see {@link #volumeViolation}).
   */
  public static RejectReason firstViolation(double open, double high, double low, double close, double volume) {
    if (!Double.isFinite(open) || !Double.isFinite(high) || !Double.isFinite(low) || !Double.isFinite(close)) {
      return RejectReason.NON_FINITE_PRICE;
    }
    if (open <= 0 || high <= 0 || low <= 0 || close <= 0) {
      return RejectReason.NON_POSITIVE_PRICE;
    }
    if (high < low) {
      return RejectReason.HIGH_LT_LOW;
    }
    if (open < low || open > high) {
      return RejectReason.OPEN_OUTSIDE_RANGE;
    }
    if (close < low || close > high) {
      return RejectReason.CLOSE_OUTSIDE_RANGE;
    }
    if (high >= MAX_PRICE || low < MIN_PRICE) {
      return RejectReason.PRICE_OUT_OF_RANGE;
    }
    return Double.isNaN(volume) ? null : volumeViolation(volume);
  }

  /** The rule a present volume breaks, or {@code null}. */
  public static RejectReason volumeViolation(double volume) {
    if (!Double.isFinite(volume)) {
      return RejectReason.NON_FINITE_VOLUME;
    }
    if (volume <= 0) {
      return RejectReason.NON_POSITIVE_VOLUME;
    }
    return null;
  }

  /** A message naming the offending values, for quarantine rows and exceptions. */
  public static String describe(RejectReason reason, double open, double high, double low, double close,
      double volume) {
    return switch (reason) {
      case NON_FINITE_PRICE, NON_POSITIVE_PRICE -> "prices must be finite and positive: open=" + open + " high="
          + high + " low=" + low + " close=" + close;
      case HIGH_LT_LOW -> "high " + high + " is below low " + low;
      case OPEN_OUTSIDE_RANGE -> "open " + open + " is outside [low " + low + ", high " + high + "]";
      case CLOSE_OUTSIDE_RANGE -> "close " + close + " is outside [low " + low + ", high " + high + "]";
      case NON_FINITE_VOLUME -> "volume must be finite: " + volume;
      case NON_POSITIVE_VOLUME -> "volume must be positive when present: " + volume;
      case PRICE_OUT_OF_RANGE -> "price outside [" + MIN_PRICE + ", " + MAX_PRICE + "): high=" + high + " low=" + low;
      default -> reason.name();
    };
  }
}
