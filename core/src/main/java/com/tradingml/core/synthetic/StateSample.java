package com.tradingml.core.synthetic;

import java.util.SplittableRandom;

/**
 * The states (z, regime) at which the Bayes accuracy for h > 1 is estimated, with the realized sign
 * of each one's forward return. States are numbered symbol-major, e = symbol (M - h) + t over the
 * labelled bars, and every {@code stride}-th one is kept, so the sample is the same whatever the row
 * order and at most {@link SyntheticMarketSpec#monteCarloStates()} large. Not thread-safe.
 */
final class StateSample {

  private static final long SALT_MONTE_CARLO = 0x4D4F_4E54_4543_4152L;

  private final long labelledPerSymbol;
  private final long population;
  private final long stride;
  private final int size;
  private final double[] z;
  private final boolean[] highRegime;
  private final byte[] outcome;

  StateSample(SyntheticMarketSpec spec) {
    this.labelledPerSymbol = spec.barsPerSymbol() - spec.horizon();
    this.population = spec.symbols() * labelledPerSymbol;
    this.stride = (population + spec.monteCarloStates() - 1) / spec.monteCarloStates();
    this.size = (int) ((population - 1) / stride + 1);
    this.z = new double[size];
    this.highRegime = new boolean[size];
    this.outcome = new byte[size];
  }

  void recordState(int symbol, long t, double standardizedReturn, boolean high) {
    long e = symbol * labelledPerSymbol + t;
    if (e % stride == 0) {
      z[(int) (e / stride)] = standardizedReturn;
      highRegime[(int) (e / stride)] = high;
    }
  }

  void recordOutcome(int symbol, long t, boolean up) {
    long e = symbol * labelledPerSymbol + t;
    if (e % stride == 0) {
      outcome[(int) (e / stride)] = (byte) (up ? 1 : 0);
    }
  }

  /** Monte Carlo over the sampled states; see {@link PlantedSignal#estimateForward}. */
  Result evaluate(SyntheticMarketSpec spec) {
    long hits = 0;
    if (spec.signal() == 0.0) {
      // A symmetric law: P(up) is exactly 1/2 at every state. The rule then says "up" by convention.
      for (int i = 0; i < size; i++) {
        hits += outcome[i];
      }
      return new Result(0.5, 0.0, size, 0, (double) hits / size);
    }
    GaussianSampler random = new GaussianSampler(new SplittableRandom(SyntheticMarket.mix64(spec.seed() ^ SALT_MONTE_CARLO)));
    double sum = 0.0;
    double sumOfSquares = 0.0;
    double monteCarloVariance = 0.0;
    for (int i = 0; i < size; i++) {
      PlantedSignal.ForwardSignEstimate estimate = PlantedSignal.estimateForward(spec.signal(), z[i], highRegime[i],
          spec.horizon(), spec.monteCarloPaths(), random);
      sum += estimate.accuracy();
      sumOfSquares += estimate.accuracy() * estimate.accuracy();
      monteCarloVariance += estimate.variance();
      boolean predictUp = estimate.probabilityUp() >= 0.5;
      if (predictUp == (outcome[i] == 1)) {
        hits++;
      }
    }
    double mean = sum / size;
    double spread = size > 1 ? Math.max(0.0, (sumOfSquares - size * mean * mean) / (size - 1.0)) : 0.0;
    double finitePopulation = 1.0 - (double) size / population;
    double standardError = Math.sqrt(finitePopulation * spread / size + monteCarloVariance / ((double) size * size));
    return new Result(mean, standardError, size, spec.monteCarloPaths(), (double) hits / size);
  }

  record Result(double accuracy, double standardError, long states, int paths, double realizedRuleAccuracy) {}
}
