package com.tradingml.model.runtime;

import java.util.Arrays;

/**
 * Input standardization, per input column in input order: {@code z = (x - mean) / std}. Fitted by the
 * trainer on the training split only (never on validation or test rows), shipped in
 * {@code normalizer.json} and applied by every {@link Predictor}, so that training, backtests and serving
 * standardize alike.
 *
 * <p>Immutable and thread-safe: the arrays are copied in and out. {@link #transform} allocates nothing.
 * (The core evaluation package's standardizer computes the same thing; this record is the runtime's
 * own so that the package format does not depend on that API.)
 *
 * @param mean finite, one per input column
 * @param std finite and > 0, one per input column (a constant column in training gets 1, not 0)
 */
public record InputNormalizer(double[] mean, double[] std) {

  public InputNormalizer {
    if (mean == null || std == null) {
      throw new IllegalArgumentException("normalizer mean and std must not be null");
    }
    if (mean.length != std.length) {
      throw new IllegalArgumentException(
          "normalizer has " + mean.length + " means but " + std.length + " standard deviations");
    }
    if (mean.length == 0) {
      throw new IllegalArgumentException("normalizer needs at least one column");
    }
    mean = mean.clone();
    std = std.clone();
    for (int i = 0; i < mean.length; i++) {
      if (!Double.isFinite(mean[i])) {
        throw new IllegalArgumentException("normalizer mean of column " + i + " must be finite, got " + mean[i]);
      }
      if (!(std[i] > 0) || !Double.isFinite(std[i])) {
        throw new IllegalArgumentException(
            "normalizer standard deviation of column " + i + " must be finite and > 0, got " + std[i]);
      }
    }
  }

  public static InputNormalizer of(double[] mean, double[] std) {
    return new InputNormalizer(mean, std);
  }

  /** Mean 0 and standard deviation 1 for {@code columns} columns: inputs pass unchanged. */
  public static InputNormalizer identity(int columns) {
    double[] ones = new double[columns];
    Arrays.fill(ones, 1.0);
    return new InputNormalizer(new double[columns], ones);
  }

  /** Number of input columns. */
  public int size() {
    return mean.length;
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  /** {@code out[i] = (in[i] - mean[i]) / std[i]} for every column; {@code out} may be {@code in}. */
  public void transform(double[] in, double[] out) {
    int n = mean.length;
    if (in.length != n) {
      throw new IllegalArgumentException("expected " + n + " inputs, got " + in.length);
    }
    for (int i = 0; i < n; i++) {
      out[i] = (in[i] - mean[i]) / std[i];
    }
  }

  /** As {@link #transform(double[], double[])} for the row at {@code inOffset}, into {@code out[outOffset...]}. */
  void transform(double[] in, int inOffset, double[] out, int outOffset) {
    int n = mean.length;
    for (int i = 0; i < n; i++) {
      out[outOffset + i] = (in[inOffset + i] - mean[i]) / std[i];
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InputNormalizer that && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "InputNormalizer[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
