package com.tradingml.core.synthetic;

import com.tradingml.core.market.BarRules;
import java.util.SplittableRandom;

/**
 * One symbol's series: its parameters, its per-bar state (O(horizon) memory, never O(bars)) and its
 * share of the report's counts. {@link #step} generates the next bar into public-by-package fields, which
 * the generator reads before the next step. Not thread-safe.
 */
final class SymbolPath {

  /** Per-symbol base volatility (long-run RMS of the per-bar log return) before the per-symbol factor. */
  static final double DAILY_BASE_VOLATILITY = 0.012;
  static final double MINUTE_BASE_VOLATILITY = 0.0006;
  /** Spread of the per-symbol volatility factor exp(N(0, 0.25^2)), clipped to exp(+-0.5). */
  static final double VOLATILITY_DISPERSION = 0.25;
  /** Bars simulated and discarded before bar 0 so that (z, regime) start from the long-run law. */
  static final int BURN_IN_BARS = 100;
  /** Gap at a session open: open = previous close * exp(g), g ~ N(0, (GAP_SCALE sigma)^2), a split of r. */
  static final double GAP_SCALE = 0.5;
  /** Excursion of high above max(open, close) and of low below min(open, close): exp(+-RANGE_SCALE sigma |N|). */
  static final double RANGE_SCALE = 0.5;
  static final double MINUTE_VOLUME_NOISE = 0.5;
  static final double DAILY_VOLUME_NOISE = 0.3;
  /** Intraday U shape: busy open, quiet midday, busier close. Mean over the session is about 1. */
  static final double[] MINUTE_VOLUME_PROFILE = new double[SessionCalendar.MINUTES_PER_SESSION];

  static {
    int last = SessionCalendar.MINUTES_PER_SESSION - 1;
    for (int m = 0; m <= last; m++) {
      MINUTE_VOLUME_PROFILE[m] = 0.6 + 1.4 * StrictMath.exp(-m / 30.0) + 0.9 * StrictMath.exp(-(last - m) / 20.0);
    }
  }

  private static final long SALT_SETUP = 0x5345_5455_5053_594EL;
  private static final long SALT_RETURNS = 0x5245_5455_524E_5353L;
  private static final long SALT_SHAPE = 0x5348_4150_4542_4152L;

  final int index;
  final String name;
  private final double signal;
  private final int horizon;
  private final long labelledPerSymbol;
  private final boolean intraday;
  private final double sigmaLow;
  private final double sigmaHigh;
  private final double volumeLevel;
  private final GaussianSampler returns;
  private final GaussianSampler shape;
  private final StateSample sample;

  // State at the close of the latest bar.
  private boolean highRegime;
  private double z;
  private double logClose;
  private final double[] recentCloses;
  private long bar;

  // The latest bar, read by the generator.
  double open;
  double high;
  double low;
  double close;
  long volume;
  double sigma;
  double mu;
  double logReturn;

  // This symbol's share of the report.
  long highRegimeBars;
  long labelled;
  long ups;
  long ruleHits;
  double bayesAccuracySum;
  double nextRegimeKnownSum;

  SymbolPath(SyntheticMarketSpec spec, int index, StateSample sample) {
    this.index = index;
    this.name = spec.symbolName(index);
    this.signal = spec.signal();
    this.horizon = spec.horizon();
    this.labelledPerSymbol = spec.barsPerSymbol() - spec.horizon();
    this.intraday = spec.timeframe().isIntraday();
    this.sample = sample;
    long symbolSeed = SyntheticMarket.mix64(spec.seed() + (index + 1L) * 0x9E37_79B9_7F4A_7C15L);
    GaussianSampler setup = new GaussianSampler(new SplittableRandom(SyntheticMarket.mix64(symbolSeed ^ SALT_SETUP)));
    this.returns = new GaussianSampler(new SplittableRandom(SyntheticMarket.mix64(symbolSeed ^ SALT_RETURNS)));
    this.shape = new GaussianSampler(new SplittableRandom(SyntheticMarket.mix64(symbolSeed ^ SALT_SHAPE)));

    double factor = StrictMath.exp(Math.max(-0.5, Math.min(0.5, VOLATILITY_DISPERSION * setup.nextGaussian())));
    double base = (intraday ? MINUTE_BASE_VOLATILITY : DAILY_BASE_VOLATILITY) * factor;
    this.sigmaLow = base * PlantedSignal.LOW_VOLATILITY_FACTOR;
    this.sigmaHigh = sigmaLow * PlantedSignal.VOLATILITY_RATIO;
    double startPrice = StrictMath.exp(StrictMath.log(20.0) + setup.nextUniform() * StrictMath.log(10.0));
    double perMinute = StrictMath.exp(StrictMath.log(2_000.0) + setup.nextUniform() * StrictMath.log(25.0));
    this.volumeLevel = intraday ? perMinute : perMinute * SessionCalendar.MINUTES_PER_SESSION;
    this.highRegime = setup.nextUniform() < PlantedSignal.HIGH_REGIME_SHARE;
    this.logClose = StrictMath.log(startPrice);
    this.close = StrictMath.exp(logClose);
    this.recentCloses = new double[horizon];
    for (int i = 0; i < BURN_IN_BARS; i++) {
      nextReturn();
    }
  }

