package com.tradingml.model.runtime;

/**
 * Class probabilities from raw feature inputs: the inference port that backtesting and serving call.
 * Inputs are the feature values in {@link com.tradingml.core.features.FeatureSet#inputColumns()} order,
 * as computed (not standardized): the predictor applies the model's {@link InputNormalizer} itself, so
 * that no caller can forget it or apply another one.
 *
 * <p>A NaN or infinite input never throws: it gives NaN probabilities (both implementations propagate NaN;
 * the contract test checks it on the default shape). Callers on the trading path check their inputs first
 * anyway and fail closed (shared/RELIABILITY.md R8). Wrong array lengths are programming errors and throw
 * {@link IllegalArgumentException}.
 *
 * <p>Implementations are thread-safe.
 */
public interface Predictor {

  /** Number of inputs (feature columns) per row. */
  int inputSize();

  /** Number of classes, the length of one row of probabilities. */
  int classes();

  /**
   * Writes the class probabilities of one row of raw inputs into {@code probabilitiesOut}
   * ({@code inputs.length == inputSize()}, {@code probabilitiesOut.length >= classes()}).
   */
  void predict(double[] inputs, double[] probabilitiesOut);

  /**
   * Row by row into {@code out}: {@code out[r]} receives the probabilities of {@code inputs[r]}. The
   * default predicts each row on its own; implementations may batch.
   */
  default void predictBatch(double[][] inputs, double[][] out) {
    if (inputs.length != out.length) {
      throw new IllegalArgumentException("batch has " + inputs.length + " input rows but " + out.length + " output rows");
    }
    for (int r = 0; r < inputs.length; r++) {
      predict(inputs[r], out[r]);
    }
  }

  /**
   * Flat batch: {@code rows} rows of {@link #inputSize()} inputs, row-major in {@code inputs}; the
   * probabilities go row-major into {@code out} ({@code rows * classes()} values). Suited to reused
   * buffers (no per-row arrays).
   */
  void predictBatch(double[] inputs, int rows, double[] out);

  /** Checks the lengths of a flat batch; for implementations. */
  static void checkBatch(Predictor predictor, double[] inputs, int rows, double[] out) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + rows);
    }
    long needIn = (long) rows * predictor.inputSize();
    long needOut = (long) rows * predictor.classes();
    if (inputs.length < needIn) {
      throw new IllegalArgumentException(rows + " rows need " + needIn + " inputs, got " + inputs.length);
    }
    if (out.length < needOut) {
      throw new IllegalArgumentException(rows + " rows need " + needOut + " outputs, got " + out.length);
    }
  }
}
