package com.tradingml.core.market;

import java.time.Duration;
import java.util.Locale;

/**
 * The nominal spacing of bars in a series ({@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}).
 *
 * <p>Immutable and thread-safe. A timeframe describes bars; it does not promise that every slot is
 * filled: gaps (weekends, halts) are normal and nothing is ever fabricated to fill them.
 */
public record Timeframe(Duration length) {

  public static final Timeframe ONE_MINUTE = new Timeframe(Duration.ofMinutes(1));
  public static final Timeframe ONE_DAY = new Timeframe(Duration.ofDays(1));

  public Timeframe {
    if (length == null || length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("timeframe length must be positive, got " + length);
    }
    if (length.toNanos() % 1_000_000_000L != 0) {
      throw new IllegalArgumentException("timeframe must be whole seconds, got " + length);
    }
  }

  /** Parses {@code <count><unit>} with unit s, m, h or d, e.g. {@code 15m}. */
  public static Timeframe parse(String text) {
    if (text == null || text.length() < 2) {
      throw new IllegalArgumentException("timeframe must look like 1m, 5m, 1h or 1d, got '" + text + "'");
    }
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    char unit = trimmed.charAt(trimmed.length() - 1);
    long count;
    try {
      count = Long.parseLong(trimmed.substring(0, trimmed.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("timeframe must look like 1m, 5m, 1h or 1d, got '" + text + "'");
    }
    if (count <= 0) {
      throw new IllegalArgumentException("timeframe count must be positive, got '" + text + "'");
    }
    return switch (unit) {
      case 's' -> new Timeframe(Duration.ofSeconds(count));
      case 'm' -> new Timeframe(Duration.ofMinutes(count));
      case 'h' -> new Timeframe(Duration.ofHours(count));
      case 'd' -> new Timeframe(Duration.ofDays(count));
      default -> throw new IllegalArgumentException(
          "timeframe unit must be s, m, h or d, got '" + text + "'");
    };
  }

  public boolean isIntraday() {
    return length.compareTo(Duration.ofDays(1)) < 0;
  }

  public long seconds() {
    return length.getSeconds();
  }

  @Override
  public String toString() {
    long s = length.getSeconds();
    if (s % 86_400 == 0) {
      return (s / 86_400) + "d";
    }
    if (s % 3_600 == 0) {
      return (s / 3_600) + "h";
    }
    if (s % 60 == 0) {
      return (s / 60) + "m";
    }
    return s + "s";
  }
}
