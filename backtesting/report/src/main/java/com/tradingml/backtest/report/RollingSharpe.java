package com.tradingml.backtest.report;

/**
 * The rolling, annualised Sharpe ratio of an equity curve, with a zero risk-free rate.
 *
 * <p>Definition: with per-bar simple returns {@code r} ({@link Returns#simple}) and a window of {@code w}
 * returns, {@code sharpe[t] = mean(r[t-w+1..t]) / stdev(r[t-w+1..t]) * sqrt(periodsPerYear)}, where stdev is
 * the sample standard deviation (divisor {@code w - 1}). It is NaN (a gap in the chart) for the first
 * {@code w} bars (the warm-up: {@code w} returns need {@code w + 1} equity points), when any return in the
 * window is undefined, and when the window's returns are all equal (a flat, out-of-market stretch: zero
 * deviation has no meaningful ratio).
 *
 * <p>The window's sums are updated incrementally and recomputed exactly every {@code w} bars, which bounds
 * floating-point drift while keeping the cost linear in the series length; "all equal" is detected exactly,
 * by run length, not by a near-zero variance.
 */
public final class RollingSharpe {
  private RollingSharpe() {}

  public static double[] of(double[] equity, int window, int periodsPerYear) {
    if (window < 2) {
      throw new IllegalArgumentException("rolling Sharpe window must be at least 2, got " + window);
    }
    if (periodsPerYear < 1) {
      throw new IllegalArgumentException("periodsPerYear must be at least 1, got " + periodsPerYear);
    }
    double[] returns = Returns.simple(equity);
    int n = returns.length;
    double[] sharpe = new double[n];
    java.util.Arrays.fill(sharpe, Double.NaN);
    double annualisation = Math.sqrt(periodsPerYear);
    double sum = 0;
    double sumSquares = 0;
    int undefinedInWindow = 0;
    int equalRun = 0; // how many returns up to i equal r[i]
    for (int i = 0; i < n; i++) {
      double in = returns[i];
      equalRun = i > 0 && Double.compare(in, returns[i - 1]) == 0 ? equalRun + 1 : 1;
      if (Double.isNaN(in)) {
        undefinedInWindow++;
      } else {
        sum += in;
        sumSquares += in * in;
      }
      if (i >= window) {
        double out = returns[i - window];
        if (Double.isNaN(out)) {
          undefinedInWindow--;
        } else {
          sum -= out;
          sumSquares -= out * out;
        }
      }
      if (i % window == 0) {
        // Exact recomputation of the window [i-window+1, i] so that drift never accumulates.
        sum = 0;
        sumSquares = 0;
        for (int j = Math.max(0, i - window + 1); j <= i; j++) {
          if (!Double.isNaN(returns[j])) {
            sum += returns[j];
            sumSquares += returns[j] * returns[j];
          }
        }
      }
      if (i < window || undefinedInWindow > 0 || equalRun >= window) {
        continue;
      }
      double mean = sum / window;
      double variance = (sumSquares - sum * mean) / (window - 1);
      if (variance > 0) {
        sharpe[i] = mean / Math.sqrt(variance) * annualisation;
      }
    }
    return sharpe;
  }
}
