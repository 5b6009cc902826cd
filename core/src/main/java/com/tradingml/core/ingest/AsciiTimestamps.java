package com.tradingml.core.ingest;

/**
 * Parses bar timestamps straight from ASCII bytes into UTC epoch microseconds, without allocating.
 *
 * <p>Accepted forms (DESIGN.md "Input format for bars"):
 * <ul>
 *   <li>a plain date {@code 2024-03-15}: a daily bar, stored at 00:00 UTC of that date;</li>
 *   <li>an ISO-8601 date-time with a zone: {@code 2024-03-15T14:30:00Z},
 *       {@code 2024-03-15T09:30:00-05:00}, {@code 2024-03-15T09:30-0500}, fractions of a second up to
 *       microseconds ({@code .123456}). A space may stand for the {@code T} (RFC 3339).</li>
 * </ul>
 * Rejected ({@link #INVALID}): a date-time without a zone (its instant is unknowable), impossible
 * dates and times (Feb 30, 24:00, leap second 60), offsets beyond ±18:00, a fraction finer than a
 * microsecond that is not zero (the table stores microseconds; truncating would change the value), and
 * years outside [{@value #MIN_YEAR}, {@value #MAX_YEAR}] (no market bar lies there; such years are
 * corrupt fields).
 */
public final class AsciiTimestamps {

  /** Returned for anything that is not an accepted timestamp. */
  public static final long INVALID = Long.MIN_VALUE;

  public static final int MIN_YEAR = 1800;
  public static final int MAX_YEAR = 2199;

  private static final long MICROS_PER_SECOND = 1_000_000L;

  private AsciiTimestamps() {}

  /** Parses {@code bytes[from, to)}; surrounding spaces and tabs are ignored. */
  public static long parseEpochMicros(byte[] b, int from, int to) {
    while (from < to && AsciiNumbers.isBlank(b[from])) {
      from++;
    }
    while (to > from && AsciiNumbers.isBlank(b[to - 1])) {
      to--;
    }
    if (to - from < 10 || b[from + 4] != '-' || b[from + 7] != '-') {
      return INVALID;
    }
    int year = digits(b, from, 4);
    int month = digits(b, from + 5, 2);
    int day = digits(b, from + 8, 2);
    if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1
        || day > daysInMonth(year, month)) {
      return INVALID;
    }
    long epochDay = epochDay(year, month, day);
    int i = from + 10;
    if (i == to) {
      return epochDay * 86_400L * MICROS_PER_SECOND;
    }
    byte separator = b[i];
    if (separator != 'T' && separator != 't' && separator != ' ') {
      return INVALID;
    }
    i++;
    if (to - i < 5 || b[i + 2] != ':') {
      return INVALID;
    }
    int hour = digits(b, i, 2);
    int minute = digits(b, i + 3, 2);
    i += 5;
    int second = 0;
    long micros = 0;
    if (i < to && b[i] == ':') {
      if (to - i < 3) {
        return INVALID;
      }
      second = digits(b, i + 1, 2);
      i += 3;
      if (i < to && (b[i] == '.' || b[i] == ',')) {
        i++;
        int fractionDigits = 0;
        while (i < to && AsciiNumbers.isDigit(b[i])) {
          int d = b[i] - '0';
          if (fractionDigits < 6) {
            micros = micros * 10 + d;
          } else if (d != 0) {
            return INVALID; // finer than a microsecond: would be silently truncated
          }
          fractionDigits++;
          i++;
        }
        if (fractionDigits == 0) {
          return INVALID;
        }
        for (int k = fractionDigits; k < 6; k++) {
          micros *= 10;
        }
      }
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return INVALID;
    }
    if (i == to) {
      return INVALID; // no zone: local time of an unknown place
    }
    int offsetSeconds;
    if ((b[i] == 'Z' || b[i] == 'z') && i + 1 == to) {
      offsetSeconds = 0;
    } else if (b[i] == '+' || b[i] == '-') {
      int sign = b[i] == '-' ? -1 : 1;
      int rest = to - i - 1;
      int offsetHours;
      int offsetMinutes = 0;
      if (rest == 2) {
        offsetHours = digits(b, i + 1, 2);
      } else if (rest == 4) {
        offsetHours = digits(b, i + 1, 2);
        offsetMinutes = digits(b, i + 3, 2);
      } else if (rest == 5 && b[i + 3] == ':') {
        offsetHours = digits(b, i + 1, 2);
        offsetMinutes = digits(b, i + 4, 2);
      } else {
        return INVALID;
      }
      if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 18 * 60) {
        return INVALID;
      }
      offsetSeconds = sign * (offsetHours * 3_600 + offsetMinutes * 60);
    } else {
      return INVALID;
    }
    long epochSecond = epochDay * 86_400L + hour * 3_600L + minute * 60L + second - offsetSeconds;
    return epochSecond * MICROS_PER_SECOND + micros;
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1 if any is not a digit. */
  private static int digits(byte[] b, int from, int count) {
    int value = 0;
    for (int k = 0; k < count; k++) {
      byte c = b[from + k];
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static boolean isLeap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
  static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int shiftedMonth = month > 2 ? month - 3 : month + 9;
    int dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468L;
  }
}
