package com.tradingml.backtest.report;

/**
 * A histogram of trade returns with zero on a bin edge, so every bin holds only wins or only losses.
 *
 * <p>Definition: for {@code k} target bins, the bin width is {@code (max - min) / k} rounded to the nearest
 * "nice" number (1, 2, 2.5 or 5 times a power of ten, nearest on a log scale), so there are roughly
 * {@code 0.7k} to {@code 1.6k} bins; bin edges are whole multiples of the width (so 0 is an edge)
 * and bins are left-closed, {@code [edge, edge + width)}; a value within 1e-9 of a width multiple counts as
 * on that edge (so 0.03 lands in [0.03, 0.04) despite 0.03 / 0.01 = 2.9999999999999996). With one distinct
 * value the width is a nice number near a tenth of its magnitude (at least 0.0001, i.e. one basis point).
 * An empty input has no bins.
 *
 * <p>Immutable and thread-safe (the array is copied on the way in and out).
 *
 * @param firstEdge the lower edge of bin 0
 * @param width the width of every bin
 * @param counts how many values fall in each bin
 */
public record ReturnHistogram(double firstEdge, double width, int[] counts) {

  private static final double EDGE_TOLERANCE = 1e-9;

  public ReturnHistogram {
    counts = counts.clone();
  }

  @Override
  public int[] counts() {
    return counts.clone();
  }

  public int bins() {
    return counts.length;
  }

  public double lowerEdge(int bin) {
    return firstEdge + bin * width;
  }

  public double upperEdge(int bin) {
    return firstEdge + (bin + 1) * width;
  }

  public int count(int bin) {
    return counts[bin];
  }

  /** {@code ceil(sqrt(n))} clamped to 5..30: enough bins to see a shape, few enough to read. */
  public static int automaticBins(int values) {
    return (int) Math.max(5, Math.min(30, Math.ceil(Math.sqrt(values))));
  }

  public static ReturnHistogram of(double[] values, int targetBins) {
    if (targetBins < 1) {
      throw new IllegalArgumentException("histogram needs at least one bin, got " + targetBins);
    }
    if (values.length == 0) {
      return new ReturnHistogram(0, 0, new int[0]);
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("histogram values must be finite, got " + v);
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double range = max - min;
    double width = range > 0
        ? NiceNumbers.nearest(range / targetBins)
        : NiceNumbers.ceil(Math.max(Math.abs(min) / 10, 1e-4));
    long firstIndex = edgeIndex(min, width);
    long lastIndex = edgeIndex(max, width);
    int[] counts = new int[Math.toIntExact(lastIndex - firstIndex + 1)];
    for (double v : values) {
      counts[(int) (edgeIndex(v, width) - firstIndex)]++;
    }
    return new ReturnHistogram(firstIndex * width, width, counts);
  }

  private static long edgeIndex(double value, double width) {
    return (long) Math.floor(value / width + EDGE_TOLERANCE);
  }
}
