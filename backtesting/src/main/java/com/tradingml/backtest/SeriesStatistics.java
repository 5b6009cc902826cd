package com.tradingml.backtest;


/**
 * Streams one value series into {@link PerformanceMetrics} (see there for the definitions): the mean and variance of
 * the period returns from sums shifted by the first return (no cancellation however small the returns), the
 * downside sum, the running peak and drawdown spells (the depth from the spell's trough, so the common case costs
 * one division per point), exposure. O(1) memory. Not thread-safe.
 */
final class SeriesStatistics {

  static final double MICROS_PER_DAY = 86_400e6;
  static final double MICROS_PER_YEAR = 365.25 * MICROS_PER_DAY;

  private final double start;
  private double previous;
  private long count;
  private double shift = Double.NaN;
  private double shiftedSum;
  private double shiftedSquares;
  private double downside;
  private boolean invalid;
  private double valueSum;
  private long exposed;
  private long firstTime = Long.MIN_VALUE;
  private long lastTime;

  private double peak;
  private long peakTime = Long.MIN_VALUE;
  private long spellPeriods;
  private double spellTrough;
  private double maxDrawdown;
  private long maxDrawdownPeriods;
  private double maxDrawdownDays;
  private long longestPeriods;
  private double longestDays;
  /** {@link #add}'s run of one. */
  private final long[] oneTime = new long[1];
  private final double[] oneValue = new double[1];

  SeriesStatistics(double startValue) {
    this.start = startValue;
    this.previous = startValue;
    this.peak = startValue;
  }

  /** One point: {@link #addAll} over a run of one (one definition of the arithmetic). */
  void add(long time, double value, boolean hasPosition) {
    oneTime[0] = time;
    oneValue[0] = value;
    addAll(oneTime, 0, 1, oneValue, hasPosition);
  }

  /**
   * Adds the points {@code (times[i], values[i - from])} for every {@code from <= i < to}, the running values held
   * in locals: the per-symbol metrics pass calls this over runs of bars with a constant position instead of once per
   * bar. {@code values} holds the
   * run's values from index 0, so a caller can reuse a small buffer that stays in cache.
   */
  void addAll(long[] times, int from, int to, double[] values, boolean hasPosition) {
    if (from >= to) {
      return;
    }
    if (firstTime == Long.MIN_VALUE) {
      firstTime = times[from];
      peakTime = times[from];
    }
    double previous = this.previous;
    double shift = this.shift;
    double shiftedSum = this.shiftedSum;
    double shiftedSquares = this.shiftedSquares;
    double downside = this.downside;
    boolean invalid = this.invalid;
    double valueSum = this.valueSum;
    double peak = this.peak;
    long peakTime = this.peakTime;
    long spellPeriods = this.spellPeriods;
    double spellTrough = this.spellTrough;
    for (int i = from; i < to; i++) {
      double value = values[i - from];
      if (previous > 0 && value < Double.POSITIVE_INFINITY) {
        double r = value / previous - 1;
        if (shift != shift) {
          shift = r;
        }
        double d = r - shift;
        shiftedSum += d;
        shiftedSquares += d * d;
        // Branch-free (the sign of a return is a coin flip, and a mispredicted branch costs more than the add):
        // adding (+/-0)^2 = +0 leaves the non-negative sum unchanged, so this is the same sum as add()'s. A NaN
        // return makes it NaN where add() skips it, but the mean is then NaN as well, so every metric is the same.
        double loss = Math.min(r, 0.0);
        downside += loss * loss;
      } else {
        invalid = true;
      }
      previous = value;
      valueSum += value;
      if (value >= peak) {
        if (spellPeriods > 0) {
          recordSpell(times[i], peakTime, peak, spellTrough, spellPeriods);
          spellPeriods = 0;
        }
        peak = value;
        peakTime = times[i];
      } else if (spellPeriods++ == 0 || value < spellTrough) {
        spellTrough = value;
      }
    }
    int n = to - from;
    lastTime = times[to - 1];
    count += n;
    if (hasPosition) {
      exposed += n;
    }
    this.previous = previous;
    this.shift = shift;
    this.shiftedSum = shiftedSum;
    this.shiftedSquares = shiftedSquares;
    this.downside = downside;
    this.invalid = invalid;
    this.valueSum = valueSum;
    this.peak = peak;
    this.peakTime = peakTime;
    this.spellPeriods = spellPeriods;
    this.spellTrough = spellTrough;
  }

