package com.tradingml.backtest.stats;

/**
 * The first four moments of a series of period returns, as the Deflated Sharpe Ratio reads them
 * ({@link DeflatedSharpe}):
 *
 * <ul>
 *   <li>{@code observations} = n, the number of returns;
 *   <li>{@code mean} = the arithmetic mean; {@code standardDeviation} = the SAMPLE standard deviation (divisor
 *       n - 1), as {@code PerformanceMetrics} uses for the Sharpe ratio;
 *   <li>{@code sharpe} = mean / standardDeviation: the per-period (not annualized) Sharpe ratio against a
 *       risk-free rate of 0; NaN when the deviation is 0 or n &lt; 2;
 *   <li>{@code skewness} = m3 / m2^(3/2) and {@code kurtosis} = m4 / m2^2 with the population central moments
 *       {@code m_k = sum((r - mean)^k) / n}: the plain (not excess) kurtosis, 3 for a normal distribution, as in
 *       Bailey and López de Prado's formula. NaN when m2 = 0.
 * </ul>
 * Computed in two passes (the mean first), so tiny returns lose no precision. Immutable and thread-safe.
 */
public record ReturnMoments(long observations, double mean, double standardDeviation, double skewness,
    double kurtosis) {

  /** The moments of {@code returns}; every return must be finite. */
  public static ReturnMoments of(double[] returns) {
    int n = returns.length;
    double sum = 0;
    for (double r : returns) {
      if (!Double.isFinite(r)) {
        throw new IllegalArgumentException("returns must be finite, got " + r);
      }
      sum += r;
    }
    if (n == 0) {
      return new ReturnMoments(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = sum / n;
    double m2 = 0;
    double m3 = 0;
    double m4 = 0;
    for (double r : returns) {
      double d = r - mean;
      double d2 = d * d;
      m2 += d2;
      m3 += d2 * d;
      m4 += d2 * d2;
    }
    double sd = n < 2 ? Double.NaN : StrictMath.sqrt(m2 / (n - 1));
    m2 /= n;
    m3 /= n;
    m4 /= n;
    double skewness = m2 > 0 ? m3 / StrictMath.pow(m2, 1.5) : Double.NaN;
    double kurtosis = m2 > 0 ? m4 / (m2 * m2) : Double.NaN;
    return new ReturnMoments(n, mean, sd, skewness, kurtosis);
  }

  /** Per-period Sharpe ratio: {@code mean / standardDeviation}; NaN when undefined. */
  public double sharpe() {
    return standardDeviation > 0 ? mean / standardDeviation : Double.NaN;
  }
}
