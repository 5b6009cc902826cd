package com.tradingml.model.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalkForwardSplitTest {

  /** Two symbols, 100 bars each at the same timestamps, ordinals 0..99. */
  private static FeatureMatrix twoSymbols() {
    int n = 200;
    int[] ids = new int[n];
    long[] ordinals = new long[n];
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i % 2;
      ordinals[i] = i / 2;
      ts[i] = (i / 2) * 60_000_000L;
    }
    return new FeatureMatrix(List.of("x"), List.of("A", "B"), ids, ordinals, ts, new double[n], new double[n], new int[n]);
  }

  @Test
  void shouldPurgeLabelsThatReachTheNextSetAndEmbargoItsFirstBars() {
    FeatureMatrix data = twoSymbols();
    WalkForwardSplit.Sets sets = new WalkForwardSplit(0.6, 0.2, 3, 5).split(data);

    // Boundaries at bars 60 and 80. Train: ordinal + 3 < 60 -> 0..56. Validation: 65..76. Test: 85..99.
    assertThat(ordinals(data, sets.train())).containsOnly(range(0, 56));
    assertThat(ordinals(data, sets.validation())).containsOnly(range(65, 76));
    assertThat(ordinals(data, sets.test())).containsOnly(range(85, 99));
    assertThat(sets.train()).hasSize(2 * 57);
    long lastTrainLabelEnd = Arrays.stream(sets.train()).mapToLong(i -> data.barOrdinals()[i] + 3).max().orElseThrow();
    long firstValidation = Arrays.stream(sets.validation()).mapToLong(i -> data.barOrdinals()[i]).min().orElseThrow();
    assertThat(lastTrainLabelEnd).as("no training label reaches a validation bar").isLessThan(firstValidation);
  }

  @Test
  void shouldRefuseAnEmbargoShorterThanTheLabelHorizon() {
    assertThatThrownBy(() -> new WalkForwardSplit(0.6, 0.2, 5, 2)).hasMessageContaining("embargo (2 bars)");
  }

  private static Long[] range(long from, long toInclusive) {
    Long[] values = new Long[(int) (toInclusive - from + 1)];
    for (int i = 0; i < values.length; i++) {
      values[i] = from + i;
    }
    return values;
  }

  private static List<Long> ordinals(FeatureMatrix data, int[] rows) {
    return Arrays.stream(rows).mapToObj(i -> data.barOrdinals()[i]).toList();
  }
}
