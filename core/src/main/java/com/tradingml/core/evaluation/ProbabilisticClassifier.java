package com.tradingml.core.evaluation;

/**
 * A fitted model that turns one feature vector into class probabilities: what
 * {@link ClassificationMetrics#compute} evaluates, whether the model is a baseline or the network.
 *
 * <p>Contract (checked for every implementation by the test kit {@code ProbabilisticClassifierContract}):
 * for finite features of the expected length, {@link #predictProbabilities(double[], double[])} writes
 * {@link #classes()} finite, non-negative values summing to 1 (within rounding), is a pure function of its
 * input (same input, same bits) and allocates nothing; implementations are immutable and thread-safe.
 */
public interface ProbabilisticClassifier {

  /** Number of classes K: every prediction has K probabilities, class k at index k. */
  int classes();

  /**
   * Writes the class probabilities for {@code features} into {@code out} (length {@link #classes()}); the
   * allocation-free form for scoring loops.
   *
   * @throws IllegalArgumentException if an array has the wrong length
   */
  void predictProbabilities(double[] features, double[] out);

  /** The class probabilities for {@code features}, in a new array. */
  default double[] predictProbabilities(double[] features) {
    double[] out = new double[classes()];
    predictProbabilities(features, out);
    return out;
  }

  /** One row of probabilities per row of {@code rows}: the input {@link ClassificationMetrics} takes. */
  default double[][] predictAll(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = predictProbabilities(rows[i]);
    }
    return out;
  }
}