  /** Draws the next regime and return (the planted process); updates highRegime and z, returns tanh(z before). */
  private double nextReturn() {
    if (returns.nextUniform() < PlantedSignal.switchProbability(highRegime)) {
      highRegime = !highRegime;
    }
    sigma = highRegime ? sigmaHigh : sigmaLow;
    double tanh = StrictMath.tanh(z);
    mu = signal * sigma * PlantedSignal.direction(highRegime) * tanh;
    logReturn = mu + sigma * returns.nextGaussian();
    z = logReturn / sigma;
    return tanh;
  }

  boolean inHighRegime() {
    return highRegime;
  }

  /** Generates bar number {@link #bar} (then advances it). */
  void step(boolean sessionStart, int minuteOfSession) {
    boolean previousRegime = highRegime;
    double previousLogClose = logClose;
    double previousClose = close;
    double previousTanh = nextReturn();
    logClose = previousLogClose + logReturn;
    close = StrictMath.exp(logClose);

    open = sessionStart ? StrictMath.exp(previousLogClose + GAP_SCALE * sigma * shape.nextGaussian()) : previousClose;
    high = Math.max(open, close) * StrictMath.exp(RANGE_SCALE * sigma * Math.abs(shape.nextGaussian()));
    low = Math.min(open, close) * StrictMath.exp(-RANGE_SCALE * sigma * Math.abs(shape.nextGaussian()));
    double noise = intraday ? MINUTE_VOLUME_NOISE : DAILY_VOLUME_NOISE;
    double profile = intraday ? MINUTE_VOLUME_PROFILE[minuteOfSession] : 1.0;
    volume = Math.max(1L, Math.round(volumeLevel * profile
        * StrictMath.exp(noise * shape.nextGaussian() - 0.5 * noise * noise)));
    if (!(low >= BarRules.MIN_PRICE && high < BarRules.MAX_PRICE)) {
      throw new IllegalStateException(name + " bar " + bar + ": the random walk left the valid price range ["
          + BarRules.MIN_PRICE + ", " + BarRules.MAX_PRICE + "): low=" + low + " high=" + high
          + "; generate fewer bars per symbol");
    }
    if (highRegime) {
      highRegimeBars++;
    }
    account(previousRegime, previousTanh);
    bar++;
  }

  private void account(boolean previousRegime, double previousTanh) {
    int slot = (int) (bar % horizon);
    if (bar >= horizon) {
      boolean up = close > recentCloses[slot];
      labelled++;
      if (up) {
        ups++;
      }
      if (horizon == 1) {
        // The state at t = bar - 1 is (previousTanh's z, previousRegime); the label is this bar's close vs the last.
        double g = NormalDistribution.cdf(signal * Math.abs(previousTanh));
        bayesAccuracySum += g + PlantedSignal.switchProbability(previousRegime) * (1.0 - 2.0 * g);
        nextRegimeKnownSum += g;
        boolean predictUp = !(signal > 0.0 && PlantedSignal.direction(previousRegime) * previousTanh < 0.0);
        if (predictUp == up) {
          ruleHits++;
        }
      } else {
        sample.recordOutcome(index, bar - horizon, up);
      }
    }
    if (horizon > 1 && bar < labelledPerSymbol) {
      sample.recordState(index, bar, z, highRegime);
    }
    recentCloses[slot] = close;
  }
}
