package com.tradingml.model.trainer;

import java.util.Arrays;

/**
 * Train / validation / test by time, in that order, with a purge and an embargo at each boundary
 * (López de Prado, "Advances in Financial Machine Learning", ch. 7), so no label of an earlier set
 * overlaps a later set's bars.
 *
 * <p>The boundaries are timestamps at the given fractions of the distinct timestamps. <b>Purge:</b> a
 * row is dropped from the earlier set when its label window, the next {@code labelHorizon} bars of its
 * symbol, reaches the boundary (its label would be computed from bars of the next set). <b>Embargo:</b>
 * the first {@code embargoBars} bars of each symbol at or after a boundary belong to no set (features
 * with long memory right after the boundary are serially dependent on the previous set). Both are
 * counted in bars of the row's own symbol and must be at least the label horizon.
 *
 * @param trainFraction share of the time range for training, e.g. 0.6
 * @param validationFraction share for validation (early stopping), e.g. 0.2; the rest is the test set
 */
public record WalkForwardSplit(double trainFraction, double validationFraction, int labelHorizon, int embargoBars) {

  public WalkForwardSplit {
    if (!(trainFraction > 0 && validationFraction > 0 && trainFraction + validationFraction < 1)) {
      throw new IllegalArgumentException("need 0 < train, 0 < validation and train + validation < 1, got "
          + trainFraction + " and " + validationFraction);
    }
    if (labelHorizon < 1) {
      throw new IllegalArgumentException("label horizon must be >= 1, got " + labelHorizon);
    }
    if (embargoBars < labelHorizon) {
      throw new IllegalArgumentException("the embargo (" + embargoBars + " bars) must be at least the label horizon ("
          + labelHorizon + " bars)");
    }
  }

  /** Row indices of each set, ascending. */
  public record Sets(int[] train, int[] validation, int[] test, long validationStart, long testStart) {}

  public Sets split(FeatureMatrix data) {
    long[] distinct = Arrays.stream(data.timestamps()).distinct().toArray();
    if (distinct.length < 10) {
      throw new IllegalArgumentException("too few distinct timestamps (" + distinct.length + ") to split by time");
    }
    long validationStart = distinct[(int) Math.floor(distinct.length * trainFraction)];
    long testStart = distinct[(int) Math.floor(distinct.length * (trainFraction + validationFraction))];

    // Per symbol, the bar ordinal of its first row at or after each boundary.
    int symbols = data.symbols().size();
    long[] firstOrdinalAtValidation = new long[symbols];
    long[] firstOrdinalAtTest = new long[symbols];
    Arrays.fill(firstOrdinalAtValidation, Long.MAX_VALUE);
    Arrays.fill(firstOrdinalAtTest, Long.MAX_VALUE);
    for (int i = 0; i < data.rows(); i++) {
      int s = data.symbolIds()[i];
      long ordinal = data.barOrdinals()[i];
      if (data.timestamps()[i] >= validationStart && ordinal < firstOrdinalAtValidation[s]) {
        firstOrdinalAtValidation[s] = ordinal;
      }
      if (data.timestamps()[i] >= testStart && ordinal < firstOrdinalAtTest[s]) {
        firstOrdinalAtTest[s] = ordinal;
      }
    }
    int[] train = new int[data.rows()];
    int[] validation = new int[data.rows()];
    int[] test = new int[data.rows()];
    int nTrain = 0;
    int nValidation = 0;
    int nTest = 0;
    for (int i = 0; i < data.rows(); i++) {
      int s = data.symbolIds()[i];
      long ordinal = data.barOrdinals()[i];
      long ts = data.timestamps()[i];
      if (ts < validationStart) {
        if (ordinal + labelHorizon < firstOrdinalAtValidation[s]) { // purge: label ends before the boundary
          train[nTrain++] = i;
        }
      } else if (ts < testStart) {
        if (ordinal >= firstOrdinalAtValidation[s] + embargoBars && ordinal + labelHorizon < firstOrdinalAtTest[s]) {
          validation[nValidation++] = i;
        }
      } else if (ordinal >= firstOrdinalAtTest[s] + embargoBars) {
        test[nTest++] = i;
      }
    }
    return new Sets(Arrays.copyOf(train, nTrain), Arrays.copyOf(validation, nValidation), Arrays.copyOf(test, nTest),
        validationStart, testStart);
  }
}
