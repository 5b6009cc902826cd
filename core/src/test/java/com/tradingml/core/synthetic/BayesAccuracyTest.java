package com.tradingml.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The generator against its documentation: the process it claims to run, and the Bayes-optimal
 * accuracy it reports, checked against theory, against the realized labels, and against brute force.
 */
class BayesAccuracyTest {

  /** 50 symbols x 4,000 daily bars: 200,000 bars. */
  private static final SyntheticMarketSpec LARGE = SyntheticMarketSpec.builder().symbols(50).barsPerSymbol(4_000)
      .seed(2024).build();

  private static GenerationReport run(SyntheticMarketSpec spec) {
    return SyntheticMarket.of(spec).generate((s, t, o, h, l, c, v) -> { });
  }

  /** Hidden state of one bar, as the latent consumer reported it. */
  record State(String symbol, long bar, boolean high, double sigma, double mu, double logReturn) {
    double z() {
      return logReturn / sigma;
    }
  }

  private static Map<String, List<State>> latent(SyntheticMarketSpec spec, List<double[]> closes) {
    Map<String, List<State>> states = new HashMap<>();
    Map<String, List<Double>> closesBySymbol = new HashMap<>();
    SyntheticMarket.of(spec).generate(
        (s, t, o, h, l, c, v) -> closesBySymbol.computeIfAbsent(s, k -> new ArrayList<>()).add(c),
        (s, bar, high, sigma, mu, r) -> states.computeIfAbsent(s, k -> new ArrayList<>())
            .add(new State(s, bar, high, sigma, mu, r)));
    for (int i = 0; i < spec.symbols(); i++) {
      closes.add(closesBySymbol.get(spec.symbolName(i)).stream().mapToDouble(Double::doubleValue).toArray());
    }
    return states;
  }

  @Test
  void shouldRunTheDocumentedProcess() {
    SyntheticMarketSpec spec = LARGE.toBuilder().signal(0.5).build();
    List<double[]> closes = new ArrayList<>();
    Map<String, List<State>> states = latent(spec, closes);
    double residualSum = 0.0;
    double residualSquares = 0.0;
    long n = 0;
    long lowBars = 0;
    long lowToHigh = 0;
    long highBars = 0;
    long highToLow = 0;
    for (int i = 0; i < spec.symbols(); i++) {
      List<State> series = states.get(spec.symbolName(i));
      double[] close = closes.get(i);
      for (int t = 1; t < series.size(); t++) {
        State before = series.get(t - 1);
        State now = series.get(t);
        // mu[t] = s sigma[t] d(k[t]) tanh(z[t-1]), with sigma(high) = 3 sigma(low).
        double expectedMu = 0.5 * now.sigma() * (now.high() ? -1 : 1) * Math.tanh(before.z());
        assertThat(now.mu()).isCloseTo(expectedMu, within(1e-15 + 1e-12 * Math.abs(expectedMu)));
        assertThat(now.sigma() / before.sigma()).isCloseTo(now.high() == before.high() ? 1.0
            : now.high() ? 3.0 : 1.0 / 3.0, within(1e-12));
        // The label return is the generated return.
        assertThat(Math.log(close[t] / close[t - 1])).isCloseTo(now.logReturn(), within(1e-13));
        double residual = (now.logReturn() - now.mu()) / now.sigma();
        residualSum += residual;
        residualSquares += residual * residual;
        n++;
        if (before.high()) {
          highBars++;
          highToLow += now.high() ? 0 : 1;
        } else {
          lowBars++;
          lowToHigh += now.high() ? 1 : 0;
        }
      }
    }
    assertThat(residualSum / n).isBetween(-4.0 / Math.sqrt(n), 4.0 / Math.sqrt(n));
    assertThat(residualSquares / n).isBetween(1.0 - 4.0 * Math.sqrt(2.0 / n), 1.0 + 4.0 * Math.sqrt(2.0 / n));
    assertSwitchRate(lowToHigh, lowBars, PlantedSignal.LOW_TO_HIGH);
    assertSwitchRate(highToLow, highBars, PlantedSignal.HIGH_TO_LOW);
  }

