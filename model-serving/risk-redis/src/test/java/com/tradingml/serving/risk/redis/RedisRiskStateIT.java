package com.tradingml.serving.risk.redis;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.T0;
import static com.tradingml.core.risk.RiskFixtures.limits;
import static com.tradingml.core.risk.RiskFixtures.reference;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.risk.AccountRiskState;
import com.tradingml.core.risk.KillSwitch;
import com.tradingml.core.risk.RiskDecision;
import com.tradingml.core.risk.RiskFixtures;
import com.tradingml.core.risk.RiskState;
import com.tradingml.core.risk.RiskStateContract;
import com.tradingml.core.risk.VersionedRiskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisRiskStore} under {@link VersionedRiskState} runs the whole {@link RiskStateContract} on the
 * machine's Redis. Every {@link Backend#newInstance()} is a separate {@link RedisRiskStore} with its own
 * connection pool, as two service replicas (R4, R7 across instances) or a restarted service (R5) would be;
 * they share only the Redis server and the key prefix.
 */
class RedisRiskStateIT extends RiskStateContract {

  private static final String PREFIX = RedisTestSupport.uniquePrefix(RedisRiskStateIT.class);
  private static final List<RedisRiskStore> FAILING = new CopyOnWriteArrayList<>();

  @AfterAll
  static void deleteKeysAndClosePools() {
    FAILING.forEach(RedisRiskStore::close);
    RedisTestSupport.deleteAll(PREFIX);
  }

  @Override
  protected Backend newBackend() {
    return new Backend() {
      private final List<RedisRiskStore> stores = new CopyOnWriteArrayList<>();

      @Override
      public RiskState newInstance() {
        RedisRiskStore store = RedisTestSupport.store(PREFIX);
        stores.add(store);
        return new VersionedRiskState(store);
      }

      @Override
      public void close() {
        stores.forEach(RedisRiskStore::close);
      }
    };
  }

  /** Redis "unreachable": a loopback port nothing listens on, with the production default timeouts. */
  @Override
  protected RiskState newInstanceOverFailingBackend() {
    RedisRiskStore store = RedisRiskStore.builder().endpoint(RedisEndpoint.of("127.0.0.1",
        RedisTestSupport.unusedPort())).keyPrefix(PREFIX).decisionTtl(RedisTestSupport.DECISION_TTL).build();
    FAILING.add(store);
    return new VersionedRiskState(store);
  }

  @Test
  void shouldKeepTheKillSwitchLatchedAfterEveryInstanceAndPoolIsClosed() {
    String account = "restart-" + Long.toHexString(System.nanoTime());
    try (RedisRiskStore before = RedisTestSupport.store(PREFIX)) {
      RiskState risk = new VersionedRiskState(before);
      assertThat(risk.submit(RiskFixtures.buy("o1", account, AAA, 100, 100.0), reference(100.0, T0), limits(), T0)
          .accepted()).isTrue();
      assertThat(risk.engageKillSwitch(account, "operator: halt", T0).applied()).isTrue();
    }

    Instant later = T0.plus(Duration.ofDays(3));
    // A new process: configured from the URL, plus the prefix this test writes under.
    try (RedisRiskStore restarted = RedisRiskStore.builder().url(RedisTestSupport.URL).keyPrefix(PREFIX)
        .timeouts(RedisTestSupport.RELAXED_TIMEOUT).decisionTtl(RedisTestSupport.DECISION_TTL).build();
        RedisRiskStore defaultPrefix = RedisRiskStore.builder().url(RedisTestSupport.URL)
            .timeouts(RedisTestSupport.RELAXED_TIMEOUT).decisionTtl(RedisTestSupport.DECISION_TTL).build()) {
      RiskState risk = new VersionedRiskState(restarted);
      RiskDecision increase = risk.submit(RiskFixtures.buy("o2", account, AAA, 1, 100.0), reference(100.0, later),
          limits(), later);

      assertThat(risk.killSwitchEngaged(account)).isTrue();
      assertThat(risk.snapshot(account).orElseThrow().killSwitch())
          .isEqualTo(new KillSwitch(true, "operator: halt", T0));
      assertThat(increase.reason()).isEqualTo("kill_switch");
      assertThat(risk.snapshot(account).orElseThrow().positionOf(AAA)).isEqualTo(100);
      // Under the default prefix the account does not exist: the prefix separates environments.
      assertThat(new VersionedRiskState(defaultPrefix).snapshot(account)).contains(AccountRiskState.empty(account));
    }
  }
}
