package com.tradingml.core.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-column standardization {@code z = (x - mean) / std}, fitted on the training rows only and then applied
 * unchanged to validation, test and live rows, so that the model and its baselines see the same inputs.
 *
 * <p>{@code std} is the POPULATION standard deviation (divisor n), computed in two passes (mean first). A
 * constant column (every training value identical) gets {@code mean} = that value exactly and
 * {@code std} = 1, so it standardizes to exactly 0 rather than dividing by 0 or by rounding noise.
 *
 * <p>Immutable and thread-safe. The two arrays are its whole state (serialize them as they are; see
 * {@link #toMap()}), and the canonical constructor rebuilds it from them.
 *
 * @param mean per-column training mean, finite
 * @param std per-column divisor, finite and > 0 (1 for a constant column)
 */
public record Standardizer(double[] mean, double[] std) {

  public Standardizer {
    if (mean == null || std == null || mean.length != std.length) {
      throw new IllegalArgumentException("mean and std must be non-null and of equal length");
    }
    mean = mean.clone();
    std = std.clone();
    for (int j = 0; j < mean.length; j++) {
      if (!Double.isFinite(mean[j])) {
        throw new IllegalArgumentException("mean[" + j + "] must be finite, got " + mean[j]);
      }
      if (!Double.isFinite(std[j]) || !(std[j] > 0.0)) {
        throw new IllegalArgumentException("std[" + j + "] must be finite and > 0, got " + std[j]);
      }
    }
  }

  public static Standardizer of(double[] mean, double[] std) {
    return new Standardizer(mean, std);
  }

  /**
   * Fits the columns of {@code rows}.
   *
   * @param rows training rows, at least one, all of the same length, every value finite
   * @throws IllegalArgumentException naming the row and column of the first NaN or infinite value, or the
   *     first row of a different length
   */
  public static Standardizer fit(double[][] rows) {
    if (rows == null || rows.length == 0) {
      throw new IllegalArgumentException("no training rows to fit the standardizer on");
    }
    int columns = rows[0] == null ? 0 : rows[0].length;
    for (int i = 0; i < rows.length; i++) {
      double[] row = rows[i];
      if (row == null || row.length != columns) {
        throw new IllegalArgumentException("row " + i + " has " + (row == null ? "no" : row.length)
            + " values, expected " + columns);
      }
      for (int j = 0; j < columns; j++) {
        if (!Double.isFinite(row[j])) {
          throw new IllegalArgumentException("row " + i + ", column " + j + " is " + row[j]
              + ": the standardizer needs finite training values");
        }
      }
    }
    int n = rows.length;
    double[] mean = new double[columns];
    double[] std = new double[columns];
    for (int j = 0; j < columns; j++) {
      double first = rows[0][j];
      boolean constant = true;
      double sum = 0.0;
      for (double[] row : rows) {
        sum += row[j];
        constant &= row[j] == first;
      }
      if (constant) {
        mean[j] = first + 0.0;
        std[j] = 1.0;
        continue;
      }
      mean[j] = sum / n;
      double squares = 0.0;
      for (double[] row : rows) {
        double deviation = row[j] - mean[j];
        squares += deviation * deviation;
      }
      double deviation = StrictMath.sqrt(squares / n);
      std[j] = deviation > 0.0 ? deviation : 1.0;
    }
    return new Standardizer(mean, std);
  }

  /** Number of columns. */
  public int columns() {
    return mean.length;
  }

  /**
   * Writes {@code (in[j] - mean[j]) / std[j]} into {@code out}; allocation-free, and {@code out} may be
   * {@code in}. NaN inputs give NaN outputs (whether a row may be scored is the caller's decision).
   *
   * @throws IllegalArgumentException if an array is not {@link #columns()} long
   */
  public void transform(double[] in, double[] out) {
    requireLength(in, "in");
    requireLength(out, "out");
    for (int j = 0; j < mean.length; j++) {
      out[j] = (in[j] - mean[j]) / std[j];
    }
  }

  /** {@link #transform(double[], double[])} into a new array. */
  public double[] transform(double[] in) {
    double[] out = new double[mean.length];
    transform(in, out);
    return out;
  }

  /** Each row standardized, in new arrays. */
  public double[][] transformAll(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = transform(rows[i]);
    }
    return out;
  }

  /** The inverse, {@code in[j] * std[j] + mean[j]}; {@code out} may be {@code in}. */
  public void inverseTransform(double[] in, double[] out) {
    requireLength(in, "in");
    requireLength(out, "out");
    for (int j = 0; j < mean.length; j++) {
      out[j] = in[j] * std[j] + mean[j];
    }
  }

  /** The state as a JSON-ready map: {@code {"mean": [...], "std": [...]}}. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("mean", doubles(mean));
    map.put("std", doubles(std));
    return Collections.unmodifiableMap(map);
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Standardizer that && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Standardizer[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }

  private void requireLength(double[] values, String name) {
    if (values.length != mean.length) {
      throw new IllegalArgumentException(
          name + " must have " + mean.length + " values, got " + values.length);
    }
  }

  private static List<Double> doubles(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double value : values) {
      list.add(value);
    }
    return Collections.unmodifiableList(list);
  }
}
