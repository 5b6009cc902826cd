package com.tradingml.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Expected values worked out by hand from the definitions (small series chosen so that the arithmetic is
 * exact or short), and a golden file computed independently in 50-digit decimal arithmetic by
 * {@code src/test/resources/features/make_core_v1_golden.py}, which the Spark job can check against too.
 */
class FeatureGoldenValuesTest {

  private static final FeatureSet CORE_V1 = FeatureSet.defaultSet();
  private static final long DAY = 86_400_000_000L;
  /** 1991-01-07T21:00Z, a Monday; hand-made series are one bar a day from here. */
  private static final long START = Instant.parse("1991-01-07T21:00:00Z").getEpochSecond() * 1_000_000L;

  /** Close-only bars, like the DJ30 data. */
  private static FeatureState closes(double... closes) {
    FeatureState state = CORE_V1.newState();
    for (int i = 0; i < closes.length; i++) {
      state.update(START + i * DAY, closes[i], closes[i], closes[i], closes[i], Double.NaN);
    }
    return state;
  }

  private static double[] ramp(int from, int to) {
    double[] values = new double[to - from + 1];
    for (int i = 0; i < values.length; i++) {
      values[i] = from + i;
    }
    return values;
  }

  private static double[] repeat(double value, int times) {
    double[] values = new double[times];
    Arrays.fill(values, value);
    return values;
  }

  private static double input(FeatureState state, String column) {
    double[] values = new double[CORE_V1.inputColumns().size()];
    state.inputs(values);
    int index = CORE_V1.inputIndex(column);
    assertThat(index).as("input column %s", column).isNotNegative();
    return values[index];
  }

  private static double reference(FeatureState state, String column) {
    double[] values = new double[FeatureSet.referenceColumns().size()];
    state.references(values);
    int index = FeatureSet.referenceColumns().indexOf(column);
    assertThat(index).as("reference column %s", column).isNotNegative();
    return values[index];
  }

  @Nested
  class MovingAverages {

    @Test
    void shouldAverageTheLastTwentyClosesFromTheTwentiethBar() {
      assertThat(reference(closes(ramp(1, 19)), "sma_20")).isNaN();
      FeatureState state = closes(ramp(1, 20));
      assertThat(reference(state, "sma_20")).isEqualTo(10.5);
      assertThat(input(state, "sma_20_dist")).isEqualTo(20.0 / 10.5 - 1.0);
      assertThat(reference(closes(ramp(1, 21)), "sma_20")).isEqualTo(11.5);
    }

    @Test
    void shouldSeedTheEmaWithTheSmaOfTheFirstTwentyCloses() {
      assertThat(reference(closes(ramp(1, 19)), "ema_20")).isNaN();
      assertThat(reference(closes(ramp(1, 20)), "ema_20")).isEqualTo(10.5);
      // 10.5 + (2/21) * (21 - 10.5) = 11.5: on a ramp, the SMA seed is already the EMA's steady state.
      assertThat(reference(closes(ramp(1, 21)), "ema_20")).isCloseTo(11.5, within(1e-12));
      assertThat(reference(closes(ramp(1, 22)), "ema_20")).isCloseTo(12.5, within(1e-12));
      FeatureState state = closes(ramp(1, 21));
      assertThat(input(state, "ema_20_dist")).isCloseTo(21.0 / 11.5 - 1.0, within(1e-12));
    }

    @Test
    void shouldSeedTheMacdSignalWithTheMeanOfTheFirstNineMacdValues() {
      // On a ramp EMA(n) = t - (n - 1) / 2 from its seed on, so MACD = (t - 5.5) - (t - 12.5) = 7 from bar 26,
      // and the signal, the mean of nine 7s, is 7 from bar 34; the histogram is 0.
      assertThat(reference(closes(ramp(1, 25)), "macd_12_26")).isNaN();
      assertThat(reference(closes(ramp(1, 26)), "macd_12_26")).isCloseTo(7.0, within(1e-12));
      FeatureState before = closes(ramp(1, 33));
      assertThat(reference(before, "macd_signal_9")).isNaN();
      assertThat(input(before, "macd_hist_rel")).isNaN();
      FeatureState state = closes(ramp(1, 34));
      assertThat(reference(state, "macd_signal_9")).isCloseTo(7.0, within(1e-12));
      assertThat(input(state, "macd_12_26_rel")).isCloseTo(7.0 / 34.0, within(1e-12));
      assertThat(input(state, "macd_signal_9_rel")).isCloseTo(7.0 / 34.0, within(1e-12));
      assertThat(input(state, "macd_hist_rel")).isCloseTo(0.0, within(1e-12));
    }
  }

  @Nested
  class Rsi {

