package com.tradingml.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.tradingml.core.market.Bar;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.num.DecimalNum;
import org.ta4j.core.num.Num;

/**
 * ta4j-core 0.17 as an independent oracle for the reference indicators, on every symbol of the bundled
 * DJ30 data (close-only: open = high = low = close, no volume, so ATR's true range is |close change|).
 *
 * <p>ta4j computes in {@link DecimalNum} (32 significant digits) here, everywhere, so that the differences
 * measure our double arithmetic and conventions, not ta4j's rounding.
 *
 * <p>Convention differences, found by reading ta4j 0.17's source and checked below:
 * <ul>
 *   <li>{@code StandardDeviationIndicator} (through {@code VarianceIndicator}) divides by n: POPULATION,
 *       as our Bollinger bands. (Our realized volatility and volume z-score use the sample divisor; ta4j
 *       is not asked about those.)
 *   <li>{@code EMAIndicator} (and MACD's EMAs and signal) and {@code MMAIndicator} (Wilder smoothing, inside
 *       {@code RSIIndicator} and {@code ATRIndicator}) are SEEDED WITH THE FIRST VALUE (ta4j's gain and loss
 *       series even start with a 0 at bar 0); ours are seeded with the simple mean of the first n values.
 *       Both then follow the same recursion, so the difference shrinks by (1 - alpha) per bar: those
 *       indicators are compared from the nominal warm-up plus {@link #decayBars} bars, where (1 - alpha)^k
 *       < 1e-12 (EMA(20): k = 277; Wilder(14): k = 373; MACD and its signal: k = 360, the slowest factor in
 *       the chain, EMA(26)'s 25/27), and shown to differ right after the nominal warm-up.
 *   <li>SMA and Bollinger bands have no seed: compared from the nominal warm-up (bar 20).
 * </ul>
 * Relative difference = |ours - ta4j| / max(|ours|, |ta4j|, scale), scale 0 except for the MACD line and
 * signal, where it is the close: they are differences of price-level EMAs that cross zero, so their
 * rounding is on the price's scale (our model inputs divide them by close for the same reason).
 */
class Ta4jOracleTest {

  private static final double TOLERANCE = 1e-9;
  private static final double SEED_DECAY = 1e-12;

  private static final List<String> REFERENCES = FeatureSet.referenceColumns();
  private static Map<String, TestBars> dj30;
  private static final Map<String, double[]> MAX_DIFFERENCE = new LinkedHashMap<>();

  @BeforeAll
  static void load() {
    dj30 = TestBars.dj30();
  }

  /** Bars after which (1 - alpha)^k < 1e-12: {@code ceil(ln 1e-12 / ln(1 - alpha))}. */
  static int decayBars(double retainedPerBar) {
    return (int) Math.ceil(Math.log(SEED_DECAY) / Math.log(retainedPerBar));
  }

  private static BarSeries ta4jSeries(TestBars bars) {
    BarSeries series = new BaseBarSeriesBuilder().withName(bars.symbol()).withNumTypeOf(DecimalNum.class).build();
    for (int i = 0; i < bars.size(); i++) {
      ZonedDateTime end = ZonedDateTime.ofInstant(Bar.instantOfMicros(bars.time()[i]), ZoneOffset.UTC);
      series.addBar(Duration.ofDays(1), end, bars.open()[i], bars.high()[i], bars.low()[i], bars.close()[i], 0);
    }
    return series;
  }

  /** Our reference columns after every bar: [bar][column]. */
  private static double[][] ours(TestBars bars) {
    FeatureState state = FeatureSet.defaultSet().newState();
    double[][] out = new double[bars.size()][REFERENCES.size()];
    for (int i = 0; i < bars.size(); i++) {
      bars.feed(state, i);
      state.references(out[i]);
    }
    return out;
  }

  private static double relativeDifference(double ours, double theirs, double scale) {
    double difference = Math.abs(ours - theirs);
    return difference == 0 ? 0 : difference / Math.max(Math.max(Math.abs(ours), Math.abs(theirs)), scale);
  }

  /** One indicator of one symbol, ours against ta4j's. */
  private record Pair(String name, double[] ours, double[] theirs, double[] scale, int nominalIndex, int fromIndex) {

