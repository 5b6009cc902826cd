package com.tradingml.serving.risk.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The machine's Redis for integration tests ({@code -Drisk.redis.url}, default {@code redis://127.0.0.1:6379/0}).
 * Tests never flush it (other tests and services may share it): each test class writes under its own key
 * prefix and deletes that prefix afterwards.
 */
final class RedisTestSupport {

  static final String URL = System.getProperty("risk.redis.url", "redis://127.0.0.1:6379/0");

  /**
   * Generous timeouts for correctness tests on a shared, loaded machine: a reply later than 50 ms there is
   * not a failure of the store, and a timed-out but applied compare-and-set would read as a wrong decision.
   * The 50 ms default is exercised by {@link RedisUnreachableIT}.
   */
  static final Duration RELAXED_TIMEOUT = Duration.ofSeconds(2);

  /** The fixtures' client order id retention (RiskFixtures.limits(): one hour). */
  static final Duration DECISION_TTL = Duration.ofHours(1);

  private RedisTestSupport() {
  }

  static String uniquePrefix(Class<?> testClass) {
    return "test:" + testClass.getSimpleName() + ":" + Long.toHexString(System.nanoTime()) + ":";
  }

  static RedisRiskStore store(String prefix) {
    return RedisRiskStore.builder().url(URL).keyPrefix(prefix).timeouts(RELAXED_TIMEOUT).decisionTtl(DECISION_TTL)
        .build();
  }

  static Jedis connect() {
    RedisEndpoint endpoint = RedisEndpoint.parse(URL);
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().database(endpoint.database())
        .timeoutMillis((int) RELAXED_TIMEOUT.toMillis());
    if (endpoint.password() != null) {
      config.user(endpoint.user()).password(endpoint.password());
    }
    return new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), config.build());
  }

  static List<String> keysUnder(String prefix) {
    try (Jedis jedis = connect()) {
      List<String> keys = new ArrayList<>();
      ScanParams match = new ScanParams().match(new RiskKeys(prefix).everyKeyPattern()).count(1_000);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = jedis.scan(cursor, match);
        keys.addAll(page.getResult());
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      return keys;
    }
  }

  /** Deletes every key under {@code prefix}; returns how many. */
  static int deleteAll(String prefix) {
    List<String> keys = keysUnder(prefix);
    try (Jedis jedis = connect()) {
      for (int i = 0; i < keys.size(); i += 500) {
        jedis.unlink(keys.subList(i, Math.min(keys.size(), i + 500)).toArray(String[]::new));
      }
    }
    return keys.size();
  }

  /** A loopback port nothing listens on (bound and released; another process taking it meanwhile is unlikely). */
  static int unusedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
