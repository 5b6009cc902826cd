package com.tradingml.core.synthetic;

/**
 * The planted component of a synthetic market and what it lets an oracle predict: the constants of
 * the volatility regimes and the exact (h = 1) or Monte Carlo (h > 1) probability that the forward
 * return is positive. {@link SyntheticMarket} documents the whole process; this class is its math.
 *
 * <p>State at the close of bar t: the regime k[t] (low or high volatility) and the standardized
 * return z[t] = r[t] / sigma(k[t]). The next bar first draws its regime (stay, or switch with
 * probability q(k[t])), then its return
 * <pre>
 *   r[t+1] = mu[t+1] + sigma(k[t+1]) eps[t+1],   eps i.i.d. N(0, 1)
 *   mu[t+1] = s sigma(k[t+1]) d(k[t+1]) tanh(z[t]),   d(low) = +1 (momentum), d(high) = -1 (reversion)
 * </pre>
 * Returns are scale-free here: only the ratio sigma(high) / sigma(low) = {@value #VOLATILITY_RATIO}
 * matters for the sign of a sum of returns, so every probability is a function of (s, z, k, h) alone.
 *
 * <p>Pure functions, thread-safe (the Monte Carlo estimator uses the sampler it is given).
 */
public final class PlantedSignal {

  /** sigma(high) / sigma(low). */
  public static final double VOLATILITY_RATIO = 3.0;

  /** Probability per bar that the low-volatility regime turns into the high one (mean stay 500 bars). */
  public static final double LOW_TO_HIGH = 1.0 / 500.0;

  /** Probability per bar that the high-volatility regime turns into the low one (mean stay 250 bars). */
  public static final double HIGH_TO_LOW = 1.0 / 250.0;

  /** Long-run share of bars in the high-volatility regime: q(low->high) / (q(low->high) + q(high->low)) = 1/3. */
  public static final double HIGH_REGIME_SHARE = LOW_TO_HIGH / (LOW_TO_HIGH + HIGH_TO_LOW);

  /**
   * sigma(low) relative to a symbol's base volatility, chosen so that the base is the long-run root
   * mean square volatility: (1 - p) sigma_low^2 + p (3 sigma_low)^2 = base^2, p = {@link #HIGH_REGIME_SHARE}.
   */
  public static final double LOW_VOLATILITY_FACTOR =
      1.0 / Math.sqrt(1.0 - HIGH_REGIME_SHARE + VOLATILITY_RATIO * VOLATILITY_RATIO * HIGH_REGIME_SHARE);

  /**
   * The long-run average switching probability, (1 - p) q(low->high) + p q(high->low) = 1/375: the
   * fraction of bars at which an oracle that knows the current regime is surprised by the next one.
   */
  public static final double MEAN_SWITCH_PROBABILITY =
      (1.0 - HIGH_REGIME_SHARE) * LOW_TO_HIGH + HIGH_REGIME_SHARE * HIGH_TO_LOW;

  private PlantedSignal() {}

  /** q(k): the probability that the regime after a bar in regime k differs from it. */
  public static double switchProbability(boolean highVolatility) {
    return highVolatility ? HIGH_TO_LOW : LOW_TO_HIGH;
  }

  /** d(k): +1 in the low-volatility regime (momentum), -1 in the high one (mean reversion). */
  public static double direction(boolean highVolatility) {
    return highVolatility ? -1.0 : 1.0;
  }

  /**
   * P(r[t+1] > 0 | z[t] = z, k[t] = k), exactly:
   * (1 - q(k)) Phi(s d(k) tanh z) + q(k) Phi(-s d(k) tanh z), since |mu[t+1]| / sigma[t+1] = s |tanh z|
   * in either next regime and only the direction changes with a switch.
   */
  public static double probabilityUpNextBar(double signal, double z, boolean highVolatility) {
    return probabilityUpLastBar(signal, z, highVolatility, 0.0);
  }

