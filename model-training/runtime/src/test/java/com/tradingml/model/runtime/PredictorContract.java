package com.tradingml.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Predictor} promises (shared/STYLE.md habit 8): each implementation's test subclasses
 * this with the default package's model.
 */
abstract class PredictorContract {

  /** The implementation under test, for {@code model}. */
  abstract Predictor predictor(ModelPackage model);

  ModelPackage model;
  Predictor predictor;

  @BeforeEach
  void setUp() {
    model = PackageFixture.get();
    predictor = predictor(model);
  }

  @Test
  void shouldReportTheModelsShape() {
    assertThat(predictor.inputSize()).isEqualTo(model.features().inputColumns().size());
    assertThat(predictor.classes()).isEqualTo(model.label().classes().size());
  }

  @Test
  void shouldReproduceTheGoldenRows() {
    model.golden().check(predictor, predictor.getClass().getSimpleName());
  }

  @Test
  void shouldGiveProbabilities() {
    double[] out = new double[predictor.classes()];
    for (double[] row : TestModels.inputs(21, 200, predictor.inputSize())) {
      predictor.predict(row, out);
      assertThat(Arrays.stream(out).allMatch(p -> p >= 0 && p <= 1)).as(Arrays.toString(out)).isTrue();
      assertThat(Arrays.stream(out).sum()).isCloseTo(1.0, within(1e-12));
    }
  }

  @Test
  void shouldApplyTheNormalizerToRawInputs() {
    double[] raw = TestModels.inputs(22, 1, predictor.inputSize())[0];
    double[] viaPredictor = new double[predictor.classes()];
    predictor.predict(raw, viaPredictor);

    Predictor unnormalized = FastMlpPredictor.of(model.configuration(), model.params(),
        InputNormalizer.identity(predictor.inputSize()));
    double[] z = new double[raw.length];
    model.normalizer().transform(raw, z);
    double[] direct = new double[predictor.classes()];
    unnormalized.predict(z, direct);
    double[] rawDirect = new double[predictor.classes()];
    unnormalized.predict(raw, rawDirect);

    assertThat(TestModels.maxRelativeDifference(viaPredictor, direct)).isLessThan(1e-9);
    assertThat(TestModels.maxRelativeDifference(viaPredictor, rawDirect)).isGreaterThan(1e-6);
  }

  @Test
  void shouldGiveTheSameResultsSingleAndBatched() {
    int rows = 64;
    double[][] raw = TestModels.inputs(23, rows, predictor.inputSize());
    int classes = predictor.classes();
    double[] flatIn = new double[rows * predictor.inputSize()];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(raw[r], 0, flatIn, r * predictor.inputSize(), predictor.inputSize());
    }
    double[] flatOut = new double[rows * classes];
    predictor.predictBatch(flatIn, rows, flatOut);
    double[][] out2d = new double[rows][classes];
    predictor.predictBatch(raw, out2d);
    double[] single = new double[classes];
    for (int r = 0; r < rows; r++) {
      predictor.predict(raw[r], single);
      assertThat(TestModels.maxRelativeDifference(single, Arrays.copyOfRange(flatOut, r * classes, (r + 1) * classes)))
          .isLessThan(1e-12);
      assertThat(TestModels.maxRelativeDifference(single, out2d[r])).isLessThan(1e-12);
    }
    predictor.predictBatch(new double[0], 0, new double[0]);
  }

  @Test
  void shouldGiveNanForNonFiniteInputsWithoutThrowing() {
    double[] row = TestModels.inputs(24, 1, predictor.inputSize())[0];
    double[] out = new double[predictor.classes()];
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      row[3] = bad;
      predictor.predict(row, out);
      assertThat(out).as("input " + bad).containsOnly(Double.NaN);
    }
  }

  @Test
  void shouldRefuseWrongLengths() {
    double[] out = new double[predictor.classes()];
    assertThatThrownBy(() -> predictor.predict(new double[predictor.inputSize() + 1], out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> predictor.predict(new double[predictor.inputSize()], new double[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> predictor.predictBatch(new double[predictor.inputSize()], 2, new double[10]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> predictor.predictBatch(new double[2][predictor.inputSize()], new double[1][3]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldBeSafeForConcurrentCallers() throws Exception {
    double[][] raw = TestModels.inputs(25, 100, predictor.inputSize());
    double[][] expected = new double[raw.length][predictor.classes()];
    for (int r = 0; r < raw.length; r++) {
      predictor.predict(raw[r], expected[r]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        tasks.add(() -> {
          int mismatches = 0;
          double[] out = new double[predictor.classes()];
          for (int k = 0; k < 1_000; k++) {
            predictor.predict(raw[k % raw.length], out);
            mismatches += Arrays.equals(out, expected[k % raw.length]) ? 0 : 1;
          }
          return mismatches;
        });
      }
      for (Future<Integer> result : pool.invokeAll(tasks)) {
        assertThat(result.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
