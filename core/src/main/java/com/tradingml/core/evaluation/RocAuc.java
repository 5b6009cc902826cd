package com.tradingml.core.evaluation;

/**
 * Area under the ROC curve, exactly, from ranks (the Mann-Whitney U statistic):
 * {@code AUC = (R+ - n+ (n+ + 1) / 2) / (n+ n-)}, with {@code R+} the sum of the positives' average ranks.
 * It equals the probability that a random positive scores above a random negative, ties counting one half,
 * i.e. the area under the ROC curve with ties drawn as diagonal segments.
 */
final class RocAuc {

  private RocAuc() {}

  /**
   * The AUC of {@code scores} for separating {@code positive} rows from the others; NaN when there are no
   * positives or no negatives (the AUC is undefined, not 0.5).
   */
  static double of(double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException(
          "scores and labels differ in length: " + scores.length + " vs " + positive.length);
    }
    long positives = 0;
    for (boolean isPositive : positive) {
      if (isPositive) {
        positives++;
      }
    }
    long negatives = scores.length - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double[] ranks = Ranks.average(scores);
    double positiveRankSum = 0.0;
    for (int i = 0; i < ranks.length; i++) {
      if (positive[i]) {
        positiveRankSum += ranks[i];
      }
    }
    double u = positiveRankSum - positives * (positives + 1) * 0.5;
    return u / ((double) positives * negatives);
  }
}
