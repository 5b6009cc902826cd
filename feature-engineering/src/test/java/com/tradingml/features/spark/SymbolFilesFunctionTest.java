package com.tradingml.features.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How a symbol's files are put in time order: runs of overlapping files, and the sort inside a run. */
class SymbolFilesFunctionTest {

  @Test
  void shouldCutFilesIntoRunsWhoseTimeRangesDoNotOverlapInOrderOfTheirStart() {
    BarFilePlan.BarFile late = file("late", 300, 399);
    BarFilePlan.BarFile early = file("early", 0, 99);
    BarFilePlan.BarFile backfill = file("backfill", 50, 150); // overlaps early
    BarFilePlan.BarFile middle = file("middle", 200, 299);

    List<List<BarFilePlan.BarFile>> runs = SymbolFilesFunction.runs(List.of(late, early, middle, backfill));

    assertThat(runs).containsExactly(List.of(early, backfill), List.of(middle), List.of(late));
  }

  @Test
  void shouldPutAFileWithoutTimeBoundsInOneRunWithEverything() {
    BarFilePlan.BarFile unknown = file("unknown", Long.MIN_VALUE, Long.MAX_VALUE);
    BarFilePlan.BarFile first = file("first", 0, 99);
    BarFilePlan.BarFile second = file("second", 100, 199);

    assertThat(SymbolFilesFunction.runs(List.of(first, second, unknown)))
        .containsExactly(List.of(unknown, first, second));
  }

  @Test
  void shouldNotSortRowsAlreadyInOrder() {
    assertThat(SymbolFilesFunction.TimeOrder.of(new long[] {1, 2, 2, 5, 9}, 5)).isNull();
    assertThat(SymbolFilesFunction.TimeOrder.of(new long[] {3, 1, 2}, 1)).as("only the first n count").isNull();
  }

  @Test
  void shouldSortInterleavedFilesStablyByTimestamp() {
    // two files of one run, appended one after the other: even minutes, then odd ones
    long[] micros = {0, 2, 4, 6, 1, 3, 5, 4};
    int[] order = SymbolFilesFunction.TimeOrder.of(micros, micros.length);
    assertThat(order).containsExactly(0, 4, 1, 5, 2, 7, 6, 3).as("equal timestamps keep their order: 2 before 7");
  }

  @Test
  void shouldSortLikeTheLibrarySortOnRandomInput() {
    SplittableRandom random = new SplittableRandom(5);
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + random.nextInt(500);
      long[] micros = new long[n + 3];
      for (int i = 0; i < micros.length; i++) {
        micros[i] = random.nextLong(100);
      }
      int[] order = SymbolFilesFunction.TimeOrder.of(micros, n);
      long[] expected = java.util.Arrays.copyOf(micros, n);
      java.util.Arrays.sort(expected);
      if (order == null) {
        assertThat(java.util.Arrays.copyOf(micros, n)).isEqualTo(expected);
        continue;
      }
      assertThat(order).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(micros[order[i]]).isEqualTo(expected[i]);
        if (i > 0 && micros[order[i]] == micros[order[i - 1]]) {
          assertThat(order[i]).as("stable").isGreaterThan(order[i - 1]);
        }
      }
    }
  }

  private static BarFilePlan.BarFile file(String name, long min, long max) {
    return new BarFilePlan.BarFile(name, 1, 1, min, max);
  }
}
