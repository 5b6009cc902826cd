package com.tradingml.backtest;

import java.util.List;

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

  SeriesStatistics(double startValue) {
    this.start = startValue;
    this.previous = startValue;
    this.peak = startValue;
  }

  void add(long time, double value, boolean hasPosition) {
    if (firstTime == Long.MIN_VALUE) {
      firstTime = time;
      peakTime = time;
    }
    lastTime = time;
    count++;
    if (previous > 0 && value < Double.POSITIVE_INFINITY) {
      double r = value / previous - 1;
      if (shift != shift) {
        shift = r;
      }
      double d = r - shift;
      shiftedSum += d;
      shiftedSquares += d * d;
      if (r < 0) {
        downside += r * r;
      }
    } else {
      invalid = true;
    }
    previous = value;
    valueSum += value;
    if (hasPosition) {
      exposed++;
    }
    if (value >= peak) {
      if (spellPeriods > 0) {
        endSpell(time);
      }
      peak = value;
      peakTime = time;
    } else if (spellPeriods++ == 0 || value < spellTrough) {
      spellTrough = value;
    }
  }

  private void endSpell(long time) {
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
    spellPeriods = 0;
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

  /** The metrics with {@code periodsPerYear}; trades may be null (a benchmark: trade statistics NaN). */
  PerformanceMetrics build(double periodsPerYear, double tradedNotional, List<Trade> trades) {
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
    long closed = 0;
    long wins = 0;
    long losses = 0;
    double winSum = 0;
    double lossSum = 0;
    if (trades != null) {
      for (Trade trade : trades) {
        if (!trade.closed()) {
          continue;
        }
        closed++;
        long pnl = trade.netPnlMicros();
        if (pnl > 0) {
          wins++;
          winSum += trade.netReturn();
        } else if (pnl < 0) {
          losses++;
          lossSum += trade.netReturn();
        }
      }
    }
    double hitRate = closed == 0 ? Double.NaN : wins / (double) closed;
    double averageWin = wins == 0 ? Double.NaN : winSum / wins;
    double averageLoss = losses == 0 ? Double.NaN : lossSum / losses;
    double exposure = n == 0 ? Double.NaN : exposed / (double) n;
    return new PerformanceMetrics(n, start, end, end - start, total, annualized, volatility, sharpe, sortino,
        maxDrawdown, maxDrawdownPeriods, maxDrawdownDays, longestPeriods, longestDays, calmar, turnover,
        trades == null ? 0 : closed, hitRate, averageWin, averageLoss, exposure);
  }
}
