package com.tradingml.serving;

import com.tradingml.core.risk.Money;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Raw {@code serving.*} values with typed getters whose errors name the key and the bad value. Immutable.
 *
 * <p>Durations are ISO-8601 ({@code PT5S}) or a number with a unit: {@code 250ms}, {@code 5s}, {@code 2m},
 * {@code 1h}, {@code 1d}.
 */
final class Settings {

  private final Map<String, String> values;
  private final Map<String, String> sources;

  Settings(Map<String, String> values, Map<String, String> sources) {
    this.values = new TreeMap<>(values);
    this.sources = new TreeMap<>(sources);
  }

  boolean has(String key) {
    String value = values.get(key);
    return value != null && !value.isBlank();
  }

  Optional<String> string(String key) {
    return has(key) ? Optional.of(values.get(key).trim()) : Optional.empty();
  }

  String string(String key, String fallback) {
    return string(key).orElse(fallback);
  }

  int integer(String key, int fallback, int min, int max) {
    if (!has(key)) {
      return fallback;
    }
    long value = longValue(key, min, max);
    return (int) value;
  }

  long longValue(String key, long min, long max) {
    String text = values.get(key).trim();
    long value;
    try {
      value = Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw invalid(key, "a whole number");
    }
    if (value < min || value > max) {
      throw invalid(key, "in [" + min + ", " + max + "]");
    }
    return value;
  }

  double decimal(String key, double fallback, double min, double max) {
    if (!has(key)) {
      return fallback;
    }
    double value;
    try {
      value = Double.parseDouble(values.get(key).trim());
    } catch (NumberFormatException e) {
      throw invalid(key, "a number");
    }
    if (!(value >= min && value <= max)) {
      throw invalid(key, "a number in [" + min + ", " + max + "]");
    }
    return value;
  }

  boolean bool(String key, boolean fallback) {
    if (!has(key)) {
      return fallback;
    }
    return switch (values.get(key).trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw invalid(key, "true or false");
    };
  }

  Duration duration(String key, Duration fallback) {
    if (!has(key)) {
      return fallback;
    }
    try {
      Duration value = parseDuration(values.get(key));
      if (value.isNegative() || value.isZero()) {
        throw invalid(key, "a positive duration");
      }
      return value;
    } catch (IllegalArgumentException e) {
      if (e instanceof InvalidSetting) {
        throw e;
      }
      throw invalid(key, "a duration such as 250ms, 5s, 2m, 1h or PT5S");
    }
  }

  /** As {@link #duration}, but zero is allowed. */
  Duration durationOrZero(String key, Duration fallback) {
    if (has(key)) {
      try {
        if (parseDuration(values.get(key)).isZero()) {
          return Duration.ZERO;
        }
      } catch (IllegalArgumentException e) {
        // reported below with the key
      }
    }
    return duration(key, fallback);
  }

  Money money(String key) {
    try {
      return Money.parse(values.get(key));
    } catch (IllegalArgumentException e) {
      throw new InvalidSetting(key + " (" + source(key) + "): " + e.getMessage());
    }
  }

  Path path(String key, Path fallback) {
    return string(key).map(Path::of).orElse(fallback);
  }

  /** Where a key's value came from (for error messages; never the value of a secret). */
  String source(String key) {
    return sources.getOrDefault(key, "default");
  }

  InvalidSetting invalid(String key, String expected) {
    return new InvalidSetting(key + " (" + source(key) + ") must be " + expected + ", got '" + values.get(key) + "'");
  }

  /** Parses {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT5S}). */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not an ISO-8601 duration: " + text, e);
      }
    }
    int unitStart = 0;
    while (unitStart < t.length() && (Character.isDigit(t.charAt(unitStart)) || t.charAt(unitStart) == '_')) {
      unitStart++;
    }
    if (unitStart == 0 || unitStart == t.length()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    long amount = Long.parseLong(t.substring(0, unitStart).replace("_", ""));
    return switch (t.substring(unitStart)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> throw new IllegalArgumentException("unknown duration unit in " + text);
    };
  }

  /** A configuration value that cannot be used; the message names the key and what it must be. */
  static final class InvalidSetting extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidSetting(String message) {
      super(message);
    }
  }
}