  private static void assertSwitchRate(long switches, long bars, double probability) {
    double sd = Math.sqrt(probability / bars);
    assertThat((double) switches / bars).isBetween(probability - 5 * sd, probability + 5 * sd);
  }

  @Test
  void shouldReportTheMeanOfThePerBarBayesTermsForOneBar() {
    SyntheticMarketSpec spec = SyntheticMarketSpec.builder().symbols(4).barsPerSymbol(3_000).signal(0.7).build();
    List<double[]> closes = new ArrayList<>();
    Map<String, List<State>> states = latent(spec, closes);
    double bayes = 0.0;
    double oracle = 0.0;
    long hits = 0;
    long n = 0;
    for (int i = 0; i < spec.symbols(); i++) {
      List<State> series = states.get(spec.symbolName(i));
      double[] close = closes.get(i);
      for (int t = 0; t + 1 < series.size(); t++) {
        State state = series.get(t);
        bayes += PlantedSignal.bayesAccuracyNextBar(0.7, state.z(), state.high());
        oracle += PlantedSignal.nextRegimeKnownAccuracy(0.7, state.z());
        boolean predictUp = (state.high() ? -1 : 1) * state.z() > 0;
        hits += predictUp == (close[t + 1] > close[t]) ? 1 : 0;
        n++;
      }
    }
    GenerationReport report = run(spec);
    assertThat(report.labelledBars()).isEqualTo(n);
    assertThat(report.bayesOptimalAccuracy()).isCloseTo(bayes / n, within(1e-12));
    assertThat(report.nextRegimeKnownAccuracy()).isCloseTo(oracle / n, within(1e-12));
    assertThat(report.realizedBayesRuleAccuracy()).isEqualTo((double) hits / n);
    assertThat(report.bayesOptimalStandardError()).isZero();
  }

  @Test
  void shouldFindNothingToPredictInPureNoise() {
    GenerationReport one = run(LARGE.toBuilder().signal(0.0).build());
    assertThat(one.bayesOptimalAccuracy()).isEqualTo(0.5);
    assertThat(one.nextRegimeKnownAccuracy()).isEqualTo(0.5);
    double se = Math.sqrt(0.25 / one.labelledBars());
    assertThat(one.upFraction()).isBetween(0.5 - 4 * se, 0.5 + 4 * se);
    assertThat(one.realizedBayesRuleAccuracy()).isBetween(0.5 - 4 * se, 0.5 + 4 * se);

    GenerationReport five = run(LARGE.toBuilder().signal(0.0).horizon(5).build());
    assertThat(five.bayesOptimalAccuracy()).isEqualTo(0.5);
    assertThat(five.bayesOptimalStandardError()).isZero();
    // Overlapping 5-bar windows: the variance of the mean is at most (2h - 1) times the binomial one.
    double overlapping = Math.sqrt(0.25 * 9 / five.labelledBars());
    assertThat(five.upFraction()).isBetween(0.5 - 4 * overlapping, 0.5 + 4 * overlapping);
    double sampled = Math.sqrt(0.25 / five.realizedBayesRuleSample());
    assertThat(five.realizedBayesRuleAccuracy()).isBetween(0.5 - 4 * sampled, 0.5 + 4 * sampled);
  }

  @Test
  void shouldRealizeTheReportedOneBarAccuracyWithinThreeStandardErrors() {
    GenerationReport report = run(LARGE);
    assertThat(report.labelledBars()).isEqualTo(50 * 3_999);
    assertThat(report.bayesOptimalAccuracy()).isBetween(0.55, 0.58);
    assertThat(report.realizedBayesRuleAccuracy())
        .isCloseTo(report.bayesOptimalAccuracy(), within(3 * report.realizedBayesRuleStandardError()));
    assertThat(report.highVolatilityFraction()).isCloseTo(PlantedSignal.HIGH_REGIME_SHARE, within(0.06));
  }

