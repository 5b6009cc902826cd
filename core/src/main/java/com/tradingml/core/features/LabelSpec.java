package com.tradingml.core.features;

/**
 * How labels are made: the forward log return of close over {@code horizonBars} bars,
 * {@code ln(close[t+h] / close[t])}, and its class with a dead zone. Labels look forward and exist only in
 * {@link LabeledFeatureStream}'s output, never among the inputs; training splits purge and embargo at
 * least {@code horizonBars} bars (DESIGN.md principle 2).
 *
 * <p>Immutable and thread-safe; validated on construction.
 *
 * @param horizonBars h >= 1, in bars of the symbol's own series (not calendar time)
 * @param deadZone finite, >= 0: returns with {@code |r| <= deadZone} are FLAT
 */
public record LabelSpec(int horizonBars, double deadZone) {

  public static final int DOWN = 0;
  public static final int FLAT = 1;
  public static final int UP = 2;
  /** The class of an unknown forward return (the last bars of a series). */
  public static final int UNKNOWN = -1;

  /** Longest accepted horizon: {@link LabeledFeatureStream} holds this many rows per symbol. */
  public static final int MAX_HORIZON_BARS = 10_000;

  public LabelSpec {
    if (horizonBars < 1 || horizonBars > MAX_HORIZON_BARS) {
      throw new IllegalArgumentException(
          "label horizon must be in [1, " + MAX_HORIZON_BARS + "] bars, got " + horizonBars);
    }
    if (!Double.isFinite(deadZone) || deadZone < 0) {
      throw new IllegalArgumentException("label dead zone must be finite and >= 0, got " + deadZone);
    }
  }

  public static LabelSpec of(int horizonBars, double deadZone) {
    return new LabelSpec(horizonBars, deadZone);
  }

  /** Horizon 1 bar, dead zone 0: the sign of the next bar's return (0 itself is FLAT). */
  public static LabelSpec defaultSpec() {
    return new LabelSpec(1, 0.0);
  }

  /**
   * {@link #DOWN} (0) if {@code r < -deadZone}, {@link #FLAT} (1) if {@code |r| <= deadZone}, {@link #UP} (2)
   * if {@code r > deadZone}; {@link #UNKNOWN} (-1) for NaN.
   */
  public int classOf(double forwardLogReturn) {
    if (Double.isNaN(forwardLogReturn)) {
      return UNKNOWN;
    }
    if (forwardLogReturn > deadZone) {
      return UP;
    }
    if (forwardLogReturn < -deadZone) {
      return DOWN;
    }
    return FLAT;
  }

  /** Canonical text for model cards; the dead zone is written as its exact decimal value. */
  public String description() {
    String zone = FeatureSet.plain(deadZone);
    return "label: r = ln(close[t+" + horizonBars + "] / close[t]) (horizon " + horizonBars + " bars);"
        + " class 0 DOWN if r < -" + zone + ", 1 FLAT if |r| <= " + zone + ", 2 UP if r > " + zone
        + ", -1 if r is unknown";
  }
}
