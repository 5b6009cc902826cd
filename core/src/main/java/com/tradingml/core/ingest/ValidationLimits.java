package com.tradingml.core.ingest;

/**
 * Tunable limits of bar validation. Immutable and thread-safe.
 *
 * @param maxJumpFactor a bar whose high exceeds the symbol's previous accepted close times this factor,
 *     or whose low is below that close divided by it, is {@code PRICE_OUT_OF_RANGE}: a decimal-point or
 *     unit error, not a market move. The default, 10, keeps every genuine move of liquid markets (a
 *     50% crash, a doubling) and catches the 100x and 1000x errors that bad ticks usually are.
 */
public record ValidationLimits(double maxJumpFactor) {

  public static final ValidationLimits DEFAULT = new ValidationLimits(10.0);

  public ValidationLimits {
    if (!(maxJumpFactor > 1.0) || Double.isInfinite(maxJumpFactor)) {
      throw new IllegalArgumentException("maxJumpFactor must be a finite number > 1, got " + maxJumpFactor);
    }
  }
}
