package com.tradingml.core.synthetic;

import com.tradingml.core.market.Timeframe;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The bar timestamps of a synthetic market, one step at a time. Weekdays only, no exchange holidays.
 * <ul>
 *   <li>{@code 1d}: one bar per weekday, labelled 00:00 UTC of its date (how daily bars are stored).</li>
 *   <li>{@code 1m}: 390 bars per weekday, labelled with the start of their minute, 09:30 to 15:59
 *       America/New_York; the UTC instants follow daylight saving time (14:30Z in winter, 13:30Z in
 *       summer).</li>
 * </ul>
 * A start date on a weekend begins on the following Monday. Not thread-safe: one cursor per walk.
 */
final class SessionCalendar {

  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final LocalTime SESSION_OPEN = LocalTime.of(9, 30);
  static final int MINUTES_PER_SESSION = 390;

  private final boolean intraday;
  private LocalDate date;
  private boolean started;
  private long sessionOpenEpochSecond;
  private int barInSession;
  private long epochSecond;

  SessionCalendar(Timeframe timeframe, LocalDate start) {
    this.intraday = requireSupported(timeframe).isIntraday();
    this.date = firstWeekdayOnOrAfter(start);
  }

  static Timeframe requireSupported(Timeframe timeframe) {
    if (!Timeframe.ONE_MINUTE.equals(timeframe) && !Timeframe.ONE_DAY.equals(timeframe)) {
      throw new IllegalArgumentException("synthetic markets have 1m or 1d bars, got " + timeframe);
    }
    return timeframe;
  }

  static int barsPerSession(Timeframe timeframe) {
    return requireSupported(timeframe).isIntraday() ? MINUTES_PER_SESSION : 1;
  }

  /** The date of the session that holds bar {@code bars - 1}, by weekday arithmetic (no walk). */
  static LocalDate lastSessionDate(Timeframe timeframe, LocalDate start, long bars) {
    long sessions = (bars + barsPerSession(timeframe) - 1) / barsPerSession(timeframe);
    LocalDate first = firstWeekdayOnOrAfter(start);
    long remaining = sessions - 1;
    LocalDate date = first.plusWeeks(remaining / 5);
    for (long i = 0; i < remaining % 5; i++) {
      date = nextWeekday(date);
    }
    return date;
  }

  /** Advances to the next bar and returns its epoch second. */
  long next() {
    if (!started) {
      started = true;
      openSession();
    } else if (!intraday || barInSession == MINUTES_PER_SESSION - 1) {
      date = nextWeekday(date);
      openSession();
    } else {
      barInSession++;
    }
    epochSecond = sessionOpenEpochSecond + 60L * barInSession;
    return epochSecond;
  }

  private void openSession() {
    barInSession = 0;
    sessionOpenEpochSecond = intraday
        ? ZonedDateTime.of(date, SESSION_OPEN, NEW_YORK).toEpochSecond()
        : date.toEpochDay() * 86_400L;
  }

  /** Whether the current bar opens a session (every daily bar; the 09:30 bar of a 1m session). */
  boolean sessionStart() {
    return barInSession == 0;
  }

  /** Minutes since the session open (always 0 for daily bars). */
  int minuteOfSession() {
    return barInSession;
  }

  long epochSecond() {
    return epochSecond;
  }

  private static LocalDate firstWeekdayOnOrAfter(LocalDate start) {
    LocalDate date = start;
    while (isWeekend(date)) {
      date = date.plusDays(1);
    }
    return date;
  }

  private static LocalDate nextWeekday(LocalDate date) {
    LocalDate next = date.plusDays(1);
    while (isWeekend(next)) {
      next = next.plusDays(1);
    }
    return next;
  }

  private static boolean isWeekend(LocalDate date) {
    DayOfWeek day = date.getDayOfWeek();
    return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
  }
}
