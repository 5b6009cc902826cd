package com.tradingml.backtest.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The portfolio's equity and the benchmark's equity at one bar's timestamp.
 *
 * <p>Immutable and thread-safe. Equity is a {@code double}: the report only draws and summarises it, the
 * engine keeps the exact cash. {@code benchmark} may be {@link Double#NaN}, meaning "no benchmark value
 * here"; a series whose benchmark is NaN throughout is drawn without a benchmark.
 *
 * @param time the bar's timestamp (UTC)
 * @param equity the strategy's portfolio value (cash plus positions at the bar's price), finite
 * @param benchmark the benchmark's value (e.g. buy-and-hold with the same starting cash), finite or NaN
 */
public record EquityPoint(Instant time, double equity, double benchmark) {

  public EquityPoint {
    if (time == null) {
      throw new IllegalArgumentException("equity point time must not be null");
    }
    if (!Double.isFinite(equity)) {
      throw new IllegalArgumentException("equity at " + time + " must be finite, got " + equity);
    }
    if (Double.isInfinite(benchmark)) {
      throw new IllegalArgumentException(
          "benchmark at " + time + " must be finite or NaN (absent), got " + benchmark);
    }
  }

  public static EquityPoint of(Instant time, double equity, double benchmark) {
    return new EquityPoint(time, equity, benchmark);
  }

  /** A point without a benchmark value. */
  public static EquityPoint of(Instant time, double equity) {
    return new EquityPoint(time, equity, Double.NaN);
  }

  /** A point whose time is given in microseconds since the epoch, as the engine's bars carry it. */
  public static EquityPoint ofEpochMicros(long epochMicros, double equity, double benchmark) {
    return new EquityPoint(Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS), equity, benchmark);
  }

  public boolean hasBenchmark() {
    return !Double.isNaN(benchmark);
  }
}
