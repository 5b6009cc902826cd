package com.tradingml.core.synthetic;

/**
 * Receives the hidden state behind every generated bar: what an oracle knows and a model must infer.
 * For testing the generator against its documented process and for measuring how close a model gets
 * to the Bayes-optimal predictor; never an input to features.
 */
@FunctionalInterface
public interface LatentStateConsumer {

  /**
   * @param symbol the bar's symbol
   * @param barIndex the bar's position in its symbol's series, from 0
   * @param highVolatility the regime in force for this bar
   * @param sigma that regime's volatility (standard deviation of the bar's log return)
   * @param mu the planted conditional mean of the bar's log return
   * @param logReturn the generated close-to-close log return of the bar; {@code logReturn / sigma} is
   *     the standardized return z that drives the next bar's mean
   */
  void accept(String symbol, long barIndex, boolean highVolatility, double sigma, double mu, double logReturn);
}
