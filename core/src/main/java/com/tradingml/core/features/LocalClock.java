package com.tradingml.core.features;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Day of week and minute of day of an epoch-microsecond timestamp in one time zone, and their cyclic
 * (sin, cos) encodings, cheaply: the zone's UTC offset is constant between two transitions, so the
 * offset and the interval where it holds are cached and java.time is asked again (allocating) only when
 * a timestamp leaves that interval, about twice a year for a zone with daylight saving time. Sines and
 * cosines come from tables built with {@link StrictMath}, so they are the same doubles on every JVM.
 * Not thread-safe.
 */
final class LocalClock {

  static final int DAYS_PER_WEEK = 7;
  static final int MINUTES_PER_DAY = 1_440;
  private static final long SECONDS_PER_DAY = 86_400L;
  /** 1970-01-01 was a Thursday: day 0 is weekday 3 with Monday = 0. */
  private static final int EPOCH_WEEKDAY = 3;

  private static final double[] DOW_SIN = new double[DAYS_PER_WEEK];
  private static final double[] DOW_COS = new double[DAYS_PER_WEEK];
  private static final double[] TOD_SIN = new double[MINUTES_PER_DAY];
  private static final double[] TOD_COS = new double[MINUTES_PER_DAY];

  static {
    for (int d = 0; d < DAYS_PER_WEEK; d++) {
      double angle = 2.0 * StrictMath.PI * d / DAYS_PER_WEEK;
      DOW_SIN[d] = StrictMath.sin(angle);
      DOW_COS[d] = StrictMath.cos(angle);
    }
    for (int m = 0; m < MINUTES_PER_DAY; m++) {
      double angle = 2.0 * StrictMath.PI * m / MINUTES_PER_DAY;
      TOD_SIN[m] = StrictMath.sin(angle);
      TOD_COS[m] = StrictMath.cos(angle);
    }
  }

  private final ZoneRules rules;
  private long validFromSecond = Long.MAX_VALUE;
  private long validUntilSecond = Long.MIN_VALUE;
  private int offsetSeconds;

  LocalClock(ZoneId zone) {
    this.rules = zone.getRules();
  }

  /** Local seconds since 1970-01-01T00:00 in the zone, for the instant {@code epochMicros}. */
  long localSecond(long epochMicros) {
    long epochSecond = Math.floorDiv(epochMicros, 1_000_000L);
    if (epochSecond < validFromSecond || epochSecond >= validUntilSecond) {
      refresh(epochSecond);
    }
    return epochSecond + offsetSeconds;
  }

  private void refresh(long epochSecond) {
    Instant instant = Instant.ofEpochSecond(epochSecond);
    offsetSeconds = rules.getOffset(instant).getTotalSeconds();
    // previousTransition is strictly before its argument: ask one second later to include a transition at t.
    ZoneOffsetTransition previous = rules.previousTransition(instant.plusSeconds(1));
    ZoneOffsetTransition next = rules.nextTransition(instant);
    validFromSecond = previous == null ? Long.MIN_VALUE : previous.toEpochSecond();
    validUntilSecond = next == null ? Long.MAX_VALUE : next.toEpochSecond();
  }

  /** Monday = 0 ... Sunday = 6. */
  static int dayOfWeek(long localSecond) {
    return (int) Math.floorMod(Math.floorDiv(localSecond, SECONDS_PER_DAY) + EPOCH_WEEKDAY, (long) DAYS_PER_WEEK);
  }

  /** 0 ... 1439. */
  static int minuteOfDay(long localSecond) {
    return (int) (Math.floorMod(localSecond, SECONDS_PER_DAY) / 60);
  }

  static double dayOfWeekSin(int dayOfWeek) {
    return DOW_SIN[dayOfWeek];
  }

  static double dayOfWeekCos(int dayOfWeek) {
    return DOW_COS[dayOfWeek];
  }

  static double minuteOfDaySin(int minuteOfDay) {
    return TOD_SIN[minuteOfDay];
  }

  static double minuteOfDayCos(int minuteOfDay) {
    return TOD_COS[minuteOfDay];
  }
}
