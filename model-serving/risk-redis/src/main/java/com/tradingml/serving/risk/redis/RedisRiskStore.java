package com.tradingml.serving.risk.redis;

import com.tradingml.core.risk.VersionedRiskStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * {@link VersionedRiskStore} on Redis: the risk state that serving replicas share (RELIABILITY.md R4), whose
 * kill switch latch outlives any one process (R5), and that fails closed when Redis cannot answer in time (R8).
 *
 * <p>Keys ({@link RiskKeys}): per account a hash {@code {prefix}{account}:state} with fields {@code version}
 * and {@code bytes}, and per remembered client order id a string {@code {prefix}{account}:order:{id}} that
 * expires after the decision TTL (a backstop: the risk state removes forgotten ids itself; the TTL only keeps
 * ids of accounts that stop trading from piling up, so set it to the limits' client order id retention, or
 * the longest one configured). The state hash never expires: the kill switch latch must survive.
 *
 * <p>{@link #compareAndSet} is one Lua script ({@link #COMPARE_AND_SET_SCRIPT}), which Redis runs atomically:
 * compare the version, write the bytes, increment the version, delete and put decisions. Every check comes
 * before the first write, so the script either changes nothing or all. It is sent as EVALSHA, and as EVAL
 * when the server does not have it cached (after a restart).
 *
 * <p>Bounded latency: connections come from a pool ({@code maxConnections}); waiting for one, connecting,
 * and every reply are bounded by {@code borrowTimeout}, {@code connectTimeout} and {@code socketTimeout}
 * (50 ms each by default). A store call therefore returns or throws within about
 * {@link #worstCaseCallTime()}. Failures surface as {@link RedisRiskStoreException}, which
 * {@link com.tradingml.core.risk.VersionedRiskState} turns into {@code risk_state_unavailable}. A
 * compare-and-set that times out may still have been applied: the order is then rejected but counted
 * (exposure over-counted, never under-counted), and a retry with the same client order id replays the
 * accepted decision.
 *
 * <p>Thread-safe. {@link #close()} releases the pool.
 */
public final class RedisRiskStore implements VersionedRiskStore, AutoCloseable {

  /**
   * The compare-and-set. {@code KEYS[1]} the state hash, {@code KEYS[2 .. 1+r]} decisions to remove, the rest
   * decisions to put; {@code ARGV[1]} the expected version (decimal), {@code ARGV[2]} the state bytes,
   * {@code ARGV[3]} the decision TTL in milliseconds, {@code ARGV[4]} r, {@code ARGV[5 ..]} the bytes of the
   * decisions to put, in key order. Returns 1 when written, 0 when the version differed. Versions are
   * compared as strings (HINCRBY writes canonical decimals; Lua numbers would round above 2^53).
   */
  public static final String COMPARE_AND_SET_SCRIPT = """
      local version = redis.call('HGET', KEYS[1], 'version') or '0'
      if version ~= ARGV[1] then
        return 0
      end
      redis.call('HSET', KEYS[1], 'bytes', ARGV[2])
      redis.call('HINCRBY', KEYS[1], 'version', 1)
      local removes = tonumber(ARGV[4])
      for i = 2, 1 + removes do
        redis.call('DEL', KEYS[i])
      end
      for i = 2 + removes, #KEYS do
        redis.call('SET', KEYS[i], ARGV[3 + i - removes], 'PX', ARGV[3])
      end
      return 1
      """;

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
  public static final int DEFAULT_MAX_CONNECTIONS = 16;

  private static final byte[] VERSION_FIELD = RiskKeys.utf8("version");
  private static final byte[] BYTES_FIELD = RiskKeys.utf8("bytes");
  private static final byte[] SCRIPT = RiskKeys.utf8(COMPARE_AND_SET_SCRIPT);
  private static final byte[] SCRIPT_SHA1 = RiskKeys.utf8(sha1Hex(SCRIPT));

  private final RedisEndpoint endpoint;
  private final RiskKeys keys;
  private final Duration decisionTtl;
  private final byte[] decisionTtlMillis;
  private final Duration worstCaseCallTime;
  private final JedisPool pool;

  private RedisRiskStore(Builder b) {
    this.endpoint = b.endpoint;
    this.keys = new RiskKeys(b.keyPrefix);
    this.decisionTtl = b.decisionTtl;
    this.decisionTtlMillis = RiskKeys.utf8(Long.toString(b.decisionTtl.toMillis()));
    // Borrow wait, then connect and handshake (AUTH/SELECT) when the pool makes a connection, then at most two
    // replies (EVALSHA answered NOSCRIPT, then EVAL).
    this.worstCaseCallTime = b.borrowTimeout.plus(b.connectTimeout)
        .plus(b.socketTimeout.multipliedBy(endpoint.needsHandshake() ? 3 : 2));
    DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(millis(b.connectTimeout))
        .socketTimeoutMillis(millis(b.socketTimeout))
        .database(endpoint.database())
        .ssl(endpoint.tls())
        // No CLIENT SETINFO on connect: one round trip fewer inside the connect budget.
        .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
    if (endpoint.password() != null) {
      client.user(endpoint.user()).password(endpoint.password());
    }
    GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
    poolConfig.setMaxTotal(b.maxConnections);
    poolConfig.setMaxIdle(b.maxConnections);
    // Connect lazily: a service starts (and rejects orders, fail closed) while Redis is down.
    poolConfig.setMinIdle(0);
    poolConfig.setBlockWhenExhausted(true);
    poolConfig.setMaxWait(b.borrowTimeout);
    // No PING on borrow (a round trip per call); idle connections are checked in the background instead.
    poolConfig.setTestOnBorrow(false);
    poolConfig.setTestWhileIdle(true);
    poolConfig.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
    poolConfig.setMinEvictableIdleDuration(Duration.ofMinutes(5));
    poolConfig.setNumTestsPerEvictionRun(-1);
    poolConfig.setJmxEnabled(false);
    this.pool = new JedisPool(poolConfig, new HostAndPort(endpoint.host(), endpoint.port()), client.build());
  }

  /** Settings start at the defaults: prefix {@code risk:}, 50 ms timeouts, 16 connections. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A store with default settings at {@code redisUrl} ({@code PipelineConfig.redisUrl()}, see
   * {@link RedisEndpoint#parse}); decisions expire after {@code clientOrderIdRetention}. Connects lazily.
   */
  public static RedisRiskStore fromUrl(String redisUrl, Duration clientOrderIdRetention) {
    return builder().url(redisUrl).decisionTtl(clientOrderIdRetention).build();
  }

  @Override
  public Versioned read(String account) {
    byte[] key = RiskKeys.utf8(keys.stateKey(account));
    List<byte[]> fields = call("read", account, jedis -> jedis.hmget(key, VERSION_FIELD, BYTES_FIELD));
    byte[] version = fields.get(0);
    byte[] bytes = fields.get(1);
    if (version == null && bytes == null) {
      return Versioned.ABSENT;
    }
    if (version == null || bytes == null) {
      throw new IllegalStateException("risk state key " + keys.stateKey(account) + " has "
          + (version == null ? "bytes but no version" : "a version but no bytes"));
    }
    long number;
    try {
      number = Long.parseLong(new String(version, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("risk state key " + keys.stateKey(account) + " has a non-numeric version");
    }
    return new Versioned(number, bytes);
  }

  @Override
  public Optional<byte[]> readDecision(String account, String clientOrderId) {
    byte[] key = RiskKeys.utf8(keys.decisionKey(account, clientOrderId));
    return Optional.ofNullable(call("readDecision", account, jedis -> jedis.get(key)));
  }

  @Override
  public boolean compareAndSet(String account, long expectedVersion, Write write) {
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expected version must not be negative: " + expectedVersion);
    }
    Map<String, byte[]> puts = write.putDecisions();
    List<byte[]> scriptKeys = new ArrayList<>(1 + write.removeDecisions().size() + puts.size());
    List<byte[]> args = new ArrayList<>(4 + puts.size());
    scriptKeys.add(RiskKeys.utf8(keys.stateKey(account)));
    for (String id : write.removeDecisions()) {
      scriptKeys.add(RiskKeys.utf8(keys.decisionKey(account, id)));
    }
    args.add(RiskKeys.utf8(Long.toString(expectedVersion)));
    args.add(write.state());
    args.add(decisionTtlMillis);
    args.add(RiskKeys.utf8(Integer.toString(write.removeDecisions().size())));
    for (Map.Entry<String, byte[]> put : puts.entrySet()) {
      scriptKeys.add(RiskKeys.utf8(keys.decisionKey(account, put.getKey())));
      args.add(put.getValue());
    }
    Object result = call("compareAndSet", account, jedis -> {
      try {
        return jedis.evalsha(SCRIPT_SHA1, scriptKeys, args);
      } catch (JedisNoScriptException e) {
        return jedis.eval(SCRIPT, scriptKeys, args);
      }
    });
    if (result instanceof Long written && (written == 0 || written == 1)) {
      return written == 1;
    }
    throw new IllegalStateException("compare-and-set script of account " + account + " answered " + result);
  }

  /** Whether Redis answers a PING within the timeouts (for readiness checks); never throws. */
  public boolean reachable() {
    try {
      return "PONG".equals(call("ping", "-", Jedis::ping));
    } catch (RuntimeException e) {
      return false;
    }
  }

  public RedisEndpoint endpoint() {
    return endpoint;
  }

  public RiskKeys keys() {
    return keys;
  }

  public Duration decisionTtl() {
    return decisionTtl;
  }

  /**
   * About the longest one store call takes before it returns or throws: borrow timeout + connect timeout +
   * (AUTH/SELECT reply) + two replies. Scheduling delays on a loaded machine come on top.
   */
  public Duration worstCaseCallTime() {
    return worstCaseCallTime;
  }

  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return "RedisRiskStore[" + endpoint + ", prefix " + keys.prefix() + "]";
  }

  private <T> T call(String operation, String account, Function<Jedis, T> command) {
    try (Jedis jedis = pool.getResource()) {
      return command.apply(jedis);
    } catch (JedisException e) {
      if (e instanceof JedisConnectionException || e.getCause() instanceof JedisConnectionException) {
        // The server went away or stalls: its other idle connections are most likely dead too. Dropping them
        // now fails this one call instead of one call per pooled connection.
        pool.clear();
      }
      throw new RedisRiskStoreException(endpoint + " " + operation + " of account " + account + " failed: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }
  }

  private static int millis(Duration duration) {
    return (int) duration.toMillis();
  }

  private static String sha1Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  /** Settings of a {@link RedisRiskStore}; {@link #build()} validates them. */
  public static final class Builder {
    private RedisEndpoint endpoint;
    private String keyPrefix = RiskKeys.DEFAULT_PREFIX;
    private Duration connectTimeout = DEFAULT_TIMEOUT;
    private Duration socketTimeout = DEFAULT_TIMEOUT;
    private Duration borrowTimeout = DEFAULT_TIMEOUT;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration decisionTtl;

    private Builder() {
    }

    public Builder endpoint(RedisEndpoint endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** {@code redis[s]://[[user]:password@]host[:port][/database]}, see {@link RedisEndpoint#parse}. */
    public Builder url(String redisUrl) {
      this.endpoint = RedisEndpoint.parse(redisUrl);
      return this;
    }

    /** Prefix of every key (default {@code risk:}): lets several environments or tests share one Redis. */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** The longest wait for any one reply. */
    public Builder socketTimeout(Duration timeout) {
      this.socketTimeout = timeout;
      return this;
    }

    /** The longest wait for a free connection when all {@code maxConnections} are in use. */
    public Builder borrowTimeout(Duration timeout) {
      this.borrowTimeout = timeout;
      return this;
    }

    /** Sets connect, socket and borrow timeouts at once. */
    public Builder timeouts(Duration timeout) {
      return connectTimeout(timeout).socketTimeout(timeout).borrowTimeout(timeout);
    }

    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    /** How long a remembered decision key lives: the client order id retention of the limits. */
    public Builder decisionTtl(Duration decisionTtl) {
      this.decisionTtl = decisionTtl;
      return this;
    }

    public RedisRiskStore build() {
      List<String> problems = new ArrayList<>();
      if (endpoint == null) {
        problems.add("endpoint (or url) is missing");
      }
      if (decisionTtl == null) {
        problems.add("decisionTtl is missing (use the limits' client order id retention)");
      } else if (decisionTtl.toMillis() < 1) {
        problems.add("decisionTtl must be at least 1 ms: " + decisionTtl);
      }
      timeout(problems, "connectTimeout", connectTimeout);
      timeout(problems, "socketTimeout", socketTimeout);
      timeout(problems, "borrowTimeout", borrowTimeout);
      try {
        new RiskKeys(keyPrefix);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
      if (maxConnections < 1) {
        problems.add("maxConnections must be positive: " + maxConnections);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid Redis risk store settings: " + String.join("; ", problems));
      }
      return new RedisRiskStore(this);
    }

    private static void timeout(List<String> problems, String name, Duration value) {
      // Jedis takes int milliseconds, and 0 would mean "wait forever": the opposite of a bound.
      if (value == null || value.toMillis() < 1 || value.toMillis() > 60_000) {
        problems.add(name + " must be 1 ms to 60 s: " + value);
      }
    }
  }
}
