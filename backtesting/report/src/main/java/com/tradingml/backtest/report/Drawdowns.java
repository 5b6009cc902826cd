package com.tradingml.backtest.report;

/**
 * The drawdown series of an equity curve.
 *
 * <p>Definition: {@code drawdown[t] = equity[t] / max(equity[0..t]) - 1}, a fraction {@code <= 0} (-0.25 is
 * 25% below the running peak). NaN inputs (an absent benchmark value) give NaN and do not move the peak;
 * while the running peak is not positive the drawdown is undefined (NaN), since a ratio to a non-positive
 * peak means nothing.
 */
public final class Drawdowns {
  private Drawdowns() {}

  public static double[] of(double[] equity) {
    double[] drawdown = new double[equity.length];
    double peak = Double.NaN;
    for (int i = 0; i < equity.length; i++) {
      double value = equity[i];
      if (Double.isNaN(value)) {
        drawdown[i] = Double.NaN;
        continue;
      }
      if (Double.isNaN(peak) || value > peak) {
        peak = value;
      }
      drawdown[i] = peak > 0 ? value / peak - 1.0 : Double.NaN;
    }
    return drawdown;
  }

  /** The deepest drawdown (the most negative value), 0 for a curve that never falls, NaN if none defined. */
  public static double max(double[] drawdown) {
    double worst = Double.NaN;
    for (double d : drawdown) {
      if (!Double.isNaN(d) && (Double.isNaN(worst) || d < worst)) {
        worst = d;
      }
    }
    return worst;
  }
}
