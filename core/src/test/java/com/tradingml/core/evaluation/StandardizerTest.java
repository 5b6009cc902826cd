package com.tradingml.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StandardizerTest {

  @Test
  void shouldFitPopulationMeanAndStandardDeviation() {
    // Column 0: 2 4 4 4 5 5 7 9 -> mean 5, population variance 4 (sample variance would be 32/7).
    double[][] rows = {{2, 1}, {4, 1}, {4, 1}, {4, 1}, {5, 1}, {5, 1}, {7, 1}, {9, 1}};
    Standardizer standardizer = Standardizer.fit(rows);

    assertThat(standardizer.mean()).containsExactly(5.0, 1.0);
    assertThat(standardizer.std()).containsExactly(2.0, 1.0);
    assertThat(standardizer.transform(new double[] {9, 1})).containsExactly(2.0, 0.0);
  }

  @Test
  void shouldGiveEveryNonConstantTrainingColumnMeanZeroAndStandardDeviationOne() {
    double[][] rows = randomRows(new SplittableRandom(3), 1000, 4);
    Standardizer standardizer = Standardizer.fit(rows);
    double[][] z = standardizer.transformAll(rows);
    for (int j = 0; j < 4; j++) {
      double sum = 0;
      double squares = 0;
      for (double[] row : z) {
        sum += row[j];
        squares += row[j] * row[j];
      }
      assertThat(sum / rows.length).as("mean of column %s", j).isCloseTo(0.0, within(1e-12));
      assertThat(squares / rows.length).as("variance of column %s", j).isCloseTo(1.0, within(1e-12));
    }
  }

  @Test
  void shouldScaleAConstantColumnByOneAndMapItToExactlyZero() {
    double[][] rows = {{0.1, 3}, {0.1, 4}, {0.1, 5}};
    Standardizer standardizer = Standardizer.fit(rows);
    assertThat(standardizer.std()[0]).isEqualTo(1.0);
    assertThat(standardizer.mean()[0]).isEqualTo(0.1);
    assertThat(standardizer.transform(rows[1])[0]).isZero();
    assertThat(standardizer.transform(new double[] {1.1, 4})[0]).isCloseTo(1.0, within(1e-15));
  }

  @Test
  void shouldRoundTripThroughTheInverse() {
    SplittableRandom random = new SplittableRandom(5);
    Standardizer standardizer = Standardizer.fit(randomRows(random, 200, 6));
    for (double[] row : randomRows(random, 50, 6)) {
      double[] z = standardizer.transform(row);
      double[] back = new double[6];
      standardizer.inverseTransform(z, back);
      assertThat(back).containsExactly(row, within(1e-9));
    }
  }

  @Test
  void shouldTransformIdenticallyWhenRebuiltFromItsSerializedArrays() {
    SplittableRandom random = new SplittableRandom(9);
    Standardizer fitted = Standardizer.fit(randomRows(random, 300, 3));
    @SuppressWarnings("unchecked")
    List<Double> mean = (List<Double>) fitted.toMap().get("mean");
    @SuppressWarnings("unchecked")
    List<Double> std = (List<Double>) fitted.toMap().get("std");
    Standardizer rebuilt = Standardizer.of(
        mean.stream().mapToDouble(Double::doubleValue).toArray(),
        std.stream().mapToDouble(Double::doubleValue).toArray());

    assertThat(rebuilt).isEqualTo(fitted);
    double[] row = {1.5, -20, 7};
    assertThat(rebuilt.transform(row)).containsExactly(fitted.transform(row));
  }

  @Test
  void shouldTransformInPlace() {
    Standardizer standardizer = Standardizer.of(new double[] {1, 2}, new double[] {2, 4});
    double[] row = {3, 10};
    standardizer.transform(row, row);
    assertThat(row).containsExactly(1.0, 2.0);
  }

  @Test
  void shouldRejectNaNNamingRowAndColumn() {
    double[][] rows = {{1, 2}, {3, 4}, {5, Double.NaN}};
    assertThatThrownBy(() -> Standardizer.fit(rows))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 2, column 1 is NaN");
  }

  @Test
  void shouldRejectRaggedRowsAndBadState() {
    assertThatThrownBy(() -> Standardizer.fit(new double[][] {{1, 2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 1 has 1 values, expected 2");
    assertThatThrownBy(() -> Standardizer.of(new double[] {0}, new double[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("std[0]");
    Standardizer standardizer = Standardizer.of(new double[] {0, 0}, new double[] {1, 1});
    assertThatThrownBy(() -> standardizer.transform(new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in must have 2 values");
  }

  @Test
  void shouldNotBeChangedThroughItsArrays() {
    double[] mean = {1, 2};
    Standardizer standardizer = Standardizer.of(mean, new double[] {1, 1});
    mean[0] = 100;
    standardizer.mean()[1] = 100;
    assertThat(standardizer.mean()).containsExactly(1.0, 2.0);
  }

  private static double[][] randomRows(SplittableRandom random, int n, int columns) {
    double[][] rows = new double[n][columns];
    for (double[] row : rows) {
      for (int j = 0; j < columns; j++) {
        row[j] = 100.0 * j + (j + 1) * random.nextGaussian(); // offsets and scales differ by column
      }
    }
    return rows;
  }
}