    @Test
    void shouldBeHundredWhenEveryChangeIsAGain() {
      assertThat(reference(closes(ramp(1, 14)), "rsi_14")).as("14 closes are 13 changes").isNaN();
      assertThat(reference(closes(ramp(1, 15)), "rsi_14")).isEqualTo(100.0);
      assertThat(input(closes(ramp(1, 40)), "rsi_14")).isEqualTo(100.0);
    }

    @Test
    void shouldBeZeroWhenEveryChangeIsALoss() {
      double[] falling = ramp(1, 15);
      for (int i = 0; i < falling.length; i++) {
        falling[i] = 100 - falling[i];
      }
      assertThat(reference(closes(falling), "rsi_14")).isEqualTo(0.0);
    }

    @Test
    void shouldBeFiftyForAFlatSeriesWhereTa4jSaysZero() {
      assertThat(reference(closes(repeat(42.0, 15)), "rsi_14")).isEqualTo(50.0);
    }

    @Test
    void shouldStartFromSimpleMeansThenSmoothTheWilderWay() {
      // Closes 10, 11, 10, ... (15 values): seven gains and seven losses of 1, averages 0.5 and 0.5: RSI 50.
      double[] zigzag = new double[16];
      for (int i = 0; i < 15; i++) {
        zigzag[i] = i % 2 == 0 ? 10 : 11;
      }
      assertThat(reference(closes(Arrays.copyOf(zigzag, 15)), "rsi_14")).isEqualTo(50.0);
      // Then a gain of 2: gain (0.5 * 13 + 2) / 14 = 8.5 / 14, loss 6.5 / 14, RS = 17 / 13, RSI = 170 / 3.
      zigzag[15] = 12;
      assertThat(reference(closes(zigzag), "rsi_14")).isCloseTo(170.0 / 3.0, within(1e-12));
    }
  }

  @Nested
  class TrueRange {

    @Test
    void shouldCountTheFirstBarsHighMinusLowInTheFirstAtr() {
      FeatureState state = CORE_V1.newState();
      state.update(START, 11, 19, 3, 11, Double.NaN); // TR = 19 - 3 = 16 (no previous close)
      for (int i = 1; i < 13; i++) {
        state.update(START + i * DAY, 11, 12, 10, 11, Double.NaN); // TR = 2
      }
      assertThat(reference(state, "atr_14")).as("13 bars").isNaN();
      state.update(START + 13 * DAY, 11, 12, 10, 11, Double.NaN);
      assertThat(reference(state, "atr_14")).as("(16 + 13 * 2) / 14").isEqualTo(3.0);
      assertThat(input(state, "atr_14_rel")).isEqualTo(3.0 / 11.0);
      // A gap: TR = max(15 - 14, |15 - 11|, |14 - 11|) = 4; ATR = (3 * 13 + 4) / 14.
      state.update(START + 14 * DAY, 14.5, 15, 14, 14.5, Double.NaN);
      assertThat(reference(state, "atr_14")).isEqualTo(43.0 / 14.0);
      assertThat(input(state, "range_rel")).isEqualTo(1.0 / 14.5);
    }
  }

  @Nested
  class BollingerBands {

    @Test
    void shouldUseThePopulationStandardDeviation() {
      double[] alternating = new double[20];
      for (int i = 0; i < 20; i++) {
        alternating[i] = i % 2 == 0 ? 9 : 11; // mean 10, population std 1 (sample std would be sqrt(20/19))
      }
      FeatureState state = closes(alternating);
      assertThat(reference(state, "bb_upper_20_2")).isEqualTo(12.0);
      assertThat(reference(state, "bb_lower_20_2")).isEqualTo(8.0);
      assertThat(input(state, "bb_pct_b_20_2")).as("(11 - 8) / (12 - 8)").isEqualTo(0.75);
      assertThat(input(state, "bb_bandwidth_20_2")).as("(12 - 8) / 10").isEqualTo(0.4);
    }

    @Test
    void shouldPutCloseMidwayWhenTheBandsCollapse() {
      FeatureState state = closes(repeat(25.0, 20));
      assertThat(input(state, "bb_pct_b_20_2")).isEqualTo(0.5);
      assertThat(input(state, "bb_bandwidth_20_2")).isEqualTo(0.0);
    }
  }

  @Nested
  class Returns {

    @Test
    void shouldTakeLogReturnsOverOneFiveAndTwentyBars() {
      FeatureState state = closes(ramp(100, 120));
      assertThat(input(state, "logret_1")).isEqualTo(StrictMath.log(120.0 / 119.0));
      assertThat(input(state, "logret_5")).isEqualTo(StrictMath.log(120.0 / 115.0));
      assertThat(input(state, "logret_20")).isEqualTo(StrictMath.log(120.0 / 100.0));
      assertThat(reference(state, "logret_1")).isEqualTo(StrictMath.log(120.0 / 119.0));
      assertThat(input(closes(ramp(100, 119)), "logret_20")).as("20 bars are 19 returns").isNaN();
    }

