package com.tradingml.backtest;

import com.tradingml.core.risk.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Exact money arithmetic in micro-units ({@code long}, 1e-6 of the account currency), the unit of core's
 * {@link Money}, with the conversions the engine's hot path needs.
 *
 * <p>{@link #ofPrice(double)} equals {@code Money.ofUnits(price).micros()} for every finite price (the shortest
 * decimal of the double rounded half-even to six decimals), but without allocating: {@code rint(price x 1e6)}
 * is the same number unless the scaled value lies within rounding noise of a half (a tie after six decimals),
 * where it defers to {@link Money}. Pure functions; thread-safe.
 */
final class Micros {

  static final long PER_UNIT = Money.MICROS_PER_UNIT;

  /** Largest scaled magnitude taken on the fast path: well inside the doubles that hold every integer. */
  private static final double FAST_LIMIT = 0x1p52;

  private Micros() {}

  /**
   * The price in micro-units, exactly as {@code Money.ofUnits(price).micros()}.
   *
   * @throws IllegalArgumentException for NaN, infinite or out-of-range values (as {@link Money#ofUnits})
   */
  static long ofPrice(double price) {
    double scaled = price * 1e6;
    if (Math.abs(scaled) < FAST_LIMIT) {
      double floor = Math.floor(scaled);
      double fraction = scaled - floor;
      double noise = 1e-6 + Math.abs(scaled) * 1e-15;
      if (Math.abs(fraction - 0.5) > noise) {
        return (long) (fraction < 0.5 ? floor : floor + 1);
      }
    }
    return Money.ofUnits(price).micros();
  }

  /** Epoch microseconds of {@code instant}, rounded down to the microsecond. */
  static long ofInstant(java.time.Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /** The instant of epoch microseconds. */
  static java.time.Instant instant(long micros) {
    return com.tradingml.core.market.Bar.instantOfMicros(micros);
  }

  /** The amount as a double of currency units (for returns and display; never for limits). */
  static double toUnits(long micros) {
    return micros / (double) PER_UNIT;
  }

  /** Plain decimal text without trailing zeros: {@code 27.86}, {@code 100}, {@code -0.000001}. */
  static String text(long micros) {
    if (micros % PER_UNIT == 0) {
      return Long.toString(micros / PER_UNIT);
    }
    return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
  }

  /** {@code a x b / c} rounded half-even, exact for all longs ({@code c > 0}); throws on a result beyond a long. */
  static long mulDivHalfEven(long a, long b, long c) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
      long quotient = low / c;
      long remainder = low % c;
      if (remainder == 0) {
        return quotient;
      }
      long twice = Math.abs(remainder) * 2; // |remainder| < c <= Long.MAX_VALUE: doubling may overflow only if c huge
      int direction = low < 0 ? -1 : 1;
      if (twice < 0 || twice > c || (twice == c && (quotient & 1) != 0)) {
        return quotient + direction;
      }
      return quotient;
    }
    return new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
        .divide(BigDecimal.valueOf(c), 0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /** The sign of {@code a x b - c x d}, exact for all longs (128-bit products). */
  static int compareProducts(long a, long b, long c, long d) {
    long highLeft = Math.multiplyHigh(a, b);
    long highRight = Math.multiplyHigh(c, d);
    if (highLeft != highRight) {
      return highLeft < highRight ? -1 : 1;
    }
    return Long.compareUnsigned(a * b, c * d);
  }
}
