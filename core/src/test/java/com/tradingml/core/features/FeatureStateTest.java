package com.tradingml.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.market.Bar;
import com.tradingml.core.market.RejectReason;
import org.junit.jupiter.api.Test;

class FeatureStateTest {

  private final FeatureSet set = FeatureSet.defaultSet();

  @Test
  void shouldStartEmpty() {
    FeatureState state = set.newState();
    assertThat(state.barsSeen()).isZero();
    assertThat(state.isWarm()).isFalse();
    assertThat(state.lastTimestamp()).isEqualTo(Long.MIN_VALUE);
    double[] inputs = new double[set.inputColumns().size()];
    state.inputs(inputs);
    assertThat(java.util.Arrays.stream(inputs).allMatch(Double::isNaN)).isTrue();
  }

  @Test
  void shouldRefuseARepeatedOrOlderBarAsAValueAndKeepItsState() {
    FeatureState state = set.newState();
    assertThat(state.offer(2_000_000L, 10, 11, 9, 10.5, 100)).isNull();
    double[] before = new double[FeatureSet.referenceColumns().size()];
    state.references(before);
    assertThat(state.offer(2_000_000L, 20, 21, 19, 20, 100)).isEqualTo(RejectReason.DUPLICATE_TIMESTAMP);
    assertThat(state.offer(1_000_000L, 20, 21, 19, 20, 100)).isEqualTo(RejectReason.OUT_OF_ORDER);
    assertThat(state.offer(3_000_000L, 20, 19, 21, 20, 100)).isEqualTo(RejectReason.HIGH_LT_LOW);
    assertThat(state.offer(3_000_000L, 20, 21, 19, Double.NaN, 100)).isEqualTo(RejectReason.NON_FINITE_PRICE);
    assertThat(state.offer(3_000_000L, 20, 21, 19, 20, -5)).isEqualTo(RejectReason.NON_POSITIVE_VOLUME);
    assertThat(state.barsSeen()).isEqualTo(1);
    assertThat(state.lastTimestamp()).isEqualTo(2_000_000L);
    double[] after = new double[before.length];
    state.references(after);
    assertThat(after).containsExactly(before);
  }

  @Test
  void shouldThrowOnUpdateWithABadBarNamingTheReason() {
    FeatureState state = set.newState();
    state.update(Bar.of("IBM", "2024-01-02T00:00:00Z", 10, 11, 9, 10.5, 100));
    assertThatThrownBy(() -> state.update(Bar.of("IBM", "2024-01-01T00:00:00Z", 10, 11, 9, 10.5, 100)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OUT_OF_ORDER")
        .hasMessageContaining("2024-01-01T00:00:00Z");
    assertThatThrownBy(() -> state.update(3_000_000_000_000_000L, 10, 11, 9, 0, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NON_POSITIVE_PRICE");
    assertThat(state.barsSeen()).isEqualTo(1);
  }

  @Test
  void shouldRefuseAnOutputArrayThatIsTooShort() {
    FeatureState state = set.newState();
    assertThatThrownBy(() -> state.inputs(new double[3])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("20");
    assertThatThrownBy(() -> state.references(new double[3])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10");
  }

  @Test
  void shouldGiveTheSameBitsForTheSameBarsInEveryRun() {
    TestBars bars = TestBars.randomWalk(99, 2_000, true);
    FeatureState first = set.newState();
    FeatureState second = set.newState();
    double[] a = new double[set.inputColumns().size()];
    double[] b = new double[a.length];
    for (int i = 0; i < bars.size(); i++) {
      bars.feed(first, i);
      first.inputs(a);
      first.inputs(a); // reading twice changes nothing
      bars.feed(second, i);
      second.inputs(b);
      for (int c = 0; c < a.length; c++) {
        assertThat(Double.doubleToRawLongBits(a[c])).isEqualTo(Double.doubleToRawLongBits(b[c]));
      }
    }
  }

  @Test
  void shouldContinueBitForBitFromASnapshot() {
    TestBars bars = TestBars.randomWalk(17, 1_500, true);
    FeatureSet variant = FeatureSet.builder("variant", 1).emaBars(10).macd(5, 30, 7).rsiBars(9).atrBars(5).build();
    for (FeatureSet featureSet : java.util.List.of(set, variant)) {
      for (int cut : new int[] {0, 1, 13, 33, 34, 700}) {
        FeatureState original = featureSet.newState();
        for (int i = 0; i < cut; i++) {
          bars.feed(original, i);
        }
        FeatureState restored = FeatureState.restore(featureSet, original.snapshot());
        assertThat(restored.barsSeen()).isEqualTo(original.barsSeen());
        assertThat(restored.lastTimestamp()).isEqualTo(original.lastTimestamp());
        double[] a = new double[featureSet.inputColumns().size() + FeatureSet.referenceColumns().size()];
        double[] b = new double[a.length];
        for (int i = cut; i < bars.size(); i++) {
          bars.feed(original, i);
          bars.feed(restored, i);
          readAll(original, a);
          readAll(restored, b);
          for (int c = 0; c < a.length; c++) {
            assertThat(Double.doubleToRawLongBits(b[c])).as("%s cut %d bar %d column %d", featureSet, cut, i, c)
                .isEqualTo(Double.doubleToRawLongBits(a[c]));
          }
        }
      }
    }
  }

  private static void readAll(FeatureState state, double[] out) {
    int inputs = state.featureSet().inputColumns().size();
    double[] in = new double[inputs];
    double[] ref = new double[FeatureSet.referenceColumns().size()];
    state.inputs(in);
    state.references(ref);
    System.arraycopy(in, 0, out, 0, inputs);
    System.arraycopy(ref, 0, out, inputs, ref.length);
  }

  @Test
  void shouldRefuseASnapshotOfAnotherSetOrCorruptBytes() {
    FeatureState state = set.newState();
    state.update(1_000_000L, 10, 11, 9, 10.5, 100);
    byte[] snapshot = state.snapshot();
    FeatureSet other = set.toBuilder().smaBars(21).build();
    assertThatThrownBy(() -> FeatureState.restore(other, snapshot)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(set.hash());
    assertThatThrownBy(() -> FeatureState.restore(set, java.util.Arrays.copyOf(snapshot, snapshot.length - 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> FeatureState.restore(set, java.util.Arrays.copyOf(snapshot, snapshot.length + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
    assertThatThrownBy(() -> FeatureState.restore(set, new byte[] {1, 2, 3, 4, 5}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a feature state snapshot");
  }
}