  @Test
  void shouldMatchTheStationaryTheoryForOneBar() {
    // z[t] = r[t] / sigma[t] follows the stationary law pi of z' = s tanh(z) + eps in both regimes,
    // independent of the regime, so E[g + q(k)(1 - 2g)] = E_pi[g] (1 - 2 qbar) + qbar, g = Phi(s |tanh z|).
    for (double signal : new double[] {0.3, 1.0}) {
      GenerationReport report = run(SyntheticMarketSpec.builder().symbols(100).barsPerSymbol(10_000).seed(5)
          .signal(signal).build());
      double stationary = expectationUnderStationaryLaw(signal);
      double qbar = PlantedSignal.MEAN_SWITCH_PROBABILITY;
      assertThat(qbar).isCloseTo(1.0 / 375.0, within(1e-15));
      assertThat(report.nextRegimeKnownAccuracy()).as("s = %s", signal).isCloseTo(stationary, within(5e-4));
      assertThat(report.bayesOptimalAccuracy()).as("s = %s", signal)
          .isCloseTo(stationary * (1 - 2 * qbar) + qbar, within(5e-4));
    }
    // z is not N(0, 1): for s = 1 the naive E[Phi(s |tanh Z|)], Z ~ N(0, 1), is 0.7033, two points too low.
    double naive = expectationUnderStandardNormal(1.0);
    assertThat(naive).isCloseTo(0.70330, within(1e-4));
    assertThat(expectationUnderStationaryLaw(1.0) - naive).isGreaterThan(0.015);
    // For small s the two agree to O(s^3).
    assertThat(expectationUnderStationaryLaw(0.1) - expectationUnderStandardNormal(0.1)).isBetween(0.0, 1e-4);
  }

  private static final double GRID_HALF_WIDTH = 12.0;
  private static final int GRID_POINTS = 1_921;

  /** E_pi[Phi(s |tanh z|)], pi the stationary density of z' = s tanh(z) + eps, by density iteration on a grid. */
  private static double expectationUnderStationaryLaw(double signal) {
    double step = 2 * GRID_HALF_WIDTH / (GRID_POINTS - 1);
    double[] z = new double[GRID_POINTS];
    double[] density = new double[GRID_POINTS];
    for (int i = 0; i < GRID_POINTS; i++) {
      z[i] = -GRID_HALF_WIDTH + i * step;
      density[i] = NormalDistribution.density(z[i]);
    }
    double[] shift = new double[GRID_POINTS];
    for (int j = 0; j < GRID_POINTS; j++) {
      shift[j] = signal * Math.tanh(z[j]);
    }
    for (int iteration = 0; iteration < 60; iteration++) {
      double[] next = new double[GRID_POINTS];
      double mass = 0.0;
      for (int i = 0; i < GRID_POINTS; i++) {
        double sum = 0.0;
        for (int j = 0; j < GRID_POINTS; j++) {
          double d = z[i] - shift[j];
          sum += Math.exp(-0.5 * d * d) * density[j];
        }
        next[i] = sum * step / Math.sqrt(2 * Math.PI);
        mass += next[i] * step;
      }
      for (int i = 0; i < GRID_POINTS; i++) {
        density[i] = next[i] / mass;
      }
    }
    double expectation = 0.0;
    for (int i = 0; i < GRID_POINTS; i++) {
      expectation += NormalDistribution.cdf(signal * Math.abs(Math.tanh(z[i]))) * density[i] * step;
    }
    return expectation;
  }

  private static double expectationUnderStandardNormal(double signal) {
    double step = 2 * GRID_HALF_WIDTH / (GRID_POINTS - 1);
    double expectation = 0.0;
    for (int i = 0; i < GRID_POINTS; i++) {
      double z = -GRID_HALF_WIDTH + i * step;
      expectation += NormalDistribution.cdf(signal * Math.abs(Math.tanh(z))) * NormalDistribution.density(z) * step;
    }
    return expectation;
  }

