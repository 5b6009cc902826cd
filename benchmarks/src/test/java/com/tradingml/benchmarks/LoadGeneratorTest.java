package com.tradingml.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator against in-process JDK servers: it counts what it is asked to (no figure here is a
 * performance assertion: STYLE.md habit 11), sends the configured request, and parses both response framings.
 */
class LoadGeneratorTest {

  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/bare", exchange -> {
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
      exchange.sendResponseHeaders(200, BareHttpServer.BODY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(BareHttpServer.BODY);
      }
    });
    server.createContext("/echo-chunked", exchange -> {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      seen.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization") + " "
          + body);
      exchange.sendResponseHeaders(201, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(("{\"echo\":\"" + body + "\"}").getBytes(StandardCharsets.UTF_8));
      }
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void shouldRunAClosedLoopWithoutErrorsAndRecordEveryAnsweredRequest() throws IOException {
    LoadResult result = new LoadGenerator(LoadOptions.parse("--url", url("/bare"), "--connections", "4",
        "--duration", "1", "--warmup", "0.2")).run();

    assertThat(result.completed()).isPositive();
    assertThat(result.latencyCount()).isEqualTo(result.completed());
    assertThat(result.non2xx()).isZero();
    assertThat(result.socketErrors()).isZero();
    assertThat(result.latencyMillis(50)).isPositive().isLessThanOrEqualTo(result.maxMillis());
    assertThat(result.json()).startsWith("{\"label\":\"\",\"mode\":\"closed\"").contains("\"p999\":");
  }

  @Test
  void shouldSendExactlyTheScheduledRequestsOfTheMeasuredWindowInAnOpenLoop() throws IOException {
    LoadResult result = new LoadGenerator(LoadOptions.parse("--url", url("/bare"), "--mode", "open", "--rate", "200",
        "--connections", "4", "--duration", "1", "--warmup", "0.25")).run();

    // 200 req/s for 1 s after the warm-up: requests 50 to 249 of the schedule.
    assertThat(result.completed() + result.unfinished()).isEqualTo(200);
    assertThat(result.unfinished()).isZero();
    assertThat(result.non2xx()).isZero();
    assertThat(result.text()).contains("latency from intended send ms", "send lag ms");
  }

  @Test
  void shouldSendExactlyTheScheduledRequestsWhenSpinningInsteadOfSleeping() throws IOException {
    LoadResult result = new LoadGenerator(LoadOptions.parse("--url", url("/bare"), "--mode", "open", "--rate", "200",
        "--connections", "4", "--duration", "1", "--warmup", "0.25", "--spin")).run();

    assertThat(result.completed() + result.unfinished()).isEqualTo(200);
    assertThat(result.unfinished()).isZero();
    assertThat(result.non2xx()).isZero();
    assertThat(result.socketErrors()).isZero();
  }

  @Test
  void shouldSendExactlyTheScheduledRequestsWithASpinMargin() throws IOException {
    LoadResult result = new LoadGenerator(LoadOptions.parse("--url", url("/bare"), "--mode", "open", "--rate", "200",
        "--connections", "4", "--duration", "1", "--warmup", "0.25", "--spin-margin", "300")).run();

    assertThat(result.completed() + result.unfinished()).isEqualTo(200);
    assertThat(result.unfinished()).isZero();
    assertThat(result.non2xx()).isZero();
    assertThatThrownBy(() -> LoadOptions.parse("--url", url("/bare"), "--mode", "open", "--rate", "5", "--spin",
        "--spin-margin", "100")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without --spin");
    assertThatThrownBy(() -> LoadOptions.parse("--url", url("/bare"), "--spin-margin", "100"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("open mode");
  }

  @Test
  void shouldRefuseToSpinInAClosedLoop() {
    assertThatThrownBy(() -> LoadOptions.parse("--url", url("/bare"), "--spin"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--spin is for open mode");
  }

  @Test
  void shouldPostTheBodyFileWithTheHeadersAndParseChunkedAnswers(@TempDir Path dir) throws IOException {
    Path body = Files.writeString(dir.resolve("order.json"), "{\"symbol\":\"AAA\"}");

    LoadResult result = new LoadGenerator(LoadOptions.parse("--url", url("/echo-chunked"), "--body", body.toString(),
        "--header", "Authorization: Bearer t0ken", "--header", "Content-Type: application/json", "--connections", "2",
        "--duration", "0.5", "--warmup", "0")).run();

    assertThat(result.completed()).isPositive();
    assertThat(result.non2xx()).isZero();
    assertThat(seen).isNotEmpty().allMatch(s -> s.equals("POST Bearer t0ken {\"symbol\":\"AAA\"}"));
    assertThat(result.text()).contains("headers [Authorization, Content-Type]").doesNotContain("t0ken");
  }
}
