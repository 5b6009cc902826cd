package com.tradingml.core.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SortedLogTest {

  private static final Comparator<Integer> ORDER = Comparator.naturalOrder();

  @Test
  void shouldMatchASortedListThroughRandomInsertsAndDropsAndKeepEveryEarlierVersion() {
    Random random = new Random(7);
    SortedLog<Integer> log = SortedLog.empty();
    List<Integer> expected = new ArrayList<>();
    List<SortedLog<Integer>> versions = new ArrayList<>();
    List<List<Integer>> expectedVersions = new ArrayList<>();
    int clock = 0;
    for (int step = 0; step < 20_000; step++) {
      if (random.nextInt(10) < 7) {
        clock += random.nextInt(3);
        int value = random.nextInt(20) == 0 ? clock - random.nextInt(50) : clock;
        int at = expected.size();
        while (at > 0 && expected.get(at - 1) > value) {
          at--;
        }
        expected.add(at, value);
        log = log.insert(value, ORDER);
      } else {
        int drop = random.nextInt(Math.min(expected.size(), 5) + 1);
        expected.subList(0, drop).clear();
        log = log.dropFirst(drop);
      }
      assertThat(log.size()).isEqualTo(expected.size());
      if (step % 250 == 0) {
        assertThat(log).containsExactlyElementsOf(expected);
        assertThat(log).isEqualTo(expected).hasSameHashCodeAs(expected);
        versions.add(log);
        expectedVersions.add(new ArrayList<>(expected));
        // A branch off an old version must not disturb what later versions see.
        SortedLog<Integer> old = versions.get(random.nextInt(versions.size()));
        old.insert(Integer.MAX_VALUE, ORDER);
      }
    }
    for (int v = 0; v < versions.size(); v++) {
      assertThat(versions.get(v)).as("version %d", v).containsExactlyElementsOf(expectedVersions.get(v));
    }
  }

  @Test
  void shouldLetTwoListsExtendTheSameListIndependently() {
    SortedLog<Integer> base = SortedLog.<Integer>empty().insert(1, ORDER).insert(2, ORDER);
    SortedLog<Integer> first = base.insert(3, ORDER);
    SortedLog<Integer> second = base.insert(4, ORDER);

    assertThat(base).containsExactly(1, 2);
    assertThat(first).containsExactly(1, 2, 3);
    assertThat(second).containsExactly(1, 2, 4);
    assertThat(first.insert(5, ORDER)).containsExactly(1, 2, 3, 5);
    assertThat(second.insert(6, ORDER)).containsExactly(1, 2, 4, 6);
  }

  @Test
  void shouldKeepListsCorrectWhenThreadsExtendTheSameListConcurrently() throws Exception {
    SortedLog<Integer> base = SortedLog.<Integer>empty().insert(0, ORDER);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          boolean ok = true;
          for (int round = 0; round < 20_000; round++) {
            SortedLog<Integer> mine = base;
            for (int k = 1; k <= 4; k++) {
              mine = mine.insert(k * 10 + thread, ORDER);
            }
            ok &= mine.equals(List.of(0, 10 + thread, 20 + thread, 30 + thread, 40 + thread));
          }
          return ok;
        }));
      }
      start.countDown();
      for (Future<Boolean> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(base).containsExactly(0);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldFindTheFirstElementAfterAKeyAndRefuseChanges() {
    SortedLog<Integer> log = SortedLog.<Integer>empty().insert(1, ORDER).insert(3, ORDER).insert(3, ORDER)
        .insert(5, ORDER);

    assertThat(log.firstAfter(0, ORDER)).isZero();
    assertThat(log.firstAfter(3, ORDER)).isEqualTo(3);
    assertThat(log.firstAfter(4, ORDER)).isEqualTo(3);
    assertThat(log.firstAfter(5, ORDER)).isEqualTo(4);
    assertThat(log.dropFirst(4)).isEmpty();
    assertThatThrownBy(() -> log.add(6)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> log.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
