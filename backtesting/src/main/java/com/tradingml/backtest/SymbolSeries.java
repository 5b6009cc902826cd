package com.tradingml.backtest;

import com.tradingml.core.market.Bar;
import com.tradingml.core.market.BarRules;
import com.tradingml.core.market.RejectReason;
import com.tradingml.core.market.Symbol;
import java.util.Arrays;

/**
 * The bars of one symbol in time order, held column-wise in primitive arrays: what the engine replays.
 *
 * <p>Immutable and thread-safe: the arrays are private copies (built by {@link Builder}, never handed out), so
 * one series can back many backtests at once (a sweep). Timestamps are epoch microseconds, strictly increasing;
 * every bar satisfies core's {@link BarRules} (positive finite prices, low &lt;= open, close &lt;= high, volume NaN
 * when unknown or else positive); the builder refuses anything else, so the engine never meets a bad bar.
 */
public final class SymbolSeries {

  private final Symbol symbol;
  final long[] time;
  final double[] open;
  final double[] high;
  final double[] low;
  final double[] close;
  final double[] volume;
  /** The closes in micro-units, computed on first use (a benign race: every thread computes the same values). */
  private volatile long[] closeMicros;
  /** The latest buy-and-hold metrics the metrics pass computed over this series, with their inputs. */
  private volatile HeldMetrics heldMetrics;

  /**
   * Buy-and-hold metrics of a {@code sleeve} put in this symbol at its first close, annualized with
   * {@code configuredPeriods} (NaN: inferred from the bars' times): a function of the data and these two numbers
   * only, so the many runs of a sweep compute them once.
   */
  record HeldMetrics(double sleeve, double configuredPeriods, PerformanceMetrics metrics) {

    boolean isFor(double sleeve, double configuredPeriods) {
      return Double.doubleToLongBits(this.sleeve) == Double.doubleToLongBits(sleeve)
          && Double.doubleToLongBits(this.configuredPeriods) == Double.doubleToLongBits(configuredPeriods);
    }
  }

  private SymbolSeries(Symbol symbol, long[] time, double[] open, double[] high, double[] low, double[] close,
      double[] volume) {
    this.symbol = symbol;
    this.time = time;
    this.open = open;
    this.high = high;
    this.low = low;
    this.close = close;
    this.volume = volume;
  }

  public static Builder builder(Symbol symbol) {
    return new Builder(symbol);
  }

  public Symbol symbol() {
    return symbol;
  }

  public int size() {
    return time.length;
  }

  /** Epoch microseconds of bar {@code index}. */
  public long time(int index) {
    return time[index];
  }

  public double open(int index) {
    return open[index];
  }

  public double high(int index) {
    return high[index];
  }

  public double low(int index) {
    return low[index];
  }

  public double close(int index) {
    return close[index];
  }

  /** NaN when the source did not report volume. */
  public double volume(int index) {
    return volume[index];
  }

  /**
   * The closes in exact micro-units ({@code Money.ofUnits} rounding), computed once per series and shared by every
   * run over it (the engine's marks, the SMA sums, the metrics).
   */
  long[] closeMicros() {
    long[] values = closeMicros;
    if (values == null) {
      values = new long[close.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = Micros.ofPrice(close[i]);
      }
      closeMicros = values;
    }
    return values;
  }

  /** The cached buy-and-hold metrics for these inputs, or null (see {@link HeldMetrics}). */
  PerformanceMetrics heldMetrics(double sleeve, double configuredPeriods) {
    HeldMetrics cached = heldMetrics;
    return cached != null && cached.isFor(sleeve, configuredPeriods) ? cached.metrics() : null;
  }

  /** Keeps the buy-and-hold metrics of these inputs for the next run over this series (a benign race). */
  void cacheHeldMetrics(double sleeve, double configuredPeriods, PerformanceMetrics metrics) {
    heldMetrics = new HeldMetrics(sleeve, configuredPeriods, metrics);
  }

  /** Bar {@code index} as a value (allocates; for tests and tools, not the replay). */
  public Bar bar(int index) {
    return new Bar(symbol, Bar.instantOfMicros(time[index]), open[index], high[index], low[index], close[index],
        volume[index]);
  }

