package com.tradingml.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogisticRegressionBaselineTest {

  @Test
  void shouldSeparateALinearlySeparableThreeClassProblem() {
    // Labels are the argmax of three linear scores at 120 degrees; features arrive unstandardized.
    SplittableRandom random = new SplittableRandom(21);
    double[][] train = new double[3000][];
    int[] trainY = new int[train.length];
    fillSeparable(random, train, trainY);
    double[][] test = new double[2000][];
    int[] testY = new int[test.length];
    fillSeparable(random, test, testY);

    Standardizer standardizer = Standardizer.fit(train);
    LogisticRegressionBaseline model =
        LogisticRegressionBaseline.fit(standardizer.transformAll(train), trainY, 3, 1e-4);
    ClassificationMetrics metrics = ClassificationMetrics.compute(
        testY, model.predictAll(standardizer.transformAll(test)), new double[test.length], 3);

    assertThat(metrics.accuracy()).isGreaterThan(0.95);
    assertThat(metrics.macroRocAuc()).isGreaterThan(0.99);
  }

  @Test
  void shouldRecoverTheCoefficientsOfAKnownTwoClassLogisticModel() {
    // P(y = 1 | x) = sigmoid(0.5 + 1.5 x1 - 2 x2), x ~ N(0, I), 20k samples.
    double[] truth = {0.5, 1.5, -2.0};
    SplittableRandom random = new SplittableRandom(2024);
    int n = 20_000;
    double[][] x = new double[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = random.nextGaussian();
      x[i][1] = random.nextGaussian();
      double p = 1.0 / (1.0 + Math.exp(-(truth[0] + truth[1] * x[i][0] + truth[2] * x[i][1])));
      y[i] = random.nextDouble() < p ? 1 : 0;
    }

    LogisticRegressionBaseline model = LogisticRegressionBaseline.fit(x, y, 2, 0.0);
    // Softmax over two classes: the logit of class 1 against class 0 is the difference of their parameters.
    double[] fitted = {
        model.intercepts()[1] - model.intercepts()[0],
        model.weights()[1][0] - model.weights()[0][0],
        model.weights()[1][1] - model.weights()[0][1]};

    assertThat(model.converged()).isTrue();
    // Sampling error: standard errors are about 0.02 to 0.04 here.
    assertThat(fitted).containsExactly(truth, within(0.12));
    // The same maximum-likelihood estimate by an independent method: Newton-Raphson on the binary model.
    assertThat(fitted).containsExactly(binaryNewtonEstimate(x, y), within(1e-5));
  }

  @Test
  void shouldGiveAClassAbsentFromTrainingNearZeroProbabilityForAnyInputWithoutNaN() {
    // Dead zone 0: FLAT (1) never occurs.
    SplittableRandom random = new SplittableRandom(4);
    double[][] x = new double[500][2];
    int[] y = new int[500];
    for (int i = 0; i < 500; i++) {
      x[i][0] = random.nextGaussian();
      x[i][1] = random.nextGaussian();
      y[i] = x[i][0] + 0.3 * random.nextGaussian() > 0 ? 2 : 0;
    }
    for (double l2 : new double[] {0.0, 1e-3}) {
      LogisticRegressionBaseline model = LogisticRegressionBaseline.fit(x, y, 3, l2);

      assertThat(model.weights()[1]).containsOnly(0.0);
      assertThat(model.intercepts()[1]).isEqualTo(LogisticRegressionBaseline.ABSENT_CLASS_INTERCEPT);
      for (double[] input : new double[][] {{0, 0}, {1e3, 0}, {-1e3, 0}, {0, 1e6}, {-1e6, -1e6}}) {
        double[] p = model.predictProbabilities(input);
        assertThat(p).doesNotContain(Double.NaN);
        assertThat(p[1]).as("P(FLAT) at %s, l2 %s", input[0], l2).isLessThan(1e-21);
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-12));
      }
    }
  }

  @Test
  void shouldLearnExactlyTheClassFrequenciesWithoutFeatures() {
    // Intercepts only, l2 = 0: the maximum-likelihood softmax is the training class balance.
    int[] y = {0, 0, 0, 0, 0, 0, 2, 2, 2, 1};
    double[][] x = new double[y.length][0];

    double[] p = LogisticRegressionBaseline.fit(x, y, 3, 0.0).predictProbabilities(new double[0]);
    assertThat(p).containsExactly(new double[] {0.6, 0.1, 0.3}, within(1e-7));

    double[] balanced = LogisticRegressionBaseline.balancedClassWeights(y, 3);
    assertThat(balanced).containsExactly(new double[] {10.0 / 18, 10.0 / 3, 10.0 / 9}, within(1e-15));
    double[] weighted =
        LogisticRegressionBaseline.fit(x, y, 3, 0.0, balanced).predictProbabilities(new double[0]);
    assertThat(weighted).containsExactly(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, within(1e-7));
  }

  @Test
  void shouldFitIdenticalBitsTwice() {
    SplittableRandom random = new SplittableRandom(8);
    double[][] x = new double[2000][3];
    int[] y = new int[2000];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < 3; j++) {
        x[i][j] = random.nextGaussian();
      }
      y[i] = random.nextInt(3);
    }
    LogisticRegressionBaseline first = LogisticRegressionBaseline.fit(x, y, 3, 1e-3);
    LogisticRegressionBaseline second = LogisticRegressionBaseline.fit(copy(x), y.clone(), 3, 1e-3);

    assertThat(second).isEqualTo(first); // doubles compared by their bits
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < 3; j++) {
        assertThat(Double.doubleToRawLongBits(second.weights()[k][j]))
            .isEqualTo(Double.doubleToRawLongBits(first.weights()[k][j]));
      }
    }
    assertThat(second.predictProbabilities(x[7])).containsExactly(first.predictProbabilities(x[7]));
  }

  @Test
  void shouldShrinkWeightsAsL2Grows() {
    SplittableRandom random = new SplittableRandom(15);
    double[][] x = new double[1000][1];
    int[] y = new int[1000];
    for (int i = 0; i < x.length; i++) {
      x[i][0] = random.nextGaussian();
      y[i] = x[i][0] + random.nextGaussian() > 0 ? 1 : 0;
    }
    double weak = Math.abs(LogisticRegressionBaseline.fit(x, y, 2, 1e-4).weights()[1][0]);
    double strong = Math.abs(LogisticRegressionBaseline.fit(x, y, 2, 1.0).weights()[1][0]);
    assertThat(strong).isLessThan(weak / 2).isPositive();
  }

  @Test
  void shouldStaySoftmaxStableForHugeLogits() {
    LogisticRegressionBaseline model = new LogisticRegressionBaseline(
        new double[][] {{-1}, {0}, {1}}, new double[] {0, 0, 0}, 0, 0, true, 0);
    assertThat(model.predictProbabilities(new double[] {1e308})).containsExactly(0.0, 0.0, 1.0);
    assertThat(model.predictProbabilities(new double[] {-800})).containsExactly(1.0, 0.0, 0.0);
    assertThat(model.predictProbabilities(new double[] {Math.log(2)}))
        .containsExactly(new double[] {1.0 / 7, 2.0 / 7, 4.0 / 7}, within(1e-15));
  }

  @Test
  void shouldRejectBadInputsNamingTheRowAndColumn() {
    double[][] x = {{0, 1}, {1, Double.NaN}};
    assertThatThrownBy(() -> LogisticRegressionBaseline.fit(x, new int[] {0, 1}, 2, 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 1, column 1 is NaN");
    assertThatThrownBy(() -> LogisticRegressionBaseline.fit(new double[][] {{0}, {1}}, new int[] {0, 3}, 3, 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("y[1] = 3");
    assertThatThrownBy(() -> LogisticRegressionBaseline.fit(new double[][] {{0}, {1}}, new int[] {0, 1}, 2, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("l2");
    assertThatThrownBy(() -> LogisticRegressionBaseline.fit(new double[][] {{0}}, new int[] {0}, 2, 0.0,
        new double[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weight 0");
  }

  private static void fillSeparable(SplittableRandom random, double[][] rows, int[] labels) {
    double[][] directions = {{-1, 0}, {0.5, Math.sqrt(3) / 2}, {0.5, -Math.sqrt(3) / 2}};
    for (int i = 0; i < rows.length; i++) {
      double a = 3 + 2 * random.nextDouble() * 3; // raw scale and offset unlike the standardized one
      double b = -50 + 10 * (random.nextDouble() * 2 - 1);
      rows[i] = new double[] {a, b};
      double u = (a - 6) / 3;
      double v = (b + 50) / 10;
      int best = 0;
      for (int k = 1; k < 3; k++) {
        if (directions[k][0] * u + directions[k][1] * v > directions[best][0] * u + directions[best][1] * v) {
          best = k;
        }
      }
      labels[i] = best;
    }
  }

  /** Maximum likelihood of P(y=1) = sigmoid(b0 + b1 x1 + b2 x2) by Newton-Raphson (IRLS), 3x3 solves. */
  private static double[] binaryNewtonEstimate(double[][] x, int[] y) {
    double[] beta = new double[3];
    for (int iteration = 0; iteration < 50; iteration++) {
      double[] gradient = new double[3];
      double[][] hessian = new double[3][3];
      for (int i = 0; i < x.length; i++) {
        double[] features = {1, x[i][0], x[i][1]};
        double z = beta[0] + beta[1] * features[1] + beta[2] * features[2];
        double p = 1.0 / (1.0 + Math.exp(-z));
        for (int a = 0; a < 3; a++) {
          gradient[a] += (y[i] - p) * features[a];
          for (int b = 0; b < 3; b++) {
            hessian[a][b] += p * (1 - p) * features[a] * features[b];
          }
        }
      }
      double[] step = solve(hessian, gradient);
      for (int a = 0; a < 3; a++) {
        beta[a] += step[a];
      }
    }
    return beta;
  }

  /** Gaussian elimination with partial pivoting. */
  private static double[] solve(double[][] matrix, double[] rhs) {
    int n = rhs.length;
    double[][] a = copy(matrix);
    double[] b = rhs.clone();
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
          pivot = row;
        }
      }
      double[] swapRow = a[col];
      a[col] = a[pivot];
      a[pivot] = swapRow;
      double swap = b[col];
      b[col] = b[pivot];
      b[pivot] = swap;
      for (int row = col + 1; row < n; row++) {
        double factor = a[row][col] / a[col][col];
        for (int k = col; k < n; k++) {
          a[row][k] -= factor * a[col][k];
        }
        b[row] -= factor * b[col];
      }
    }
    double[] solution = new double[n];
    for (int row = n - 1; row >= 0; row--) {
      double sum = b[row];
      for (int k = row + 1; k < n; k++) {
        sum -= a[row][k] * solution[k];
      }
      solution[row] = sum / a[row][row];
    }
    return solution;
  }

  private static double[][] copy(double[][] rows) {
    double[][] copy = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = rows[i].clone();
    }
    return copy;
  }
}