    double difference(int i) {
      return relativeDifference(ours[i], theirs[i], scale == null ? 0 : scale[i]);
    }

    double maxDifferenceFrom(int from) {
      double max = 0;
      for (int i = from; i < ours.length; i++) {
        max = Math.max(max, difference(i));
      }
      return max;
    }
  }

  private static double[] values(Indicator<Num> indicator, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = indicator.getValue(i).doubleValue();
    }
    return out;
  }

  private static double[] column(double[][] rows, String name) {
    int c = REFERENCES.indexOf(name);
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i][c];
    }
    return out;
  }

  private static List<Pair> pairs(TestBars bars) {
    BarSeries series = ta4jSeries(bars);
    int n = bars.size();
    double[][] ours = ours(bars);
    ClosePriceIndicator close = new ClosePriceIndicator(series);
    SMAIndicator sma = new SMAIndicator(close, 20);
    BollingerBandsMiddleIndicator middle = new BollingerBandsMiddleIndicator(sma);
    StandardDeviationIndicator deviation = new StandardDeviationIndicator(close, 20);
    MACDIndicator macd = new MACDIndicator(close, 12, 26);
    double[] closes = bars.close();
    int emaDecay = decayBars(1 - 2.0 / 21);
    int wilderDecay = decayBars(1 - 1.0 / 14);
    int macdDecay = decayBars(1 - 2.0 / 27);
    return List.of(
        new Pair("sma_20", column(ours, "sma_20"), values(sma, n), null, 19, 19),
        new Pair("bb_upper_20_2", column(ours, "bb_upper_20_2"),
            values(new BollingerBandsUpperIndicator(middle, deviation, series.numOf(2)), n), null, 19, 19),
        new Pair("bb_lower_20_2", column(ours, "bb_lower_20_2"),
            values(new BollingerBandsLowerIndicator(middle, deviation, series.numOf(2)), n), null, 19, 19),
        new Pair("ema_20", column(ours, "ema_20"), values(new EMAIndicator(close, 20), n), null, 19, 19 + emaDecay),
        new Pair("rsi_14", column(ours, "rsi_14"), values(new RSIIndicator(close, 14), n), null, 14, 14 + wilderDecay),
        new Pair("atr_14", column(ours, "atr_14"), values(new ATRIndicator(series, 14), n), null, 13, 13 + wilderDecay),
        new Pair("macd_12_26", column(ours, "macd_12_26"), values(macd, n), closes, 25, 25 + macdDecay),
        new Pair("macd_signal_9", column(ours, "macd_signal_9"), values(macd.getSignalLine(9), n), closes, 33,
            33 + macdDecay));
  }

  @Test
  void shouldComputeTheDecayBarsFromTheSmoothingFactors() {
    assertThat(decayBars(1 - 2.0 / 21)).isEqualTo(277);
    assertThat(decayBars(1 - 1.0 / 14)).isEqualTo(373);
    assertThat(decayBars(1 - 2.0 / 27)).isEqualTo(360);
    assertThat(Math.pow(1 - 2.0 / 21, 277)).isLessThan(SEED_DECAY);
    assertThat(Math.pow(1 - 2.0 / 21, 276)).isGreaterThan(SEED_DECAY);
  }

  @Test
  void shouldMatchTa4jOnEverySymbolOnceSeedingHasDecayed() {
    assertThat(dj30).hasSize(5);
    for (TestBars bars : dj30.values()) {
      assertThat(bars.size()).isEqualTo(2529);
      for (Pair pair : pairs(bars)) {
        double max = pair.maxDifferenceFrom(pair.fromIndex());
        MAX_DIFFERENCE.merge(pair.name(), new double[] {max}, (a, b) -> new double[] {Math.max(a[0], b[0])});
        assertThat(max).as("%s %s from bar %d", bars.symbol(), pair.name(), pair.fromIndex() + 1)
            .isLessThanOrEqualTo(TOLERANCE);
        assertThat(pair.ours()[pair.nominalIndex()]).as("%s %s defined at its warm-up", bars.symbol(), pair.name())
            .isNotNaN();
        assertThat(pair.ours()[pair.nominalIndex() - 1]).as("%s %s undefined before", bars.symbol(), pair.name())
            .isNaN();
      }
    }
    System.out.println("ta4j 0.17 (DecimalNum) vs core_v1 references on DJ30, max relative difference over"
        + " 5 symbols, from the comparison bar on:");
    MAX_DIFFERENCE.forEach((name, max) -> System.out.printf("  %-14s %.3e%n", name, max[0]));
  }

  @Test
  void shouldDifferFromTa4jRightAfterTheNominalWarmUpOnlyBecauseOfSeeding() {
    for (TestBars bars : dj30.values()) {
      for (Pair pair : pairs(bars)) {
        if (pair.fromIndex() == pair.nominalIndex()) {
          continue; // no seed: SMA and Bollinger match from the start
        }
        assertThat(pair.difference(pair.nominalIndex())).as("%s %s at its nominal warm-up", bars.symbol(),
            pair.name()).isGreaterThan(1e-6);
        System.out.printf("%s %-14s relative difference at nominal warm-up bar %d: %.3e, at bar %d: %.3e%n",
            bars.symbol(), pair.name(), pair.nominalIndex() + 1, pair.difference(pair.nominalIndex()),
            pair.fromIndex() + 1, pair.difference(pair.fromIndex()));
      }
    }
  }

  @Test
  void shouldShrinkTheDifferenceFromTa4jByExactlyOneMinusAlphaPerBar() {
    // EMA and ATR are linear recursions fed the same inputs: ours - ta4j's = d0 * (1 - alpha)^k exactly, up to
    // rounding, which is what "only the seed differs" means. Checked while d is far above rounding.
    for (TestBars bars : dj30.values()) {
      for (Pair pair : pairs(bars)) {
        double retained = switch (pair.name()) {
          case "ema_20" -> 1 - 2.0 / 21;
          case "atr_14" -> 1 - 1.0 / 14;
          default -> Double.NaN;
        };
        if (Double.isNaN(retained)) {
          continue;
        }
        int checked = 0;
        for (int i = pair.nominalIndex() + 1; i < pair.nominalIndex() + 100; i++) {
          double previous = pair.ours()[i - 1] - pair.theirs()[i - 1];
          double current = pair.ours()[i] - pair.theirs()[i];
          if (Math.abs(previous) > 1e-9 * Math.abs(pair.ours()[i - 1])) {
            assertThat(current / previous).as("%s %s bar %d", bars.symbol(), pair.name(), i + 1)
                .isCloseTo(retained, within(1e-5));
            checked++;
          }
        }
        assertThat(checked).as("%s %s bars checked", bars.symbol(), pair.name()).isGreaterThan(50);
      }
    }
  }

  @Test
  void shouldFindTa4jStandardDeviationUsesThePopulationDivisor() {
    BarSeries series = new BaseBarSeriesBuilder().withNumTypeOf(DecimalNum.class).build();
    ZonedDateTime start = ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    for (int i = 1; i <= 4; i++) {
      series.addBar(Duration.ofDays(1), start.plusDays(i), i, i, i, i, 0);
    }
    double std = new StandardDeviationIndicator(new ClosePriceIndicator(series), 4).getValue(3).doubleValue();
    assertThat(std).as("sqrt(5/4), population; sample would be sqrt(5/3)").isCloseTo(Math.sqrt(1.25), within(1e-15));
  }

  @Test
  void shouldSayFiftyForAFlatSeriesWhereTa4jRsiSaysZero() {
    BarSeries series = new BaseBarSeriesBuilder().withNumTypeOf(DecimalNum.class).build();
    FeatureState state = FeatureSet.defaultSet().newState();
    ZonedDateTime start = ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    for (int i = 1; i <= 20; i++) {
      series.addBar(Duration.ofDays(1), start.plusDays(i), 7, 7, 7, 7, 0);
      state.update(start.plusDays(i).toEpochSecond() * 1_000_000L, 7, 7, 7, 7, Double.NaN);
    }
    double[] references = new double[REFERENCES.size()];
    state.references(references);
    assertThat(new RSIIndicator(new ClosePriceIndicator(series), 14).getValue(19).doubleValue()).isEqualTo(0.0);
    assertThat(references[REFERENCES.indexOf("rsi_14")]).isEqualTo(50.0);
  }
}
