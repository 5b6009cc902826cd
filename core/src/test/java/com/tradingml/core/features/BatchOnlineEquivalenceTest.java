package com.tradingml.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN.md principle 1: every row of the batch stream holds bitwise the values that a {@link FeatureState}
 * fed the same bars one by one (the serving path) holds after that bar; forward returns and labels follow
 * their definitions exactly.
 */
class BatchOnlineEquivalenceTest {

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    FeatureSet variant = FeatureSet.builder("variant", 1).smaBars(10).emaBars(30).rsiBars(7).macd(5, 35, 5)
        .bollinger(30, 2.5).atrBars(10).logReturnLags(1, 3, 60).timeZone("Europe/London").build();
    TestBars walk = TestBars.randomWalk(11, 4_000, true);
    for (LabelSpec label : List.of(LabelSpec.defaultSpec(), LabelSpec.of(3, 0.002), LabelSpec.of(5, 0.001),
        LabelSpec.of(12, 0.0))) {
      for (TestBars bars : TestBars.dj30().values()) {
        cases.add(Arguments.of(FeatureSet.defaultSet(), label, bars));
      }
      cases.add(Arguments.of(FeatureSet.defaultSet(), label, walk));
      cases.add(Arguments.of(variant, label, walk));
    }
    return cases.stream();
  }

  private record Row(long time, boolean warm, double[] inputs, double[] references, double fwd1, double fwd5,
      double fwdH, int label) {}

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void shouldEmitExactlyTheOnlineValuesForEveryBar(FeatureSet set, LabelSpec label, TestBars bars) {
    List<Row> rows = new ArrayList<>();
    LabeledFeatureStream stream = new LabeledFeatureStream(set, label,
        (time, warm, inputs, references, fwd1, fwd5, fwdH, labelClass) -> rows.add(
            new Row(time, warm, inputs.clone(), references.clone(), fwd1, fwd5, fwdH, labelClass)));
    int n = bars.size();
    for (int i = 0; i < n; i++) {
      bars.add(stream, i);
      assertThat(rows).as("rows are held back just long enough for the forward returns")
          .hasSize(Math.max(0, i + 1 - Math.max(label.horizonBars(), 5)));
    }
    stream.finish();
    assertThat(rows).hasSize(n);

    FeatureState online = set.newState();
    double[] inputs = new double[set.inputColumns().size()];
    double[] references = new double[FeatureSet.referenceColumns().size()];
    for (int i = 0; i < n; i++) {
      bars.feed(online, i);
      online.inputs(inputs);
      online.references(references);
      Row row = rows.get(i);
      assertThat(row.time()).isEqualTo(bars.time()[i]);
      assertThat(row.warm()).isEqualTo(online.isWarm()).isEqualTo(i + 1 >= set.warmupBars());
      assertThat(bits(row.inputs())).as("inputs of row %d", i).isEqualTo(bits(inputs));
      assertThat(bits(row.references())).as("references of row %d", i).isEqualTo(bits(references));
      double[] closes = bars.close();
      assertThat(bits(row.fwd1(), row.fwd5(), row.fwdH())).as("forward returns of row %d", i).isEqualTo(
          bits(forward(closes, i, 1), forward(closes, i, 5), forward(closes, i, label.horizonBars())));
      assertThat(row.label()).isEqualTo(label.classOf(row.fwdH()));
    }
    assertThat(rows.get(n - 1).label()).as("the last bar's future is unknown").isEqualTo(LabelSpec.UNKNOWN);
    assertThat(rows.get(n - 2).fwd1()).as("the second-last bar still knows its next bar").isNotNaN();
  }

  private static double forward(double[] closes, int i, int bars) {
    return i + bars < closes.length ? StrictMath.log(closes[i + bars] / closes[i]) : Double.NaN;
  }

  private static long[] bits(double... values) {
    return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  @Test
  void shouldFlushShortSeriesWithUnknownForwardReturns() {
    List<double[]> rows = new ArrayList<>();
    LabeledFeatureStream stream = new LabeledFeatureStream(FeatureSet.defaultSet(), LabelSpec.defaultSpec(),
        (time, warm, inputs, references, fwd1, fwd5, fwdH, label) -> rows.add(new double[] {fwd1, fwd5, label}));
    stream.add(1_000_000L, 10, 10, 10, 10, Double.NaN);
    stream.add(2_000_000L, 11, 11, 11, 11, Double.NaN);
    stream.add(3_000_000L, 9, 9, 9, 9, Double.NaN);
    assertThat(rows).isEmpty();
    stream.finish();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)[0]).isEqualTo(StrictMath.log(1.1));
    assertThat(rows.get(0)[1]).isNaN();
    assertThat(rows.get(0)[2]).isEqualTo(LabelSpec.UP);
    assertThat(rows.get(1)[2]).isEqualTo(LabelSpec.DOWN);
    assertThat(rows.get(2)[0]).isNaN();
    assertThat(rows.get(2)[2]).isEqualTo(LabelSpec.UNKNOWN);
  }

  @Test
  void shouldRefuseBarsOutOfOrderAndAfterFinish() {
    LabeledFeatureStream stream = new LabeledFeatureStream(FeatureSet.defaultSet(), LabelSpec.defaultSpec(),
        (time, warm, inputs, references, fwd1, fwd5, fwdH, label) -> { });
    stream.add(2_000_000L, 10, 10, 10, 10, Double.NaN);
    assertThatThrownBy(() -> stream.add(2_000_000L, 10, 10, 10, 10, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DUPLICATE_TIMESTAMP");
    assertThatThrownBy(() -> stream.add(1_000_000L, 10, 10, 10, 10, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OUT_OF_ORDER");
    assertThat(stream.barsAdded()).isEqualTo(1);
    stream.finish();
    assertThatThrownBy(() -> stream.add(3_000_000L, 10, 10, 10, 10, Double.NaN))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(stream::finish).isInstanceOf(IllegalStateException.class);
  }
}