    @Test
    void shouldUseTheSampleStandardDeviationForRealizedVolatility() {
      double[] zigzag = new double[21];
      for (int i = 0; i < 21; i++) {
        zigzag[i] = i % 2 == 0 ? 100 : 110; // returns +a, -a, ... (20 of them), mean 0
      }
      double a = StrictMath.log(1.1);
      assertThat(input(closes(zigzag), "realized_vol_20")).isCloseTo(a * Math.sqrt(20.0 / 19.0), within(1e-15));
      assertThat(input(closes(Arrays.copyOf(zigzag, 20)), "realized_vol_20")).isNaN();
    }
  }

  @Nested
  class Volume {

    private FeatureState withVolumes(double... volumes) {
      FeatureState state = CORE_V1.newState();
      for (int i = 0; i < volumes.length; i++) {
        state.update(START + i * DAY, 10, 10, 10, 10, volumes[i]);
      }
      return state;
    }

    @Test
    void shouldScoreVolumeAgainstTheLastTwentyWithTheSampleDeviation() {
      FeatureState state = withVolumes(ramp(1, 20)); // mean 10.5, sample variance 665 / 19 = 35
      assertThat(input(state, "volume_z_20")).isCloseTo(9.5 / Math.sqrt(35.0), within(1e-15));
      assertThat(input(state, "volume_known")).isEqualTo(1.0);
    }

    @Test
    void shouldBeNaNWhileAnUnknownVolumeIsInTheWindow() {
      double[] volumes = ramp(1, 40);
      volumes[5] = Double.NaN;
      assertThat(input(withVolumes(Arrays.copyOf(volumes, 20)), "volume_z_20")).isNaN();
      assertThat(input(withVolumes(Arrays.copyOf(volumes, 25)), "volume_z_20")).as("bar 6 still in the window")
          .isNaN();
      // From the 26th bar the window (bars 7..26, volumes 7..26) holds known volumes only.
      assertThat(input(withVolumes(Arrays.copyOf(volumes, 26)), "volume_z_20"))
          .isCloseTo(9.5 / Math.sqrt(35.0), within(1e-14));
      assertThat(input(withVolumes(Arrays.copyOf(volumes, 6)), "volume_known")).isEqualTo(0.0);
    }

    @Test
    void shouldBeNaNWhenVolumeNeverChanges() {
      assertThat(input(withVolumes(repeat(500.0, 20)), "volume_z_20")).isNaN();
    }
  }

  @Nested
  class Calendar {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private void assertCalendar(String instant, int expectedDay, int expectedMinute) {
      long micros = Instant.parse(instant).getEpochSecond() * 1_000_000L;
      FeatureState state = CORE_V1.newState();
      state.update(micros, 10, 10, 10, 10, Double.NaN);
      // The expectation, independently from java.time.
      ZonedDateTime local = Instant.parse(instant).atZone(NEW_YORK);
      assertThat(local.getDayOfWeek().getValue() - 1).as("java.time agrees with the hand value").isEqualTo(expectedDay);
      assertThat(local.getHour() * 60 + local.getMinute()).isEqualTo(expectedMinute);
      assertThat(input(state, "dow_sin")).as("%s dow", instant)
          .isEqualTo(StrictMath.sin(2 * StrictMath.PI * expectedDay / 7));
      assertThat(input(state, "dow_cos")).isEqualTo(StrictMath.cos(2 * StrictMath.PI * expectedDay / 7));
      assertThat(input(state, "tod_sin")).as("%s tod", instant)
          .isEqualTo(StrictMath.sin(2 * StrictMath.PI * expectedMinute / 1440));
      assertThat(input(state, "tod_cos")).isEqualTo(StrictMath.cos(2 * StrictMath.PI * expectedMinute / 1440));
    }

    @Test
    void shouldReadDayAndMinuteInNewYorkAcrossTheSpringDstChange() {
      assertCalendar("2024-03-09T14:30:00Z", 5, 9 * 60 + 30); // Saturday 09:30 EST (UTC-5)
      assertCalendar("2024-03-10T06:59:00Z", 6, 60 + 59); // Sunday 01:59 EST, a minute before the change
      assertCalendar("2024-03-10T07:00:00Z", 6, 3 * 60); // Sunday 03:00 EDT: 02:00-02:59 does not exist
      assertCalendar("2024-03-11T13:30:00Z", 0, 9 * 60 + 30); // Monday 09:30 EDT (UTC-4)
    }

