package com.tradingml.backtest;

import com.tradingml.core.market.Bar;
import java.time.Instant;
import java.util.Arrays;

/**
 * The portfolio over time: one point per distinct bar timestamp of the replay, taken after every bar with that
 * timestamp was processed (fills, marks, the strategy's orders and close fills).
 *
 * <ul>
 *   <li>{@code equity} = cash + sum over symbols of position x last close; {@code cash}; {@code grossExposure} =
 *       sum of |position| x last close. Exact micro-units.
 *   <li>{@code benchmark}: the equal-weight buy-and-hold benchmark's value: the initial cash split equally over
 *       the symbols, each share bought (fractional units, no costs) at the symbol's first close and held (valued at the
 *       closes' micro-unit values); a symbol
 *       whose data has not started yet holds its share as cash. A {@code double} (it is a yardstick, not an
 *       account), summed incrementally and re-summed exactly every 4096 points, so rounding cannot drift.
 * </ul>
 * Immutable and thread-safe; accessors take the point's index ({@code 0 <= i < size()}).
 */
public final class EquityCurve {

  private final long[] time;
  private final long[] equity;
  private final long[] cash;
  private final long[] gross;
  private final double[] benchmark;
  private final long initialCashMicros;

  EquityCurve(long[] time, long[] equity, long[] cash, long[] gross, double[] benchmark, int size,
      long initialCashMicros) {
    this.time = Arrays.copyOf(time, size);
    this.equity = Arrays.copyOf(equity, size);
    this.cash = Arrays.copyOf(cash, size);
    this.gross = Arrays.copyOf(gross, size);
    this.benchmark = Arrays.copyOf(benchmark, size);
    this.initialCashMicros = initialCashMicros;
  }

  public int size() {
    return time.length;
  }

  /** Epoch microseconds of point {@code i}. */
  public long timeMicros(int i) {
    return time[i];
  }

  public Instant time(int i) {
    return Bar.instantOfMicros(time[i]);
  }

  public long equityMicros(int i) {
    return equity[i];
  }

  public long cashMicros(int i) {
    return cash[i];
  }

  public long grossExposureMicros(int i) {
    return gross[i];
  }

  /** Equity in currency units (display and return arithmetic). */
  public double equity(int i) {
    return Micros.toUnits(equity[i]);
  }

  public double cash(int i) {
    return Micros.toUnits(cash[i]);
  }

  public double grossExposure(int i) {
    return Micros.toUnits(gross[i]);
  }

  /** The buy-and-hold benchmark's value at point {@code i}. */
  public double benchmark(int i) {
    return benchmark[i];
  }

  /** The starting equity (the initial cash), before the first point. */
  public long initialCashMicros() {
    return initialCashMicros;
  }

  /** Equity after the last point, or the initial cash when there are no points. */
  public long finalEquityMicros() {
    return equity.length == 0 ? initialCashMicros : equity[equity.length - 1];
  }

  /** Collects points during a run. Not thread-safe. */
  static final class Recorder {
    private long[] time = new long[1024];
    private long[] equity = new long[1024];
    private long[] cash = new long[1024];
    private long[] gross = new long[1024];
    private double[] benchmark = new double[1024];
    private int size;

    void add(long t, long equityMicros, long cashMicros, long grossMicros, double benchmarkValue) {
      if (size == time.length) {
        int grown = size * 2;
        time = Arrays.copyOf(time, grown);
        equity = Arrays.copyOf(equity, grown);
        cash = Arrays.copyOf(cash, grown);
        gross = Arrays.copyOf(gross, grown);
        benchmark = Arrays.copyOf(benchmark, grown);
      }
      time[size] = t;
      equity[size] = equityMicros;
      cash[size] = cashMicros;
      gross[size] = grossMicros;
      benchmark[size] = benchmarkValue;
      size++;
    }

    int size() {
      return size;
    }

    EquityCurve build(long initialCashMicros) {
      return new EquityCurve(time, equity, cash, gross, benchmark, size, initialCashMicros);
    }
  }
}
