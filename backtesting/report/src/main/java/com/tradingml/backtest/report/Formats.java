package com.tradingml.backtest.report;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Number and time formatting for the page, independent of the machine's locale and time zone, so the same
 * input always gives the same text. Fractions are shown as percentages; NaN (undefined) as an em dash.
 */
final class Formats {
  static final String UNDEFINED = "\u2014";
  private static final MathContext SIGNIFICANT = new MathContext(6, RoundingMode.HALF_EVEN);
  private static final MathContext JSON_SIGNIFICANT = new MathContext(7, RoundingMode.HALF_EVEN);
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Formats() {}

  /** {@code 0.01234 -> "+1.23%"}, {@code -0.5 -> "-50.00%"}; zero has no sign. */
  static String signedPercent(double fraction) {
    return percent(fraction, 2, true);
  }

  /** {@code 0.01234 -> "1.23%"}. */
  static String percent(double fraction) {
    return percent(fraction, 2, false);
  }

  static String percent(double fraction, int decimals, boolean signed) {
    if (!Double.isFinite(fraction)) {
      return nonFinite(fraction);
    }
    BigDecimal value = BigDecimal.valueOf(fraction).movePointRight(2).setScale(decimals, RoundingMode.HALF_EVEN);
    String text = value.toPlainString();
    if (value.signum() == 0) {
      text = value.abs().toPlainString(); // never "-0.00%"
    } else if (signed && value.signum() > 0) {
      text = "+" + text;
    }
    return text + "%";
  }

  /**
   * A general number: integers with thousands separators; other values with two decimals and separators from
   * 1,000 up, six significant digits below, scientific notation below 1e-6.
   */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return nonFinite(value);
    }
    if (value == 0) {
      return "0";
    }
    double magnitude = Math.abs(value);
    String text;
    if (magnitude >= 1000) {
      text = String.format(Locale.ROOT, "%,.2f", value);
      if (text.endsWith(".00")) {
        text = text.substring(0, text.length() - 3);
      }
    } else {
      BigDecimal rounded = BigDecimal.valueOf(value).round(SIGNIFICANT).stripTrailingZeros();
      text = magnitude >= 1e-6 ? rounded.toPlainString() : rounded.toString();
    }
    return text;
  }

  static String integer(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** A price: at least two and at most six decimals, trailing zeros beyond two dropped. */
  static String price(double value) {
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros();
    if (rounded.scale() < 2) {
      rounded = rounded.setScale(2, RoundingMode.UNNECESSARY);
    }
    return rounded.toPlainString();
  }

  /** Any summary value: numbers as {@link #number}, instants as ISO-8601, null as an em dash. */
  static String value(Object value) {
    if (value == null) {
      return UNDEFINED;
    }
    if (value instanceof Double || value instanceof Float) {
      return number(((Number) value).doubleValue());
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return integer(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return String.format(Locale.ROOT, "%,d", big);
    }
    if (value instanceof BigDecimal exact) {
      return exact.toPlainString();
    }
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    return String.valueOf(value);
  }

  static String date(long epochMillis) {
    return DATE.format(Instant.ofEpochMilli(epochMillis));
  }

  static String date(Instant time) {
    return DATE.format(time);
  }

  /** Decimals that tell multiples of {@code width} apart in percent: 0.005 (0.5%) -> 1, 0.01 -> 0. */
  static int percentDecimals(double width) {
    BigDecimal percent = BigDecimal.valueOf(width * 100).round(new MathContext(12)).stripTrailingZeros();
    return Math.max(0, Math.min(6, percent.scale()));
  }

  static String dateTime(Instant time) {
    return DATE_TIME.format(time);
  }

  /** True if every instant is at midnight UTC (daily bars): then times are shown as dates. */
  static boolean allMidnight(Iterable<Instant> times) {
    for (Instant t : times) {
      if (Math.floorMod(t.getEpochSecond(), 86_400L) != 0 || t.getNano() != 0) {
        return false;
      }
    }
    return true;
  }

  /** A number for the page's JSON data: seven significant digits, {@code null} for NaN. */
  static String json(double value) {
    if (!Double.isFinite(value)) {
      return "null";
    }
    if (value == 0) {
      return "0";
    }
    return BigDecimal.valueOf(value).round(JSON_SIGNIFICANT).stripTrailingZeros().toString();
  }

  /** An SVG coordinate with one decimal: deterministic and short. */
  static String coordinate(double value) {
    long tenths = Math.round(value * 10);
    long whole = tenths / 10;
    long fraction = Math.abs(tenths % 10);
    String sign = tenths < 0 && whole == 0 ? "-" : "";
    return fraction == 0 ? sign + whole : sign + whole + "." + fraction;
  }

  private static String nonFinite(double value) {
    if (Double.isNaN(value)) {
      return UNDEFINED;
    }
    return value > 0 ? "\u221e" : "-\u221e";
  }
}