  /**
   * The accuracy of the Bayes rule at one state for h = 1: max(P(up), P(down)) =
   * g + q(k) (1 - 2g) with g = Phi(s |tanh z|). For q(k) &lt; 1/2 the rule is "predict the sign of
   * d(k) tanh z", the sign of the conditional mean and of the conditional median. With s = 0, exactly 1/2.
   */
  public static double bayesAccuracyNextBar(double signal, double z, boolean highVolatility) {
    double g = NormalDistribution.cdf(signal * Math.abs(StrictMath.tanh(z)));
    return g + switchProbability(highVolatility) * (1.0 - 2.0 * g);
  }

  /**
   * The same accuracy for an oracle that also knows the next bar's regime: Phi(|mu[t+1]| / sigma[t+1])
   * = Phi(s |tanh z|). An upper bound no data-driven model can reach, reported for comparison.
   */
  public static double nextRegimeKnownAccuracy(double signal, double z) {
    return NormalDistribution.cdf(signal * Math.abs(StrictMath.tanh(z)));
  }

  /**
   * P(partialSum + r > 0) for the last return r of a horizon, given the state (z, k) of the bar before
   * it and the sum of the horizon's earlier returns, in units of sigma(low).
   */
  static double probabilityUpLastBar(double signal, double z, boolean highVolatility, double partialSum) {
    double tanh = StrictMath.tanh(z);
    double stayMean = signal * direction(highVolatility) * tanh;
    double staySigma = highVolatility ? VOLATILITY_RATIO : 1.0;
    double switchSigma = highVolatility ? 1.0 : VOLATILITY_RATIO;
    double stay = NormalDistribution.cdf(partialSum / staySigma + stayMean);
    double switched = NormalDistribution.cdf(partialSum / switchSigma - stayMean);
    return stay + switchProbability(highVolatility) * (switched - stay);
  }

  /**
   * Estimates, for one state (z, k), P(log(close[t+h] / close[t]) > 0) and the Bayes accuracy
   * max(p, 1 - p) by simulating the process {@code paths} times from the state. Rao-Blackwellized:
   * bars t+1 .. t+h-1 are simulated, the last bar's probability is exact given them
   * ({@link #probabilityUpLastBar}). Because max(p^, 1 - p^) overstates max(p, 1 - p) by about
   * Var(p^) near p = 1/2, the accuracy is Richardson-extrapolated from all paths and the two halves,
   * 2 A(K) - (A(K/2) + A'(K/2)) / 2, which cancels that 1/K bias.
   */
  static ForwardSignEstimate estimateForward(double signal, double z, boolean highVolatility, int horizon, int paths,
      GaussianSampler random) {
    int half = paths / 2;
    double firstHalf = 0.0;
    double secondHalf = 0.0;
    double sumOfSquares = 0.0;
    for (int path = 0; path < paths; path++) {
      double zz = z;
      boolean high = highVolatility;
      double sum = 0.0;
      for (int step = 1; step < horizon; step++) {
        if (random.nextUniform() < switchProbability(high)) {
          high = !high;
        }
        double sigma = high ? VOLATILITY_RATIO : 1.0;
        double r = sigma * (signal * direction(high) * StrictMath.tanh(zz) + random.nextGaussian());
        sum += r;
        zz = r / sigma;
      }
      double w = probabilityUpLastBar(signal, zz, high, sum);
      if (path < half) {
        firstHalf += w;
      } else {
        secondHalf += w;
      }
      sumOfSquares += w * w;
    }
    double p = (firstHalf + secondHalf) / paths;
    double p1 = firstHalf / half;
    double p2 = secondHalf / (paths - half);
    double accuracy = 2.0 * majority(p) - 0.5 * (majority(p1) + majority(p2));
    double variance = Math.max(0.0, (sumOfSquares - paths * p * p) / (paths - 1.0)) / paths;
    return new ForwardSignEstimate(p, accuracy, variance);
  }

  private static double majority(double p) {
    return Math.max(p, 1.0 - p);
  }

  /**
   * One state's Monte Carlo result.
   *
   * @param probabilityUp the estimate of P(forward return > 0)
   * @param accuracy the bias-corrected estimate of max(p, 1 - p)
   * @param variance the Monte Carlo variance of {@code probabilityUp} (and, to first order, of {@code accuracy})
   */
  record ForwardSignEstimate(double probabilityUp, double accuracy, double variance) {}
}
