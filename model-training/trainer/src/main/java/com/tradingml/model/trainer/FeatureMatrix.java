package com.tradingml.model.trainer;

import java.util.Arrays;
import java.util.List;

/**
 * Labelled feature rows in memory, columnar: what the trainer fits and evaluates on. Rows are sorted by
 * timestamp, then symbol, so a time split is a cut in row order. Each row knows its symbol and its bar
 * ordinal within the symbol, which purging and embargoes count in. Immutable after construction.
 *
 * @param columns the model input column names, in order
 * @param symbols symbol name per symbol id
 * @param symbolIds per row
 * @param barOrdinals per row: the row's bar index within its symbol's full series (warm-up rows included)
 * @param timestamps per row, epoch microseconds
 * @param inputs row-major, {@code rows x columns.size()}
 * @param forwardReturns per row: the label's forward log return
 * @param labels per row: the class (0 DOWN, 1 FLAT, 2 UP)
 */
public record FeatureMatrix(List<String> columns, List<String> symbols, int[] symbolIds, long[] barOrdinals,
    long[] timestamps, double[] inputs, double[] forwardReturns, int[] labels) {

  public FeatureMatrix {
    columns = List.copyOf(columns);
    symbols = List.copyOf(symbols);
    int rows = symbolIds.length;
    if (barOrdinals.length != rows || timestamps.length != rows || forwardReturns.length != rows || labels.length != rows
        || inputs.length != (long) rows * columns.size()) {
      throw new IllegalArgumentException("feature matrix arrays disagree on the row count " + rows);
    }
    for (int i = 1; i < rows; i++) {
      if (timestamps[i] < timestamps[i - 1]) {
        throw new IllegalArgumentException("feature rows must be sorted by timestamp; row " + i + " is earlier");
      }
    }
  }

  public int rows() {
    return labels.length;
  }

  public int width() {
    return columns.size();
  }

  /** Copies row {@code row}'s inputs into {@code out}. */
  public void row(int row, double[] out) {
    System.arraycopy(inputs, row * width(), out, 0, width());
  }

  public double[][] rows(int[] indices) {
    double[][] result = new double[indices.length][];
    for (int k = 0; k < indices.length; k++) {
      result[k] = Arrays.copyOfRange(inputs, indices[k] * width(), (indices[k] + 1) * width());
    }
    return result;
  }

  public int[] labels(int[] indices) {
    int[] result = new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      result[k] = labels[indices[k]];
    }
    return result;
  }

  public double[] forwardReturns(int[] indices) {
    double[] result = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      result[k] = forwardReturns[indices[k]];
    }
    return result;
  }
}
