package com.tradingml.core.risk;

import static com.tradingml.core.risk.RiskFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link ClientOrderIds} against a {@link TreeMap} doing the same, and its structure after every change. */
class ClientOrderIdsTest {

  /** The reference: a sorted map from which expired ids are removed by a scan. */
  private static TreeMap<String, Instant> withoutExpired(TreeMap<String, Instant> ids, Instant cutoff) {
    TreeMap<String, Instant> kept = new TreeMap<>(ids);
    kept.values().removeIf(t -> !t.isAfter(cutoff));
    return kept;
  }

  @Test
  void shouldMatchASortedMapThroughRandomRemembersAndExpiriesAndKeepEveryEarlierVersion() {
    Random random = new Random(20240304);
    ClientOrderIds ids = ClientOrderIds.EMPTY;
    TreeMap<String, Instant> expected = new TreeMap<>();
    List<ClientOrderIds> versions = new ArrayList<>();
    List<TreeMap<String, Instant>> expectedVersions = new ArrayList<>();
    Instant now = T0;
    for (int step = 0; step < 20_000; step++) {
      now = now.plusMillis(random.nextInt(20));
      int kind = random.nextInt(100);
      if (kind < 70) {
        // Mostly new ids at the current time; some reuse an id, some arrive out of time order.
        String id = kind < 5 && !expected.isEmpty() ? expected.firstKey() : "o" + random.nextInt(1_000_000);
        Instant at = kind >= 65 ? now.minusMillis(random.nextInt(2_000)) : now;
        ids = ids.with(id, at);
        expected.put(id, at);
      } else {
        Instant cutoff = now.minusMillis(500 + random.nextInt(1_500));
        List<String> removed = new ArrayList<>();
        ClientOrderIds pruned = ids.withoutExpired(cutoff, removed);
        TreeMap<String, Instant> kept = withoutExpired(expected, cutoff);
        TreeMap<String, Instant> gone = new TreeMap<>(expected);
        gone.keySet().removeAll(kept.keySet());
        assertThat(removed).containsExactlyInAnyOrderElementsOf(gone.keySet());
        assertThat(pruned == ids).isEqualTo(gone.isEmpty());
        ids = pruned;
        expected = kept;
      }
      ids.verifyInvariants();
      assertThat(ids.size()).isEqualTo(expected.size());
      if (step % 500 == 0) {
        assertThat(ids).isEqualTo(expected);
        assertThat(ids.hashCode()).isEqualTo(expected.hashCode());
        assertThat(ids.toString()).isEqualTo(expected.toString());
        versions.add(ids);
        expectedVersions.add(new TreeMap<>(expected));
      }
      String probe = "o" + random.nextInt(1_000_000);
      assertThat(ids.get(probe)).isEqualTo(expected.get(probe));
    }
    for (int v = 0; v < versions.size(); v++) {
      assertThat(versions.get(v)).as("version %d", v).containsExactlyEntriesOf(expectedVersions.get(v));
    }
  }

  @Test
  void shouldStayBalancedWhenIdsArriveInOrderAndExpireFromTheOldest() {
    ClientOrderIds ids = ClientOrderIds.EMPTY;
    Instant now = T0;
    for (int i = 0; i < 50_000; i++) {
      now = now.plusMillis(1);
      ids = ids.with(String.format("order-%08d", i), now).withoutExpired(now.minusSeconds(10), null);
    }
    ids.verifyInvariants();
    assertThat(ids).hasSize(10_000);
    assertThat(ids.firstKey()).isEqualTo("order-00040000");
    assertThat(ids.lastKey()).isEqualTo("order-00049999");
  }

  @Test
  void shouldBuildFromASortedMapAndIterateInKeyOrder() {
    TreeMap<String, Instant> source = new TreeMap<>(Map.of("b", T0.plusSeconds(1), "a", T0.plusSeconds(2), "c", T0));
    ClientOrderIds ids = ClientOrderIds.ofSorted(source);

    ids.verifyInvariants();
    assertThat(ids).containsExactlyEntriesOf(source);
    assertThat(ids.withoutExpired(T0, null)).containsOnlyKeys("a", "b");
    assertThat(ids.headMap("b")).containsOnlyKeys("a");
    assertThatThrownBy(() -> ids.put("d", T0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ids.entrySet().iterator().remove()).isInstanceOf(RuntimeException.class);
  }
}
