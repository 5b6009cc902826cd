package com.tradingml.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN.md principle 2: replacing every bar after t with garbage leaves every input and reference at or
 * before t bitwise unchanged, online and in batch; forward returns (labels) are the only values of a row
 * that look forward, and they change at t exactly because bars after t changed.
 */
class PointInTimeTest {

  private static final FeatureSet SET = FeatureSet.defaultSet();
  private static final LabelSpec LABEL = LabelSpec.of(12, 0.001); // a horizon beyond the fixed 5 bars
  private static final int TRIALS_PER_SERIES = 40;

  static Stream<TestBars> series() {
    List<TestBars> all = new ArrayList<>(TestBars.dj30().values());
    all.add(TestBars.randomWalk(7, 3_000, true));
    return all.stream();
  }

  /** Bits of every input and reference after every bar, fed online. */
  private static long[][] onlineBits(TestBars bars) {
    FeatureState state = SET.newState();
    int inputs = SET.inputColumns().size();
    double[] in = new double[inputs];
    double[] ref = new double[FeatureSet.referenceColumns().size()];
    long[][] out = new long[bars.size()][inputs + ref.length];
    for (int i = 0; i < bars.size(); i++) {
      bars.feed(state, i);
      state.inputs(in);
      state.references(ref);
      out[i] = bits(in, ref);
    }
    return out;
  }

  private static long[] bits(double[] inputs, double[] references) {
    long[] out = new long[inputs.length + references.length];
    for (int c = 0; c < inputs.length; c++) {
      out[c] = Double.doubleToRawLongBits(inputs[c]);
    }
    for (int c = 0; c < references.length; c++) {
      out[inputs.length + c] = Double.doubleToRawLongBits(references[c]);
    }
    return out;
  }

  /** One batch row: feature bits and forward returns. */
  private record Row(long time, long[] features, double fwd1, double fwd5, double fwdH, int label) {}

  private static List<Row> batch(TestBars bars) {
    List<Row> rows = new ArrayList<>(bars.size());
    LabeledFeatureStream stream = new LabeledFeatureStream(SET, LABEL,
        (time, warm, inputs, references, fwd1, fwd5, fwdH, label) ->
            rows.add(new Row(time, bits(inputs, references), fwd1, fwd5, fwdH, label)));
    for (int i = 0; i < bars.size(); i++) {
      bars.add(stream, i);
    }
    stream.finish();
    return rows;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("series")
  void shouldLeaveFeaturesUpToTUnchangedWhenEveryLaterBarIsGarbage(TestBars bars) {
    long[][] clean = onlineBits(bars);
    List<Row> cleanRows = batch(bars);
    SplittableRandom random = new SplittableRandom(bars.symbol().hashCode());
    for (int trial = 0; trial < TRIALS_PER_SERIES; trial++) {
      int t = random.nextInt(bars.size() - 1); // at least one bar after t to spoil
      TestBars spoiled = bars.withGarbageAfter(t, random.nextLong());

      long[][] online = onlineBits(spoiled);
      for (int i = 0; i <= t; i++) {
        assertThat(online[i]).as("%s online bar %d with garbage after %d", bars.symbol(), i, t).isEqualTo(clean[i]);
      }
      assertThat(online[t + 1]).as("the garbage does reach the features after t").isNotEqualTo(clean[t + 1]);

      List<Row> rows = batch(spoiled);
      for (int i = 0; i <= t; i++) {
        assertThat(rows.get(i).features()).as("%s batch row %d with garbage after %d", bars.symbol(), i, t)
            .isEqualTo(cleanRows.get(i).features());
      }
      // Forward returns of rows whose horizon ends at or before t see no garbage: unchanged to the bit.
      for (int i = Math.max(0, t - 20); i <= t; i++) {
        Row clean1 = cleanRows.get(i);
        Row row = rows.get(i);
        assertSameBitsUnless(i + 1 > t, clean1.fwd1(), row.fwd1(), bars, i, t, "fwd1");
        assertSameBitsUnless(i + 5 > t, clean1.fwd5(), row.fwd5(), bars, i, t, "fwd5");
        assertSameBitsUnless(i + LABEL.horizonBars() > t, clean1.fwdH(), row.fwdH(), bars, i, t, "fwdH");
      }
    }
  }

  /**
   * Where the horizon reaches past t the forward return must change (or both be NaN past the end of the
   * series); where it does not, it must be bitwise unchanged.
   */
  private static void assertSameBitsUnless(boolean looksPastT, double clean, double spoiled, TestBars bars, int row,
      int t, String what) {
    String description = bars.symbol() + " row " + row + " " + what + " with garbage after " + t;
    if (!looksPastT) {
      assertThat(Double.doubleToRawLongBits(spoiled)).as(description).isEqualTo(Double.doubleToRawLongBits(clean));
    } else if (!Double.isNaN(clean)) {
      assertThat(spoiled).as(description).isNotEqualTo(clean);
    } else {
      assertThat(spoiled).as(description + " (past the end)").isNaN();
    }
  }
}
