package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.model.runtime.RegistryModels;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.registry.ModelVersion;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY.md S3: the service in its own JVM ({@link ServingMain}, started from the recorded runtime classpath)
 * gets {@code kill -TERM} while two uploads are in flight and two clients keep deciding. The in-flight requests
 * complete with 200, no response is a 5xx, new connections are refused, the audit log is drained, and the process
 * exits within the grace period.
 */
class GracefulShutdownIT {

  @TempDir
  Path temp;

  static final String KEY = "shutdown-key-0123456789abcdef";

  @Test
  void shouldDrainInFlightRequestsAndExitWithinTheGracePeriodOnSigterm() throws Exception {
    Path home = temp.resolve("home");
    try (ModelRegistry registry = new ModelRegistry(PipelineConfig.embedded(home), Clock.systemUTC())) {
      ModelVersion v1 = RegistryModels.publish(registry, "direction",
          TestModels.constant(FeatureSet.defaultSet(), 0.05, 0.05, 0.9, TestModels.warmup()), temp.resolve("pkg"),
          Map.of(), "test");
      registry.setAlias("direction", ModelRegistry.PRODUCTION, v1.version(), "test", "test");
    }
    String classpath = System.getProperty("serving.classes.dir", "target/classes") + File.pathSeparator
        + Files.readString(Path.of(System.getProperty("serving.classpath.file", "target/classpath"))).trim();
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath, "com.tradingml.serving.ServingMain", "--port", "0",
        "--bind", "127.0.0.1");
    Map<String, String> env = builder.environment();
    env.put("PIPELINE_HOME", home.toString());
    env.put("PIPELINE_API_KEYS", KEY + ":admin");
    env.put("OMP_NUM_THREADS", "1");
    env.put("PIPELINE_SERVING_SHUTDOWN_GRACE", "10s");
    env.put("PIPELINE_SERVING_READY_REQUIRE_FRESH_DATA", "false");
    env.put("PIPELINE_SERVING_DEADLINE", "2s");
    env.put("PIPELINE_SERVING_QUEUE_TIMEOUT", "2s"); // a busy shared machine: this test is about shutdown
    ServingConfigTest.RISK.forEach(env::put);
    env.put("PIPELINE_SERVING_RISK_MAX_ORDERS_PER_WINDOW", "1000000");
    builder.redirectError(temp.resolve("child.err").toFile());
    Process child = builder.start();
    try {
      URI base = awaitListening(child);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2)).build();
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      String bar = "{\"symbol\":\"ACME\",\"timestamp\":\"" + now + "\",\"open\":100,\"high\":100.5,\"low\":99.5,"
          + "\"close\":100.2,\"volume\":1000}";
      HttpResponse<String> primed = client.send(post(base, "/v1/bars", "{\"bars\":[" + bar + "]}"),
          HttpResponse.BodyHandlers.ofString());
      assertThat(primed.statusCode()).as(primed.body()).isEqualTo(200);

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong ok = new AtomicLong();
      List<String> bad = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Thread> load = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int thread = t;
        Thread th = new Thread(() -> {
          HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(2)).build();
          for (long n = 0; running.get(); n++) {
            try {
              HttpResponse<String> r = own.send(post(base, "/v1/decisions", "{\"symbol\":\"ACME\",\"account\":\"a"
                  + thread + "\",\"clientOrderId\":\"o" + thread + "-" + n + "\",\"position\":0}"),
                  HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() >= 500) {
                bad.add(r.statusCode() + " " + r.body());
              } else if (r.statusCode() == 200) {
                ok.incrementAndGet();
              }
            } catch (ConnectException e) {
              return; // the listener is closed: expected after SIGTERM
            } catch (java.io.IOException e) {
              // a keep-alive connection closed by the server between requests: no response, not a 5xx
            } catch (InterruptedException e) {
              return;
            }
          }
        });
        load.add(th);
        th.start();
      }
      Thread.sleep(500);
      List<LoadSheddingTest.SlowUpload> uploads = new ArrayList<>();
      for (String symbol : List.of("SLOW1", "SLOW2")) {
        String slowBar = bar.replace("ACME", symbol);
        uploads.add(new LoadSheddingTest.SlowUpload(base.getPort(), "/v1/bars",
            ("{\"bars\":[" + slowBar + "]}").getBytes(StandardCharsets.UTF_8), KEY));
      }
      Thread.sleep(300);
      long decidedBefore = ok.get();

      long signalled = System.nanoTime();
      Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).inheritIO().start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(1_000);
      boolean refused;
      try (java.net.Socket probe = new java.net.Socket("127.0.0.1", base.getPort())) {
        refused = !probe.isConnected();
      } catch (ConnectException e) {
        refused = true; // a new connection; pooled keep-alive connections are still served while draining
      }
      List<String> drained = new ArrayList<>();
      for (LoadSheddingTest.SlowUpload upload : uploads) {
        drained.add(upload.finish());
        upload.close();
      }
      boolean exited = child.waitFor(15, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - signalled);
      running.set(false);
      for (Thread th : load) {
        th.join(10_000);
      }
      String stderr = Files.readString(temp.resolve("child.err"));

      assertThat(decidedBefore).as("decisions served before the signal").isPositive();
      assertThat(refused).as("new connections refused after SIGTERM").isTrue();
      assertThat(drained).allSatisfy(response -> assertThat(response).startsWith("HTTP/1.1 200")
          .contains("Connection: close").contains("\"accepted\":1"));
      assertThat(bad).as("5xx responses").isEmpty();
      assertThat(exited).as("exited within the grace period; stderr:%n%s", stderr).isTrue();
      assertThat(took).isLessThan(Duration.ofSeconds(12));
      assertThat(child.exitValue()).isEqualTo(143);
      assertThat(stderr).contains("shutting down gracefully").contains("model-serving: stopped after");
      long audited;
      try (var files = Files.list(home.resolve("serving/audit"))) {
        audited = files.mapToLong(f -> {
          try {
            return Files.readAllLines(f).size();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }).sum();
      }
      assertThat(audited).as("every decision answered is in the audit log").isGreaterThanOrEqualTo(ok.get());
      System.out.printf("S3: %d decisions, SIGTERM with 2 uploads in flight, both answered 200, exit 143 after %d ms%n",
          ok.get(), took.toMillis());
    } finally {
      child.destroyForcibly();
    }
  }

  private static HttpRequest post(URI base, String path, String body) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static URI awaitListening(Process child) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        for (String l = out.readLine(); l != null; l = out.readLine()) {
          if (l.startsWith("model-serving listening on ")) {
            return l.substring("model-serving listening on ".length()).trim();
          }
        }
        return null;
      } catch (java.io.IOException e) {
        return null;
      }
    });
    String uri = line.get(180, TimeUnit.SECONDS);
    assertThat(uri).as("the child printed its address").isNotNull();
    return URI.create(uri);
  }
}
