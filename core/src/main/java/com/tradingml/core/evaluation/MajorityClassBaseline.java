package com.tradingml.core.evaluation;

import java.util.Arrays;

/**
 * The no-skill baseline: ignores the features and predicts, for every sample, each class with its
 * frequency in the training labels. Its argmax is therefore the majority class (ties to the lower class
 * index, as {@link ClassificationMetrics#argmax}), so its accuracy is the majority-class rate; predicting
 * the frequencies rather than a one-hot row keeps its log loss meaningful (the cross-entropy of the test
 * labels against the training class balance) instead of exploding on every non-majority sample. A class
 * absent from training gets probability 0, which the log loss clips to 1e-15.
 *
 * <p>Immutable and thread-safe. The state is the training counts, so it serializes exactly.
 *
 * @param trainingCounts training samples per class; at least one class has a sample
 */
public record MajorityClassBaseline(long[] trainingCounts) implements ProbabilisticClassifier {

  public MajorityClassBaseline {
    if (trainingCounts == null || trainingCounts.length < 2) {
      throw new IllegalArgumentException("trainingCounts must cover >= 2 classes");
    }
    trainingCounts = trainingCounts.clone();
    long total = 0;
    for (int k = 0; k < trainingCounts.length; k++) {
      if (trainingCounts[k] < 0) {
        throw new IllegalArgumentException("trainingCounts[" + k + "] is negative: " + trainingCounts[k]);
      }
      total += trainingCounts[k];
    }
    if (total == 0) {
      throw new IllegalArgumentException("trainingCounts are all 0: nothing to learn the class balance from");
    }
  }

  /**
   * Counts the training labels.
   *
   * @param labels class per training sample, each in [0, classes); at least one
   * @param classes K >= 2
   * @throws IllegalArgumentException naming the first label out of range
   */
  public static MajorityClassBaseline fit(int[] labels, int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, got " + classes);
    }
    if (labels == null || labels.length == 0) {
      throw new IllegalArgumentException("no training labels");
    }
    long[] counts = new long[classes];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "labels[" + i + "] = " + labels[i] + " is not a class in [0, " + classes + ")");
      }
      counts[labels[i]]++;
    }
    return new MajorityClassBaseline(counts);
  }

  @Override
  public int classes() {
    return trainingCounts.length;
  }

  /** The most frequent training class, the lower index on a tie. */
  public int majorityClass() {
    int best = 0;
    for (int k = 1; k < trainingCounts.length; k++) {
      if (trainingCounts[k] > trainingCounts[best]) {
        best = k;
      }
    }
    return best;
  }

  /** The training frequency of each class: what every prediction is. */
  public double[] classFrequencies() {
    double[] out = new double[classes()];
    predictProbabilities(null, out);
    return out;
  }

  /** Writes the training class frequencies; {@code features} is ignored (any length, may be null). */
  @Override
  public void predictProbabilities(double[] features, double[] out) {
    if (out.length != trainingCounts.length) {
      throw new IllegalArgumentException(
          "out must have " + trainingCounts.length + " values, got " + out.length);
    }
    long total = 0;
    for (long count : trainingCounts) {
      total += count;
    }
    for (int k = 0; k < trainingCounts.length; k++) {
      out[k] = (double) trainingCounts[k] / total;
    }
  }

  @Override
  public long[] trainingCounts() {
    return trainingCounts.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MajorityClassBaseline that && Arrays.equals(trainingCounts, that.trainingCounts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(trainingCounts);
  }

  @Override
  public String toString() {
    return "MajorityClassBaseline[trainingCounts=" + Arrays.toString(trainingCounts) + "]";
  }
}
