package com.tradingml.backtest.stats;

/**
 * The standard normal distribution: density, distribution function and its inverse, in plain Java (no statistics
 * library on the engine's classpath).
 *
 * <ul>
 *   <li>{@link #cdf}: for {@code |x| <= 2.5} Marsaglia's Taylor series ("Evaluating the Normal Distribution",
 *       Journal of Statistical Software 11(4), 2004), {@code 1/2 + phi(x) (x + x^3/3 + x^5/(3 5) + ...)}, absolute
 *       error about 1e-16; beyond, Laplace's continued fraction for the tail,
 *       {@code phi(x) / (x + 1/(x + 2/(x + ...)))} (200 terms, from the last), so that tail probabilities keep a
 *       relative error of about 1e-15.
 *   <li>{@link #inverseCdf}: Wichura's algorithm AS 241 ({@code PPND16}, Applied Statistics 37(3), 1988, 477-484):
 *       rational approximations accurate to about 1 part in 1e16.
 * </ul>
 * {@link StrictMath} throughout: the same doubles on every JVM. Stateless and thread-safe.
 */
public final class StandardNormal {

  private static final double LOG_SQRT_TWO_PI = 0.91893853320467274178;
  private static final double SERIES_LIMIT = 2.5;
  private static final int FRACTION_TERMS = 200;

  // AS 241: p close to 1/2.
  private static final double[] A = {3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
      1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4, 3.3430575583588128105e+4,
      2.5090809287301226727e+3};
  private static final double[] B = {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2,
      5.3941960214247511077e+3, 2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
      5.2264952788528545610e+3};
  // AS 241: p neither close to 1/2 nor to 0 or 1.
  private static final double[] C = {1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
      3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2,
      7.74545014278341407640e-4};
  private static final double[] D = {1.0, 2.05319162663775882187e0, 1.67638483018380384940e0,
      6.89767334985100004550e-1, 1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
      1.05075007164441684324e-9};
  // AS 241: p close to 0 or 1.
  private static final double[] E = {6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
      2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5,
      2.01033439929228813265e-7};
  private static final double[] F = {1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1,
      1.48753612908506148525e-2, 7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
      2.04426310338993978564e-15};

  private StandardNormal() {}

  /** The density {@code exp(-x^2/2) / sqrt(2 pi)}. */
  public static double density(double x) {
    return StrictMath.exp(-0.5 * x * x - LOG_SQRT_TWO_PI);
  }

  /** {@code P(Z <= x)}; NaN for NaN. */
  public static double cdf(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < -SERIES_LIMIT) {
      return upperTail(-x);
    }
    if (x > SERIES_LIMIT) {
      return 1.0 - upperTail(x);
    }
    double q = x * x;
    double term = x;
    double sum = x;
    double previous = Double.NaN;
    for (int i = 1; sum != previous; ) {
      previous = sum;
      i += 2;
      term *= q / i;
      sum += term;
    }
    return 0.5 + sum * StrictMath.exp(-0.5 * q - LOG_SQRT_TWO_PI);
  }

  /** {@code P(Z > x)} for {@code x > 0}, by Laplace's continued fraction evaluated from its tail. */
  private static double upperTail(double x) {
    if (x > 40) {
      return 0.0;
    }
    double fraction = x;
    for (int k = FRACTION_TERMS; k >= 1; k--) {
      fraction = x + k / fraction;
    }
    return density(x) / fraction;
  }

  /**
   * The {@code p}-quantile: the {@code x} with {@code P(Z <= x) = p}, by AS 241. {@code -Infinity} at 0,
   * {@code +Infinity} at 1; {@link IllegalArgumentException} outside [0, 1] or for NaN.
   */
  public static double inverseCdf(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("a probability must be in [0, 1], got " + p);
    }
    if (p == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (p == 1) {
      return Double.POSITIVE_INFINITY;
    }
    double q = p - 0.5;
    if (Math.abs(q) <= 0.425) {
      double r = 0.180625 - q * q;
      return q * polynomial(A, r) / polynomial(B, r);
    }
    double r = StrictMath.sqrt(-StrictMath.log(q < 0 ? p : 1 - p));
    double x = r <= 5.0 ? polynomial(C, r - 1.6) / polynomial(D, r - 1.6)
        : polynomial(E, r - 5.0) / polynomial(F, r - 5.0);
    return q < 0 ? -x : x;
  }

  /** {@code c[0] + c[1] r + ... + c[7] r^7} by Horner's rule. */
  private static double polynomial(double[] c, double r) {
    double value = c[c.length - 1];
    for (int i = c.length - 2; i >= 0; i--) {
      value = value * r + c[i];
    }
    return value;
  }
}
