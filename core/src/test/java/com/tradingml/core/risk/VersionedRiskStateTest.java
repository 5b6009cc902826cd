package com.tradingml.core.risk;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.T0;
import static com.tradingml.core.risk.RiskFixtures.buy;
import static com.tradingml.core.risk.RiskFixtures.limits;
import static com.tradingml.core.risk.RiskFixtures.looseLimitsBuilder;
import static com.tradingml.core.risk.RiskFixtures.reference;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Failure modes of {@link VersionedRiskState} that need a hand-made store (the contract covers the rest). */
class VersionedRiskStateTest {

  private static final String ACCOUNT = "acct-1";

  /** A store that delegates to an in-memory one, with hooks to misbehave. */
  private static class DelegatingStore implements VersionedRiskStore {
    final InMemoryRiskStore delegate = new InMemoryRiskStore();

    @Override
    public Versioned read(String account) {
      return delegate.read(account);
    }

    @Override
    public Optional<byte[]> readDecision(String account, String clientOrderId) {
      return delegate.readDecision(account, clientOrderId);
    }

    @Override
    public boolean compareAndSet(String account, long expectedVersion, Write write) {
      return delegate.compareAndSet(account, expectedVersion, write);
    }
  }

  @Test
  void shouldFailClosedWhenTheStoredStateIsCorrupt() {
    InMemoryRiskStore store = new InMemoryRiskStore();
    byte[] good = RiskStateCodec.encode(AccountRiskState.empty(ACCOUNT));
    good[good.length / 2] ^= 1;
    store.compareAndSet(ACCOUNT, 0, new VersionedRiskStore.Write(good, Map.of(), Set.of()));
    RiskState risk = new InMemoryRiskState(store);

    RiskDecision decision = risk.submit(buy("o1", ACCOUNT, AAA, 1, 100.0), reference(100.0, T0), limits(), T0);

    assertThat(decision.reason()).isEqualTo(RiskDecision.RISK_STATE_UNAVAILABLE);
    assertThat(decision.checks().get(0).reason())
        .isEqualTo("IllegalArgumentException: corrupt risk state: checksum mismatch");
    assertThat(risk.snapshot(ACCOUNT)).isEmpty();
    assertThat(risk.killSwitchEngaged(ACCOUNT)).isTrue();
  }

  @Test
  void shouldFailClosedWhenTheStoreAnswersWithAnotherAccountsState() {
    InMemoryRiskStore store = new InMemoryRiskStore();
    store.compareAndSet(ACCOUNT, 0, new VersionedRiskStore.Write(
        RiskStateCodec.encode(AccountRiskState.empty("someone-else")), Map.of(), Set.of()));

    RiskDecision decision = new InMemoryRiskState(store)
        .submit(buy("o1", ACCOUNT, AAA, 1, 100.0), reference(100.0, T0), limits(), T0);

    assertThat(decision.reason()).isEqualTo(RiskDecision.RISK_STATE_UNAVAILABLE);
    assertThat(decision.checks().get(0).reason()).contains("state of account someone-else for acct-1");
  }

  @Test
  void shouldFailClosedWhenOnlyTheWriteFailsAndLeaveTheStateUnchanged() {
    DelegatingStore store = new DelegatingStore() {
      @Override
      public boolean compareAndSet(String account, long expectedVersion, Write write) {
        throw new IllegalStateException("READONLY You can't write against a read only replica.");
      }
    };

    RiskDecision decision = new VersionedRiskState(store)
        .submit(buy("o1", ACCOUNT, AAA, 1, 100.0), reference(100.0, T0), limits(), T0);

    assertThat(decision.reason()).isEqualTo(RiskDecision.RISK_STATE_UNAVAILABLE);
    assertThat(decision.checks().get(0).reason()).contains("READONLY");
    assertThat(store.read(ACCOUNT).absent()).isTrue();
  }

  @Test
  void shouldFailClosedAfterMaxAttemptsOfLostRaces() {
    AtomicInteger attempts = new AtomicInteger();
    DelegatingStore store = new DelegatingStore() {
      @Override
      public boolean compareAndSet(String account, long expectedVersion, Write write) {
        attempts.incrementAndGet();
        return false;
      }
    };

    RiskDecision decision = new VersionedRiskState(store, 7)
        .submit(buy("o1", ACCOUNT, AAA, 1, 100.0), reference(100.0, T0), limits(), T0);

    assertThat(decision.reason()).isEqualTo(RiskDecision.RISK_STATE_UNAVAILABLE);
    assertThat(decision.checks().get(0).reason()).contains("7 consecutive attempts (contention)");
    assertThat(attempts).hasValue(7);
  }

