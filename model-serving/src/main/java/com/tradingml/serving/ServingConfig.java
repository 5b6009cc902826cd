package com.tradingml.serving;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.policy.DecisionPolicy;
import com.tradingml.core.policy.PositionMode;
import com.tradingml.core.risk.RiskLimits;
import com.tradingml.storage.registry.ModelRegistry;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The serving service's configuration, on top of {@link PipelineConfig} (home, object store, registry database,
 * Redis URL). Immutable and thread-safe; build with {@link #builder()} or {@link #load}.
 *
 * <p>Sources, strongest first: explicit overrides (the command line), environment variables
 * {@code PIPELINE_SERVING_<KEY>} ({@code serving.risk.max-position} is {@code PIPELINE_SERVING_RISK_MAX_POSITION}),
 * JVM system properties {@code -Dserving.<key>}, a properties file ({@code PIPELINE_SERVING_CONFIG}, else
 * {@code $PIPELINE_HOME/serving.properties} if present), then the defaults in {@link #KEYS}. Unknown
 * {@code serving.*} keys are an error, so a typo never silently falls back to a default. API keys come from
 * {@code PIPELINE_API_KEYS} or the file {@code PIPELINE_API_KEYS_FILE} / {@code serving.api-keys-file}.
 *
 * <p>Risk limits are all-or-nothing: none configured leaves the service without limits (not ready, every
 * decision HOLD {@code no_risk_limits}); some but not all is an error naming the missing ones (RiskLimits
 * never takes a silent default).
 */
public record ServingConfig(
    String bindAddress,
    int port,
    int workerThreads,
    int queueCapacity,
    Duration queueTimeout,
    Duration deadline,
    int maxBodyBytes,
    String modelName,
    String modelAlias,
    Duration pollInterval,
    Duration retryFailedAfter,
    Duration featureMaxAge,
    Duration maxClockSkew,
    boolean readyRequiresFreshData,
    int historyBars,
    int maxSymbols,
    Optional<RiskLimits> riskLimits,
    DecisionPolicy policy,
    String riskStateKind,
    Duration riskTimeout,
    ApiKeys apiKeys,
    Path auditDirectory,
    int auditQueueCapacity,
    Path workDirectory,
    Duration shutdownGrace,
    Duration shutdownDelay,
    int warmupIterations,
    Http http) {

  /**
   * The HTTP front end: {@code server} {@value #LEAN} (the service's own, {@link LeanHttpServer}) or {@value #JDK}
   * (the JDK's {@code HttpServer}); for the lean server, the most open connections, how long an idle keep-alive
   * connection stays open, and how long a request may take to arrive once its first byte has.
   */
  public record Http(String server, int maxConnections, Duration idleTimeout, Duration readTimeout) {
    public static final String LEAN = "lean";
    public static final String JDK = "jdk";

    public Http {
      if (!LEAN.equals(server) && !JDK.equals(server)) {
        throw new IllegalArgumentException("serving.http.server must be lean or jdk: " + server);
      }
      if (maxConnections < 1) {
        throw new IllegalArgumentException("serving.http.max-connections must be positive: " + maxConnections);
      }
      if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero() || readTimeout == null
          || readTimeout.isNegative() || readTimeout.isZero()) {
        throw new IllegalArgumentException("HTTP timeouts must be positive");
      }
    }
  }

  /** Every {@code serving.*} key with its default ("" = none) and meaning; the README lists the same. */
  public static final Map<String, String[]> KEYS = keys();

  private static Map<String, String[]> keys() {
    Map<String, String[]> k = new LinkedHashMap<>();
    k.put("serving.bind-address", new String[] {"0.0.0.0", "address to listen on"});
    k.put("serving.port", new String[] {"8080", "port (0: any free port)"});
    k.put("serving.threads", new String[] {"8", "worker threads: at most this many requests are processed at once"});
    k.put("serving.queue-capacity", new String[] {"256", "requests waiting for a worker; beyond it 503"});
    k.put("serving.queue-timeout", new String[] {"50ms", "a /v1 request that waited longer for a worker gets 503"});
    k.put("serving.deadline", new String[] {"50ms", "per decision, from arrival: past it HOLD deadline_exceeded"});
    k.put("serving.max-body-bytes", new String[] {"65536", "larger request bodies get 413"});
    k.put("serving.model.name", new String[] {"direction", "registry model to serve"});
    k.put("serving.model.alias", new String[] {ModelRegistry.PRODUCTION, "alias to follow"});
    k.put("serving.model.poll-interval", new String[] {"10s", "how often the alias is checked"});
    k.put("serving.model.retry-failed-after", new String[] {"60s", "when a version that failed to load is tried again"});
    k.put("serving.features.max-age", new String[] {"5m", "a symbol's last bar older than this: HOLD stale_features"});
    k.put("serving.features.max-clock-skew", new String[] {"5s", "bars stamped further in the future are refused"});
    k.put("serving.features.history-bars", new String[] {"2048", "live bars kept per symbol to replay into a new model"});
    k.put("serving.features.max-symbols", new String[] {"10000", "symbols tracked at most"});
    k.put("serving.ready.require-fresh-data", new String[] {"true", "readiness needs a live bar within features.max-age"});
    k.put("serving.risk.max-order-quantity", new String[] {"", "shares per order"});
    k.put("serving.risk.max-order-notional", new String[] {"", "money per order (decimal)"});
    k.put("serving.risk.max-position", new String[] {"", "absolute shares per symbol"});
    k.put("serving.risk.max-gross-exposure", new String[] {"", "money over all symbols (decimal)"});
    k.put("serving.risk.price-collar-bps", new String[] {"", "largest order price deviation from the reference, bps"});
    k.put("serving.risk.reference-max-age", new String[] {"", "oldest usable reference price (the bar's close)"});
    k.put("serving.risk.max-orders-per-window", new String[] {"", "accepted orders per window"});
    k.put("serving.risk.order-rate-window", new String[] {"", "the throttle's sliding window"});
    k.put("serving.risk.max-daily-loss", new String[] {"", "money; reaching it latches the kill switch"});
    k.put("serving.risk.client-order-id-retention", new String[] {"", "how long a client order id is remembered"});
    k.put("serving.risk.trading-day-zone", new String[] {"UTC", "where the trading day starts"});
    k.put("serving.risk-state", new String[] {"memory", "risk state backend: memory, or a RiskStateProvider's name"});
    k.put("serving.risk-state.timeout", new String[] {"20ms", "per call to a non-memory risk state; then fail closed"});
    k.put("serving.policy.min-probability", new String[] {"0.5", "least probability of the predicted direction"});
    k.put("serving.policy.min-edge", new String[] {"0", "least |P(UP) - P(DOWN)|"});
    k.put("serving.policy.sizing", new String[] {"fixed", "fixed or scaled (by edge)"});
    k.put("serving.policy.fixed-quantity", new String[] {"100", "target size for fixed sizing"});
    k.put("serving.policy.max-position", new String[] {"100", "largest target position"});
    k.put("serving.policy.lot-size", new String[] {"1", "shares per lot"});
    k.put("serving.policy.position-mode", new String[] {"long_only", "long_only or long_short"});
    k.put("serving.api-keys-file", new String[] {"", "file of KEY:ROLE entries (else PIPELINE_API_KEYS)"});
    k.put("serving.audit.directory", new String[] {"", "audit log directory (default $PIPELINE_HOME/serving/audit)"});
    k.put("serving.audit.queue-capacity", new String[] {"8192", "decisions awaiting the audit writer; full: HOLD"});
    k.put("serving.work-directory", new String[] {"", "model downloads (default $PIPELINE_HOME/serving/work)"});
    k.put("serving.shutdown.grace", new String[] {"10s", "SIGTERM: longest wait for in-flight requests"});
    k.put("serving.shutdown.delay", new String[] {"0s", "SIGTERM: time not ready before the listener closes"});
    k.put("serving.warmup.iterations", new String[] {"2000", "request-path warm-up runs at start (JIT), 0 for none"});
    k.put("serving.http.server", new String[] {"lean", "HTTP front end: lean (one thread per connection) or jdk"});
    k.put("serving.http.max-connections", new String[] {"512", "lean: open connections; beyond them 503"});
    k.put("serving.http.idle-timeout", new String[] {"60s", "lean: an idle keep-alive connection closes after it"});
    k.put("serving.http.read-timeout", new String[] {"10s", "lean: a begun request must arrive within it, else 408"});
    return java.util.Collections.unmodifiableMap(k);
  }

  private static final List<String> RISK_KEYS = List.of("serving.risk.max-order-quantity",
      "serving.risk.max-order-notional", "serving.risk.max-position", "serving.risk.max-gross-exposure",
      "serving.risk.price-collar-bps", "serving.risk.reference-max-age", "serving.risk.max-orders-per-window",
      "serving.risk.order-rate-window", "serving.risk.max-daily-loss", "serving.risk.client-order-id-retention");

  public ServingConfig {
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException("bind address must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
    }
    if (workerThreads < 1 || queueCapacity < 1 || maxBodyBytes < 1024 || historyBars < 1 || maxSymbols < 1
        || auditQueueCapacity < 1) {
      throw new IllegalArgumentException("threads, queue capacity, history bars, max symbols and audit queue must be"
          + " positive, and the body limit at least 1024 bytes");
    }
    for (Duration d : new Duration[] {queueTimeout, deadline, pollInterval, retryFailedAfter, featureMaxAge,
        maxClockSkew, riskTimeout, shutdownGrace}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("durations must be positive: " + d);
      }
    }
    if (warmupIterations < 0) {
      throw new IllegalArgumentException("warm-up iterations must not be negative: " + warmupIterations);
    }
    if (shutdownDelay == null || shutdownDelay.isNegative()) {
      throw new IllegalArgumentException("shutdown delay must not be negative: " + shutdownDelay);
    }
    if (modelName == null || modelAlias == null || riskLimits == null || policy == null || riskStateKind == null
        || apiKeys == null || auditDirectory == null || workDirectory == null || http == null) {
      throw new IllegalArgumentException("model name and alias, risk limits (optional), policy, risk state kind,"
          + " API keys, audit and work directories must not be null");
    }
  }

  /** Defaults under {@code home}, no risk limits, no API keys: for tests, which set what they need. */
  public static Builder builder(Path home) {
    return new Builder(home);
  }

  public Builder toBuilder() {
    Builder b = new Builder(workDirectory);
    b.bindAddress = bindAddress;
    b.port = port;
    b.workerThreads = workerThreads;
    b.queueCapacity = queueCapacity;
    b.queueTimeout = queueTimeout;
    b.deadline = deadline;
    b.maxBodyBytes = maxBodyBytes;
    b.modelName = modelName;
    b.modelAlias = modelAlias;
    b.pollInterval = pollInterval;
    b.retryFailedAfter = retryFailedAfter;
    b.featureMaxAge = featureMaxAge;
    b.maxClockSkew = maxClockSkew;
    b.readyRequiresFreshData = readyRequiresFreshData;
    b.historyBars = historyBars;
    b.maxSymbols = maxSymbols;
    b.riskLimits = riskLimits.orElse(null);
    b.policy = policy;
    b.riskStateKind = riskStateKind;
    b.riskTimeout = riskTimeout;
    b.apiKeys = apiKeys;
    b.auditDirectory = auditDirectory;
    b.auditQueueCapacity = auditQueueCapacity;
    b.workDirectory = workDirectory;
    b.shutdownGrace = shutdownGrace;
    b.shutdownDelay = shutdownDelay;
    b.warmupIterations = warmupIterations;
    b.http = http;
    return b;
  }

  /**
   * Loads the configuration for {@code pipeline} from {@code env} (the process environment), {@code system}
   * (JVM system properties) and {@code overrides} (the command line), strongest last in this list.
   *
   * @throws IllegalArgumentException naming the key at fault
   */
  public static ServingConfig load(PipelineConfig pipeline, Map<String, String> env, Properties system,
      Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    KEYS.forEach((key, spec) -> {
      if (!spec[0].isEmpty()) {
        values.put(key, spec[0]);
      }
    });
    Path file = env.get("PIPELINE_SERVING_CONFIG") != null ? Path.of(env.get("PIPELINE_SERVING_CONFIG"))
        : pipeline.home().resolve("serving.properties");
    if (env.get("PIPELINE_SERVING_CONFIG") != null || Files.isRegularFile(file)) {
      readProperties(file).forEach((key, value) -> {
        values.put(key, value);
        sources.put(key, file.toString());
      });
    }
    for (String name : system.stringPropertyNames()) {
      if (name.startsWith("serving.") && !name.startsWith("serving.test.") && !name.startsWith("serving.classpath")
          && !name.startsWith("serving.classes")) {
        requireKnown(name, "system property -D" + name);
        values.put(name, system.getProperty(name));
        sources.put(name, "-D" + name);
      }
    }
    for (String key : KEYS.keySet()) {
      String value = env.get(envName(key));
      if (value != null && !value.isBlank()) {
        values.put(key, value);
        sources.put(key, envName(key));
      }
    }
    overrides.forEach((key, value) -> {
      requireKnown(key, "override");
      values.put(key, value);
      sources.put(key, "command line");
    });
    Settings s = new Settings(values, sources);
    Builder b = builder(pipeline.home());
    b.bindAddress = s.string("serving.bind-address", b.bindAddress);
    b.port = s.integer("serving.port", b.port, 0, 65_535);
    b.workerThreads = s.integer("serving.threads", b.workerThreads, 1, 1_024);
    b.queueCapacity = s.integer("serving.queue-capacity", b.queueCapacity, 1, 1_000_000);
    b.queueTimeout = s.duration("serving.queue-timeout", b.queueTimeout);
    b.deadline = s.duration("serving.deadline", b.deadline);
    b.maxBodyBytes = s.integer("serving.max-body-bytes", b.maxBodyBytes, 1_024, 16 << 20);
    b.modelName = s.string("serving.model.name", b.modelName);
    b.modelAlias = s.string("serving.model.alias", b.modelAlias);
    b.pollInterval = s.duration("serving.model.poll-interval", b.pollInterval);
    b.retryFailedAfter = s.duration("serving.model.retry-failed-after", b.retryFailedAfter);
    b.featureMaxAge = s.duration("serving.features.max-age", b.featureMaxAge);
    b.maxClockSkew = s.duration("serving.features.max-clock-skew", b.maxClockSkew);
    b.historyBars = s.integer("serving.features.history-bars", b.historyBars, 1, 1_000_000);
    b.maxSymbols = s.integer("serving.features.max-symbols", b.maxSymbols, 1, 10_000_000);
    b.readyRequiresFreshData = s.bool("serving.ready.require-fresh-data", b.readyRequiresFreshData);
    b.riskLimits = riskLimits(s);
    b.policy = policy(s);
    b.riskStateKind = s.string("serving.risk-state", b.riskStateKind).toLowerCase(Locale.ROOT);
    b.riskTimeout = s.duration("serving.risk-state.timeout", b.riskTimeout);
    b.apiKeys = apiKeys(s, env);
    b.auditDirectory = s.path("serving.audit.directory", b.auditDirectory);
    b.auditQueueCapacity = s.integer("serving.audit.queue-capacity", b.auditQueueCapacity, 1, 10_000_000);
    b.workDirectory = s.path("serving.work-directory", b.workDirectory);
    b.shutdownGrace = s.duration("serving.shutdown.grace", b.shutdownGrace);
    b.shutdownDelay = s.durationOrZero("serving.shutdown.delay", b.shutdownDelay);
    b.warmupIterations = s.integer("serving.warmup.iterations", b.warmupIterations, 0, 1_000_000);
    b.http = new Http(s.string("serving.http.server", b.http.server()).toLowerCase(Locale.ROOT),
        s.integer("serving.http.max-connections", b.http.maxConnections(), 1, 100_000),
        s.duration("serving.http.idle-timeout", b.http.idleTimeout()),
        s.duration("serving.http.read-timeout", b.http.readTimeout()));
    return b.build();
  }

  /** {@code serving.risk.max-position} is {@code PIPELINE_SERVING_RISK_MAX_POSITION}. */
  public static String envName(String key) {
    return "PIPELINE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static void requireKnown(String key, String where) {
    if (!KEYS.containsKey(key)) {
      throw new IllegalArgumentException("unknown serving key '" + key + "' (" + where + "); known keys: "
          + String.join(", ", KEYS.keySet()));
    }
  }

  private static Map<String, String> readProperties(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read serving configuration " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      requireKnown(name, file.toString());
      values.put(name, properties.getProperty(name).trim());
    }
    return values;
  }

  private static RiskLimits riskLimits(Settings s) {
    List<String> given = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String key : RISK_KEYS) {
      (s.has(key) ? given : missing).add(key);
    }
    if (given.isEmpty()) {
      return null;
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("risk limits are configured in part: missing " + String.join(", ", missing)
          + " (every limit must be given; there are no defaults)");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(s.string("serving.risk.trading-day-zone", "UTC"));
    } catch (DateTimeException e) {
      throw s.invalid("serving.risk.trading-day-zone", "a time zone id such as UTC or America/New_York");
    }
    try {
      return RiskLimits.builder()
          .maxOrderQuantity(s.longValue("serving.risk.max-order-quantity", 1, Long.MAX_VALUE))
          .maxOrderNotional(s.money("serving.risk.max-order-notional"))
          .maxPosition(s.longValue("serving.risk.max-position", 0, Long.MAX_VALUE))
          .maxGrossExposure(s.money("serving.risk.max-gross-exposure"))
          .priceCollarBps(s.longValue("serving.risk.price-collar-bps", 0, 1_000_000))
          .referenceMaxAge(s.duration("serving.risk.reference-max-age", null))
          .orderRate((int) s.longValue("serving.risk.max-orders-per-window", 1, Integer.MAX_VALUE),
              s.duration("serving.risk.order-rate-window", null))
          .maxDailyLoss(s.money("serving.risk.max-daily-loss"))
          .clientOrderIdRetention(s.duration("serving.risk.client-order-id-retention", null))
          .tradingDayZone(zone)
          .build();
    } catch (Settings.InvalidSetting e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("serving.risk.*: " + e.getMessage(), e);
    }
  }

  private static DecisionPolicy policy(Settings s) {
    DecisionPolicy.Builder b = DecisionPolicy.builder()
        .minProbability(s.decimal("serving.policy.min-probability", 0.5, 0, 1))
        .minEdge(s.decimal("serving.policy.min-edge", 0, 0, 1))
        .maxPosition(s.has("serving.policy.max-position")
            ? s.longValue("serving.policy.max-position", 1, Long.MAX_VALUE) : 100)
        .lotSize(s.has("serving.policy.lot-size") ? s.longValue("serving.policy.lot-size", 1, Long.MAX_VALUE) : 1);
    String sizing = s.string("serving.policy.sizing", "fixed").toLowerCase(Locale.ROOT);
    switch (sizing) {
      case "fixed" -> b.fixedQuantity(s.has("serving.policy.fixed-quantity")
          ? s.longValue("serving.policy.fixed-quantity", 1, Long.MAX_VALUE) : 100);
      case "scaled" -> b.scaledByEdge();
      default -> throw s.invalid("serving.policy.sizing", "fixed or scaled");
    }
    String mode = s.string("serving.policy.position-mode", "long_only").toLowerCase(Locale.ROOT);
    switch (mode) {
      case "long_only" -> b.positionMode(PositionMode.LONG_ONLY);
      case "long_short" -> b.positionMode(PositionMode.LONG_SHORT);
      default -> throw s.invalid("serving.policy.position-mode", "long_only or long_short");
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("serving.policy.*: " + e.getMessage(), e);
    }
  }

  private static ApiKeys apiKeys(Settings s, Map<String, String> env) {
    Optional<String> file = s.string("serving.api-keys-file");
    if (file.isEmpty() && env.get("PIPELINE_API_KEYS_FILE") != null && !env.get("PIPELINE_API_KEYS_FILE").isBlank()) {
      file = Optional.of(env.get("PIPELINE_API_KEYS_FILE").trim());
    }
    String inline = env.get("PIPELINE_API_KEYS");
    if (file.isPresent() && inline != null && !inline.isBlank()) {
      throw new IllegalArgumentException("API keys are given both in PIPELINE_API_KEYS and in the file " + file.get()
          + "; use one");
    }
    if (file.isPresent()) {
      try {
        return ApiKeys.parse(Files.readString(Path.of(file.get()), StandardCharsets.UTF_8), "API key file " + file.get());
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the API key file " + file.get() + ": " + e.getMessage(), e);
      }
    }
    return inline == null || inline.isBlank() ? ApiKeys.none() : ApiKeys.parse(inline, "PIPELINE_API_KEYS");
  }

  /** A description safe for logs: no key, no secret. */
  @Override
  public String toString() {
    return "ServingConfig[" + bindAddress + ":" + port + ", model " + modelName + "@" + modelAlias + " every "
        + pollInterval + ", threads " + workerThreads + ", queue " + queueCapacity + "/" + queueTimeout + ", deadline "
        + deadline + ", body <= " + maxBodyBytes + " B, features max age " + featureMaxAge + ", risk limits "
        + (riskLimits.isPresent() ? "configured" : "NOT configured") + ", risk state " + riskStateKind + ", "
        + apiKeys + ", audit " + auditDirectory + ", http " + http.server() + "]";
  }

  /** Collects settings; {@link #build()} validates them. Defaults as in {@link #KEYS}. */
  public static final class Builder {
    private String bindAddress = "0.0.0.0";
    private int port = 8080;
    private int workerThreads = 8;
    private int queueCapacity = 256;
    private Duration queueTimeout = Duration.ofMillis(50);
    private Duration deadline = Duration.ofMillis(50);
    private int maxBodyBytes = 64 * 1024;
    private String modelName = "direction";
    private String modelAlias = ModelRegistry.PRODUCTION;
    private Duration pollInterval = Duration.ofSeconds(10);
    private Duration retryFailedAfter = Duration.ofSeconds(60);
    private Duration featureMaxAge = Duration.ofMinutes(5);
    private Duration maxClockSkew = Duration.ofSeconds(5);
    private boolean readyRequiresFreshData = true;
    private int historyBars = 2_048;
    private int maxSymbols = 10_000;
    private RiskLimits riskLimits;
    private DecisionPolicy policy = DecisionPolicy.builder().fixedQuantity(100).maxPosition(100).build();
    private String riskStateKind = RiskStates.MEMORY;
    private Duration riskTimeout = Duration.ofMillis(20);
    private ApiKeys apiKeys = ApiKeys.none();
    private Path auditDirectory;
    private int auditQueueCapacity = 8_192;
    private Path workDirectory;
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private Duration shutdownDelay = Duration.ZERO;
    private int warmupIterations = 2_000;
    private Http http = new Http(Http.LEAN, 512, Duration.ofSeconds(60), Duration.ofSeconds(10));

    private Builder(Path home) {
      Path serving = home.toAbsolutePath().normalize().resolve("serving");
      auditDirectory = serving.resolve("audit");
      workDirectory = serving.resolve("work");
    }

    public Builder bindAddress(String address) {
      this.bindAddress = address;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder workerThreads(int threads) {
      this.workerThreads = threads;
      return this;
    }

    public Builder queue(int capacity, Duration timeout) {
      this.queueCapacity = capacity;
      this.queueTimeout = timeout;
      return this;
    }

    public Builder deadline(Duration deadline) {
      this.deadline = deadline;
      return this;
    }

    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    public Builder model(String name, String alias) {
      this.modelName = name;
      this.modelAlias = alias;
      return this;
    }

    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    public Builder retryFailedAfter(Duration after) {
      this.retryFailedAfter = after;
      return this;
    }

    public Builder featureMaxAge(Duration age) {
      this.featureMaxAge = age;
      return this;
    }

    public Builder maxClockSkew(Duration skew) {
      this.maxClockSkew = skew;
      return this;
    }

    public Builder readyRequiresFreshData(boolean required) {
      this.readyRequiresFreshData = required;
      return this;
    }

    public Builder historyBars(int bars) {
      this.historyBars = bars;
      return this;
    }

    public Builder maxSymbols(int symbols) {
      this.maxSymbols = symbols;
      return this;
    }

    /** The risk limits; null leaves the service without limits (not ready, HOLD {@code no_risk_limits}). */
    public Builder riskLimits(RiskLimits limits) {
      this.riskLimits = limits;
      return this;
    }

    public Builder policy(DecisionPolicy policy) {
      this.policy = policy;
      return this;
    }

    public Builder riskState(String kind, Duration timeout) {
      this.riskStateKind = kind;
      this.riskTimeout = timeout;
      return this;
    }

    public Builder apiKeys(ApiKeys keys) {
      this.apiKeys = keys;
      return this;
    }

    public Builder audit(Path directory, int queueCapacity) {
      this.auditDirectory = directory;
      this.auditQueueCapacity = queueCapacity;
      return this;
    }

    public Builder workDirectory(Path directory) {
      this.workDirectory = directory;
      return this;
    }

    public Builder shutdown(Duration grace, Duration delay) {
      this.shutdownGrace = grace;
      this.shutdownDelay = delay;
      return this;
    }

    /** Request-path warm-up runs at start (0: none). */
    public Builder warmupIterations(int iterations) {
      this.warmupIterations = iterations;
      return this;
    }

    public Builder http(Http http) {
      this.http = http;
      return this;
    }

    public ServingConfig build() {
      return new ServingConfig(bindAddress, port, workerThreads, queueCapacity, queueTimeout, deadline, maxBodyBytes,
          modelName, modelAlias, pollInterval, retryFailedAfter, featureMaxAge, maxClockSkew, readyRequiresFreshData,
          historyBars, maxSymbols, Optional.ofNullable(riskLimits), policy, riskStateKind, riskTimeout, apiKeys,
          auditDirectory, auditQueueCapacity, workDirectory, shutdownGrace, shutdownDelay, warmupIterations, http);
    }
  }
}