  /**
   * {@link #addAll} of {@code value} at every time of {@code times[from, to)}, with the same result to the bit, but
   * without a division or a data-dependent branch per point after the first: a sleeve with no position holds a
   * constant value, about half the bars of a long-only strategy. After the first point of the run every return is
   * {@code value / value - 1 = +0.0} exactly (a positive finite value), so each later point adds {@code -shift} and
   * its square to the shifted sums, {@code +0.0} to the downside sum (no change), the value to the value sum, and
   * either moves the peak's time (the value is at the peak) or lengthens the drawdown spell (the value is below the
   * peak, never below the spell's trough, which is at most the first point's value).
   */
  void addConstant(long[] times, int from, int to, double value, boolean hasPosition) {
    if (from >= to) {
      return;
    }
    oneValue[0] = value;
    addAll(times, from, from + 1, oneValue, hasPosition);
    int rest = to - from - 1;
    if (rest == 0) {
      return;
    }
    if (!(value > 0 && value < Double.POSITIVE_INFINITY) || shift != shift) {
      // Invalid or no return yet: the general path (rare: a sleeve at or below zero).
      for (int i = from + 1; i < to; i++) {
        addAll(times, i, i + 1, oneValue, hasPosition);
      }
      return;
    }
    double d = 0.0 - shift;
    double squared = d * d;
    double shiftedSum = this.shiftedSum;
    double shiftedSquares = this.shiftedSquares;
    double valueSum = this.valueSum;
    for (int k = 0; k < rest; k++) {
      shiftedSum += d;
      shiftedSquares += squared;
      valueSum += value;
    }
    this.shiftedSum = shiftedSum;
    this.shiftedSquares = shiftedSquares;
    this.valueSum = valueSum;
    if (value >= peak) {
      peakTime = times[to - 1];
    } else {
      spellPeriods += rest;
    }
    lastTime = times[to - 1];
    count += rest;
    if (hasPosition) {
      exposed += rest;
    }
  }

  private void endSpell(long time) {
    recordSpell(time, peakTime, peak, spellTrough, spellPeriods);
    spellPeriods = 0;
  }

  /** Ends the drawdown spell that started at {@code peakTime}: the deepest and the longest are kept. */
  private void recordSpell(long time, long peakTime, double peak, double spellTrough, long spellPeriods) {
    double days = (time - peakTime) / MICROS_PER_DAY;
    double depth = 1 - spellTrough / peak;
    if (depth > maxDrawdown) {
      maxDrawdown = depth;
      maxDrawdownPeriods = spellPeriods;
      maxDrawdownDays = days;
    }
    if (days > longestDays || (days == longestDays && spellPeriods > longestPeriods)) {
      longestDays = days;
      longestPeriods = spellPeriods;
    }
  }

  long count() {
    return count;
  }

  /** {@code (points - 1) / elapsed years}: NaN below two points or without elapsed time. */
  double inferredPeriodsPerYear() {
    if (count < 2 || lastTime <= firstTime) {
      return Double.NaN;
    }
    return (count - 1) / ((lastTime - firstTime) / MICROS_PER_YEAR);
  }

  /** The metrics with {@code periodsPerYear}; the tally may be null (a benchmark: trade statistics NaN). */
  PerformanceMetrics build(double periodsPerYear, double tradedNotional, TradeTally trades) {
    if (spellPeriods > 0) {
      endSpell(lastTime);
    }
    long n = count;
    double end = n == 0 ? start : previous;
    double total = end / start - 1;
    double annualized = n == 0 || !(end > 0) ? Double.NaN : Math.pow(end / start, periodsPerYear / n) - 1;
    double mean = n == 0 ? Double.NaN : shift + shiftedSum / n;
    double sd = n < 2 || invalid ? Double.NaN
        : Math.sqrt(Math.max(0, (shiftedSquares - shiftedSum * shiftedSum / n) / (n - 1)));
    double root = Math.sqrt(periodsPerYear);
    double volatility = sd * root;
    double sharpe = sd > 0 ? mean / sd * root : Double.NaN;
    double downsideDeviation = n == 0 || invalid ? Double.NaN : Math.sqrt(downside / n);
    double sortino = downsideDeviation > 0 ? mean / downsideDeviation * root : Double.NaN;
    double calmar = maxDrawdown > 0 ? annualized / maxDrawdown : Double.NaN;
    double meanValue = n == 0 ? Double.NaN : valueSum / n;
    double turnover = trades == null || !(meanValue > 0) ? Double.NaN : tradedNotional / meanValue;
    long closed = trades == null ? 0 : trades.closed;
    long wins = trades == null ? 0 : trades.wins;
    long losses = trades == null ? 0 : trades.losses;
    double winSum = trades == null ? 0 : trades.winSum;
    double lossSum = trades == null ? 0 : trades.lossSum;
    double hitRate = closed == 0 ? Double.NaN : wins / (double) closed;
    double averageWin = wins == 0 ? Double.NaN : winSum / wins;
    double averageLoss = losses == 0 ? Double.NaN : lossSum / losses;
    double exposure = n == 0 ? Double.NaN : exposed / (double) n;
    return new PerformanceMetrics(n, start, end, end - start, total, annualized, volatility, sharpe, sortino,
        maxDrawdown, maxDrawdownPeriods, maxDrawdownDays, longestPeriods, longestDays, calmar, turnover,
        trades == null ? 0 : closed, hitRate, averageWin, averageLoss, exposure);
  }
}
