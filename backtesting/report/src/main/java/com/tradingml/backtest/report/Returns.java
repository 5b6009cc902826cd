package com.tradingml.backtest.report;

/**
 * Per-bar simple returns of an equity curve, aligned with it.
 *
 * <p>Definition: {@code r[t] = equity[t] / equity[t-1] - 1} for {@code t >= 1}; {@code r[0]} is NaN (no bar
 * before it), and so is every return whose previous value is NaN or not positive.
 */
public final class Returns {
  private Returns() {}

  public static double[] simple(double[] equity) {
    double[] returns = new double[equity.length];
    if (equity.length > 0) {
      returns[0] = Double.NaN;
    }
    for (int i = 1; i < equity.length; i++) {
      double previous = equity[i - 1];
      returns[i] = previous > 0 && !Double.isNaN(equity[i]) ? equity[i] / previous - 1.0 : Double.NaN;
    }
    return returns;
  }

  /** {@code last / first - 1} over the first and last non-NaN values, NaN if there are none or first <= 0. */
  public static double total(double[] equity) {
    int first = 0;
    while (first < equity.length && Double.isNaN(equity[first])) {
      first++;
    }
    int last = equity.length - 1;
    while (last >= 0 && Double.isNaN(equity[last])) {
      last--;
    }
    if (first > last || !(equity[first] > 0)) {
      return Double.NaN;
    }
    return equity[last] / equity[first] - 1.0;
  }
}
