package com.tradingml.core.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Parses decimal numbers straight from ASCII bytes, without allocating, for the ingest hot path.
 *
 * <p>Grammar: optional sign, digits with an optional fraction, optional exponent
 * ({@code -12.5e-3}, {@code .5}, {@code 7.}); or the words {@code NaN}, {@code Inf}, {@code Infinity}
 * (any case, optional sign), which parse to non-finite values so that validation can name them
 * ({@code NON_FINITE_PRICE}) instead of calling them malformed. Anything else (hex, {@code 1,5},
 * Java's {@code d}/{@code f} suffixes) is malformed and yields {@link #MALFORMED}.
 *
 * <p>Correct rounding: the value is always the one {@link Double#parseDouble} gives, bit for bit.
 * The first 19 significant digits are gathered (eight at a time where possible) into an unsigned 64-bit
 * significand {@code w} with a decimal exponent {@code q}, and three ways are tried in turn:
 * <ol>
 *   <li>Clinger's fast path: when {@code w <= 2^53} and {@code |q| <= 22}, both {@code w} and
 *       {@code 10^|q|} are exact doubles, so a single IEEE multiplication or division is correctly
 *       rounded.
 *   <li>The Eisel-Lemire algorithm, as described by Daniel Lemire, "Number Parsing at a Gigabyte per
 *       Second", Software: Practice and Experience 51(8), 2021 (arXiv:2101.11408), for the rest of the
 *       normal range: {@code w}, shifted to have its top bit set, is multiplied by a 128-bit truncation
 *       {@code T} of {@code 5^q} times a power of two (computed exactly with {@link BigInteger} when the
 *       class loads; {@code T} is exact for {@code 0 <= q <= 55}). The 192-bit product {@code P} falls
 *       short of the exact one by less than {@code 2^64} units of its last bit. The top 54 bits of
 *       {@code P} are the 53-bit significand and the round bit; the bits below them say whether it is
 *       above halfway, exactly halfway (only possible when {@code T} is exact) or below. If those bits
 *       are so close to all ones that the shortfall could carry into the round bit and the carry would
 *       change the rounded result (the exact value is then within {@code 2^-64} ulp of a halfway point),
 *       or if the result would be subnormal, the algorithm answers "cannot decide". For inputs that are
 *       not near a halfway point the former happens with a probability near {@code 2^-74}.
 *   <li>{@link Double#parseDouble} on a {@code String} (allocates; slow, but exact) for what the first
 *       two cannot decide, and for exponents too long to read exactly.
 * </ol>
 * When more than 19 significant digits are given, the exact significand lies strictly between
 * {@code w} and {@code w + 1}; rounding is monotonic, so if both round to the same double, that double
 * is the answer (otherwise the slow path decides).
 */
public final class AsciiNumbers {

  /**
   * Returned for malformed input. A NaN with a payload that arithmetic never produces, so it is
   * distinguishable from a parsed "NaN" by {@link #isMalformed}.
   */
  public static final double MALFORMED = Double.longBitsToDouble(0x7ff8dead0000beefL);

  /** At most this many significant digits are gathered into the 64-bit significand. */
  static final int MAX_SIGNIFICANT_DIGITS = 19;

  /** Smallest {@code q} in the table: below it, any 19-digit {@code w * 10^q} is under half of the least subnormal. */
  static final int MIN_EXPONENT = -342;

  /** Largest {@code q} in the table: above it, {@code w * 10^q >= 10^309} overflows. */
  static final int MAX_EXPONENT = 308;

  /** Exponents past this while reading {@code e...} are no longer tracked exactly; the slow path decides. */
  private static final int EXPONENT_LIMIT = 100_000;

  /** Returned by {@link #eiselLemire} when it cannot decide; valid results are non-negative bit patterns. */
  static final long UNDECIDED = -1;

  private static final long INFINITY_BITS = 0x7ff0000000000000L;

  private static final double[] POWERS_OF_TEN = new double[23];

  private static final long[] LONG_POWERS_OF_TEN = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L
  };

  private static final long ASCII_ZEROS = 0x3030303030303030L;

  private static final VarHandle LONG_LITTLE_ENDIAN =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * For {@code q} in [{@link #MIN_EXPONENT}, {@link #MAX_EXPONENT}], at {@code 2 * (q - MIN_EXPONENT)} and
   * the next index: the high and low halves of the 128-bit {@code T} with its top bit set and an {@code s}
   * such that {@code T = floor(5^q / 2^s)}; {@code s} itself is folded into {@link #BIASED_EXPONENT_BASE}.
   */
  private static final long[] FIVES = new long[2 * (MAX_EXPONENT - MIN_EXPONENT + 1)];

  /**
   * {@code s + q + 53 + 128 + 1023}, at {@code q - MIN_EXPONENT}: the biased binary exponent of the result
   * is this, minus the normalising shift of {@code w}, plus the shift (9 or 10) that leaves 54 bits of the
   * product.
   */
  private static final int[] BIASED_EXPONENT_BASE = new int[MAX_EXPONENT - MIN_EXPONENT + 1];

  /** For {@code 0 <= q <= 55}, {@code 5^q} fits 128 bits and the table entry is exact: these indexes. */
  private static final int EXACT_FIVES_FROM = -MIN_EXPONENT;

  private static final int EXACT_FIVES_TO = 55 - MIN_EXPONENT;

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
    BigInteger mask64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    BigInteger power = BigInteger.ONE; // 5^|q|
    for (int q = 0; q <= Math.max(MAX_EXPONENT, -MIN_EXPONENT); q++, power = power.multiply(BigInteger.valueOf(5))) {
      if (q <= MAX_EXPONENT) {
        int s = power.bitLength() - 128;
        BigInteger t = s <= 0 ? power.shiftLeft(-s) : power.shiftRight(s); // shiftRight floors
        storeFive(q, t, s, mask64);
      }
      if (q > 0 && q <= -MIN_EXPONENT) {
        // 5^-q = 1 / 5^q. With b = bitLength(5^q), 2^(127 + b) / 5^q lies strictly in (2^127, 2^128).
        int m = 127 + power.bitLength();
        storeFive(-q, BigInteger.ONE.shiftLeft(m).divide(power), -m, mask64); // divide floors
      }
    }
  }

  /** Stores {@code t = floor(5^q / 2^s)}, which must have exactly 128 bits. */
  private static void storeFive(int q, BigInteger t, int s, BigInteger mask64) {
    if (t.bitLength() != 128) {
      throw new AssertionError("5^" + q + " not normalised");
    }
    int index = q - MIN_EXPONENT;
    FIVES[2 * index] = t.shiftRight(64).longValue();
    FIVES[2 * index + 1] = t.and(mask64).longValue();
    BIASED_EXPONENT_BASE[index] = s + q + 53 + 128 + 1023;
  }

  private AsciiNumbers() {}

  public static boolean isMalformed(double value) {
    return Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(MALFORMED);
  }

  /** Parses {@code bytes[from, to)}; surrounding spaces and tabs are ignored. */
  public static double parseDouble(byte[] bytes, int from, int to) {
    while (from < to && isBlank(bytes[from])) {
      from++;
    }
    while (to > from && isBlank(bytes[to - 1])) {
      to--;
    }
    if (from == to) {
      return MALFORMED;
    }
    int i = from;
    boolean negative = false;
    if (bytes[i] == '-' || bytes[i] == '+') {
      negative = bytes[i] == '-';
      i++;
    }
    if (i < to && isLetter(bytes[i])) {
      return parseWord(bytes, i, to, negative);
    }
    int integerStart = i;
    long significand = 0; // every digit, wrapping: exact when there are at most 19 of them
    while (i < to) {
      int d = bytes[i] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      significand = significand * 10 + d;
      i++;
    }
    int integerEnd = i;
    int fractionStart = i;
    if (i < to && bytes[i] == '.') {
      i++;
      fractionStart = i;
      // Eight-byte reads only where they pay: a whole block of digits can fit in the field.
      int lastEightByteRead = to - i >= 8 ? bytes.length - 8 : -1;
      while (i <= lastEightByteRead) {
        long eight = (long) LONG_LITTLE_ENDIAN.get(bytes, i);
        int run = Math.min(leadingDigits(eight), to - i);
        if (run == 8) {
          significand = significand * 100_000_000 + eightDigitsValue(eight);
          i += 8;
          continue;
        }
        if (run > 0 && i > fractionStart) {
          // The tail after whole blocks: move its digits to the top bytes and put '0's under them.
          int padding = (8 - run) << 3;
          long digitsOnly = (eight << padding) | (ASCII_ZEROS >>> (run << 3));
          significand = significand * LONG_POWERS_OF_TEN[run] + eightDigitsValue(digitsOnly);
          i += run;
        }
        lastEightByteRead = -1;
      }
      while (i < to) {
        int d = bytes[i] - '0';
        if (d < 0 || d > 9) {
          break;
        }
        significand = significand * 10 + d;
        i++;
      }
    }
    int fractionEnd = i;
    int fractionDigits = fractionEnd - fractionStart;
    int digits = integerEnd - integerStart + fractionDigits;
    if (digits == 0) {
      return MALFORMED;
    }
    int exponent = 0;
    boolean exponentTooLong = false;
    if (i < to && (bytes[i] == 'e' || bytes[i] == 'E')) {
      i++;
      boolean negativeExponent = false;
      if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
        negativeExponent = bytes[i] == '-';
        i++;
      }
      int exponentDigits = 0;
      while (i < to && isDigit(bytes[i])) {
        if (exponent < EXPONENT_LIMIT) {
          exponent = exponent * 10 + (bytes[i] - '0');
        } else {
          exponentTooLong = true;
        }
        exponentDigits++;
        i++;
      }
      if (exponentDigits == 0) {
        return MALFORMED;
      }
      if (negativeExponent) {
        exponent = -exponent;
      }
    }
    if (i != to) {
      return MALFORMED;
    }
    int decimalExponent = exponent - fractionDigits;
    boolean truncated = false;
    if (digits > MAX_SIGNIFICANT_DIGITS) {
      // The wrapped significand is useless: gather the first 19 significant digits again.
      significand = 0;
      int significantDigits = 0;
      for (int k = integerStart; k < fractionEnd; k++) {
        if (k == integerEnd) {
          k = fractionStart - 1; // skip the point
          continue;
        }
        int d = bytes[k] - '0';
        if (significantDigits < MAX_SIGNIFICANT_DIGITS) {
          if (significand != 0 || d != 0) {
            significand = significand * 10 + d;
            significantDigits++;
          }
        } else {
          decimalExponent++;
          truncated |= d != 0;
        }
      }
    }
    if (significand == 0) {
      return negative ? -0.0 : 0.0;
    }
    if (exponentTooLong) {
      // The exponent was not read exactly: leave it to the JDK (a huge exponent may be offset by many digits).
      return Double.parseDouble(new String(bytes, from, to - from, StandardCharsets.US_ASCII));
    }
    if (!truncated && significand > 0 && significand <= (1L << 53)
        && decimalExponent >= -22 && decimalExponent <= 22) {
      double value = (double) significand;
      value = decimalExponent >= 0 ? value * POWERS_OF_TEN[decimalExponent] : value / POWERS_OF_TEN[-decimalExponent];
      return negative ? -value : value;
    }
    long bits = eiselLemire(significand, decimalExponent);
    if (truncated && bits != UNDECIDED && eiselLemire(significand + 1, decimalExponent) != bits) {
      bits = UNDECIDED;
    }
    if (bits != UNDECIDED) {
      double value = Double.longBitsToDouble(bits);
      return negative ? -value : value;
    }
    return Double.parseDouble(new String(bytes, from, to - from, StandardCharsets.US_ASCII));
  }

  /**
   * How many of the eight bytes (read little-endian, so the first byte is the lowest) are ASCII digits
   * before the first non-digit.
   */
  static int leadingDigits(long eight) {
    long offsets = eight ^ ASCII_ZEROS; // a digit byte becomes its value 0..9
    // Per byte: the top bit of ((b & 0x7f) + 0x76) is set iff (b & 0x7f) >= 10; the sum stays below 0x100,
    // so nothing carries into the next byte. A byte whose own top bit is set is no digit either.
    long nonDigits = (((offsets & 0x7F7F7F7F7F7F7F7FL) + 0x7676767676767676L) | offsets) & 0x8080808080808080L;
    return Long.numberOfTrailingZeros(nonDigits) >>> 3; // 8 when all are digits
  }

  /** The value of eight ASCII digits read little-endian (first digit in the lowest byte). */
  static long eightDigitsValue(long eight) {
    long v = eight - ASCII_ZEROS; // digit values, each 0..9, no borrows
    // Each 16-bit lane: 10 * (its low byte) + (its high byte), i.e. the two-digit value in order.
    v = (v * 10 + (v >>> 8)) & 0x00FF00FF00FF00FFL;
    // Each 32-bit lane: 100 * (low 16 bits) + (high 16 bits): four digits.
    v = (v * 100 + (v >>> 16)) & 0x0000FFFF0000FFFFL;
    return (v & 0xFFFFFFFFL) * 10_000 + (v >>> 32);
  }

  /**
   * The bits of the double nearest to {@code w * 10^q} (ties to even), or {@link #UNDECIDED}.
   *
   * @param w the decimal significand, unsigned, not zero
   */
  static long eiselLemire(long w, int q) {
    if (q < MIN_EXPONENT) {
      return 0; // w * 10^q < 2^64 * 10^-343 < 2^-1075: rounds to +0.0
    }
    if (q > MAX_EXPONENT) {
      return INFINITY_BITS;
    }
    int index = q - MIN_EXPONENT;
    int shift = Long.numberOfLeadingZeros(w);
    long n = w << shift; // in [2^63, 2^64)
    long high = FIVES[2 * index];
    long low = FIVES[2 * index + 1];
    // P = n * (high:low) = p2:p1:p0, in [2^190, 2^192).
    long p0 = n * low;
    long lowHigh = unsignedMultiplyHigh(n, low);
    long highLow = n * high;
    long p1 = highLow + lowHigh;
    long carry = ((highLow & lowHigh) | ((highLow | lowHigh) & ~p1)) >>> 63;
    long p2 = unsignedMultiplyHigh(n, high) + carry;
    // Keep the top 54 bits of P: 53 for the significand and a round bit.
    int drop = 9 + (int) (p2 >>> 63);
    long dropMask = (1L << drop) - 1;
    long below = p2 & dropMask;
    long top = p2 >>> drop; // in [2^53, 2^54)
    int biasedExponent = BIASED_EXPONENT_BASE[index] - shift + drop;
    if (biasedExponent <= 0) {
      return UNDECIDED; // subnormal (or zero) result: it rounds at another position
    }
    if (biasedExponent >= 2047) {
      return INFINITY_BITS; // P alone is at least 2^1024
    }
    long significand = (top + 1) >>> 1; // rounds halfway up; in [2^52, 2^53]
    if (index >= EXACT_FIVES_FROM && index <= EXACT_FIVES_TO) {
      // P is the exact product. All bits under the round bit zero: a tie, which goes to the even neighbour.
      if ((top & 3) == 1 && (below | p1 | p0) == 0) {
        significand--;
      }
    } else if (below == dropMask && p1 == -1 && (top & 1) == 0) {
      // The exact product is above P, by less than n < 2^64 units of p0, so it is never a tie: a set round
      // bit means round up. But it may carry into the round bit. Without a carry, an even top rounds down;
      // with one, top + 1 is odd and above halfway, so it rounds up: cannot decide. (An odd top rounds up
      // without a carry and, being even after one, down to the same double with it: decided.)
      return UNDECIDED;
    }
    // A significand of 2^53 (rounding carried out) bumps the exponent field, up to infinity's if need be.
    return ((long) biasedExponent << 52) + significand - (1L << 52);
  }

  /** The high 64 bits of the unsigned 128-bit product (Java 17 lacks {@code Math.unsignedMultiplyHigh}). */
  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  private static double parseWord(byte[] bytes, int from, int to, boolean negative) {
    int length = to - from;
    if (equalsIgnoreCase(bytes, from, length, "nan")) {
      return Double.NaN;
    }
    if (equalsIgnoreCase(bytes, from, length, "inf") || equalsIgnoreCase(bytes, from, length, "infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return MALFORMED;
  }

  private static boolean equalsIgnoreCase(byte[] bytes, int from, int length, String word) {
    if (length != word.length()) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (Character.toLowerCase((char) (bytes[from + k] & 0xff)) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static boolean isLetter(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  }

  static boolean isBlank(byte b) {
    return b == ' ' || b == '\t';
  }
}
