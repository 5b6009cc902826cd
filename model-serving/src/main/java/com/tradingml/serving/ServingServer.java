package com.tradingml.serving;

import com.fasterxml.jackson.databind.ObjectReader;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.market.Bar;
import com.tradingml.core.risk.RiskDecision;
import com.tradingml.core.risk.RiskState;
import com.tradingml.core.risk.RiskStateUpdate;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.tracing.Tracing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP decision service (DESIGN.md "Serving API"). With the JDK's server ({@code serving.http.server=jdk}) it
 * needs {@code -Dsun.net.httpserver.nodelay=true} (set here unless given; shared/STACK.md gotcha 14).
 *
 * <pre>
 * POST /v1/decisions          decide          a risk-checked BUY/SELL/HOLD for one symbol
 * POST /v1/bars               decide          stream bars into the online features
 * GET  /v1/models/active      decide          the model being served
 * POST /v1/admin/kill-switch  admin           engage or reset an account's kill switch
 * GET  /health/live, /health/ready, /metrics, /openapi.yaml   (no authentication)
 * </pre>
 *
 * <p>Requests come through an {@link HttpFrontEnd}: the service's own {@link LeanHttpServer} by default (one thread
 * per connection, no hand-off), or the JDK's server. Either bounds the requests in progress and those waiting (S4);
 * a {@code /v1} request that waited longer than the queue timeout, or found no place to wait, gets 503 with
 * {@code Retry-After} at once. Every {@code /v1} request needs {@code Authorization: Bearer <key>} ({@link ApiKeys};
 * 401 without a valid key, 403 for a role that does not suffice; S6). Bodies are read into a per-thread buffer of
 * {@code max-body-bytes + 1} and refused with 413 beyond it; JSON is strict ({@link Json}; S5). Errors are JSON
 * {@code {"error": code, "field": path|null, "message": text}}; no response ever carries a stack trace or a key.
 *
 * <p>{@link #stop()} is the graceful shutdown (S3): readiness turns false, then (after the optional delay) the
 * listener closes, in-flight requests finish within the grace period (responses then say {@code Connection:
 * close}), and the model watcher, audit log, registry and risk state close. Thread-safe.
 */
public final class ServingServer implements AutoCloseable {

  static {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final System.Logger LOG = System.getLogger(ServingServer.class.getName());
  private static final String JSON = "application/json";
  private static final String PROBE_ACCOUNT = "readiness-probe";
  private static final ObjectReader DECISION = Json.readerFor(Requests.DecisionBody.class);
  private static final ObjectReader BARS = Json.readerFor(Requests.BarsBody.class);
  private static final ObjectReader KILL_SWITCH = Json.readerFor(Requests.KillSwitchBody.class);

  private enum Endpoint {
    DECISIONS("POST", "/v1/decisions", ApiKeys.Role.DECIDE),
    BARS("POST", "/v1/bars", ApiKeys.Role.DECIDE),
    ACTIVE_MODEL("GET", "/v1/models/active", ApiKeys.Role.DECIDE),
    KILL_SWITCH("POST", "/v1/admin/kill-switch", ApiKeys.Role.ADMIN),
    LIVE("GET", "/health/live", null),
    READY("GET", "/health/ready", null),
    METRICS("GET", "/metrics", null),
    OPENAPI("GET", "/openapi.yaml", null);

    final String method;
    final String path;
    final ApiKeys.Role role;

    Endpoint(String method, String path, ApiKeys.Role role) {
      this.method = method;
      this.path = path;
      this.role = role;
    }
  }

  private final ServingConfig config;
  private final Clock clock;
  private final ModelRegistry registry;
  private final boolean ownsRegistry;
  private final RiskState riskState;
  private final boolean ownsRiskState;
  private final ServingMetrics metrics;
  private final OnlineFeatures features;
  private final ModelManager models;
  private final AuditLog audit;
  private final DecisionEngine engine;
  private final HttpFrontEnd http;
  private final Tracing tracing;
  private final ThreadLocal<byte[]> bodies;
  private final long queueTimeoutNanos;
  private final byte[] openApi;
  private volatile boolean draining;
  private volatile boolean stopped;
  private volatile boolean httpStarted;

  private ServingServer(ServingConfig config, ModelRegistry registry, boolean ownsRegistry, RiskState riskState,
      boolean ownsRiskState, Clock clock, Tracing tracing) throws IOException {
    this.config = config;
    this.tracing = tracing;
    this.clock = clock;
    this.registry = registry;
    this.ownsRegistry = ownsRegistry;
    this.riskState = riskState;
    this.ownsRiskState = ownsRiskState;
    this.metrics = new ServingMetrics(config.modelName());
    this.features = new OnlineFeatures(config.historyBars(), config.maxSymbols(), config.maxClockSkew(),
        gaps -> metrics.replayGap());
    this.models = new ModelManager(registry, config, features, metrics, clock);
    this.audit = new AuditLog(config.auditDirectory(), config.auditQueueCapacity(), metrics);
    this.engine = new DecisionEngine(models, features, riskState, config, audit, metrics, clock);
    this.queueTimeoutNanos = config.queueTimeout().toNanos();
    int bodyBuffer = config.maxBodyBytes() + 1;
    this.bodies = ThreadLocal.withInitial(() -> new byte[bodyBuffer]);
    this.openApi = readOpenApi();
    metrics.gauge("serving.feature.staleness", "Age of the newest live bar over all symbols (NaN before the first)",
        () -> {
          long newest = features.newestBarMicros();
          return newest == Long.MIN_VALUE ? Double.NaN
              : (DecisionEngine.micros(clock.instant()) - newest) / 1e6;
        });
    metrics.gauge("serving.symbols", "Symbols with live bars", features::symbols);
    this.http = HttpFrontEnd.create(config, this::handle);
    metrics.gauge("serving.executor.queued", "Requests waiting for a worker", http::waiting);
  }

  /**
   * Opens the registry and risk state {@code pipeline} describes (both closed by {@link #stop()}), loads the model
   * and starts serving.
   */
  public static ServingServer start(ServingConfig config, PipelineConfig pipeline) throws IOException {
    RiskState risk = RiskStates.open(config.riskStateKind(), pipeline, config.riskTimeout());
    ModelRegistry registry;
    try {
      registry = new ModelRegistry(pipeline);
    } catch (RuntimeException e) {
      closeQuietly(risk);
      throw e;
    }
    return start(config, registry, true, risk, true, Clock.systemUTC(), Tracing.forProcess());
  }

  /**
   * Starts serving with the given registry and risk state, which the caller keeps (and closes); {@code clock}
   * gives "now" to the risk gate, the staleness checks and the audit log.
   */
  public static ServingServer start(ServingConfig config, ModelRegistry registry, RiskState riskState, Clock clock)
      throws IOException {
    return start(config, registry, riskState, clock, Tracing.forProcess());
  }

  /**
   * As {@link #start(ServingConfig, ModelRegistry, RiskState, Clock)}, with a span per {@code /v1} request exported
   * through {@code tracing} (which the caller closes after {@link #stop()}).
   */
  public static ServingServer start(ServingConfig config, ModelRegistry registry, RiskState riskState, Clock clock,
      Tracing tracing) throws IOException {
    return start(config, registry, false, riskState, false, clock, tracing);
  }

  private static ServingServer start(ServingConfig config, ModelRegistry registry, boolean ownsRegistry,
      RiskState riskState, boolean ownsRisk, Clock clock, Tracing tracing) throws IOException {
    ServingServer server;
    try {
      server = new ServingServer(config, registry, ownsRegistry, riskState, ownsRisk, clock, tracing);
    } catch (IOException | RuntimeException e) {
      if (ownsRegistry) {
        closeQuietly(registry);
      }
      if (ownsRisk) {
        closeQuietly(riskState);
      }
      throw e;
    }
    try {
      server.http.start();
      server.httpStarted = true;
      server.models.start();
      server.warmUp();
    } catch (RuntimeException e) {
      server.stop();
      throw e;
    }
    LOG.log(System.Logger.Level.INFO, "serving on " + server.baseUri() + " " + config);
    return server;
  }

  /**
   * Runs the request path's code a few thousand times on throwaway values (JSON in and out, validation, the
   * predictor, core's risk checks on a private in-memory state), so that class loading and the JIT do not fall on
   * the first live requests (which would otherwise risk {@code deadline_exceeded}). About 100 ms of CPU.
   */
  private void warmUp() {
    long started = System.nanoTime();
    try {
      byte[] sample = ("{\"symbol\":\"WARMUP\",\"account\":\"warmup\",\"clientOrderId\":\"warmup\",\"position\":0,"
          + "\"bar\":{\"timestamp\":\"2024-01-02T15:00:00Z\",\"open\":1.0,\"high\":1.5,\"low\":0.5,\"close\":1.25,"
          + "\"volume\":10}}").getBytes(StandardCharsets.UTF_8);
      com.tradingml.core.risk.InMemoryRiskState scratch = new com.tradingml.core.risk.InMemoryRiskState();
      com.tradingml.core.risk.RiskLimits limits = config.riskLimits().orElse(null);
      ActiveModel model = models.current();
      double[] inputs = model == null ? null : new double[model.featureSet().inputColumns().size()];
      double[] probabilities = new double[3];
      int iterations = config.warmupIterations();
      if (iterations == 0) {
        return;
      }
      for (int i = 0; i < iterations; i++) {
        Requests.Decide request = Json.<Requests.DecisionBody>read(DECISION, sample, sample.length).validate();
        Decision decision = new Decision("warmup-" + i, "WARMUP", "warmup", "warmup", "HOLD", 0, 0, "at_target", null,
            Map.of("DOWN", 0.2, "FLAT", 0.3, "UP", 0.5), new Decision.ModelRef("warmup", 1),
            new Decision.Features("2024-01-02T15:00:00Z", 1, 1, "accepted"), null, 1);
        Json.write(decision);
        if (model != null) {
          model.predictor().predict(inputs, probabilities);
          config.policy().decide(probabilities, 0);
        }
        if (limits != null && i < iterations / 4) {
          com.tradingml.core.risk.OrderIntent order = new com.tradingml.core.risk.OrderIntent("warmup-" + i,
              "warmup", request.symbol(), com.tradingml.core.risk.Side.BUY, 1, 1.25, clock.instant());
          scratch.submit(order, Optional.of(com.tradingml.core.risk.ReferencePrice.of(1.25, clock.instant())), limits,
              clock.instant());
        }
      }
      AuditLog.line(new AuditLog.Entry("warmup", clock.instant(), "WARMUP", "warmup", "warmup", "HOLD", 0,
          "at_target", null, null, null, probabilities, probabilities, null, null, false, List.of(), 1));
    } catch (RequestException | IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "warming up the request path failed (harmless): " + e);
    }
    LOG.log(System.Logger.Level.DEBUG, "request path warmed up in "
        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
  }

  /** The port listened on (the chosen one when configured as 0). */
  public int port() {
    return http.address().getPort();
  }

  /** {@code http://127.0.0.1:<port>} when bound to all addresses, else the bound address. */
  public URI baseUri() {
    String host = http.address().getAddress().isAnyLocalAddress() ? "127.0.0.1"
        : http.address().getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  public ServingConfig config() {
    return config;
  }

  /** Readiness as {@code GET /health/ready} reports it. */
  public boolean isReady() {
    return readiness().ready();
  }

  ModelManager models() {
    return models;
  }

  ServingMetrics metrics() {
    return metrics;
  }

  AuditLog audit() {
    return audit;
  }

  DecisionEngine engine() {
    return engine;
  }

  // ------------------------------------------------------------------------------------------------ routing

  private void handle(HttpExchange exchange) {
    long start = System.nanoTime();
    long arrival = Admission.arrivalNanos(start);
    Endpoint endpoint = null;
    Tracing.CurrentSpan span = null;
    int status = 500;
    try {
      String rawPath = exchange.getRequestURI().getRawPath();
      String path = rawPath == null ? "" : rawPath; // an opaque target such as "http:x" has none
      String method = exchange.getRequestMethod();
      endpoint = route(path);
      if (endpoint == null) {
        status = error(exchange, 404, "not_found", null, "no such endpoint: " + LiveBar.clip(path));
        return;
      }
      if (!endpoint.method.equals(method)) {
        exchange.getResponseHeaders().set("Allow", endpoint.method);
        status = error(exchange, 405, "method_not_allowed", null, endpoint.path + " takes " + endpoint.method);
        return;
      }
      if (endpoint.role != null) {
        // One span per API call (probes and scrapes are not traced), continuing the caller's W3C trace.
        span = tracing.startCurrentSpan(endpoint.method + " " + endpoint.path, exchange.getRequestHeaders()::getFirst);
        if (Admission.isOverflow() || Admission.queueWaitNanos() > queueTimeoutNanos) {
          String reason = Admission.isOverflow() ? "queue_full" : "queue_timeout";
          metrics.shed(reason);
          exchange.getResponseHeaders().set("Retry-After", "1");
          status = error(exchange, 503, "overloaded", null, "the service is at capacity (" + reason + "); retry");
          return;
        }
        Optional<ApiKeys.Principal> principal = config.apiKeys().authenticate(
            exchange.getRequestHeaders().getFirst("Authorization"));
        if (principal.isEmpty()) {
          exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"model-serving\"");
          status = error(exchange, 401, "unauthorized", null, "a valid 'Authorization: Bearer <key>' header is required");
          return;
        }
        if (!principal.get().role().allows(endpoint.role)) {
          status = error(exchange, 403, "forbidden", null, "this key may not call " + endpoint.path);
          return;
        }
        status = switch (endpoint) {
          case DECISIONS -> decisions(exchange, arrival, span);
          case BARS -> bars(exchange);
          case ACTIVE_MODEL -> activeModel(exchange);
          case KILL_SWITCH -> killSwitch(exchange, principal.get());
          default -> throw new IllegalStateException("unrouted " + endpoint);
        };
      } else {
        status = switch (endpoint) {
          case LIVE -> send(exchange, 200, JSON, Json.write(Map.of("status", "live")));
          case READY -> ready(exchange);
          case METRICS -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
              metrics.scrape().getBytes(StandardCharsets.UTF_8));
          case OPENAPI -> send(exchange, 200, "application/yaml", openApi);
          default -> throw new IllegalStateException("unrouted " + endpoint);
        };
      }
    } catch (RequestException e) {
      if (e.status() == 413) {
        exchange.getResponseHeaders().set("Connection", "close");
      }
      status = safeError(exchange, e.status(), e.error(), e.field(), e.getMessage());
    } catch (ClientRequestException e) {
      // The body stopped arriving or was malformed chunked: the client's fault, and the connection is unusable.
      exchange.getResponseHeaders().set("Connection", "close");
      status = safeError(exchange, e.status(), e.error(), null, e.getMessage());
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.ERROR, "request to " + (endpoint == null ? "?" : endpoint.path) + " failed", t);
      if (span != null) {
        span.error(t);
      }
      status = safeError(exchange, 500, "internal_error", null, "unexpected failure; see the service log");
    } finally {
      exchange.close();
      metrics.http(endpoint == null ? "other" : endpoint.path, status);
      if (span != null) {
        span.tag("http.response.status_code", Integer.toString(status));
        span.close();
      }
    }
  }

  private static Endpoint route(String path) {
    for (Endpoint endpoint : Endpoint.values()) {
      if (endpoint.path.equals(path)) {
        return endpoint;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------------ endpoints

  private int decisions(HttpExchange exchange, long arrival, Tracing.CurrentSpan span)
      throws RequestException, IOException {
    Requests.DecisionBody body = readJson(exchange, DECISION);
    Requests.Decide request = body.validate();
    Decision decision = engine.decide(request, arrival);
    if (span.isRecording()) {
      span.tag("decision.request_id", decision.requestId());
      span.tag("decision.symbol", decision.symbol());
      span.tag("decision.account", decision.account());
      span.tag("decision.action", decision.action());
      span.tag("decision.reason", decision.reason());
      span.tag("decision.model_version", decision.model() == null ? null
          : Integer.toString(decision.model().version()));
    }
    exchange.getResponseHeaders().set("Server-Timing", "app;dur=" + decision.serverLatencyMicros() / 1000.0);
    return send(exchange, 200, JSON, Json.write(decision));
  }

  private int bars(HttpExchange exchange) throws RequestException, IOException {
    Requests.BarsBody body = readJson(exchange, BARS);
    List<LiveBar> bars = body.validate();
    List<OnlineFeatures.BarStatus> statuses = engine.applyBars(bars);
    int accepted = 0;
    int duplicates = 0;
    List<Map<String, Object>> rejected = new ArrayList<>();
    for (int i = 0; i < statuses.size(); i++) {
      OnlineFeatures.BarStatus s = statuses.get(i);
      if (s == OnlineFeatures.BarStatus.ACCEPTED) {
        accepted++;
      } else if (s == OnlineFeatures.BarStatus.DUPLICATE) {
        duplicates++;
      } else {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("index", i);
        r.put("symbol", bars.get(i).symbol().value());
        r.put("timestamp", Bar.instantOfMicros(bars.get(i).epochMicros()).toString());
        r.put("reason", s.code());
        rejected.add(r);
      }
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("accepted", accepted);
    response.put("duplicates", duplicates);
    response.put("rejected", rejected);
    ActiveModel model = models.current();
    response.put("model", model == null ? null : new Decision.ModelRef(model.name(), model.version()));
    return send(exchange, 200, JSON, Json.write(response));
  }

  private int activeModel(HttpExchange exchange) throws IOException {
    ActiveModel model = models.current();
    ModelManager.Status status = models.status();
    Map<String, Object> lastCheck = new LinkedHashMap<>();
    lastCheck.put("at", status.at().toString());
    lastCheck.put("outcome", status.outcome());
    lastCheck.put("version", status.version());
    lastCheck.put("detail", status.detail());
    Map<String, Object> response = new LinkedHashMap<>();
    if (model == null) {
      response.put("error", "no_model");
      response.put("message", "no model loaded yet");
      response.put("lastCheck", lastCheck);
      return send(exchange, 503, JSON, Json.write(response));
    }
    response.put("name", model.name());
    response.put("version", model.version());
    response.put("alias", model.alias());
    response.put("manifestSha256", model.manifestSha256());
    response.put("loadedAt", model.loadedAt().toString());
    Map<String, Object> featureSet = new LinkedHashMap<>();
    featureSet.put("name", model.featureSet().name());
    featureSet.put("version", model.featureSet().version());
    featureSet.put("hash", model.featureSet().hash());
    featureSet.put("inputs", model.featureSet().inputColumns());
    featureSet.put("warmupBars", model.featureSet().warmupBars());
    response.put("featureSet", featureSet);
    response.put("classes", model.classes());
    response.put("symbols", model.book().size());
    response.put("metadata", model.metadata());
    response.put("reloadFailures", (long) metrics.reloadFailures());
    response.put("lastCheck", lastCheck);
    return send(exchange, 200, JSON, Json.write(response));
  }

  private int killSwitch(HttpExchange exchange, ApiKeys.Principal principal) throws RequestException, IOException {
    Requests.KillSwitchBody body = readJson(exchange, KILL_SWITCH);
    boolean engage = body.validate();
    Instant now = clock.instant();
    String who = "api key " + principal.fingerprint();
    RiskStateUpdate update = engage
        ? riskState.engageKillSwitch(body.account(), body.reason() + " (" + who + ")", now)
        : riskState.resetKillSwitch(body.account(), who + ": " + body.reason(), now);
    LOG.log(System.Logger.Level.WARNING, "kill switch " + (engage ? "engage" : "reset") + " for account "
        + body.account() + " by " + who + ": " + update.reason() + " (" + update.detail() + ")");
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("account", body.account());
    response.put("action", body.action());
    response.put("applied", update.applied());
    response.put("outcome", update.reason());
    response.put("engaged", update.killSwitchEngaged());
    response.put("detail", update.detail());
    int status = RiskDecision.RISK_STATE_UNAVAILABLE.equals(update.reason()) ? 503 : 200;
    return send(exchange, status, JSON, Json.write(response));
  }

  /** Readiness (S2): a model, risk limits, a reachable risk state and fresh data; never while draining. */
  record Readiness(boolean ready, Map<String, Map<String, Object>> checks) {}

  Readiness readiness() {
    Map<String, Map<String, Object>> checks = new LinkedHashMap<>();
    ActiveModel model = models.current();
    check(checks, "model", model != null, model == null ? "no model loaded: " + models.status().detail()
        : "serving " + model.ref());
    check(checks, "riskLimits", config.riskLimits().isPresent(), config.riskLimits().isPresent() ? "configured"
        : "not configured (serving.risk.*)");
    boolean riskUp = riskState.snapshot(PROBE_ACCOUNT).isPresent();
    check(checks, "riskState", riskUp, riskUp ? "answering" : "not answering");
    long newest = features.newestBarMicros();
    long age = newest == Long.MIN_VALUE ? Long.MAX_VALUE : DecisionEngine.micros(clock.instant()) - newest;
    boolean fresh = age <= config.featureMaxAge().toNanos() / 1_000;
    String dataDetail = newest == Long.MIN_VALUE ? "no live bar yet"
        : "newest live bar at " + Bar.instantOfMicros(newest) + " (" + Duration.ofNanos(Math.max(0, age) * 1_000)
            + " old, max " + config.featureMaxAge() + ")";
    check(checks, "data", fresh || !config.readyRequiresFreshData(), fresh ? dataDetail
        : dataDetail + (config.readyRequiresFreshData() ? "" : "; not required"));
    check(checks, "accepting", !draining, draining ? "shutting down" : "accepting requests");
    boolean ready = checks.values().stream().allMatch(c -> Boolean.TRUE.equals(c.get("ok")));
    return new Readiness(ready, checks);
  }

  private static void check(Map<String, Map<String, Object>> checks, String name, boolean ok, String detail) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("ok", ok);
    c.put("detail", detail);
    checks.put(name, c);
  }

  private int ready(HttpExchange exchange) throws IOException {
    Readiness readiness = readiness();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", readiness.ready() ? "ready" : "not_ready");
    body.put("checks", readiness.checks());
    return send(exchange, readiness.ready() ? 200 : 503, JSON, Json.write(body));
  }

  // ------------------------------------------------------------------------------------------------ I/O

  private <T> T readJson(HttpExchange exchange, ObjectReader reader) throws RequestException, IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type != null && !type.regionMatches(true, 0, JSON, 0, JSON.length())) {
      throw new RequestException(415, "unsupported_media_type", null, "the body must be " + JSON);
    }
    int limit = config.maxBodyBytes();
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw RequestException.invalid(null, "unreadable Content-Length");
      }
      if (declared > limit) {
        throw new RequestException(413, "payload_too_large", null, "the body is " + declared + " bytes; at most "
            + limit + " are accepted");
      }
    }
    byte[] buffer = bodies.get();
    int n = 0;
    InputStream in = exchange.getRequestBody();
    while (n < buffer.length) {
      int read = in.read(buffer, n, buffer.length - n);
      if (read < 0) {
        break;
      }
      n += read;
    }
    if (n > limit) {
      throw new RequestException(413, "payload_too_large", null, "the body exceeds " + limit + " bytes");
    }
    return Json.read(reader, buffer, n);
  }

  private int send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", contentType);
    headers.set("Cache-Control", "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    if (draining) {
      headers.set("Connection", "close");
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    return status;
  }

  private int error(HttpExchange exchange, int status, String code, String field, String message) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("field", field);
    body.put("message", message);
    return send(exchange, status, JSON, Json.write(body));
  }

  private int safeError(HttpExchange exchange, int status, String code, String field, String message) {
    try {
      return error(exchange, status, code, field, message);
    } catch (IOException | RuntimeException e) {
      return status; // the client went away, or headers were sent already
    }
  }

  private static byte[] readOpenApi() {
    try (InputStream in = ServingServer.class.getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------------------------------------ lifecycle

  /** Whether {@link #stop()} has begun. */
  public boolean isDraining() {
    return draining;
  }

  /**
   * Graceful shutdown (S3): not ready at once; after {@code shutdown.delay} the listener closes and in-flight
   * requests finish (at most {@code shutdown.grace}); then the watcher, the audit log (drained), and
   * the owned registry and risk state close. Idempotent.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    draining = true;
    long started = System.nanoTime();
    long graceNanos = config.shutdownGrace().toNanos();
    LOG.log(System.Logger.Level.INFO, "shutting down: readiness false; draining for at most " + config.shutdownGrace());
    sleep(config.shutdownDelay().toMillis());
    http.stop(httpStarted ? Math.max(0, graceNanos - (System.nanoTime() - started)) : 0);
    models.close();
    audit.closeWithin(Math.max(1_000, (graceNanos - (System.nanoTime() - started)) / 1_000_000));
    if (ownsRegistry) {
      closeQuietly(registry);
    }
    if (ownsRiskState) {
      closeQuietly(riskState);
    }
    stopped = true;
    LOG.log(System.Logger.Level.INFO, "stopped after " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
  }

  @Override
  public void close() {
    stop();
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Object resource) {
    if (resource instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "closing " + resource.getClass().getSimpleName() + " failed: " + e);
      }
    }
  }
}
