package com.tradingml.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The test kit every {@link ProbabilisticClassifier} runs: subclass it, supply a fitted classifier and
 * inputs of the length it expects (including extreme ones).
 */
abstract class ProbabilisticClassifierContract {

  /** A fitted classifier. */
  protected abstract ProbabilisticClassifier classifier();

  /** Finite inputs it must score, some of them extreme. */
  protected abstract double[][] inputs();

  @Test
  void shouldGiveFiniteNonNegativeProbabilitiesSummingToOne() {
    ProbabilisticClassifier classifier = classifier();
    for (double[] input : inputs()) {
      double[] p = classifier.predictProbabilities(input);
      assertThat(p).hasSize(classifier.classes());
      double sum = 0;
      for (double value : p) {
        assertThat(value).isFinite().isGreaterThanOrEqualTo(0.0);
        sum += value;
      }
      assertThat(sum).isCloseTo(1.0, within(1e-12));
    }
  }

  @Test
  void shouldWriteTheSameBitsWithAndWithoutAllocating() {
    ProbabilisticClassifier classifier = classifier();
    double[] out = new double[classifier.classes()];
    for (double[] input : inputs()) {
      classifier.predictProbabilities(input, out);
      assertThat(out).containsExactly(classifier.predictProbabilities(input.clone()));
    }
  }

  @Test
  void shouldProduceRowsThatTheMetricsAccept() {
    ProbabilisticClassifier classifier = classifier();
    double[][] rows = classifier.predictAll(inputs());
    int[] actual = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      actual[i] = i % classifier.classes();
    }
    ClassificationMetrics metrics =
        ClassificationMetrics.compute(actual, rows, new double[rows.length], classifier.classes());
    assertThat(metrics.n()).isEqualTo(rows.length);
    assertThat(metrics.logLoss()).isFinite();
  }
}
