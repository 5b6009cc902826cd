package com.tradingml.core.synthetic;

import com.tradingml.core.market.Timeframe;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link SyntheticMarket} run produced and what can be known about predicting it.
 * Immutable and thread-safe. {@link #toMap()} gives a JSON-ready view.
 *
 * <p>The accuracies are for the label "sign of log(close[t+h] / close[t])" over every labelled bar
 * (t and t+h in the same series): up means strictly greater.
 *
 * @param rows bars written (symbols x barsPerSymbol)
 * @param symbols number of symbols
 * @param barsPerSymbol bars per symbol
 * @param timeframe {@code 1m} or {@code 1d}
 * @param firstTimestamp the first bar's timestamp
 * @param lastTimestamp the last bar's timestamp
 * @param seed the master seed
 * @param signal the planted strength s
 * @param horizon the label horizon h in bars
 * @param labelledBars bars with a label: symbols x (barsPerSymbol - h)
 * @param bayesOptimalAccuracy the expected accuracy, on this data set, of the Bayes rule that knows the
 *     full state at t (regime and standardized return): exact for h = 1, Monte Carlo for h > 1
 * @param bayesOptimalStandardError its standard error: 0 for h = 1 (and for s = 0); for h > 1 the
 *     sampling error of the evaluated states (with finite-population correction) plus Monte Carlo error
 * @param bayesStates states the accuracy averages: every labelled bar for h = 1, else at most
 *     {@link SyntheticMarketSpec#monteCarloStates()} evenly spaced ones
 * @param monteCarloPaths paths simulated per state (0 when nothing was simulated)
 * @param nextRegimeKnownAccuracy for h = 1, the accuracy of an oracle that also knows whether the
 *     regime switches at t+1: E[Phi(|mu[t+1]| / sigma[t+1])]; NaN (null in the map) for h > 1
 * @param realizedBayesRuleAccuracy the fraction of evaluated states where the Bayes rule's predicted
 *     sign matched the realized sign: a sanity check that must agree with {@code bayesOptimalAccuracy}
 *     within sampling error
 * @param realizedBayesRuleSample the number of states behind it (its binomial standard error is
 *     sqrt(a (1 - a) / n))
 * @param lowVolatilityFraction share of all bars generated in the low-volatility regime
 * @param highVolatilityFraction share in the high-volatility regime
 * @param upFraction class balance: share of labelled bars whose forward return is positive
 * @param process one paragraph that states the generating process and the formulas used
 */
public record GenerationReport(
    long rows,
    int symbols,
    long barsPerSymbol,
    Timeframe timeframe,
    Instant firstTimestamp,
    Instant lastTimestamp,
    long seed,
    double signal,
    int horizon,
    long labelledBars,
    double bayesOptimalAccuracy,
    double bayesOptimalStandardError,
    long bayesStates,
    int monteCarloPaths,
    double nextRegimeKnownAccuracy,
    double realizedBayesRuleAccuracy,
    long realizedBayesRuleSample,
    double lowVolatilityFraction,
    double highVolatilityFraction,
    double upFraction,
    String process) {

  public GenerationReport {
    if (timeframe == null || firstTimestamp == null || lastTimestamp == null || process == null) {
      throw new IllegalArgumentException("timeframe, timestamps and process must not be null");
    }
  }

  /** The binomial standard error of {@link #realizedBayesRuleAccuracy()}. */
  public double realizedBayesRuleStandardError() {
    double a = realizedBayesRuleAccuracy;
    return Math.sqrt(a * (1.0 - a) / realizedBayesRuleSample);
  }

  /** The report as an ordered map of JSON-ready values (numbers, strings, null for "not applicable"). */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("rows", rows);
    map.put("symbols", symbols);
    map.put("barsPerSymbol", barsPerSymbol);
    map.put("timeframe", timeframe.toString());
    map.put("firstTimestamp", firstTimestamp.toString());
    map.put("lastTimestamp", lastTimestamp.toString());
    map.put("seed", seed);
    map.put("signal", signal);
    map.put("horizon", horizon);
    map.put("labelledBars", labelledBars);
    map.put("bayesOptimalAccuracy", finiteOrNull(bayesOptimalAccuracy));
    map.put("bayesOptimalStandardError", finiteOrNull(bayesOptimalStandardError));
    map.put("bayesStates", bayesStates);
    map.put("monteCarloPaths", monteCarloPaths);
    map.put("nextRegimeKnownAccuracy", finiteOrNull(nextRegimeKnownAccuracy));
    map.put("realizedBayesRuleAccuracy", finiteOrNull(realizedBayesRuleAccuracy));
    map.put("realizedBayesRuleSample", realizedBayesRuleSample);
    map.put("lowVolatilityFraction", finiteOrNull(lowVolatilityFraction));
    map.put("highVolatilityFraction", finiteOrNull(highVolatilityFraction));
    map.put("upFraction", finiteOrNull(upFraction));
    map.put("process", process);
    return Collections.unmodifiableMap(map);
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
