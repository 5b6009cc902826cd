package com.tradingml.serving.risk.redis;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.T0;
import static com.tradingml.core.risk.RiskFixtures.limits;
import static com.tradingml.core.risk.RiskFixtures.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.risk.RiskDecision;
import com.tradingml.core.risk.RiskFixtures;
import com.tradingml.core.risk.VersionedRiskState;
import com.tradingml.core.risk.VersionedRiskStore.Versioned;
import com.tradingml.core.risk.VersionedRiskStore.Write;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The store itself on the machine's Redis: key layout, the compare-and-set script, TTLs, errors. */
class RedisRiskStoreIT {

  private static final String PREFIX = RedisTestSupport.uniquePrefix(RedisRiskStoreIT.class);

  private RedisRiskStore store;
  private String account;

  @BeforeEach
  void open() {
    store = RedisTestSupport.store(PREFIX);
    account = "acct-" + Long.toHexString(System.nanoTime());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @AfterAll
  static void deleteKeys() {
    RedisTestSupport.deleteAll(PREFIX);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Write write(String state, Map<String, byte[]> put, Set<String> remove) {
    return new Write(bytes(state), put, remove);
  }

  @Test
  void shouldReadAnUnknownAccountAsVersionZeroWithoutBytes() {
    assertThat(store.read(account)).isEqualTo(Versioned.ABSENT);
    assertThat(store.readDecision(account, "nope")).isEmpty();
  }

  @Test
  void shouldWriteStateVersionAndDecisionsUnderTheDocumentedKeys() {
    boolean written = store.compareAndSet(account, 0, write("s1", Map.of("id-1", bytes("d1")), Set.of()));

    assertThat(written).isTrue();
    assertThat(store.read(account)).isEqualTo(new Versioned(1, bytes("s1")));
    assertThat(store.readDecision(account, "id-1")).hasValueSatisfying(d -> assertThat(d).isEqualTo(bytes("d1")));
    try (Jedis jedis = RedisTestSupport.connect()) {
      String stateKey = PREFIX + "{" + account + "}:state";
      String decisionKey = PREFIX + "{" + account + "}:order:id-1";
      assertThat(jedis.hgetAll(stateKey)).containsOnly(Map.entry("version", "1"), Map.entry("bytes", "s1"));
      assertThat(jedis.pttl(stateKey)).as("the state never expires").isEqualTo(-1);
      assertThat(jedis.get(decisionKey)).isEqualTo("d1");
      assertThat(jedis.pttl(decisionKey)).isPositive().isLessThanOrEqualTo(RedisTestSupport.DECISION_TTL.toMillis());
    }
  }

  @Test
  void shouldChangeNothingWhenTheVersionDiffers() {
    assertThat(store.compareAndSet(account, 0, write("s1", Map.of("a", bytes("da")), Set.of()))).isTrue();

    boolean stale = store.compareAndSet(account, 0, write("s2", Map.of("b", bytes("db")), Set.of("a")));
    boolean ahead = store.compareAndSet(account, 2, write("s3", Map.of("c", bytes("dc")), Set.of("a")));

    assertThat(stale).isFalse();
    assertThat(ahead).isFalse();
    assertThat(store.read(account)).isEqualTo(new Versioned(1, bytes("s1")));
    assertThat(store.readDecision(account, "a")).isPresent();
    assertThat(store.readDecision(account, "b")).isEmpty();
    assertThat(store.readDecision(account, "c")).isEmpty();
  }

  @Test
  void shouldRemoveForgottenDecisionsAndPutNewOnesInOneWrite() {
    store.compareAndSet(account, 0, write("s1", Map.of("a", bytes("da"), "b", bytes("db")), Set.of()));

    boolean written = store.compareAndSet(account, 1, write("s2", Map.of("c", bytes("dc")), Set.of("a", "b")));

    assertThat(written).isTrue();
    assertThat(store.read(account).version()).isEqualTo(2);
    assertThat(store.readDecision(account, "a")).isEmpty();
    assertThat(store.readDecision(account, "b")).isEmpty();
    assertThat(store.readDecision(account, "c")).hasValueSatisfying(d -> assertThat(d).isEqualTo(bytes("dc")));
  }

  @Test
  void shouldStoreArbitraryBinaryStateBytesExactly() {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }

    store.compareAndSet(account, 0, new Write(all, Map.of("x", all), Set.of()));

    assertThat(store.read(account).state()).isEqualTo(all);
    assertThat(store.readDecision(account, "x")).hasValueSatisfying(d -> assertThat(d).isEqualTo(all));
  }

  @Test
  void shouldExpireADecisionKeyAfterTheDecisionTtl() throws InterruptedException {
    try (RedisRiskStore shortLived = RedisRiskStore.builder().url(RedisTestSupport.URL).keyPrefix(PREFIX)
        .timeouts(RedisTestSupport.RELAXED_TIMEOUT).decisionTtl(Duration.ofMillis(100)).build()) {
      shortLived.compareAndSet(account, 0, write("s1", Map.of("gone", bytes("d")), Set.of()));
      assertThat(shortLived.readDecision(account, "gone")).isPresent();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (shortLived.readDecision(account, "gone").isPresent() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      assertThat(shortLived.readDecision(account, "gone")).isEmpty();
      assertThat(shortLived.read(account)).as("the state stays").isEqualTo(new Versioned(1, bytes("s1")));
    }
  }

  @Test
  void shouldKeepAccountsWithBracesAndColonsApartFromOtherKeys() {
    String tricky = account + "}:order:x";
    String plainId = "x}:state";

    store.compareAndSet(tricky, 0, write("tricky", Map.of(), Set.of()));
    store.compareAndSet(account, 0, write("plain", Map.of(plainId, bytes("decision")), Set.of()));

    assertThat(store.read(tricky)).isEqualTo(new Versioned(1, bytes("tricky")));
    assertThat(store.read(account)).isEqualTo(new Versioned(1, bytes("plain")));
    assertThat(store.keys().stateKey(tricky)).isEqualTo(PREFIX + "{" + account + "%7D:order:x}:state");
  }

  @Test
  void shouldCountEveryCompareAndSetExactlyOnceUnderEightThreadsAndTwoPools() throws Exception {
    int threads = 8;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try (RedisRiskStore other = RedisTestSupport.store(PREFIX)) {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        RedisRiskStore mine = t % 2 == 0 ? store : other;
        futures.add(pool.submit(() -> {
          start.await();
          int won = 0;
          while (won < perThread) {
            Versioned current = mine.read(account);
            long count = current.absent() ? 0 : Long.parseLong(new String(current.state(), StandardCharsets.UTF_8));
            if (mine.compareAndSet(account, current.version(), write(Long.toString(count + 1), Map.of(), Set.of()))) {
              won++;
            }
          }
          return won;
        }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> future : futures) {
        total += future.get(120, TimeUnit.SECONDS);
      }

      Versioned end = store.read(account);
      assertThat(total).isEqualTo(threads * perThread);
      assertThat(end.version()).isEqualTo(total);
      assertThat(new String(end.state(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(total));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldRejectOrdersWhenTheStoredStateIsCorrupt() {
    try (Jedis jedis = RedisTestSupport.connect()) {
      jedis.hset(store.keys().stateKey(account), Map.of("version", "3", "bytes", "not a risk state"));
    }
    String noBytes = account + "-no-bytes";
    try (Jedis jedis = RedisTestSupport.connect()) {
      jedis.hset(store.keys().stateKey(noBytes), "version", "1");
    }
    VersionedRiskState risk = new VersionedRiskState(store);

    RiskDecision garbage = risk.submit(RiskFixtures.buy("c1", account, AAA, 1, 100.0), reference(100.0, T0), limits(),
        T0);
    RiskDecision missing = risk.submit(RiskFixtures.buy("c2", noBytes, AAA, 1, 100.0), reference(100.0, T0), limits(),
        T0);

    assertThat(garbage.reason()).isEqualTo(RiskDecision.RISK_STATE_UNAVAILABLE);
    assertThat(garbage.checks().get(0).reason()).contains("corrupt risk state");
    assertThat(missing.reason()).isEqualTo(RiskDecision.RISK_STATE_UNAVAILABLE);
    assertThat(missing.checks().get(0).reason()).contains("a version but no bytes");
  }

  @Test
  void shouldThrowAnExceptionNamingTheEndpointButNotThePasswordWhenRedisIsUnreachable() {
    int port = RedisTestSupport.unusedPort();
    try (RedisRiskStore down = RedisRiskStore.fromUrl("redis://ops:s3cr%2Bt@127.0.0.1:" + port + "/2",
        Duration.ofMinutes(1))) {
      assertThatThrownBy(() -> down.read(account))
          .isInstanceOf(RedisRiskStoreException.class)
          .hasMessageStartingWith("redis://ops:***@127.0.0.1:" + port + "/2 read of account " + account + " failed")
          .hasMessageNotContaining("s3cr");
      assertThat(down.reachable()).isFalse();
    }
    assertThat(store.reachable()).isTrue();
  }
}
