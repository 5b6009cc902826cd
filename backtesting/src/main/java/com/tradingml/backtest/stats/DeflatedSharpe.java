package com.tradingml.backtest.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Deflated Sharpe Ratio: the probability that the best of N tried strategies has a true Sharpe ratio above
 * what the best of N skill-less strategies would show by luck. From D. H. Bailey and M. López de Prado, "The
 * Deflated Sharpe Ratio: Correcting for Selection Bias, Backtest Overfitting, and Non-Normality", The Journal of
 * Portfolio Management 40(5), 2014, 94-107 (equations numbered as there).
 *
 * <p><b>The formula.</b> All Sharpe ratios are per period (not annualized), on the same periods as the returns:
 * <pre>
 *   SR0 = sqrt(V) x ((1 - g) x Z^-1(1 - 1/N) + g x Z^-1(1 - 1/(N e)))           expected maximum under the null
 *   DSR = PSR(SR0) = Z( (SR - SR0) x sqrt(T - 1) / sqrt(1 - skew x SR + (kurt - 1) / 4 x SR^2) )
 * </pre>
 * with Z the standard normal distribution function ({@link StandardNormal}), g the Euler-Mascheroni constant, e
 * Euler's number, N the number of trials, V the variance of the trials' Sharpe ratios, SR the selected (best)
 * strategy's Sharpe ratio estimated from T returns, skew and kurt their skewness and (plain, not excess)
 * kurtosis ({@link ReturnMoments}). SR0 is the paper's approximation of the expected maximum of N independent
 * estimates with zero mean and variance V (from extreme value theory; exact as N grows); for N = 1 there is no
 * selection and SR0 = 0, so the DSR is the probabilistic Sharpe ratio against 0.
 *
 * <p><b>Caveats.</b> N counts the trials as independent; a grid of neighbouring parameters is strongly correlated,
 * so its effective number of independent trials is smaller and the DSR computed with all of them is conservative
 * (the paper estimates the effective N by clustering the trials, not done here). The DSR is undefined (NaN) when
 * the denominator {@code 1 - skew SR + (kurt - 1)/4 SR^2} is not positive, or with fewer than 2 returns.
 *
 * <p>The paper's numerical example (N = 100 trials, annualized V = 1/2, best annualized SR 2.5 over T = 1250 daily
 * returns, skew -3, kurtosis 10, 250 days a year) gives SR0 = 0.1132 per day and DSR = 0.9004; the unit tests
 * check it. Stateless and thread-safe.
 */
public final class DeflatedSharpe {

  /** The Euler-Mascheroni constant. */
  public static final double EULER_MASCHERONI = 0.5772156649015329;

  /**
   * One evaluation, with its inputs: {@code sharpe} (per period), {@code observations} (T), {@code skewness},
   * {@code kurtosis}, {@code trials} (N), {@code trialSharpeVariance} (V), {@code expectedMaxSharpe} (SR0), the
   * standardized {@code statistic} inside Z and the {@code probability} (the DSR, in [0, 1]; NaN when undefined).
   */
  public record Estimate(double sharpe, long observations, double skewness, double kurtosis, long trials,
      double trialSharpeVariance, double expectedMaxSharpe, double statistic, double probability) {

    /** Ordered JSON data, camelCase keys as in this record. */
    public Map<String, Object> toMap() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("sharpe", sharpe);
      out.put("observations", observations);
      out.put("skewness", skewness);
      out.put("kurtosis", kurtosis);
      out.put("trials", trials);
      out.put("trialSharpeVariance", trialSharpeVariance);
      out.put("expectedMaxSharpe", expectedMaxSharpe);
      out.put("statistic", statistic);
      out.put("probability", probability);
      return out;
    }
  }

  private DeflatedSharpe() {}

  /**
   * SR0: the expected maximum per-period Sharpe ratio of {@code trials} independent skill-less strategies whose
   * estimates have variance {@code trialSharpeVariance}; 0 for one trial or no variance.
   */
  public static double expectedMaximumSharpe(long trials, double trialSharpeVariance) {
    if (trials < 1) {
      throw new IllegalArgumentException("the number of trials must be at least 1, got " + trials);
    }
    if (!(trialSharpeVariance >= 0 && trialSharpeVariance < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("the variance of the trials' Sharpe ratios must be finite and >= 0, got "
          + trialSharpeVariance);
    }
    if (trials == 1 || trialSharpeVariance == 0) {
      return 0.0;
    }
    // Z^-1(1 - q) = -Z^-1(q): the tail quantile without forming 1 - q in floating point.
    double n = trials;
    double quantile = -StandardNormal.inverseCdf(1.0 / n);
    double quantileE = -StandardNormal.inverseCdf(1.0 / (n * Math.E));
    return StrictMath.sqrt(trialSharpeVariance) * ((1 - EULER_MASCHERONI) * quantile + EULER_MASCHERONI * quantileE);
  }

  /**
   * The probabilistic Sharpe ratio (the paper's equation for PSR): the probability that the true per-period
   * Sharpe ratio exceeds {@code benchmark}, given the estimate {@code sharpe} from {@code observations} returns
   * with this skewness and (plain) kurtosis. NaN when undefined (see the class comment).
   */
  public static double probabilisticSharpe(double sharpe, double benchmark, long observations, double skewness,
      double kurtosis) {
    return StandardNormal.cdf(statistic(sharpe, benchmark, observations, skewness, kurtosis));
  }

  /** The DSR with every input given; the returned estimate carries SR0 and the statistic as well. */
  public static Estimate deflated(double sharpe, long observations, double skewness, double kurtosis, long trials,
      double trialSharpeVariance) {
    double sr0 = expectedMaximumSharpe(trials, trialSharpeVariance);
    double z = statistic(sharpe, sr0, observations, skewness, kurtosis);
    return new Estimate(sharpe, observations, skewness, kurtosis, trials, trialSharpeVariance, sr0, z,
        StandardNormal.cdf(z));
  }

  /**
   * The DSR of the selected strategy's period returns {@code bestReturns} among trials whose per-period Sharpe
   * ratios are {@code trialSharpes} (the selected one included; N = their count, V = their SAMPLE variance,
   * divisor N - 1, 0 for one trial). Every trial Sharpe ratio must be finite: leave undefined ones out and say so.
   */
  public static Estimate of(double[] bestReturns, double[] trialSharpes) {
    ReturnMoments moments = ReturnMoments.of(bestReturns);
    return deflated(moments.sharpe(), moments.observations(), moments.skewness(), moments.kurtosis(),
        trialSharpes.length, sampleVariance(trialSharpes));
  }

  /** The sample variance (divisor n - 1) of finite values; 0 for a single value. */
  public static double sampleVariance(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no trials");
    }
    double sum = 0;
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("trial Sharpe ratios must be finite, got " + v);
      }
      sum += v;
    }
    if (values.length == 1) {
      return 0.0;
    }
    double mean = sum / values.length;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return squares / (values.length - 1);
  }

  private static double statistic(double sharpe, double benchmark, long observations, double skewness,
      double kurtosis) {
    if (observations < 2) {
      return Double.NaN;
    }
    double denominator = 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe;
    if (!(denominator > 0)) {
      return Double.NaN;
    }
    return (sharpe - benchmark) * StrictMath.sqrt(observations - 1.0) / StrictMath.sqrt(denominator);
  }
}
