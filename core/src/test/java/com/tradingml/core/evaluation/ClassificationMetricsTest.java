package com.tradingml.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  private static final double NAN = Double.NaN;

  // Worked by hand below: six samples, three classes.
  private static final int[] ACTUAL = {0, 0, 1, 2, 2, 2};
  private static final double[][] PROBABILITIES = {
      {0.7, 0.2, 0.1}, // predicted 0, right
      {0.3, 0.3, 0.4}, // predicted 2, wrong
      {0.2, 0.5, 0.3}, // predicted 1, right
      {0.1, 0.2, 0.7}, // predicted 2, right
      {0.4, 0.4, 0.2}, // tie 0/1: predicted 0, wrong
      {0.2, 0.3, 0.5}, // predicted 2, right
  };
  private static final double[] RETURNS = {-0.02, 0.01, NAN, 0.03, -0.01, 0.0};

  @Test
  void shouldMatchHandComputedValuesOnASmallExample() {
    ClassificationMetrics metrics = ClassificationMetrics.compute(ACTUAL, PROBABILITIES, RETURNS, 3);

    assertThat(metrics.n()).isEqualTo(6);
    assertThat(metrics.confusionMatrix()).isDeepEqualTo(new long[][] {{1, 0, 1}, {0, 1, 0}, {1, 0, 2}});
    assertThat(metrics.actualCounts()).containsExactly(2, 1, 3);
    assertThat(metrics.predictedCounts()).containsExactly(2, 1, 3);
    assertThat(metrics.accuracy()).isEqualTo(4.0 / 6);
    assertThat(metrics.balancedAccuracy()).isCloseTo((1.0 / 2 + 1.0 + 2.0 / 3) / 3, within(1e-15));
    double expectedLogLoss = -(Math.log(0.7) + Math.log(0.3) + Math.log(0.5) + Math.log(0.7) + Math.log(0.2)
        + Math.log(0.5)) / 6;
    assertThat(metrics.logLoss()).isCloseTo(expectedLogLoss, within(1e-12));
    // Class 0: positives score .7 and .3 against .2 .1 .4 .2: 4 + 3 of 8 pairs won.
    // Class 1: the positive's .5 beats all five negatives. Class 2: .7, .2, .5 against .1 .4 .3: 3 + 1 + 3 of 9.
    assertThat(metrics.rocAuc()).containsExactly(new double[] {7.0 / 8, 1.0, 7.0 / 9}, within(1e-15));
    assertThat(metrics.macroRocAuc()).isCloseTo((7.0 / 8 + 1.0 + 7.0 / 9) / 3, within(1e-15));
    // Without the NaN row: score ranks 1 3 5 2 4, return ranks 1 4 5 2 3, sum d^2 = 2, rho = 1 - 12 / 120.
    assertThat(metrics.informationCoefficient()).isCloseTo(0.9, within(1e-15));
    assertThat(metrics.informationCoefficientSamples()).isEqualTo(5);
  }

  @Test
  void shouldComputeAucAsTheShareOfPositiveNegativePairsOrderedRightOnRandomDataWithTies() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 10; trial++) {
      int n = 50 + random.nextInt(300);
      int[] actual = new int[n];
      double[][] probabilities = new double[n][];
      double[] returns = new double[n];
      for (int i = 0; i < n; i++) {
        actual[i] = random.nextInt(3);
        probabilities[i] = coarseProbabilities(random);
        returns[i] = random.nextGaussian();
      }
      ClassificationMetrics metrics = ClassificationMetrics.compute(actual, probabilities, returns, 3);
      for (int k = 0; k < 3; k++) {
        assertThat(metrics.rocAuc()[k]).as("trial %s class %s", trial, k)
            .isCloseTo(bruteForceAuc(actual, probabilities, k), within(1e-12));
      }
    }
  }

  @Test
  void shouldComputeTheInformationCoefficientAsSpearmanOfUpMinusDownAgainstReturns() {
    SplittableRandom random = new SplittableRandom(12);
    int n = 400;
    int[] actual = new int[n];
    double[][] probabilities = new double[n][];
    double[] returns = new double[n];
    double[] score = new double[n];
    for (int i = 0; i < n; i++) {
      probabilities[i] = coarseProbabilities(random);
      score[i] = probabilities[i][2] - probabilities[i][0];
      returns[i] = i % 7 == 0 ? NAN : 0.05 * score[i] + 0.01 * random.nextGaussian();
      actual[i] = returns[i] > 0 ? 2 : 0;
    }
    ClassificationMetrics metrics = ClassificationMetrics.compute(actual, probabilities, returns, 3);

    double[] keptScore = new double[n - (n + 6) / 7];
    double[] keptReturn = new double[keptScore.length];
    int next = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(returns[i])) {
        keptScore[next] = score[i];
        keptReturn[next++] = returns[i];
      }
    }
    double independent = pearson(
        SpearmanCorrelationTest.bruteForceRanks(keptScore), SpearmanCorrelationTest.bruteForceRanks(keptReturn));
    assertThat(metrics.informationCoefficientSamples()).isEqualTo(keptScore.length);
    assertThat(metrics.informationCoefficient()).isCloseTo(independent, within(1e-12)).isGreaterThan(0.3);
  }

  @Test
  void shouldScoreAPerfectClassifierOneEverywhere() {
    int[] actual = {0, 1, 2, 0, 2, 1, 2};
    double[][] probabilities = new double[actual.length][];
    for (int i = 0; i < actual.length; i++) {
      probabilities[i] = new double[] {0.05, 0.05, 0.05};
      probabilities[i][actual[i]] = 0.9;
    }
    ClassificationMetrics metrics = ClassificationMetrics.compute(actual, probabilities, new double[7], 3);

    assertThat(metrics.accuracy()).isEqualTo(1.0);
    assertThat(metrics.balancedAccuracy()).isEqualTo(1.0);
    assertThat(metrics.rocAuc()).containsExactly(1.0, 1.0, 1.0);
    assertThat(metrics.macroRocAuc()).isEqualTo(1.0);
    assertThat(metrics.logLoss()).isCloseTo(-Math.log(0.9), within(1e-12));
  }

  @Test
  void shouldScoreAnInvertedClassifierZero() {
    int[] actual = {0, 2, 0, 2, 2, 0};
    double[][] probabilities = new double[actual.length][];
    double[] returns = new double[actual.length];
    for (int i = 0; i < actual.length; i++) {
      double wrong = 0.6 + 0.05 * i; // confident, and more so down the list: no ties
      probabilities[i] = actual[i] == 0 ? new double[] {1 - wrong, 0, wrong} : new double[] {wrong, 0, 1 - wrong};
      returns[i] = actual[i] == 0 ? -0.01 * (i + 1) : 0.01 * (i + 1);
    }
    ClassificationMetrics metrics = ClassificationMetrics.compute(actual, probabilities, returns, 3);

    assertThat(metrics.accuracy()).isZero();
    assertThat(metrics.balancedAccuracy()).isZero();
    assertThat(metrics.rocAuc()[0]).isZero();
    assertThat(metrics.rocAuc()[2]).isZero();
    assertThat(metrics.macroRocAuc()).isZero();
    assertThat(metrics.informationCoefficient()).isNegative();
  }

  @Test
  void shouldSkipAClassMissingFromTheActualLabels() {
    // Dead zone 0: FLAT never occurs, though the model gives it some probability.
    int[] actual = {0, 2, 2, 0};
    double[][] probabilities = {{0.6, 0.1, 0.3}, {0.2, 0.1, 0.7}, {0.5, 0.2, 0.3}, {0.3, 0.6, 0.1}};
    ClassificationMetrics metrics = ClassificationMetrics.compute(actual, probabilities, new double[4], 3);

    assertThat(metrics.actualCounts()).containsExactly(2, 0, 2);
    assertThat(metrics.recall(1)).isNaN();
    // Recall DOWN 1/2 (sample 3 predicted FLAT), UP 1/2: averaged over the two present classes only.
    assertThat(metrics.balancedAccuracy()).isEqualTo(0.5);
    assertThat(metrics.rocAuc()[1]).isNaN();
    assertThat(metrics.macroRocAuc()).isEqualTo((metrics.rocAuc()[0] + metrics.rocAuc()[2]) / 2);
    assertThat(metrics.rocAuc()[0]).isEqualTo(0.75); // .6 .3 against .2 .5: 2 + 1 of 4
    // UP: .7 and .3 against .3 and .1: 2 + 1.5 of 4 pairs.
    assertThat(metrics.toMap().get("rocAuc")).isEqualTo(Arrays.asList(0.75, null, 0.875));
  }

  @Test
  void shouldBreakArgmaxTiesTowardTheLowerClass() {
    assertThat(ClassificationMetrics.argmax(new double[] {0.25, 0.5, 0.25})).isEqualTo(1);
    assertThat(ClassificationMetrics.argmax(new double[] {0.4, 0.2, 0.4})).isZero();
    assertThat(ClassificationMetrics.argmax(new double[] {0.2, 0.4, 0.4})).isEqualTo(1);
  }

  @Test
  void shouldClipAndRenormaliseBeforeTakingTheLog() {
    // P(actual) = 0: clipped to 1e-15; the row becomes {1e-15, 1 - 1e-15, 1e-15} summing to 1 + 1e-15.
    ClassificationMetrics metrics = ClassificationMetrics.compute(
        new int[] {0, 1}, new double[][] {{0.0, 1.0, 0.0}, {0.25, 0.5, 0.25}}, new double[2], 3);
    double clipped = -Math.log(1e-15 / (1e-15 + (1 - 1e-15) + 1e-15));
    assertThat(metrics.logLoss()).isCloseTo((clipped - Math.log(0.5)) / 2, within(1e-9));
    assertThat(metrics.logLoss()).isCloseTo((34.538776394910684 + 0.6931471805599453) / 2, within(1e-6));
  }

  @Test
  void shouldReturnIdenticalBitsForTheSameInput() {
    ClassificationMetrics first = ClassificationMetrics.compute(ACTUAL, PROBABILITIES, RETURNS, 3);
    ClassificationMetrics second = ClassificationMetrics.compute(
        ACTUAL.clone(), deepCopy(PROBABILITIES), RETURNS.clone(), 3);
    assertThat(second).isEqualTo(first);
    assertThat(Double.doubleToRawLongBits(second.logLoss())).isEqualTo(Double.doubleToRawLongBits(first.logLoss()));
    assertThat(second.toMap()).isEqualTo(first.toMap());
  }

  @Test
  void shouldGiveAJsonReadyMapWithTheDefinitions() {
    Map<String, Object> map = ClassificationMetrics.compute(ACTUAL, PROBABILITIES, RETURNS, 3).toMap();
    assertThat(map).containsKeys("n", "accuracy", "balancedAccuracy", "logLoss", "macroRocAuc", "rocAuc",
        "informationCoefficient", "informationCoefficientSamples", "actualCounts", "confusionMatrix");
    assertThat(map.get("confusionMatrix"))
        .isEqualTo(List.of(List.of(1L, 0L, 1L), List.of(0L, 1L, 0L), List.of(1L, 0L, 2L)));
    assertThat((String) map.get("definitions")).contains("ties to the lower class index", "1e-15", "NaN return");
  }

  @Test
  void shouldNameTheRowThatDoesNotSumToOne() {
    double[][] probabilities = deepCopy(PROBABILITIES);
    probabilities[3] = new double[] {0.1, 0.2, 0.6};
    assertThatThrownBy(() -> ClassificationMetrics.compute(ACTUAL, probabilities, RETURNS, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 3")
        .hasMessageContaining("sums to");
  }

  @Test
  void shouldAcceptRowsOffByLessThanTheTolerance() {
    double[][] probabilities = deepCopy(PROBABILITIES);
    probabilities[0] = new double[] {0.7, 0.2, 0.1 + 5e-7};
    assertThat(ClassificationMetrics.compute(ACTUAL, probabilities, RETURNS, 3).n()).isEqualTo(6);
  }

  @Test
  void shouldRejectNegativeNonFiniteOrShortRows() {
    double[][] negative = deepCopy(PROBABILITIES);
    negative[2] = new double[] {-0.1, 0.6, 0.5};
    assertThatThrownBy(() -> ClassificationMetrics.compute(ACTUAL, negative, RETURNS, 3))
        .hasMessageContaining("row 2").hasMessageContaining("P(0) = -0.1");
    double[][] nan = deepCopy(PROBABILITIES);
    nan[5] = new double[] {NAN, 0.5, 0.5};
    assertThatThrownBy(() -> ClassificationMetrics.compute(ACTUAL, nan, RETURNS, 3))
        .hasMessageContaining("row 5").hasMessageContaining("NaN");
    double[][] shortRow = deepCopy(PROBABILITIES);
    shortRow[1] = new double[] {0.5, 0.5};
    assertThatThrownBy(() -> ClassificationMetrics.compute(ACTUAL, shortRow, RETURNS, 3))
        .hasMessageContaining("row 1 must have 3 values");
  }

  @Test
  void shouldRejectBadLabelsLengthsAndReturns() {
    assertThatThrownBy(() -> ClassificationMetrics.compute(new int[] {0, 3, 1, 1, 1, 1}, PROBABILITIES, RETURNS, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actual[1] = 3");
    assertThatThrownBy(() -> ClassificationMetrics.compute(ACTUAL, PROBABILITIES, new double[5], 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 forward returns");
    double[] infinite = RETURNS.clone();
    infinite[4] = Double.POSITIVE_INFINITY;
    assertThatThrownBy(() -> ClassificationMetrics.compute(ACTUAL, PROBABILITIES, infinite, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forwardReturns[4]");
    assertThatThrownBy(() -> ClassificationMetrics.compute(new int[0], new double[0][], new double[0], 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no samples");
  }

  @Test
  void shouldRejectInconsistentCountsInTheCanonicalConstructor() {
    ClassificationMetrics good = ClassificationMetrics.compute(ACTUAL, PROBABILITIES, RETURNS, 3);
    long[][] confusion = good.confusionMatrix();
    confusion[0][0]++;
    assertThatThrownBy(() -> new ClassificationMetrics(good.n(), 3, good.actualCounts(), good.predictedCounts(),
        confusion, good.accuracy(), good.balancedAccuracy(), good.logLoss(), good.rocAuc(), good.macroRocAuc(),
        good.informationCoefficient(), good.informationCoefficientSamples()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("confusion row 0");
  }

  @Test
  void shouldNotExposeItsArrays() {
    ClassificationMetrics metrics = ClassificationMetrics.compute(ACTUAL, PROBABILITIES, RETURNS, 3);
    metrics.confusionMatrix()[0][0] = 99;
    metrics.rocAuc()[0] = 99;
    assertThat(metrics.confusionMatrix()[0][0]).isEqualTo(1);
    assertThat(metrics.rocAuc()[0]).isEqualTo(7.0 / 8);
  }

  /** Probabilities a_k / sum(a), a_k in 1..5: a coarse grid, so scores tie within and across rows. */
  static double[] coarseProbabilities(SplittableRandom random) {
    int[] a = {1 + random.nextInt(5), 1 + random.nextInt(5), 1 + random.nextInt(5)};
    double sum = a[0] + a[1] + a[2];
    return new double[] {a[0] / sum, a[1] / sum, a[2] / sum};
  }

  /** P(score of a random positive > a random negative), ties 1/2, by counting every pair. */
  private static double bruteForceAuc(int[] actual, double[][] probabilities, int k) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] != k) {
        continue;
      }
      for (int j = 0; j < actual.length; j++) {
        if (actual[j] == k) {
          continue;
        }
        pairs++;
        double positive = probabilities[i][k];
        double negative = probabilities[j][k];
        wins += positive > negative ? 1.0 : positive == negative ? 0.5 : 0.0;
      }
    }
    return wins / pairs;
  }

  private static double pearson(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElseThrow();
    double my = Arrays.stream(y).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  private static double[][] deepCopy(double[][] rows) {
    double[][] copy = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = rows[i].clone();
    }
    return copy;
  }
}