  @Test
  void shouldReEvaluateAgainstTheNewStateAfterLosingARace() {
    RiskLimits limits = looseLimitsBuilder().maxPosition(150).build();
    AtomicInteger interleavings = new AtomicInteger();
    DelegatingStore store = new DelegatingStore();
    VersionedRiskState rival = new VersionedRiskState(store.delegate);
    DelegatingStore racing = new DelegatingStore() {
      @Override
      public Versioned read(String account) {
        return store.read(account);
      }

      @Override
      public boolean compareAndSet(String account, long expectedVersion, Write write) {
        if (interleavings.getAndIncrement() == 0) {
          // Another instance gets its order in between our read and our write.
          assertThat(rival.submit(buy("rival", ACCOUNT, AAA, 100, 100.0), reference(100.0, T0), limits, T0)
              .accepted()).isTrue();
        }
        return store.compareAndSet(account, expectedVersion, write);
      }
    };

    RiskDecision mine = new VersionedRiskState(racing)
        .submit(buy("mine", ACCOUNT, AAA, 100, 100.0), reference(100.0, T0), limits, T0);

    assertThat(interleavings).hasValue(2);
    assertThat(mine.reason()).isEqualTo("position_limit");
    assertThat(rival.snapshot(ACCOUNT).orElseThrow().positionOf(AAA)).isEqualTo(100);
  }

  @Test
  void shouldForgetTheDecisionsOfExpiredClientOrderIds() {
    InMemoryRiskState risk = new InMemoryRiskState();
    RiskLimits limits = RiskFixtures.limitsBuilder().clientOrderIdRetention(Duration.ofSeconds(1)).build();

    risk.submit(buy("o1", ACCOUNT, AAA, 1, 100.0), reference(100.0, T0), limits, T0);
    risk.submit(buy("o2", ACCOUNT, AAA, 1, 100.0), Optional.empty(), limits, T0.plusMillis(500));
    assertThat(risk.backend().decisionCount(ACCOUNT)).isEqualTo(2);
    risk.submit(buy("o3", ACCOUNT, AAA, 1, 100.0), reference(100.0, T0.plusSeconds(1)), limits, T0.plusSeconds(1));

    assertThat(risk.backend().decisionCount(ACCOUNT)).isEqualTo(2);
    assertThat(risk.backend().readDecision(ACCOUNT, "o1")).isEmpty();
    assertThat(risk.snapshot(ACCOUNT).orElseThrow().clientOrderIds()).containsOnlyKeys("o2", "o3");
  }

  @Test
  void shouldRejectARememberedIdWhoseDecisionIsLostWithoutCountingIt() {
    DelegatingStore store = new DelegatingStore() {
      @Override
      public Optional<byte[]> readDecision(String account, String clientOrderId) {
        return Optional.empty();
      }
    };
    VersionedRiskState risk = new VersionedRiskState(store);
    OrderIntent order = buy("o1", ACCOUNT, AAA, 10, 100.0);
    risk.submit(order, reference(100.0, T0), limits(), T0);

    RiskDecision retry = risk.submit(order, reference(100.0, T0), limits(), T0.plusSeconds(1));

    assertThat(retry.replay()).isFalse();
    assertThat(retry.reason()).isEqualTo("duplicate_client_order_id");
    assertThat(risk.snapshot(ACCOUNT).orElseThrow().positionOf(AAA)).isEqualTo(10);
    assertThat(store.delegate.readDecision(ACCOUNT, "o1")).isPresent();
  }

  @Test
  void shouldFailClosedWhenTheStoreReturnsNothing() {
    DelegatingStore store = new DelegatingStore() {
      @Override
      public Versioned read(String account) {
        return null;
      }
    };
    RiskDecision decision = new VersionedRiskState(store)
        .submit(buy("o1", ACCOUNT, AAA, 1, 100.0), reference(100.0, T0), limits(), T0);
    assertThat(decision.reason()).isEqualTo(RiskDecision.RISK_STATE_UNAVAILABLE);
  }
}
