package com.tradingml.core.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.market.Symbol;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SortedArrayMapTest {

  @Test
  void shouldMatchATreeMapThroughRandomChangesAndKeepEveryEarlierVersion() {
    Random random = new Random(11);
    SortedArrayMap<Symbol, Long> map = SortedArrayMap.empty();
    TreeMap<Symbol, Long> expected = new TreeMap<>();
    List<SortedArrayMap<Symbol, Long>> versions = new ArrayList<>();
    List<TreeMap<Symbol, Long>> expectedVersions = new ArrayList<>();
    for (int step = 0; step < 5_000; step++) {
      // New Symbol instances each time: lookups must not depend on identity.
      Symbol symbol = Symbol.of("S" + random.nextInt(60));
      if (random.nextInt(3) > 0) {
        long value = random.nextInt(1_000);
        map = map.with(symbol, value);
        expected.put(symbol, value);
      } else {
        map = map.without(symbol);
        expected.remove(symbol);
      }
      assertThat(map).containsExactlyEntriesOf(expected);
      Symbol probe = Symbol.of("S" + random.nextInt(70));
      assertThat(map.get(probe)).isEqualTo(expected.get(probe));
      assertThat(map.containsKey(probe)).isEqualTo(expected.containsKey(probe));
      if (step % 100 == 0) {
        assertThat(map).isEqualTo(expected).hasSameHashCodeAs(expected).hasToString(expected.toString());
        SortedArrayMap<Symbol, Long> rebuilt = SortedArrayMap.ofSorted(expected);
        assertThat(map.equals(rebuilt)).isTrue();
        assertThat(map.hashCode()).isEqualTo(rebuilt.hashCode());
        if (!map.isEmpty()) {
          assertThat(map.equals(map.with(map.firstKey(), -1L))).isFalse();
          assertThat(map.equals(map.without(map.lastKey()))).isFalse();
        }
        versions.add(map);
        expectedVersions.add(new TreeMap<>(expected));
      }
    }
    for (int v = 0; v < versions.size(); v++) {
      assertThat(versions.get(v)).as("version %d", v).containsExactlyEntriesOf(expectedVersions.get(v));
    }
  }

  @Test
  void shouldSeekForwardInKeyOrder() {
    TreeMap<Symbol, Long> source = new TreeMap<>();
    for (String s : new String[] {"A", "C", "E"}) {
      source.put(Symbol.of(s), 1L);
    }
    SortedArrayMap<Symbol, Long> map = SortedArrayMap.ofSorted(source);

    assertThat(map.seek(Symbol.of("C"), 0)).isEqualTo(1);
    assertThat(map.seek(Symbol.of("C"), 1)).isEqualTo(1);
    assertThat(map.seek(Symbol.of("D"), 0)).isEqualTo(-3);
    assertThat(map.seek(Symbol.of("F"), 2)).isEqualTo(-4);
    assertThat(map.firstKey()).isEqualTo(Symbol.of("A"));
    assertThat(map.tailMap(Symbol.of("B"))).containsOnlyKeys(Symbol.of("C"), Symbol.of("E"));
    assertThatThrownBy(() -> map.put(Symbol.of("B"), 2L)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.with(Symbol.of("B"), null)).isInstanceOf(NullPointerException.class);
  }
}
