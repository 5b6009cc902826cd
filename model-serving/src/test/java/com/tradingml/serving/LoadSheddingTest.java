package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.features.FeatureSet;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY.md S4: bounded concurrency; overload is refused at once with 503 and Retry-After, never queued
 * forever. One worker, a queue of one: while a slow upload holds the worker, extra requests are shed.
 */
class LoadSheddingTest {

  @TempDir
  Path temp;

  ServingFixture fixture;

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void shouldShedRequestsBeyondTheWorkersAndTheQueueQuickly() throws Exception {
    fixture = new ServingFixture(temp);
    fixture.publishAndPromote(TestModels.constant(FeatureSet.defaultSet(), 0.3, 0.4, 0.3, TestModels.warmup()));
    fixture.start(fixture.config().workerThreads(1).queue(1, Duration.ofMillis(50)).build());
    String bar = ServingFixture.barJson(ServingFixture.live("ACME", 1, 11).get(0), true);
    byte[] slowBody = ("{\"bars\":[" + bar + "]}").getBytes(StandardCharsets.UTF_8);
    fixture.clock.set(TestModels.WARMUP_END.plusSeconds(61));

    try (SlowUpload slow = new SlowUpload(fixture.server.port(), "/v1/bars", slowBody)) {
      Thread.sleep(300); // the upload's headers and half its body are in the worker's hands now

    List<CompletableFuture<HttpResponse<String>>> extra = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      starts.add(System.nanoTime());
      extra.add(fixture.client.sendAsync(HttpRequest.newBuilder(fixture.uri("/v1/models/active"))
          .header("Authorization", "Bearer " + ServingFixture.DECIDE_KEY).GET().build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    List<Integer> quick = new ArrayList<>();
    for (int i = 0; i < extra.size(); i++) {
      try {
        HttpResponse<String> response = extra.get(i).get(1, TimeUnit.SECONDS);
        quick.add(response.statusCode());
        assertThat(response.headers().firstValue("Retry-After")).as("%s %s", response.statusCode(), response.body()).hasValue("1");
      } catch (java.util.concurrent.TimeoutException e) {
        quick.add(-1); // waiting in the one queue place
      }
    }
    String slowResponse = slow.finish();
    List<Integer> all = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> f : extra) {
      all.add(f.get(10, TimeUnit.SECONDS).statusCode());
    }
    HttpResponse<String> after = fixture.get("/v1/models/active", ServingFixture.DECIDE_KEY);

    assertThat(slowResponse).startsWith("HTTP/1.1 200");
    assertThat(quick.stream().filter(s -> s == 503).count()).as("shed within a second: %s", quick)
        .isGreaterThanOrEqualTo(6);
    assertThat(all).as("never anything but 503 while overloaded").containsOnly(503);
    assertThat(after.statusCode()).isEqualTo(200);
    String metrics = fixture.get("/metrics", null).body();
    assertThat(Metrics.value(metrics, "serving_requests_shed_total{reason=\"queue_full\"")).isGreaterThanOrEqualTo(6);
    assertThat(Metrics.value(metrics, "serving_requests_shed_total{reason=\"queue_timeout\""))
        .as("the request that waited in the queue longer than 50 ms").isGreaterThanOrEqualTo(1);
    }
  }

  /** A request over a raw socket that sends its headers and half its body, and the rest on {@link #finish()}. */
  static final class SlowUpload implements AutoCloseable {
    private final Socket socket;
    private final byte[] body;

    SlowUpload(int port, String path, byte[] body) throws IOException {
      this(port, path, body, ServingFixture.DECIDE_KEY);
    }

    SlowUpload(int port, String path, byte[] body, String key) throws IOException {
      this.body = body;
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();
    }

    /** Sends the rest of the body and returns the whole response. */
    String finish() throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write(body, body.length / 2, body.length - body.length / 2);
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