  /** The bars with {@code fromMicros <= time < toMicros}, as a new series (possibly empty). */
  public SymbolSeries between(long fromMicros, long toMicros) {
    int from = lowerBound(fromMicros);
    int to = lowerBound(toMicros);
    if (to <= from) {
      return new SymbolSeries(symbol, new long[0], new double[0], new double[0], new double[0], new double[0],
          new double[0]);
    }
    return new SymbolSeries(symbol, Arrays.copyOfRange(time, from, to), Arrays.copyOfRange(open, from, to),
        Arrays.copyOfRange(high, from, to), Arrays.copyOfRange(low, from, to), Arrays.copyOfRange(close, from, to),
        Arrays.copyOfRange(volume, from, to));
  }

  private int lowerBound(long micros) {
    int index = Arrays.binarySearch(time, micros);
    return index >= 0 ? index : -index - 1;
  }

  @Override
  public String toString() {
    return "SymbolSeries[" + symbol + ", " + time.length + " bars]";
  }

  /**
   * Appends bars in time order and builds the series. Refuses (with {@link IllegalArgumentException} naming the
   * bar) a bar that breaks {@link BarRules} or is not strictly after the previous one: data reaching a backtest
   * has been validated at ingest, so such a bar is a caller's bug, not a row to quarantine here. Not thread-safe.
   */
  public static final class Builder {
    private final Symbol symbol;
    private long[] time = new long[16];
    private double[] open = new double[16];
    private double[] high = new double[16];
    private double[] low = new double[16];
    private double[] close = new double[16];
    private double[] volume = new double[16];
    private int size;

    private Builder(Symbol symbol) {
      if (symbol == null) {
        throw new IllegalArgumentException("series symbol must not be null");
      }
      this.symbol = symbol;
    }

    /** Reserves room for {@code bars} more bars (optional; avoids regrowing). */
    public Builder expect(int bars) {
      ensure(size + bars);
      return this;
    }

    /** Appends one bar; {@code volume} NaN when unknown. */
    public Builder add(long epochMicros, double open, double high, double low, double close, double volume) {
      RejectReason violation = BarRules.firstViolation(open, high, low, close, volume);
      if (violation != null) {
        throw new IllegalArgumentException(symbol + " bar at " + Bar.instantOfMicros(epochMicros) + ": "
            + BarRules.describe(violation, open, high, low, close, volume));
      }
      if (size > 0 && epochMicros <= time[size - 1]) {
        throw new IllegalArgumentException(symbol + " bar at " + Bar.instantOfMicros(epochMicros)
            + " is not after the previous bar at " + Bar.instantOfMicros(time[size - 1])
            + ": a series must be strictly increasing in time (validate and sort the bars first)");
      }
      if (size == time.length) {
        ensure(size * 2);
      }
      this.time[size] = epochMicros;
      this.open[size] = open;
      this.high[size] = high;
      this.low[size] = low;
      this.close[size] = close;
      this.volume[size] = volume;
      size++;
      return this;
    }

    public Builder add(Bar bar) {
      if (!bar.symbol().equals(symbol)) {
        throw new IllegalArgumentException("bar of " + bar.symbol() + " added to the series of " + symbol);
      }
      return add(bar.epochMicros(), bar.open(), bar.high(), bar.low(), bar.close(), bar.volume());
    }

    public int size() {
      return size;
    }

    public Symbol symbol() {
      return symbol;
    }

    private void ensure(int capacity) {
      if (capacity <= time.length) {
        return;
      }
      int grown = Math.max(capacity, time.length * 2);
      time = Arrays.copyOf(time, grown);
      open = Arrays.copyOf(open, grown);
      high = Arrays.copyOf(high, grown);
      low = Arrays.copyOf(low, grown);
      close = Arrays.copyOf(close, grown);
      volume = Arrays.copyOf(volume, grown);
    }

    /** The series; the builder must not be used afterwards. */
    public SymbolSeries build() {
      SymbolSeries series = new SymbolSeries(symbol, Arrays.copyOf(time, size), Arrays.copyOf(open, size),
          Arrays.copyOf(high, size), Arrays.copyOf(low, size), Arrays.copyOf(close, size),
          Arrays.copyOf(volume, size));
      time = null;
      open = null;
      high = null;
      low = null;
      close = null;
      volume = null;
      return series;
    }
  }
}
