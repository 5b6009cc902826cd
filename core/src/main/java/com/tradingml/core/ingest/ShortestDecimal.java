package com.tradingml.core.ingest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Renders a finite {@code double} as the shortest decimal that parses back to exactly the same
 * {@code double}, in plain notation (never {@code 1.0E-5}): {@code 0.1}, {@code 101.25},
 * {@code 98.76543210987654}, {@code 100}. When several decimals of that shortest length round to the
 * value, the one closest to it is chosen (ties: even last digit).
 *
 * <p>Why not {@link Double#toString}: on Java 17 it sometimes emits more digits than needed
 * (JDK-4511638, fixed only in Java 19), switches to scientific notation outside [1e-3, 1e7), and
 * allocates; CSV output of millions of prices needs neither.
 *
 * <p>Normal doubles use Raffaello Giulietti's Schubfach algorithm ("The Schubfach way to render
 * doubles", 2020): one 128-bit multiplication by a precomputed approximation of a power of ten, then
 * at most two candidates to compare. The table of powers is computed exactly with {@link BigInteger}
 * when the class loads. Subnormal doubles (below 2.2e-308, never a price) take a slow exact path.
 *
 * <p>Pure functions, thread-safe, no allocation on the fast path.
 */
public final class ShortestDecimal {

  /** Upper bound of the characters {@link #write} produces for any finite double (sign included). */
  public static final int MAX_LENGTH = 330;

  private static final int Q_MIN = -1074;
  private static final long C_MIN = 1L << 52;
  private static final long T_MASK = C_MIN - 1;
  private static final long MASK_63 = (1L << 63) - 1;
  private static final int K_MIN = -324;
  private static final int K_MAX = 292;

  /** Pairs (g1, g0) with g = g1 2^63 + g0 = floor(10^-k 2^(125 - flog2pow10(-k))) + 1, for k in [K_MIN, K_MAX]. */
  private static final long[] G = new long[2 * (K_MAX - K_MIN + 1)];

  private static final long[] POW10 = new long[19];

  private static final byte[] DIGIT_PAIRS = new byte[200];

  static {
    long p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
      DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
    for (int k = K_MIN; k <= K_MAX; k++) {
      int e = -k;
      int r = flog2pow10(e) - 125;
      BigInteger beta;
      if (e >= 0) {
        BigInteger power = BigInteger.TEN.pow(e);
        beta = r >= 0 ? power.shiftRight(r) : power.shiftLeft(-r);
      } else {
        beta = BigInteger.ONE.shiftLeft(-r).divide(BigInteger.TEN.pow(-e));
      }
      BigInteger g = beta.add(BigInteger.ONE);
      if (g.bitLength() != 126) {
        throw new AssertionError("power-of-ten table entry out of range for k=" + k);
      }
      G[2 * (k - K_MIN)] = g.shiftRight(63).longValueExact();
      G[2 * (k - K_MIN) + 1] = g.longValue() & MASK_63;
    }
  }

  private ShortestDecimal() {}

  /** The shortest round-trip decimal of {@code value} in plain notation. */
  public static String toString(double value) {
    byte[] buffer = new byte[MAX_LENGTH];
    int length = write(value, buffer, 0);
    return new String(buffer, 0, length, StandardCharsets.US_ASCII);
  }

  /**
   * Writes the shortest round-trip decimal of {@code value} as ASCII at {@code out[position]} and
   * returns the position after it. The caller guarantees {@link #MAX_LENGTH} free bytes.
   *
   * @throws IllegalArgumentException when {@code value} is NaN or infinite
   */
  public static int write(double value, byte[] out, int position) {
    long bits = Double.doubleToRawLongBits(value);
    long fraction = bits & T_MASK;
    int biasedExponent = (int) (bits >>> 52) & 0x7ff;
    if (biasedExponent == 0x7ff) {
      throw new IllegalArgumentException("only finite numbers have a decimal form, got " + value);
    }
    int pos = position;
    if (bits < 0) {
      out[pos++] = '-';
    }
    if (biasedExponent != 0) {
      int minusQ = 1075 - biasedExponent;
      long c = C_MIN | fraction;
      if (0 < minusQ && minusQ < 53) {
        long integer = c >> minusQ;
        if (integer << minusQ == c) {
          return plain(integer, 0, out, pos);
        }
      }
      return schubfach(-minusQ, c, out, pos);
    }
    if (fraction == 0) {
      out[pos++] = '0';
      return pos;
    }
    BigDecimal subnormal = shortestSlow(Math.abs(value));
    return plain(subnormal.unscaledValue().longValueExact(), -subnormal.scale(), out, pos);
  }

  /** value = c 2^q with c in [2^52, 2^53). Section 9 of Giulietti's paper; comments name its quantities. */
  private static int schubfach(int q, long c, byte[] out, int pos) {
    // The rounding interval of v, scaled by 4 2^-q: [cbl, cbr], closed when c is even (parsing rounds half to even).
    int open = (int) c & 1;
    long cb = c << 2;
    long cbr = cb + 2;
    long cbl;
    int k;
    if (c != C_MIN || q == Q_MIN) {
      cbl = cb - 2;
      k = flog10pow2(q);
    } else {
      // At a power of two the spacing below v is half the spacing above it.
      cbl = cb - 1;
      k = flog10ThreeQuartersPow2(q);
    }
    int h = q + flog2pow10(-k) + 2;
    long g1 = G[2 * (k - K_MIN)];
    long g0 = G[2 * (k - K_MIN) + 1];
    // vb, vbl, vbr: 4 v 10^-k and the interval ends, rounded to odd (exactness kept in the last bit).
    long vb = roundToOdd(g1, g0, cb << h);
    long vbl = roundToOdd(g1, g0, cbl << h);
    long vbr = roundToOdd(g1, g0, cbr << h);
    long s = vb >> 2;
    if (s >= 100) {
      // One digit fewer: the multiples of 10 around s.
      long sp10 = 10 * (s / 10);
      long tp10 = sp10 + 10;
      boolean upin = vbl + open <= sp10 << 2;
      boolean wpin = (tp10 << 2) + open <= vbr;
      if (upin != wpin) {
        return plain(upin ? sp10 : tp10, k, out, pos);
      }
    }
    long t = s + 1;
    boolean uin = vbl + open <= s << 2;
    boolean win = (t << 2) + open <= vbr;
    if (uin != win) {
      return plain(uin ? s : t, k, out, pos);
    }
    long cmp = vb - ((s + t) << 1);
    return plain(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : t, k, out, pos);
  }

  /** Round to odd of g cp 2^-127, g = g1 2^63 + g0. */
  private static long roundToOdd(long g1, long g0, long cp) {
    long x1 = Math.multiplyHigh(g0, cp);
    long y0 = g1 * cp;
    long y1 = Math.multiplyHigh(g1, cp);
    long z = (y0 >>> 1) + x1;
    long vbp = y1 + (z >>> 63);
    return vbp | ((z & MASK_63) + MASK_63) >>> 63;
  }

  /** floor(e log10(2)), exact for |e| &lt;= 5456721. */
  static int flog10pow2(int e) {
    return (int) (e * 661_971_961_083L >> 41);
  }

  /** floor(log10(3/4 2^e)), exact for |e| &lt;= 5456721. */
  static int flog10ThreeQuartersPow2(int e) {
    return (int) (e * 661_971_961_083L - 274_743_187_321L >> 41);
  }

  /** floor(e log2(10)), exact for |e| &lt;= 1838394. */
  static int flog2pow10(int e) {
    return (int) (e * 913_124_641_741L >> 38);
  }

  /** Writes digits 10^exponent in plain notation, after dropping trailing zeros of the digits. */
  private static int plain(long digits, int exponent, byte[] out, int pos) {
    long f = digits;
    int e = exponent;
    while (f % 10 == 0) {
      f /= 10;
      e++;
    }
    int n = digitCount(f);
    if (e >= 0) {
      pos = writeFixed(f, n, out, pos);
      for (int i = 0; i < e; i++) {
        out[pos++] = '0';
      }
      return pos;
    }
    int pointPosition = n + e;
    if (pointPosition > 0) {
      long integerPart = f / POW10[-e];
      pos = writeFixed(integerPart, pointPosition, out, pos);
      out[pos++] = '.';
      return writeFixed(f - integerPart * POW10[-e], -e, out, pos);
    }
    out[pos++] = '0';
    out[pos++] = '.';
    for (int i = 0; i < -pointPosition; i++) {
      out[pos++] = '0';
    }
    return writeFixed(f, n, out, pos);
  }

  /** Writes exactly {@code count} digits of {@code value} (left-padded with zeros). */
  public static int writeFixed(long value, int count, byte[] out, int pos) {
    int end = pos + count;
    int i = end;
    long v = value;
    // Eight digits at a time in int arithmetic: independent, cheap divisions by constants.
    while (i - pos > 8) {
      long q = v / 100_000_000L;
      writeEight((int) (v - q * 100_000_000L), out, i - 8);
      i -= 8;
      v = q;
    }
    int w = (int) v;
    while (i - pos >= 2) {
      int q = w / 100;
      int pair = (w - q * 100) << 1;
      out[--i] = DIGIT_PAIRS[pair + 1];
      out[--i] = DIGIT_PAIRS[pair];
      w = q;
    }
    if (i > pos) {
      out[--i] = (byte) ('0' + w);
    }
    return end;
  }

  private static void writeEight(int value, byte[] out, int at) {
    int high = value / 10_000;
    int low = value - high * 10_000;
    int a = high / 100;
    int b = high - a * 100;
    int c = low / 100;
    int d = low - c * 100;
    out[at] = DIGIT_PAIRS[a << 1];
    out[at + 1] = DIGIT_PAIRS[(a << 1) + 1];
    out[at + 2] = DIGIT_PAIRS[b << 1];
    out[at + 3] = DIGIT_PAIRS[(b << 1) + 1];
    out[at + 4] = DIGIT_PAIRS[c << 1];
    out[at + 5] = DIGIT_PAIRS[(c << 1) + 1];
    out[at + 6] = DIGIT_PAIRS[d << 1];
    out[at + 7] = DIGIT_PAIRS[(d << 1) + 1];
  }

  /** Writes a non-negative long in decimal, as few digits as it takes. */
  public static int writeLong(long value, byte[] out, int pos) {
    return writeFixed(value, digitCount(value), out, pos);
  }

  /** Decimal digits of a value in [0, 10^18]: floor(log10) estimated from the bit length, then corrected. */
  static int digitCount(long value) {
    if (value == 0) {
      return 1;
    }
    int estimate = (int) ((64 - Long.numberOfLeadingZeros(value)) * 1233L >>> 12);
    return value >= POW10[estimate] ? estimate + 1 : estimate;
  }

  /**
   * The same decimal by brute force over exact arithmetic: the shortest length at which the nearest
   * decimal below or above the value (whichever is closer, ties to even) parses back to it. Slow; for
   * subnormals and as the test oracle. {@code value} must be finite and positive.
   */
  static BigDecimal shortestSlow(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal below = exact.round(new MathContext(precision, RoundingMode.FLOOR));
      BigDecimal above = exact.round(new MathContext(precision, RoundingMode.CEILING));
      boolean belowWorks = below.doubleValue() == value;
      boolean aboveWorks = above.doubleValue() == value;
      if (belowWorks && aboveWorks) {
        int cmp = exact.subtract(below).compareTo(above.subtract(exact));
        BigDecimal choice = cmp < 0 ? below : cmp > 0 ? above
            : below.unscaledValue().testBit(0) ? above : below;
        return choice.stripTrailingZeros();
      }
      if (belowWorks) {
        return below.stripTrailingZeros();
      }
      if (aboveWorks) {
        return above.stripTrailingZeros();
      }
    }
    throw new AssertionError("17 significant digits always round-trip a double: " + value);
  }
}
