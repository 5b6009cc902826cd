package com.tradingml.serving;

import com.tradingml.core.ingest.AsciiTimestamps;
import com.tradingml.core.market.Bar;
import com.tradingml.core.market.BarRules;
import com.tradingml.core.market.RejectReason;
import com.tradingml.core.market.Symbol;
import java.nio.charset.StandardCharsets;

/**
 * A bar received over the API, validated with core's {@link BarRules} (the one definition of a well-formed bar)
 * and core's ingest timestamp parser. Immutable. Prices are doubles (observations, not cash); {@code volume} is
 * NaN when unknown.
 */
record LiveBar(Symbol symbol, long epochMicros, double open, double high, double low, double close, double volume) {

  /**
   * Validates a bar's fields; {@code prefix} is the JSON path of the bar ({@code bar}, {@code bars[2]}), so that a
   * message names the field at fault.
   */
  static LiveBar parse(String prefix, Symbol symbol, String timestamp, Double open, Double high, Double low,
      Double close, Double volume) throws RequestException {
    if (timestamp == null) {
      throw RequestException.invalid(prefix + ".timestamp", "is required");
    }
    byte[] text = timestamp.getBytes(StandardCharsets.ISO_8859_1);
    long micros = timestamp.length() > 40 ? AsciiTimestamps.INVALID
        : AsciiTimestamps.parseEpochMicros(text, 0, text.length);
    if (micros == AsciiTimestamps.INVALID || !timestamp.equals(new String(text, StandardCharsets.ISO_8859_1))) {
      throw RequestException.invalid(prefix + ".timestamp", "must be an ISO-8601 date-time with Z or an offset"
          + " (at most microsecond precision) or a date, got '" + clip(timestamp) + "'");
    }
    double o = price(prefix, "open", open);
    double h = price(prefix, "high", high);
    double l = price(prefix, "low", low);
    double c = price(prefix, "close", close);
    double v = Bar.UNKNOWN_VOLUME;
    if (volume != null) {
      if (BarRules.volumeViolation(volume) != null) {
        throw RequestException.invalid(prefix + ".volume", "must be a finite number > 0, or absent when unknown");
      }
      v = volume;
    }
    RejectReason violation = BarRules.firstViolation(o, h, l, c, v);
    if (violation != null) {
      String field = switch (violation) {
        case OPEN_OUTSIDE_RANGE -> "open";
        case CLOSE_OUTSIDE_RANGE -> "close";
        case NON_FINITE_VOLUME, NON_POSITIVE_VOLUME -> "volume";
        case HIGH_LT_LOW -> "high";
        case PRICE_OUT_OF_RANGE -> h >= BarRules.MAX_PRICE ? "high" : "low";
        default -> o <= 0 ? "open" : h <= 0 ? "high" : l <= 0 ? "low" : "close";
      };
      throw RequestException.invalid(prefix + "." + field, violation + ": " + BarRules.describe(violation, o, h, l, c, v));
    }
    return new LiveBar(symbol, micros, o, h, l, c, v);
  }

  /** The symbol of a request, by core's rules; {@code field} names it in the message. */
  static Symbol symbol(String field, String value) throws RequestException {
    if (value == null) {
      throw RequestException.invalid(field, "is required");
    }
    String problem = Symbol.problemWith(value);
    if (problem != null) {
      throw RequestException.invalid(field, problem.replace(value, clip(value)));
    }
    return Symbol.of(value);
  }

  private static double price(String prefix, String name, Double value) throws RequestException {
    if (value == null) {
      throw RequestException.invalid(prefix + "." + name, "is required");
    }
    if (!Double.isFinite(value)) {
      throw RequestException.invalid(prefix + "." + name, "must be a finite number");
    }
    return value;
  }

  static String clip(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  /** The bar's time as an instant. */
  java.time.Instant timestamp() {
    return Bar.instantOfMicros(epochMicros);
  }
}
