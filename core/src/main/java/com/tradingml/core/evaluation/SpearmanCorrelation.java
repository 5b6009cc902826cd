package com.tradingml.core.evaluation;

/**
 * Spearman's rank correlation: the Pearson correlation of the two samples' average ranks (ties get the
 * mean of their positions, so the result is exact with ties, unlike the {@code 1 - 6 sum d^2 / ...}
 * shortcut, which assumes none).
 *
 * <p>Stateless and thread-safe.
 */
public final class SpearmanCorrelation {

  private SpearmanCorrelation() {}

  /**
   * Spearman's rho over the pairs where neither value is NaN (pairs with a NaN are excluded, not ranked).
   *
   * @return rho in [-1, 1]; NaN when fewer than 2 pairs remain or either side is constant over them
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public static double of(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("samples differ in length: " + x.length + " vs " + y.length);
    }
    int kept = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        kept++;
      }
    }
    double[] keptX = new double[kept];
    double[] keptY = new double[kept];
    int next = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        keptX[next] = x[i];
        keptY[next] = y[i];
        next++;
      }
    }
    if (kept < 2) {
      return Double.NaN;
    }
    return pearson(Ranks.average(keptX), Ranks.average(keptY));
  }

  /** Pearson's r by two passes (means first); NaN when either side is constant. Clamped to [-1, 1]. */
  static double pearson(double[] x, double[] y) {
    int n = x.length;
    double sumX = 0.0;
    double sumY = 0.0;
    for (int i = 0; i < n; i++) {
      sumX += x[i];
      sumY += y[i];
    }
    double meanX = sumX / n;
    double meanY = sumY / n;
    double sxx = 0.0;
    double syy = 0.0;
    double sxy = 0.0;
    for (int i = 0; i < n; i++) {
      double dx = x[i] - meanX;
      double dy = y[i] - meanY;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    if (sxx == 0.0 || syy == 0.0) {
      return Double.NaN;
    }
    double r = sxy / StrictMath.sqrt(sxx * syy);
    return Math.max(-1.0, Math.min(1.0, r));
  }
}
