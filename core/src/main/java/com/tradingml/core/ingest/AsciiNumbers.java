package com.tradingml.core.ingest;

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
 * <p>Correct rounding: when the decimal significand has at most 15 digits and the exponent's power of
 * ten is exact in a double (|e| <= 22), a single IEEE multiplication or division gives the correctly
 * rounded result (Clinger's fast path). Every other input falls back to {@link Double#parseDouble},
 * which is correctly rounded too. So the value is always the one {@code Double.parseDouble} gives.
 */
public final class AsciiNumbers {

  /**
   * Returned for malformed input. A NaN with a payload that arithmetic never produces, so it is
   * distinguishable from a parsed "NaN" by {@link #isMalformed}.
   */
  public static final double MALFORMED = Double.longBitsToDouble(0x7ff8dead0000beefL);

  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
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
    long significand = 0;
    int significantDigits = 0;
    int digits = 0;
    int decimalExponent = 0;
    boolean exact = true;
    while (i < to && isDigit(bytes[i])) {
      int d = bytes[i] - '0';
      if (significand != 0 || d != 0) {
        if (significantDigits < 18) {
          significand = significand * 10 + d;
          significantDigits++;
        } else {
          decimalExponent++;
          exact = exact && d == 0;
        }
      }
      digits++;
      i++;
    }
    if (i < to && bytes[i] == '.') {
      i++;
      while (i < to && isDigit(bytes[i])) {
        int d = bytes[i] - '0';
        if (significand != 0 || d != 0) {
          if (significantDigits < 18) {
            significand = significand * 10 + d;
            significantDigits++;
            decimalExponent--;
          } else {
            exact = exact && d == 0;
          }
        } else {
          decimalExponent--;
        }
        digits++;
        i++;
      }
    }
    if (digits == 0) {
      return MALFORMED;
    }
    if (i < to && (bytes[i] == 'e' || bytes[i] == 'E')) {
      i++;
      boolean negativeExponent = false;
      if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
        negativeExponent = bytes[i] == '-';
        i++;
      }
      int exponentDigits = 0;
      int exponent = 0;
      while (i < to && isDigit(bytes[i])) {
        if (exponent < 100_000) {
          exponent = exponent * 10 + (bytes[i] - '0');
        }
        exponentDigits++;
        i++;
      }
      if (exponentDigits == 0) {
        return MALFORMED;
      }
      decimalExponent += negativeExponent ? -exponent : exponent;
    }
    if (i != to) {
      return MALFORMED;
    }
    if (significand == 0) {
      return negative ? -0.0 : 0.0;
    }
    if (exact && significantDigits <= 15 && decimalExponent >= -22 && decimalExponent <= 22) {
      double value = (double) significand;
      value = decimalExponent >= 0 ? value * POWERS_OF_TEN[decimalExponent] : value / POWERS_OF_TEN[-decimalExponent];
      return negative ? -value : value;
    }
    return Double.parseDouble(new String(bytes, from, to - from, StandardCharsets.US_ASCII));
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