  @Test
  void shouldMatchBruteForceSimulationForFiveBarsOnASmallCase() {
    int horizon = 5;
    double signal = 1.0;
    SyntheticMarketSpec spec = SyntheticMarketSpec.builder().symbols(1).barsPerSymbol(405).seed(77).signal(signal)
        .horizon(horizon).monteCarloPaths(4_096).build();
    GenerationReport report = run(spec);
    List<State> states = latent(spec, new ArrayList<>()).get("SYN000");
    assertThat(report.bayesStates()).isEqualTo(400);
    // Brute force, written from the documentation alone: simulate the whole horizon, count the ups.
    SplittableRandom random = new SplittableRandom(31337);
    int paths = 20_000;
    double accuracy = 0.0;
    double variance = 0.0;
    for (int t = 0; t < 400; t++) {
      State state = states.get(t);
      int ups = 0;
      for (int path = 0; path < paths; path++) {
        double z = state.z();
        boolean high = state.high();
        double sum = 0.0;
        for (int step = 0; step < horizon; step++) {
          if (random.nextDouble() < (high ? 1.0 / 250 : 1.0 / 500)) {
            high = !high;
          }
          double sigma = high ? 3.0 : 1.0;
          double r = signal * sigma * (high ? -1 : 1) * Math.tanh(z) + sigma * random.nextGaussian();
          sum += r;
          z = r / sigma;
        }
        ups += sum > 0 ? 1 : 0;
      }
      double p = (double) ups / paths;
      accuracy += Math.max(p, 1 - p);
      variance += p * (1 - p) / paths;
    }
    accuracy /= 400;
    double bruteForceError = Math.sqrt(variance) / 400;
    // max(p^, 1 - p^) overstates max(p, 1 - p) by about Var(p^) <= 1/(4 paths) near p = 1/2.
    double bias = 0.25 / paths;
    double tolerance = 3 * Math.hypot(report.bayesOptimalStandardError(), bruteForceError) + bias;
    assertThat(report.bayesOptimalAccuracy()).isCloseTo(accuracy, within(tolerance));
    assertThat(tolerance).isLessThan(2e-3);
    assertThat(report.bayesOptimalAccuracy()).isGreaterThan(0.58);
  }

  @Test
  void shouldRealizeTheMonteCarloFiveBarAccuracyWithinThreeStandardErrors() {
    GenerationReport report = run(LARGE.toBuilder().horizon(5).build());
    assertThat(report.bayesStates()).isEqualTo(19_975);
    assertThat(report.monteCarloPaths()).isEqualTo(512);
    assertThat(report.bayesOptimalStandardError()).isPositive().isLessThan(1e-3);
    assertThat(report.bayesOptimalAccuracy()).isBetween(0.52, 0.54);
    double combined = Math.hypot(report.realizedBayesRuleStandardError(), report.bayesOptimalStandardError());
    assertThat(report.realizedBayesRuleAccuracy()).isCloseTo(report.bayesOptimalAccuracy(), within(3 * combined));
  }

  @Test
  void shouldReduceToTheExactFormulaWhenTheHorizonIsOneBar() {
    GaussianSampler random = new GaussianSampler(new SplittableRandom(3));
    for (double z : new double[] {-2.0, -0.3, 0.0, 0.4, 1.7}) {
      for (boolean high : new boolean[] {false, true}) {
        PlantedSignal.ForwardSignEstimate estimate = PlantedSignal.estimateForward(0.6, z, high, 1, 8, random);
        assertThat(estimate.probabilityUp()).isCloseTo(PlantedSignal.probabilityUpNextBar(0.6, z, high), within(1e-15));
        assertThat(estimate.accuracy()).isCloseTo(PlantedSignal.bayesAccuracyNextBar(0.6, z, high), within(1e-15));
        assertThat(estimate.variance()).isLessThan(1e-15);
      }
    }
    // Momentum in the calm regime, reversion in the turbulent one.
    assertThat(PlantedSignal.probabilityUpNextBar(0.6, 1.0, false)).isGreaterThan(0.5);
    assertThat(PlantedSignal.probabilityUpNextBar(0.6, 1.0, true)).isLessThan(0.5);
  }
}
