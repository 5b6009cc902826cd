package com.tradingml.core.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of money, or an exact price per share, in micro-units (1e-6) of the account currency.
 *
 * <p>Why not {@code double}: risk limits are decided at their boundary (RELIABILITY.md R2: at the limit
 * passes, one unit more rejects) and exposure is a sum over positions. Binary floating point cannot hold
 * most decimal prices (0.1), and its sums depend on their order, so a check on doubles could pass or fail
 * by a rounding error. A {@code long} of micros is exact, allocation-free when unboxed, and spans
 * +-9.2e12 currency units, more than any single account's exposure. Arithmetic is exact: every operation
 * throws {@link ArithmeticException} on overflow rather than wrapping, and the risk checks turn that into
 * a failed check (fail closed).
 *
 * <p>Market prices arrive as {@code double} (bars, model outputs, the serving API) and are converted
 * once, at the risk boundary, by {@link #ofUnits(double)}: the double's shortest decimal representation
 * (what {@link Double#toString(double)} prints, the digits a person reading the price sees) rounded
 * <b>half-even</b> to six decimals. Half-even is unbiased over many conversions; starting from the
 * shortest decimal rather than the exact binary value makes a price written as {@code 0.0000005} round
 * like the tie it looks like (to 0), instead of depending on which side of the tie the binary value lies.
 *
 * <p>Immutable and thread-safe.
 */
public record Money(long micros) implements Comparable<Money> {

  /** Micro-units in one unit of the currency. */
  public static final long MICROS_PER_UNIT = 1_000_000L;

  public static final Money ZERO = new Money(0L);

  private static final int SCALE = 6;

  public static Money ofMicros(long micros) {
    return new Money(micros);
  }

  /**
   * The exact amount nearest to {@code units}: its shortest decimal representation rounded half-even to
   * six decimals.
   *
   * @throws IllegalArgumentException when {@code units} is NaN, infinite, or beyond the {@code long} range
   *     of micros
   */
  public static Money ofUnits(double units) {
    return new Money(unitsToMicros(units));
  }

  /** Largest magnitude converted without {@link BigDecimal}: micros then stay far below 2^53. */
  private static final double FAST_LIMIT = 1e9;

  /**
   * {@link #ofUnits(double)} as a {@code long} of micros. Most prices take a fast path that gives the same result
   * without building a decimal: with {@code s = units x 1e6} in floating point and {@code r} the integer nearest
   * to it, the exact decimal {@code d} that {@link Double#toString(double)} prints lies within half an ulp of
   * {@code units}, so {@code d x 1e6} lies within 1.5 ulp of {@code s} (the product's ulp is at least 2^19 of
   * {@code units}'s, and 1e6 &lt; 2^20). When {@code s} is more than 4 ulp away from a tie ({@code |s - r| < 0.5 -
   * 4 ulp(s)}; the subtraction is exact), {@code d x 1e6} is no tie either and rounds to {@code r}, half-even or not.
   * Everything else (ties and near-ties, large amounts) goes through {@link BigDecimal}.
   *
   * @throws IllegalArgumentException as {@link #ofUnits(double)}
   */
  static long unitsToMicros(double units) {
    if (!Double.isFinite(units)) {
      throw new IllegalArgumentException("money amount is not a finite number: " + units);
    }
    if (Math.abs(units) < FAST_LIMIT) {
      double scaled = units * MICROS_PER_UNIT;
      double nearest = Math.rint(scaled);
      if (Math.abs(scaled - nearest) < 0.5 - 4 * Math.ulp(scaled)) {
        return (long) nearest;
      }
    }
    return exactUnitsToMicros(units);
  }

  /** The reference conversion: the shortest decimal of {@code units}, rounded half-even to six decimals. */
  static long exactUnitsToMicros(double units) {
    if (!Double.isFinite(units)) {
      throw new IllegalArgumentException("money amount is not a finite number: " + units);
    }
    BigDecimal scaled = BigDecimal.valueOf(units).setScale(SCALE, RoundingMode.HALF_EVEN);
    if (scaled.unscaledValue().bitLength() >= 64) {
      throw new IllegalArgumentException("money amount out of range (+-9.2e12 units): " + units);
    }
    return scaled.unscaledValue().longValue();
  }

  /**
   * Parses a plain decimal ({@code "1000"}, {@code "99.950001"}, {@code "-12.5"}). More than six decimals
   * is an error, not a rounding: a configured limit must mean exactly what it says.
   */
  public static Money parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("money text must not be null");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a decimal amount: '" + text + "'");
    }
    if (value.stripTrailingZeros().scale() > SCALE) {
      throw new IllegalArgumentException("amount has more than six decimals: '" + text + "'");
    }
    BigDecimal scaled = value.setScale(SCALE, RoundingMode.UNNECESSARY);
    if (scaled.unscaledValue().bitLength() >= 64) {
      throw new IllegalArgumentException("amount out of range (+-9.2e12 units): '" + text + "'");
    }
    return new Money(scaled.unscaledValue().longValue());
  }

  public Money plus(Money other) {
    return new Money(Math.addExact(micros, other.micros));
  }

  public Money minus(Money other) {
    return new Money(Math.subtractExact(micros, other.micros));
  }

  /** This price times a (signed) share quantity: a notional. Exact, or {@link ArithmeticException}. */
  public Money times(long quantity) {
    return new Money(Math.multiplyExact(micros, quantity));
  }

  public Money negate() {
    return new Money(Math.negateExact(micros));
  }

  public Money abs() {
    return new Money(Math.absExact(micros));
  }

  public int signum() {
    return Long.signum(micros);
  }

  public boolean isGreaterThan(Money other) {
    return micros > other.micros;
  }

  public boolean isLessThan(Money other) {
    return micros < other.micros;
  }

  /** For display and for model inputs only; never compare limits on it. */
  public double toUnits() {
    return micros / (double) MICROS_PER_UNIT;
  }

  /** The amount as a plain decimal with six decimals ({@code "1000.000000"}, {@code "-0.000001"}). */
  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(micros, SCALE);
  }

  @Override
  public int compareTo(Money other) {
    return Long.compare(micros, other.micros);
  }

  @Override
  public String toString() {
    return toBigDecimal().toPlainString();
  }
}
