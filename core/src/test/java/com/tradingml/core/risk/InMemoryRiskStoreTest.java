package com.tradingml.core.risk;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.T0;
import static com.tradingml.core.risk.RiskFixtures.buy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.risk.VersionedRiskObjectStore.StateWrite;
import com.tradingml.core.risk.VersionedRiskObjectStore.VersionedState;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-memory store's two views (objects and bytes) are one store: one version, the same contents. */
class InMemoryRiskStoreTest {

  private static final String ACCOUNT = "acct-1";

  private static RememberedDecision decision(String id) {
    OrderIntent order = buy(id, ACCOUNT, AAA, 10, 100.0);
    return new RememberedDecision(order, RiskDecision.of(id, PreTradeRiskChecks.evaluate(order,
        AccountRiskState.empty(ACCOUNT), RiskFixtures.reference(100.0, T0), RiskFixtures.limits(), T0)));
  }

  @Test
  void shouldShowAnObjectWriteThroughTheBytesViewAndTheOtherWayRound() {
    InMemoryRiskStore store = new InMemoryRiskStore();
    AccountRiskState first = AccountRiskState.empty(ACCOUNT).apply(buy("o1", ACCOUNT, AAA, 10, 100.0), T0);
    RememberedDecision o1 = decision("o1");

    assertThat(store.readState(ACCOUNT)).isEqualTo(VersionedState.ABSENT);
    assertThat(store.read(ACCOUNT).absent()).isTrue();
    assertThat(store.compareAndSetState(ACCOUNT, 0, new StateWrite(first, Map.of("o1", o1), Set.of()))).isTrue();

    assertThat(store.readState(ACCOUNT).state()).isSameAs(first);
    assertThat(store.read(ACCOUNT)).isEqualTo(new VersionedRiskStore.Versioned(1, RiskStateCodec.encode(first)));
    assertThat(store.readDecision(ACCOUNT, "o1")).hasValueSatisfying(
        bytes -> assertThat(RiskStateCodec.decodeDecision(bytes)).isEqualTo(o1));

    AccountRiskState second = first.rememberClientOrderId("o2", T0.plusSeconds(1));
    assertThat(store.compareAndSet(ACCOUNT, 0, new VersionedRiskStore.Write(RiskStateCodec.encode(second), Map.of(),
        Set.of()))).isFalse();
    assertThat(store.compareAndSet(ACCOUNT, 1, new VersionedRiskStore.Write(RiskStateCodec.encode(second),
        Map.of("o2", RiskStateCodec.encodeDecision(decision("o2"))), Set.of("o1")))).isTrue();

    assertThat(store.readState(ACCOUNT)).isEqualTo(new VersionedState(2, second));
    assertThat(store.readRememberedDecision(ACCOUNT, "o2")).contains(decision("o2"));
    assertThat(store.readRememberedDecision(ACCOUNT, "o1")).isEmpty();
    assertThat(store.compareAndSetState(ACCOUNT, 1, new StateWrite(first, Map.of(), Set.of()))).isFalse();
    assertThat(store.decisionCount(ACCOUNT)).isEqualTo(1);
  }

  @Test
  void shouldRefuseToDecodeCorruptBytesOnEveryReadOfTheObjectsView() {
    InMemoryRiskStore store = new InMemoryRiskStore();
    byte[] corrupt = RiskStateCodec.encode(AccountRiskState.empty(ACCOUNT));
    corrupt[corrupt.length - 1] ^= 1;
    store.compareAndSet(ACCOUNT, 0, new VersionedRiskStore.Write(corrupt, Map.of(), Set.of()));

    assertThatThrownBy(() -> store.readState(ACCOUNT)).hasMessageContaining("checksum");
    assertThatThrownBy(() -> store.readState(ACCOUNT)).hasMessageContaining("checksum");
    assertThat(store.read(ACCOUNT).state()).isEqualTo(corrupt);
  }

  @Test
  void shouldRefuseADecisionPutUnderAnotherId() {
    assertThatThrownBy(() -> new StateWrite(AccountRiskState.empty(ACCOUNT), Map.of("o2", decision("o1")), Set.of()))
        .hasMessageContaining("put under id o2");
  }
}
