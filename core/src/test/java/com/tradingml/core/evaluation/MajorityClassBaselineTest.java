package com.tradingml.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MajorityClassBaselineTest {

  @Test
  void shouldPredictTheTrainingClassFrequenciesWhateverTheFeatures() {
    MajorityClassBaseline baseline = MajorityClassBaseline.fit(new int[] {2, 0, 2, 1, 2, 0, 2, 2}, 3);

    assertThat(baseline.trainingCounts()).containsExactly(2, 1, 5);
    assertThat(baseline.majorityClass()).isEqualTo(2);
    assertThat(baseline.predictProbabilities(new double[] {1e9, -3})).containsExactly(0.25, 0.125, 0.625);
    assertThat(baseline.predictProbabilities(new double[0])).containsExactly(baseline.classFrequencies());
  }

  @Test
  void shouldBreakAMajorityTieTowardTheLowerClass() {
    MajorityClassBaseline baseline = MajorityClassBaseline.fit(new int[] {2, 0, 2, 0, 1}, 3);
    assertThat(baseline.majorityClass()).isZero();
    assertThat(ClassificationMetrics.argmax(baseline.predictProbabilities(new double[0]))).isZero();
  }

  @Test
  void shouldScoreTheMajorityRateChanceAucAndTheCrossEntropyOfTheClassBalance() {
    // Trained on DOWN 3, UP 5 (dead zone 0: no FLAT); evaluated on DOWN 4, UP 2.
    MajorityClassBaseline baseline = MajorityClassBaseline.fit(new int[] {0, 2, 2, 0, 2, 0, 2, 2}, 3);
    int[] test = {0, 0, 2, 0, 2, 0};
    double[][] probabilities = baseline.predictAll(new double[test.length][0]);
    double[] returns = {-0.01, -0.02, 0.01, -0.03, 0.02, Double.NaN};

    ClassificationMetrics metrics = ClassificationMetrics.compute(test, probabilities, returns, 3);

    assertThat(metrics.predictedCounts()).containsExactly(0, 0, 6);
    assertThat(metrics.accuracy()).isEqualTo(2.0 / 6);
    assertThat(metrics.balancedAccuracy()).isEqualTo(0.5); // recall DOWN 0, UP 1, over the 2 present classes
    assertThat(metrics.rocAuc()[0]).isEqualTo(0.5); // every score tied
    assertThat(metrics.rocAuc()[1]).isNaN();
    assertThat(metrics.rocAuc()[2]).isEqualTo(0.5);
    assertThat(metrics.macroRocAuc()).isEqualTo(0.5);
    // -(4 ln(3/8) + 2 ln(5/8)) / 6; FLAT's 0 is clipped but never the actual class here.
    assertThat(metrics.logLoss()).isCloseTo(-(4 * Math.log(3.0 / 8) + 2 * Math.log(5.0 / 8)) / 6, within(1e-12));
    assertThat(metrics.informationCoefficient()).isNaN(); // a constant score ranks nothing
    assertThat(metrics.informationCoefficientSamples()).isEqualTo(5);
  }

  @Test
  void shouldRejectLabelsOutOfRangeNamingTheIndex() {
    assertThatThrownBy(() -> MajorityClassBaseline.fit(new int[] {0, 1, -1}, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels[2] = -1");
    assertThatThrownBy(() -> MajorityClassBaseline.fit(new int[0], 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MajorityClassBaseline(new long[] {0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all 0");
  }

  @Test
  void shouldRebuildEqualFromItsCounts() {
    MajorityClassBaseline fitted = MajorityClassBaseline.fit(new int[] {1, 1, 0}, 3);
    long[] counts = fitted.trainingCounts();
    counts[0] = 100;
    assertThat(fitted.trainingCounts()).as("a copy").containsExactly(1, 2, 0);
    assertThat(new MajorityClassBaseline(new long[] {1, 2, 0})).isEqualTo(fitted).hasSameHashCodeAs(fitted);
  }
}
