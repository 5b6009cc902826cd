package com.tradingml.serving.risk.redis;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.T0;
import static com.tradingml.core.risk.RiskFixtures.reference;

import com.tradingml.core.risk.RiskDecision;
import com.tradingml.core.risk.RiskFixtures;
import com.tradingml.core.risk.RiskLimits;
import com.tradingml.core.risk.VersionedRiskState;
import com.tradingml.core.risk.VersionedRiskStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One "service instance" in its own JVM for {@link TwoJvmPositionLimitIT}: opens its own store and pool,
 * prints {@code READY}, waits for {@code GO} on stdin, buys 1 share of AAA {@code orders} times on one account
 * and prints {@code RESULT reason=count ...} (accepted orders as {@code accepted}), its first and last submit
 * times ({@code firstMillis}, {@code lastMillis}) and how many of its compare-and-sets lost a race to the
 * other JVM ({@code lostRaces}).
 *
 * <p>Arguments: redis URL, key prefix, account, worker name, orders, max position.
 */
public final class PositionLimitWorker {

  private PositionLimitWorker() {
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String prefix = args[1];
    String account = args[2];
    String worker = args[3];
    int orders = Integer.parseInt(args[4]);
    long maxPosition = Long.parseLong(args[5]);
    RiskLimits limits = RiskFixtures.looseLimitsBuilder().maxPosition(maxPosition)
        .clientOrderIdRetention(Duration.ofMillis(50)).build();
    try (RedisRiskStore store = RedisRiskStore.builder().url(url).keyPrefix(prefix)
        .timeouts(RedisTestSupport.RELAXED_TIMEOUT).decisionTtl(Duration.ofMinutes(10)).build()) {
      AtomicLong lostRaces = new AtomicLong();
      VersionedRiskStore counting = new VersionedRiskStore() {
        @Override
        public Versioned read(String a) {
          return store.read(a);
        }

        @Override
        public Optional<byte[]> readDecision(String a, String id) {
          return store.readDecision(a, id);
        }

        @Override
        public boolean compareAndSet(String a, long expectedVersion, Write write) {
          boolean written = store.compareAndSet(a, expectedVersion, write);
          if (!written) {
            lostRaces.incrementAndGet();
          }
          return written;
        }
      };
      VersionedRiskState risk = new VersionedRiskState(counting);
      // Warm up the connection (and the JIT a little) on another account before the race.
      risk.snapshot(account + "-warmup-" + worker);
      System.out.println("READY");
      System.out.flush();
      BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = stdin.readLine();
      if (!"GO".equals(line)) {
        System.out.println("RESULT aborted=1");
        return;
      }
      Map<String, Long> counts = new TreeMap<>();
      long firstMillis = System.currentTimeMillis();
      for (int i = 0; i < orders; i++) {
        Instant at = T0.plusMillis(i);
        RiskDecision decision = risk.submit(RiskFixtures.buy(worker + "-" + i, account, AAA, 1, 100.0),
            reference(100.0, at), limits, at);
        counts.merge(decision.accepted() ? "accepted" : decision.reason(), 1L, Long::sum);
        if (RiskDecision.RISK_STATE_UNAVAILABLE.equals(decision.reason())) {
          // Why, for the failsafe report: the test accepts no such outcome.
          System.err.println(worker + " order " + i + ": " + decision.checks());
        }
      }
      counts.put("firstMillis", firstMillis);
      counts.put("lastMillis", System.currentTimeMillis());
      counts.put("lostRaces", lostRaces.get());
      StringBuilder result = new StringBuilder("RESULT");
      counts.forEach((reason, count) -> result.append(' ').append(reason).append('=').append(count));
      System.out.println(result);
      System.out.flush();
    }
  }
}