    @Test
    void shouldReadTheRepeatedHourTwiceAtTheAutumnDstChange() {
      assertCalendar("2024-11-03T05:30:00Z", 6, 60 + 30); // Sunday 01:30 EDT
      assertCalendar("2024-11-03T06:30:00Z", 6, 60 + 30); // Sunday 01:30 EST, the hour again
      assertCalendar("2024-11-04T14:30:00Z", 0, 9 * 60 + 30); // Monday 09:30 EST
    }

    @Test
    void shouldPlaceADailyBarAtMidnightUtcOnThePreviousEveningInNewYork() {
      assertCalendar("1991-01-07T00:00:00Z", 6, 19 * 60); // a Monday's daily bar: Sunday 19:00 EST
      assertCalendar("1991-07-08T00:00:00Z", 6, 20 * 60); // in summer: Sunday 20:00 EDT
    }

    @Test
    void shouldFollowTransitionsWithinOneStateInBothDirectionsOfTheCache() {
      FeatureState state = CORE_V1.newState();
      long[] instants = {
        Instant.parse("2024-03-10T06:59:00Z").getEpochSecond(), Instant.parse("2024-03-10T07:00:00Z").getEpochSecond(),
        Instant.parse("2024-11-03T05:59:00Z").getEpochSecond(), Instant.parse("2024-11-03T06:00:00Z").getEpochSecond()};
      int[] minutes = {119, 180, 119, 60};
      for (int i = 0; i < instants.length; i++) {
        state.update(instants[i] * 1_000_000L, 10, 10, 10, 10, Double.NaN);
        assertThat(input(state, "tod_cos")).as("bar %d", i)
            .isEqualTo(StrictMath.cos(2 * StrictMath.PI * minutes[i] / 1440));
      }
    }
  }

  @Nested
  class GoldenFile {

    private final TestBars bars = TestBars.resource("/features/core_v1_golden_bars.csv");
    private final List<double[]> expected = expectedRows();

    private List<double[]> expectedRows() {
      List<double[]> rows = new ArrayList<>();
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(
          FeatureGoldenValuesTest.class.getResourceAsStream("/features/core_v1_golden_expected.csv"),
          StandardCharsets.UTF_8))) {
        List<String> header = List.of(reader.readLine().split(","));
        List<String> columns = new ArrayList<>(List.of("epoch_micros"));
        columns.addAll(CORE_V1.inputColumns());
        FeatureSet.referenceColumns().forEach(column -> columns.add("ref_" + column));
        assertThat(header).as("golden columns in core_v1's order").isEqualTo(columns);
        String line;
        while ((line = reader.readLine()) != null) {
          rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return rows;
    }

    /** Tolerance for a double against a 50-digit value: a few hundred ulps of the value, or 1e-15 near 0. */
    private void assertRow(int bar, long epochMicros, double[] inputs, double[] references) {
      double[] row = expected.get(bar);
      assertThat(epochMicros).isEqualTo((long) row[0]);
      int n = inputs.length;
      for (int c = 0; c < n + references.length; c++) {
        double actual = c < n ? inputs[c] : references[c - n];
        double wanted = row[c + 1];
        String column = c < n ? CORE_V1.inputColumns().get(c) : "ref " + FeatureSet.referenceColumns().get(c - n);
        if (Double.isNaN(wanted)) {
          assertThat(actual).as("bar %d %s", bar, column).isNaN();
        } else {
          assertThat(actual).as("bar %d %s", bar, column)
              .isCloseTo(wanted, within(1e-13 * Math.abs(wanted) + 1e-15));
        }
      }
    }

    @Test
    void shouldMatchTheIndependentGoldenValuesOnline() {
      assertThat(bars.size()).isEqualTo(expected.size()).isEqualTo(48);
      FeatureState state = CORE_V1.newState();
      double[] inputs = new double[CORE_V1.inputColumns().size()];
      double[] references = new double[FeatureSet.referenceColumns().size()];
      for (int i = 0; i < bars.size(); i++) {
        bars.feed(state, i);
        state.inputs(inputs);
        state.references(references);
        assertRow(i, state.lastTimestamp(), inputs, references);
      }
    }

    @Test
    void shouldMatchTheIndependentGoldenValuesInBatch() {
      int[] rows = {0};
      LabeledFeatureStream stream = new LabeledFeatureStream(CORE_V1, LabelSpec.defaultSpec(),
          (time, warm, inputs, references, fwd1, fwd5, fwdH, label) -> assertRow(rows[0]++, time, inputs, references));
      for (int i = 0; i < bars.size(); i++) {
        bars.add(stream, i);
      }
      stream.finish();
      assertThat(rows[0]).isEqualTo(48);
    }
  }
}
