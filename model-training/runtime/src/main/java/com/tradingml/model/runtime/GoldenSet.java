package com.tradingml.model.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * {@code golden.json}: a few rows of raw inputs with the class probabilities the model gave them when it
 * was packaged (computed by DL4J). Whoever loads the model checks that it reproduces them within
 * {@link #TOLERANCE}: a wrong parameter layout, a different library version or a tampered file shows up
 * as a refused model, not as quietly different predictions.
 *
 * <p>Immutable and thread-safe.
 */
public record GoldenSet(List<GoldenSet.Row> rows) {

  /** Largest accepted absolute difference per probability. */
  public static final double TOLERANCE = 1e-6;
  /** Most rows a golden set holds: a check, not a test set. */
  public static final int MAX_ROWS = 1_000;

  /**
   * One row: raw inputs (finite) and the expected probabilities (finite).
   */
  public record Row(double[] inputs, double[] probabilities) {
    public Row {
      if (inputs == null || probabilities == null || inputs.length == 0 || probabilities.length == 0) {
        throw new IllegalArgumentException("a golden row needs inputs and probabilities");
      }
      inputs = inputs.clone();
      probabilities = probabilities.clone();
      for (double value : inputs) {
        if (!Double.isFinite(value)) {
          throw new IllegalArgumentException("golden inputs must be finite, got " + Arrays.toString(inputs));
        }
      }
      for (double value : probabilities) {
        if (!Double.isFinite(value)) {
          throw new IllegalArgumentException("golden probabilities must be finite, got " + Arrays.toString(probabilities));
        }
      }
    }

    @Override
    public double[] inputs() {
      return inputs.clone();
    }

    @Override
    public double[] probabilities() {
      return probabilities.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Row that && Arrays.equals(inputs, that.inputs)
          && Arrays.equals(probabilities, that.probabilities);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(inputs) + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
      return "Row[inputs=" + Arrays.toString(inputs) + ", probabilities=" + Arrays.toString(probabilities) + "]";
    }
  }

  public GoldenSet {
    if (rows == null || rows.isEmpty() || rows.size() > MAX_ROWS) {
      throw new IllegalArgumentException("a golden set holds 1 to " + MAX_ROWS + " rows, got "
          + (rows == null ? null : rows.size()));
    }
    rows = List.copyOf(rows);
    int inputs = rows.get(0).inputs.length;
    int classes = rows.get(0).probabilities.length;
    for (Row row : rows) {
      if (row.inputs.length != inputs || row.probabilities.length != classes) {
        throw new IllegalArgumentException("golden rows must all have " + inputs + " inputs and " + classes
            + " probabilities");
      }
    }
  }

  /** The golden set of {@code inputs} as {@code reference} predicts them. */
  public static GoldenSet compute(Predictor reference, double[][] inputs) {
    if (inputs == null || inputs.length == 0) {
      throw new IllegalArgumentException("golden inputs: at least one row is needed");
    }
    Row[] rows = new Row[inputs.length];
    for (int r = 0; r < inputs.length; r++) {
      double[] probabilities = new double[reference.classes()];
      reference.predict(inputs[r], probabilities);
      rows[r] = new Row(inputs[r], probabilities);
    }
    return new GoldenSet(List.of(rows));
  }

  public int inputSize() {
    return rows.get(0).inputs.length;
  }

  public int classes() {
    return rows.get(0).probabilities.length;
  }

  /**
   * Throws a {@link ModelPackageException} about {@code golden.json} naming the row, the class, both values
   * and the engine, unless {@code predictor} reproduces every row within {@link #TOLERANCE}.
   */
  public void check(Predictor predictor, String engine) {
    if (predictor.inputSize() != inputSize() || predictor.classes() != classes()) {
      throw new ModelPackageException(ModelPackage.GOLDEN, "golden rows have " + inputSize() + " inputs and "
          + classes() + " classes but the " + engine + " model has " + predictor.inputSize() + " and " + predictor.classes());
    }
    double[] actual = new double[classes()];
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      predictor.predict(row.inputs, actual);
      for (int c = 0; c < actual.length; c++) {
        double difference = Math.abs(actual[c] - row.probabilities[c]);
        if (!(difference <= TOLERANCE)) {
          throw new ModelPackageException(ModelPackage.GOLDEN, "the loaded model does not reproduce its golden"
              + " outputs: row " + r + ", class " + c + ": expected " + row.probabilities[c] + ", " + engine + " gave "
              + actual[c] + " (difference " + difference + " > " + TOLERANCE + "); refusing the model");
        }
      }
    }
  }
}
