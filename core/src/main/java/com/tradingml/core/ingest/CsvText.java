package com.tradingml.core.ingest;

import java.time.Instant;

/**
 * How bars and other values are written as CSV text, so that what we write reads back to the same
 * values: numbers in plain decimal notation (never {@code 1.0E7}) with enough digits to round-trip
 * the double exactly, timestamps as ISO-8601 UTC with {@code Z}, and RFC 4180 quoting. Thread-safe.
 */
public final class CsvText {

  private CsvText() {}

  /**
   * The double as plain decimal text that parses back to the same double: {@code 27.86},
   * {@code 100} (not {@code 100.0}), {@code 0.0001}, {@code 12345678901}. NaN prints as empty (unknown).
   */
  public static String number(double value) {
    return Double.isNaN(value) ? "" : ShortestDecimal.toString(value);
  }

  /** ISO-8601 UTC with {@code Z}, seconds always present, fraction only when non-zero. */
  public static String timestamp(long epochMicros) {
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
        Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    return instant.toString();
  }

  /** The field quoted per RFC 4180 when it holds a comma, quote or line break; as is otherwise. */
  public static String field(String value) {
    if (value == null) {
      return "";
    }
    boolean needsQuotes = false;
    for (int i = 0; i < value.length() && !needsQuotes; i++) {
      char ch = value.charAt(i);
      needsQuotes = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
    }
    return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
