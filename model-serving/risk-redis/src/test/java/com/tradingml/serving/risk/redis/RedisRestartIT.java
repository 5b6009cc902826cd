package com.tradingml.serving.risk.redis;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.T0;
import static com.tradingml.core.risk.RiskFixtures.limits;
import static com.tradingml.core.risk.RiskFixtures.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.tradingml.core.risk.KillSwitch;
import com.tradingml.core.risk.OrderIntent;
import com.tradingml.core.risk.RiskDecision;
import com.tradingml.core.risk.RiskFixtures;
import com.tradingml.core.risk.VersionedRiskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis itself going away and coming back, on a redis-server of the test's own ({@link PrivateRedis}): fail
 * closed while it is down (R8), recover without a service restart when it is back (the script cache is then
 * empty: EVALSHA falls back to EVAL; pooled connections are dead: one call fails, the pool is dropped), and
 * with an fsync-always append-only file, the kill switch latch survives a Redis crash (R5).
 */
class RedisRestartIT {

  private static final String PREFIX = "test:restart:";

  @BeforeAll
  static void needRedisServer() {
    assumeTrue(PrivateRedis.available(), "redis-server is not on the PATH");
  }

  private static RedisRiskStore storeOn(PrivateRedis redis) {
    return RedisRiskStore.builder().endpoint(RedisEndpoint.of("127.0.0.1", redis.port())).keyPrefix(PREFIX)
        .decisionTtl(Duration.ofHours(1)).build();
  }

  private static OrderIntent buy(String id, long quantity) {
    return RiskFixtures.buy(id, "acct", AAA, quantity, 100.0);
  }

  private static RiskDecision submit(VersionedRiskState risk, OrderIntent order) {
    return risk.submit(order, reference(100.0, T0), limits(), T0);
  }

  @Test
  void shouldRejectWhileRedisIsDownAndAcceptAgainOnceItIsBack() throws Exception {
    try (PrivateRedis redis = PrivateRedis.start(false); RedisRiskStore store = storeOn(redis)) {
      VersionedRiskState risk = new VersionedRiskState(store);
      assertThat(submit(risk, buy("o1", 10)).accepted()).isTrue();

      redis.crash();
      List<String> whileDown = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        whileDown.add(submit(risk, buy("down-" + i, 10)).reason());
      }
      redis.restart();
      RiskDecision back = submit(risk, buy("o2", 10));

      assertThat(whileDown).containsOnly(RiskDecision.RISK_STATE_UNAVAILABLE);
      assertThat(back.accepted()).isTrue();
      // Without persistence the restarted Redis is empty: only o2 counts.
      assertThat(risk.snapshot("acct").orElseThrow().positionOf(AAA)).isEqualTo(10);
    }
  }

  @Test
  void shouldFailAtMostOneOrderOnStalePooledConnectionsAfterARedisRestart() throws Exception {
    try (PrivateRedis redis = PrivateRedis.start(false); RedisRiskStore store = storeOn(redis)) {
      VersionedRiskState risk = new VersionedRiskState(store);
      assertThat(submit(risk, buy("o1", 10)).accepted()).isTrue();

      // No call between crash and restart: the pool still holds the dead connections.
      redis.crash();
      redis.restart();
      List<RiskDecision> after = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        after.add(submit(risk, buy("after-" + i, 10)));
      }

      assertThat(after.stream().filter(d -> d.reason().equals(RiskDecision.RISK_STATE_UNAVAILABLE)).count())
          .isLessThanOrEqualTo(1);
      assertThat(after.subList(1, 5)).allMatch(RiskDecision::accepted);
    }
  }

  @Test
  void shouldKeepTheKillSwitchLatchedAcrossARedisCrashWhenRedisFsyncsEveryWrite() throws Exception {
    try (PrivateRedis redis = PrivateRedis.start(true)) {
      try (RedisRiskStore store = storeOn(redis)) {
        VersionedRiskState risk = new VersionedRiskState(store);
        assertThat(submit(risk, buy("o1", 10)).accepted()).isTrue();
        assertThat(risk.engageKillSwitch("acct", "operator: halt", T0).applied()).isTrue();
      }

      redis.crash();
      redis.restart();

      try (RedisRiskStore store = storeOn(redis)) {
        VersionedRiskState risk = new VersionedRiskState(store);
        assertThat(risk.snapshot("acct").orElseThrow().killSwitch()).isEqualTo(new KillSwitch(true, "operator: halt",
            T0));
        assertThat(submit(risk, buy("o2", 1)).reason()).isEqualTo("kill_switch");
        assertThat(risk.snapshot("acct").orElseThrow().positionOf(AAA)).isEqualTo(10);
      }
    }
  }
}
