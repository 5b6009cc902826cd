package com.tradingml.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.market.Bar;
import com.tradingml.core.risk.InMemoryRiskState;
import com.tradingml.core.risk.RiskFixtures;
import com.tradingml.core.risk.RiskState;
import com.tradingml.model.runtime.ModelPackage;
import com.tradingml.model.runtime.RegistryModels;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.registry.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real registry (H2 file database and local object store under a temporary home), a served model, a
 * {@link MutableClock} and an HTTP client over loopback: what the HTTP-level tests share.
 */
final class ServingFixture implements AutoCloseable {

  static final String MODEL = "direction";
  static final String DECIDE_KEY = "decide-key-0123456789abcdef";
  static final String ADMIN_KEY = "admin-key-0123456789abcdef0";
  static final ObjectMapper JSON = new ObjectMapper();

  final Path home;
  final PipelineConfig pipeline;
  final ModelRegistry registry;
  final MutableClock clock;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger packages = new AtomicInteger();
  ServingServer server;

  ServingFixture(Path temp) {
    home = temp.resolve("home");
    pipeline = PipelineConfig.embedded(home);
    registry = new ModelRegistry(pipeline, Clock.systemUTC());
    clock = new MutableClock(TestModels.WARMUP_END.plusSeconds(30));
  }

  static ApiKeys keys() {
    return ApiKeys.parse(DECIDE_KEY + ":decide," + ADMIN_KEY + ":admin", "test");
  }

  /** Defaults for tests: loopback, any port, test keys, core's fixture limits, a fast poll. */
  ServingConfig.Builder config() {
    return ServingConfig.builder(home)
        .bindAddress("127.0.0.1")
        .port(0)
        .apiKeys(keys())
        .riskLimits(RiskFixtures.limits())
        .pollInterval(Duration.ofMillis(100))
        // Generous on a shared 2-core machine: the tests of shedding and deadlines set their own.
        .queue(256, Duration.ofSeconds(2))
        .deadline(Duration.ofSeconds(2))
        .warmupIterations(200)
        .retryFailedAfter(Duration.ofMinutes(10))
        .shutdown(Duration.ofSeconds(5), Duration.ZERO);
  }

  ModelVersion publish(ModelPackage model) {
    Path out = home.resolve("packages").resolve("p" + packages.incrementAndGet());
    return RegistryModels.publish(registry, MODEL, model, out, Map.of("source", "test"), "test");
  }

  ModelVersion publishAndPromote(ModelPackage model) {
    ModelVersion version = publish(model);
    promote(version.version());
    return version;
  }

  void promote(int version) {
    registry.setAlias(MODEL, ModelRegistry.PRODUCTION, version, "test", "test promotion");
  }

  /** Flips one byte of a stored artifact of {@code version}: the registry must refuse it (M3). */
  void corrupt(int version, String artifact) {
    Path file = home.resolve("objects/models/" + MODEL + "/" + version + "/" + artifact);
    try {
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 0x01;
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ServingServer start(ServingConfig config) throws IOException {
    return start(config, new InMemoryRiskState());
  }

  ServingServer start(ServingConfig config, RiskState risk) throws IOException {
    server = ServingServer.start(config, registry, risk, clock);
    return server;
  }

  URI uri(String path) {
    return server.baseUri().resolve(path);
  }

  HttpResponse<String> post(String path, String key, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return send(request.build());
  }

  HttpResponse<String> get(String path, String key) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return send(request.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A decision for {@code bar}'s symbol with the bar; the clock is moved to one second after the bar. */
  JsonNode decide(Bar bar, String account, String clientOrderId, long position) {
    clock.set(bar.timestamp().plusSeconds(1));
    HttpResponse<String> response = post("/v1/decisions", DECIDE_KEY, decisionJson(bar.symbol().value(), account,
        clientOrderId, position, bar));
    if (response.statusCode() != 200) {
      throw new AssertionError("decision answered " + response.statusCode() + ": " + response.body());
    }
    return json(response.body());
  }

  static String decisionJson(String symbol, String account, String clientOrderId, long position, Bar bar) {
    return "{\"symbol\":\"" + symbol + "\",\"account\":\"" + account + "\",\"clientOrderId\":\"" + clientOrderId
        + "\",\"position\":" + position + (bar == null ? "" : ",\"bar\":" + barJson(bar, false)) + "}";
  }

  static String barJson(Bar bar, boolean withSymbol) {
    return "{" + (withSymbol ? "\"symbol\":\"" + bar.symbol() + "\"," : "") + "\"timestamp\":\"" + bar.timestamp()
        + "\",\"open\":" + bar.open() + ",\"high\":" + bar.high() + ",\"low\":" + bar.low() + ",\"close\":"
        + bar.close() + (bar.hasVolume() ? ",\"volume\":" + bar.volume() : "") + "}";
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /** Live bars of ACME after the warm-up: {@code count} bars from one minute after it. */
  static java.util.List<Bar> live(String symbol, int count, long seed) {
    return TestModels.series(symbol, TestModels.WARMUP_END.plus(TestModels.BAR), count, seed, 100.0);
  }

  Instant now() {
    return clock.instant();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
    registry.close();
  }
}
