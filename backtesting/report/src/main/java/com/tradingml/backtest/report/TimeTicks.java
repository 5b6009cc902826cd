package com.tradingml.backtest.report;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Calendar-aligned ticks for a time axis (UTC): the finest of minutes, hours, days, weeks, months, quarters
 * or years that gives at most the wanted number of ticks, labelled at the matching precision.
 */
final class TimeTicks {
  /** One tick: its time and its label. */
  record Tick(long epochMillis, String label) {}

  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long[] FIXED_STEPS = {
    MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY
  };
  private static final int[] MONTH_STEPS = {1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200};
  private static final String[] MONTH_NAMES = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private TimeTicks() {}

  static List<Tick> of(long fromMillis, long toMillis, int maxTicks) {
    return of(fromMillis, toMillis, maxTicks, false);
  }

  /** As {@link #of(long, long, int)}; {@code daily} skips intraday steps (no "12:00" ticks for daily bars). */
  static List<Tick> of(long fromMillis, long toMillis, int maxTicks, boolean daily) {
    if (toMillis < fromMillis || maxTicks < 1) {
      throw new IllegalArgumentException("bad time axis " + fromMillis + ".." + toMillis + ", " + maxTicks);
    }
    for (long step : FIXED_STEPS) {
      if (daily && step < DAY) {
        continue;
      }
      long first = Math.floorDiv(fromMillis + step - 1, step);
      long last = Math.floorDiv(toMillis, step);
      if (last - first + 1 <= maxTicks) {
        List<Tick> ticks = new ArrayList<>();
        boolean multiDay = toMillis - fromMillis > DAY;
        for (long k = first; k <= last; k++) {
          ticks.add(new Tick(k * step, fixedLabel(k * step, step, multiDay)));
        }
        return ticks;
      }
    }
    for (int months : MONTH_STEPS) {
      long firstMonth = monthIndex(fromMillis);
      if (startOfMonth(firstMonth) < fromMillis) {
        firstMonth++;
      }
      firstMonth = Math.floorDiv(firstMonth + months - 1, months) * months;
      long lastMonth = Math.floorDiv(monthIndex(toMillis), months) * months;
      if ((lastMonth - firstMonth) / months + 1 <= maxTicks) {
        List<Tick> ticks = new ArrayList<>();
        for (long m = firstMonth; m <= lastMonth; m += months) {
          ticks.add(new Tick(startOfMonth(m), monthLabel(m, months)));
        }
        return ticks;
      }
    }
    return List.of(new Tick(fromMillis, Formats.date(fromMillis)), new Tick(toMillis, Formats.date(toMillis)));
  }

  private static String fixedLabel(long millis, long step, boolean multiDay) {
    LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    if (step >= DAY) {
      return String.format(Locale.ROOT, "%04d-%02d-%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth());
    }
    String time = String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
    return multiDay
        ? String.format(Locale.ROOT, "%02d-%02d %s", t.getMonthValue(), t.getDayOfMonth(), time)
        : time;
  }

  private static String monthLabel(long monthIndex, int step) {
    long year = Math.floorDiv(monthIndex, 12);
    int month = Math.floorMod(monthIndex, 12);
    return step >= 12 ? Long.toString(year) : MONTH_NAMES[month] + " " + year;
  }

  /** Months since year 0, January = 0. */
  private static long monthIndex(long epochMillis) {
    LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    return t.getYear() * 12L + t.getMonthValue() - 1;
  }

  private static long startOfMonth(long monthIndex) {
    int year = (int) Math.floorDiv(monthIndex, 12);
    int month = Math.floorMod(monthIndex, 12) + 1;
    return LocalDateTime.of(year, month, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
