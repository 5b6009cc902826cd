package com.tradingml.core.synthetic;

/**
 * The standard normal distribution: {@link #cdf} (Phi), {@link #density} (phi) and the complementary
 * error function they rest on.
 *
 * <p>{@link #erfc} is W. J. Cody's rational Chebyshev approximation ("Rational Chebyshev approximations
 * for the error function", Math. Comp. 23 (1969) 631-637; the coefficients of Netlib's SPECFUN
 * {@code CALERF}), accurate to about 1e-16 relative on the whole line, far inside the 1e-7 the
 * Bayes-accuracy computations need. Every transcendental call goes through {@link StrictMath}, so the
 * results are the same bits on every JVM and platform, and so are the reports built from them.
 *
 * <p>Pure functions, thread-safe.
 */
public final class NormalDistribution {

  private static final double ONE_OVER_SQRT_PI = 5.6418958354775628695e-1;
  private static final double ONE_OVER_SQRT_2 = 0.70710678118654752440;
  private static final double LOG_SQRT_2PI = 0.91893853320467274178;
  private static final double THRESHOLD = 0.46875;
  /** erfc(x) underflows to 0 beyond this. */
  private static final double X_BIG = 26.543;

  private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
      3.20937758913846947e03, 1.85777706184603153e-1};
  private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
      2.84423683343917062e03};
  private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
      2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
      1.23033935479799725e03, 2.15311535474403846e-8};
  private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
      1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
      1.23033935480374942e03};
  private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
      1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
  private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
      6.05183413124413191e-2, 2.33520497626869185e-3};

  private NormalDistribution() {}

  /** Phi(x) = P(Z &lt;= x) for a standard normal Z. Phi(0) is exactly 0.5. */
  public static double cdf(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    return 0.5 * erfc(-x * ONE_OVER_SQRT_2);
  }

  /** phi(x), the standard normal density. */
  public static double density(double x) {
    return StrictMath.exp(-0.5 * x * x - LOG_SQRT_2PI);
  }

  /** erfc(x) = 1 - erf(x) = (2 / sqrt(pi)) * integral from x to infinity of exp(-t^2) dt. */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    double y = Math.abs(x);
    if (y <= THRESHOLD) {
      double ysq = y * y;
      double numerator = A[4] * ysq;
      double denominator = ysq;
      for (int i = 0; i < 3; i++) {
        numerator = (numerator + A[i]) * ysq;
        denominator = (denominator + B[i]) * ysq;
      }
      double erf = x * (numerator + A[3]) / (denominator + B[3]);
      return 1.0 - erf;
    }
    double upperTail;
    if (y >= X_BIG) {
      upperTail = 0.0;
    } else {
      double ratio;
      if (y <= 4.0) {
        double numerator = C[8] * y;
        double denominator = y;
        for (int i = 0; i < 7; i++) {
          numerator = (numerator + C[i]) * y;
          denominator = (denominator + D[i]) * y;
        }
        ratio = (numerator + C[7]) / (denominator + D[7]);
      } else {
        double ysq = 1.0 / (y * y);
        double numerator = P[5] * ysq;
        double denominator = ysq;
        for (int i = 0; i < 4; i++) {
          numerator = (numerator + P[i]) * ysq;
          denominator = (denominator + Q[i]) * ysq;
        }
        ratio = ysq * (numerator + P[4]) / (denominator + Q[4]);
        ratio = (ONE_OVER_SQRT_PI - ratio) / y;
      }
      // exp(-y^2) split in two so that the rounding of y^2 does not cost accuracy (Cody's trick).
      double ySixteenths = Math.floor(y * 16.0) / 16.0;
      double delta = (y - ySixteenths) * (y + ySixteenths);
      upperTail = StrictMath.exp(-ySixteenths * ySixteenths) * StrictMath.exp(-delta) * ratio;
    }
    return x < 0 ? 2.0 - upperTail : upperTail;
  }
}
