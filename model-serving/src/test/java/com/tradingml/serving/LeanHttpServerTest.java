package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service's own HTTP/1.1 server over real sockets: framing (lengths, chunks, pipelining, keep-alive, HEAD,
 * 100-continue), the refusals (malformed heads, smuggling-prone lengths, oversized heads, slow clients, too many
 * connections), admission through the worker gate, and graceful stop.
 */
class LeanHttpServerTest {

  private LeanHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Echoes method, path and body; {@code /silent} answers nothing; {@code /ignore-body} leaves the body unread. */
  private static final HttpHandler ECHO = exchange -> {
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/silent")) {
      exchange.close();
      return;
    }
    byte[] body = path.equals("/ignore-body") ? new byte[0] : exchange.getRequestBody().readAllBytes();
    byte[] out = (exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
        + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    if (path.equals("/chunked")) {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(out, 0, 3);
        o.write(out, 3, out.length - 3);
      }
      return;
    }
    exchange.sendResponseHeaders(200, out.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(out);
    }
    exchange.close();
  };

  private int start(HttpHandler handler, int maxConnections, Duration idle, Duration read, WorkerGate gate)
      throws IOException {
    server = new LeanHttpServer(new InetSocketAddress("127.0.0.1", 0), 50, handler, gate,
        new LeanHttpServer.Limits(maxConnections, idle, read));
    server.start();
    return server.address().getPort();
  }

  private int start(HttpHandler handler) throws IOException {
    return start(handler, 16, Duration.ofSeconds(30), Duration.ofSeconds(5), new WorkerGate(4, 16, 1_000_000_000L));
  }

  @Test
  void shouldServeSequentialRequestsOnOneKeepAliveConnection() throws Exception {
    int port = start(ECHO);
    try (Raw raw = new Raw(port)) {
      raw.send("POST /a?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
      Response first = raw.read();
      raw.send("GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
      Response second = raw.read();
      assertThat(first.status).isEqualTo(200);
      assertThat(first.body).isEqualTo("POST /a?x=1 hello");
      assertThat(first.headers).containsEntry("content-length", "17").containsKey("date")
          .doesNotContainKey("connection");
      assertThat(second.body).isEqualTo("GET /b ");
    }
  }

  @Test
  void shouldAnswerPipelinedRequestsInOrder() throws Exception {
    int port = start(ECHO);
    try (Raw raw = new Raw(port)) {
      raw.send("POST /1 HTTP/1.1\r\nContent-Length: 1\r\n\r\naGET /2 HTTP/1.1\r\n\r\n"
          + "POST /3 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nc\r\n0\r\n\r\n");
      assertThat(raw.read().body).isEqualTo("POST /1 a");
      assertThat(raw.read().body).isEqualTo("GET /2 ");
      assertThat(raw.read().body).isEqualTo("POST /3 c");
    }
  }

  @Test
  void shouldDecodeChunkedBodiesWithExtensionsAndTrailers() throws Exception {
    int port = start(ECHO);
    try (Raw raw = new Raw(port)) {
      raw.send("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nA\r\n, world!!!\r\n"
          + "0\r\nX-Trailer: t\r\n\r\n");
      assertThat(raw.read().body).isEqualTo("POST /c hello, world!!!");
      raw.send("GET /chunked HTTP/1.1\r\n\r\n");
      Response chunked = raw.read();
      assertThat(chunked.headers).containsEntry("transfer-encoding", "chunked").doesNotContainKey("content-length");
      assertThat(chunked.body).isEqualTo("GET /chunked ");
    }
  }

  @Test
  void shouldRefuseAMalformedChunkedBodyWithA400FromTheHandler() throws Exception {
    // The handler sees the failure as a ClientRequestException out of the body stream.
    AtomicReference<Throwable> seen = new AtomicReference<>();
    int port = start(exchange -> {
      try {
        exchange.getRequestBody().readAllBytes();
      } catch (ClientRequestException e) {
        seen.set(e);
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(e.status(), -1);
      }
      exchange.close();
    });
    try (Raw raw = new Raw(port)) {
      raw.send("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
      Response response = raw.read();
      assertThat(response.status).isEqualTo(400);
      assertThat(response.headers).containsEntry("connection", "close");
      assertThat(seen.get()).hasMessageContaining("missing chunk size");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void shouldSendContinueBeforeReadingAnExpectedBody() throws Exception {
    int port = start(ECHO);
    try (Raw raw = new Raw(port)) {
      raw.send("POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
      assertThat(raw.read().status).isEqualTo(100);
      raw.send("ok");
      assertThat(raw.read().body).isEqualTo("POST /e ok");
    }
  }

  @Test
  void shouldSkipAnUnreadBodyAndKeepTheConnection() throws Exception {
    int port = start(ECHO);
    try (Raw raw = new Raw(port)) {
      raw.send("POST /ignore-body HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789GET /next HTTP/1.1\r\n\r\n");
      assertThat(raw.read().body).isEqualTo("POST /ignore-body ");
      assertThat(raw.read().body).isEqualTo("GET /next ");
    }
  }

  @Test
  void shouldCloseRatherThanReadALargeUnreadBody() throws Exception {
    int port = start(ECHO);
    try (Raw raw = new Raw(port)) {
      int length = LeanHttpServer.DRAIN_LIMIT + 1;
      raw.send("POST /ignore-body HTTP/1.1\r\nContent-Length: " + length + "\r\n\r\n");
      assertThat(raw.read().status).isEqualTo(200);
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void shouldAnswerHeadWithTheLengthButNoBody() throws Exception {
    int port = start(ECHO);
    try (Raw raw = new Raw(port)) {
      raw.send("HEAD /h HTTP/1.1\r\n\r\nGET /after HTTP/1.1\r\n\r\n");
      Response head = raw.readHead();
      assertThat(head.headers).containsEntry("content-length", "8"); // "HEAD /h "
      assertThat(raw.read().body).isEqualTo("GET /after ");
    }
  }

  @Test
  void shouldCloseHttp10ConnectionsUnlessAskedToKeepThem() throws Exception {
    int port = start(ECHO);
    try (Raw raw = new Raw(port)) {
      raw.send("GET /old HTTP/1.0\r\n\r\n");
      Response response = raw.read();
      assertThat(response.headers).containsEntry("connection", "close");
      assertThat(raw.closedByServer()).isTrue();
    }
    try (Raw raw = new Raw(port)) {
      raw.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      assertThat(raw.read().headers).containsEntry("connection", "keep-alive");
      raw.send("GET /again HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
      assertThat(raw.read().body).isEqualTo("GET /again ");
    }
  }

  @Test
  void shouldHonourConnectionCloseFromTheClientAndFromTheHandler() throws Exception {
    int port = start(exchange -> {
      exchange.getResponseHeaders().set("Connection", "close");
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    try (Raw raw = new Raw(port)) {
      raw.send("GET / HTTP/1.1\r\n\r\n");
      Response response = raw.read();
      assertThat(response.status).isEqualTo(204);
      assertThat(response.headers).containsEntry("connection", "close").doesNotContainKey("content-length");
      assertThat(raw.closedByServer()).isTrue();
    }
    server.stop(0);
    port = start(ECHO);
    try (Raw raw = new Raw(port)) {
      raw.send("GET /bye HTTP/1.1\r\nConnection: close\r\n\r\n");
      assertThat(raw.read().headers).containsEntry("connection", "close");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void shouldRefuseMalformedAndSmugglingProneHeads() throws Exception {
    int port = start(ECHO);
    Map<String, Integer> cases = new LinkedHashMap<>();
    cases.put("GET\r\n\r\n", 400);
    cases.put("GET  / HTTP/1.1\r\n\r\n", 400);
    cases.put("GET / HTTP/1.1 extra\r\n\r\n", 400);
    cases.put("G(T / HTTP/1.1\r\n\r\n", 400);
    cases.put("GET / HTTP/2.0\r\n\r\n", 505);
    cases.put("GET / SPDY/3\r\n\r\n", 400);
    cases.put("GET /a b HTTP/1.1\r\n\r\n", 400);
    cases.put("GET /% HTTP/1.1\r\n\r\n", 400);
    cases.put("GET http:x HTTP/1.1\r\n\r\n", 400);
    cases.put("GET / HTTP/1.1\r\nNo-Colon\r\n\r\n", 400);
    cases.put("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400);
    cases.put("GET / HTTP/1.1\r\n: empty\r\n\r\n", 400);
    cases.put("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", 400);
    cases.put("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400);
    cases.put("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400);
    cases.put("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400);
    cases.put("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", 400);
    cases.put("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 400);
    cases.put("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501);
    cases.put("POST / HTTP/1.1\r\nExpect: tea\r\n\r\n", 417);
    for (Map.Entry<String, Integer> c : cases.entrySet()) {
      try (Raw raw = new Raw(port)) {
        raw.send(c.getKey());
        Response response = raw.read();
        assertThat(response.status).as(c.getKey()).isEqualTo(c.getValue());
        assertThat(response.body).as(c.getKey()).startsWith("{\"error\":\"");
        assertThat(response.headers).as(c.getKey()).containsEntry("connection", "close");
        assertThat(raw.closedByServer()).as(c.getKey()).isTrue();
      }
    }
    // Two equal lengths are one length (RFC 9110 section 8.6).
    try (Raw raw = new Raw(port)) {
      raw.send("POST /same HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\nok");
      assertThat(raw.read().body).isEqualTo("POST /same ok");
    }
  }

  @Test
  void shouldRefuseHeadsBeyondTheSizeAndFieldLimits() throws Exception {
    int port = start(ECHO);
    try (Raw raw = new Raw(port)) {
      raw.send("GET / HTTP/1.1\r\nX: " + "a".repeat(LeanHttpServer.MAX_HEAD_BYTES) + "\r\n\r\n");
      assertThat(raw.read().status).isEqualTo(431);
    }
    try (Raw raw = new Raw(port)) {
      raw.send("GET / HTTP/1.1\r\n" + "X: y\r\n".repeat(LeanHttpServer.MAX_HEADERS + 1) + "\r\n");
      assertThat(raw.read().status).isEqualTo(431);
    }
    try (Raw raw = new Raw(port)) {
      raw.send("GET / HTTP/1.1\r\n" + "X: y\r\n".repeat(LeanHttpServer.MAX_HEADERS) + "\r\n");
      assertThat(raw.read().status).isEqualTo(200);
    }
  }

  @Test
  void shouldTimeOutASlowHeadAndCloseAnIdleConnection() throws Exception {
    int port = start(ECHO, 16, Duration.ofMillis(300), Duration.ofMillis(300), new WorkerGate(4, 16, 1_000_000_000L));
    try (Raw raw = new Raw(port)) {
      raw.send("GET / HTTP/1.1\r\nHost: h\r\n");
      Response response = raw.read();
      assertThat(response.status).isEqualTo(408);
      assertThat(raw.closedByServer()).isTrue();
    }
    try (Raw raw = new Raw(port)) {
      raw.send("GET / HTTP/1.1\r\n\r\n");
      assertThat(raw.read().status).isEqualTo(200);
      long idleFrom = System.nanoTime();
      assertThat(raw.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - idleFrom)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
  }

  @Test
  void shouldAnswer408WhenABodyStopsArriving() throws Exception {
    AtomicReference<Throwable> seen = new AtomicReference<>();
    int port = start(exchange -> {
      try {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, -1);
      } catch (ClientRequestException e) {
        seen.set(e);
        exchange.sendResponseHeaders(e.status(), -1);
      }
      exchange.close();
    }, 16, Duration.ofSeconds(30), Duration.ofMillis(300), new WorkerGate(4, 16, 1_000_000_000L));
    try (Raw raw = new Raw(port)) {
      raw.send("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nhalf");
      assertThat(raw.read().status).isEqualTo(408);
      assertThat(seen.get()).isInstanceOf(ClientRequestException.class);
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void shouldCloseAConnectionWhoseHandlerSentNothing() throws Exception {
    int port = start(ECHO);
    try (Raw raw = new Raw(port)) {
      raw.send("GET /silent HTTP/1.1\r\n\r\n");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void shouldRefuseConnectionsBeyondTheLimitWith503() throws Exception {
    int port = start(ECHO, 1, Duration.ofSeconds(30), Duration.ofSeconds(5), new WorkerGate(4, 16, 1_000_000_000L));
    try (Raw first = new Raw(port)) {
      first.send("GET / HTTP/1.1\r\n\r\n");
      assertThat(first.read().status).isEqualTo(200);
      try (Raw second = new Raw(port)) {
        Response refused = second.read();
        assertThat(refused.status).isEqualTo(503);
        assertThat(refused.headers).containsEntry("retry-after", "1").containsEntry("connection", "close");
      }
      first.send("GET /still HTTP/1.1\r\n\r\n");
      assertThat(first.read().body).isEqualTo("GET /still ");
    }
  }

  @Test
  void shouldAdmitAtMostTheGatesWorkersAndRefuseBeyondItsQueue() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch holding = new CountDownLatch(1);
    WorkerGate gate = new WorkerGate(1, 1, 200_000_000L);
    int port = start(exchange -> {
      String verdict = Admission.isOverflow() ? "overflow"
          : Admission.queueWaitNanos() > 200_000_000L ? "timeout" : "admitted";
      if (exchange.getRequestURI().getPath().equals("/hold")) {
        holding.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] out = verdict.getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, out.length);
      exchange.getResponseBody().write(out);
      exchange.close();
    }, 16, Duration.ofSeconds(30), Duration.ofSeconds(5), gate);
    try (Raw hold = new Raw(port); Raw waiter = new Raw(port); Raw extra = new Raw(port)) {
      hold.send("GET /hold HTTP/1.1\r\n\r\n");
      assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
      waiter.send("GET /wait HTTP/1.1\r\n\r\n");
      for (int i = 0; i < 100 && gate.waiting() == 0; i++) {
        Thread.sleep(1); // until the waiter takes the one place in the queue (it has 200 ms)
      }
      assertThat(gate.waiting()).isEqualTo(1);
      long sent = System.nanoTime();
      extra.send("GET /extra HTTP/1.1\r\n\r\n");
      assertThat(extra.read().body).isEqualTo("overflow");
      assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofMillis(150));
      assertThat(waiter.read().body).as("waited past the 200 ms timeout").isEqualTo("timeout");
      release.countDown();
      assertThat(hold.read().body).isEqualTo("admitted");
      hold.send("GET /again HTTP/1.1\r\n\r\n");
      assertThat(hold.read().body).isEqualTo("admitted");
    }
  }

  @Test
  void shouldFinishRequestsInProgressOnStopAndCloseIdleConnections() throws Exception {
    CountDownLatch inHandler = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    int port = start(exchange -> {
      if (exchange.getRequestURI().getPath().equals("/slow")) {
        inHandler.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      ECHO.handle(exchange);
    });
    try (Raw slow = new Raw(port); Raw idle = new Raw(port)) {
      idle.send("GET /first HTTP/1.1\r\n\r\n");
      assertThat(idle.read().status).isEqualTo(200);
      slow.send("GET /slow HTTP/1.1\r\n\r\n");
      assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
      Thread stopper = new Thread(() -> server.stop(5_000_000_000L));
      stopper.start();
      assertThat(idle.closedByServer()).as("an idle connection closes at once").isTrue();
      assertThat(server.isDraining()).isTrue();
      release.countDown();
      Response finished = slow.read();
      assertThat(finished.status).isEqualTo(200);
      assertThat(finished.headers).containsEntry("connection", "close");
      stopper.join(5_000);
      assertThat(stopper.isAlive()).isFalse();
      assertThat(server.connections()).isZero();
    }
    try (Socket refused = new Socket()) {
      refused.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      refused.setSoTimeout(1_000);
      assertThat(refused.getInputStream().read()).isEqualTo(-1);
    } catch (IOException expected) {
      // connection refused: nothing listens any more
    }
  }

  @Test
  void shouldCloseAConnectionThatArrivesWhileStoppingWithoutA5xx() throws Exception {
    int port = start(ECHO);
    // The listener is still open, as in the moment between the start of a stop and the listener's close: a
    // connection queued then must not get a 503 (RELIABILITY S3: no 5xx on SIGTERM), only a close.
    server.stopAccepting();
    try (Socket late = new Socket()) {
      late.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      late.setSoTimeout(2_000);
      late.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(late.getInputStream().read()).as("no response, the connection closed").isEqualTo(-1);
    } catch (java.net.SocketException reset) {
      // the close reset the connection before the read: no response either
    }
    assertThat(server.connections()).isZero();
  }

  @Test
  void shouldWorkWithTheJdkHttpClient() throws Exception {
    int port = start(ECHO);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/p" + i)).POST(HttpRequest.BodyPublishers.ofString("b" + i))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("POST /p" + i + " b" + i);
    }
    HttpResponse<String> chunkedUpload = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/stream")).POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream("streamed".getBytes(StandardCharsets.UTF_8)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(chunkedUpload.body()).isEqualTo("POST /stream streamed");
    assertThat(server.connections()).as("one keep-alive connection for all").isEqualTo(1);
  }

  // ------------------------------------------------------------------------------------------ a raw client

  record Response(int status, Map<String, String> headers, String body) {}

  /** A socket that writes text and parses responses (Content-Length or chunked). */
  static final class Raw implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    Raw(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(5_000);
      in = socket.getInputStream();
    }

    void send(String text) throws IOException {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
    }

    /** A response's status and headers only (after HEAD). */
    Response readHead() throws IOException {
      String status = line();
      Map<String, String> headers = new LinkedHashMap<>();
      for (String l = line(); !l.isEmpty(); l = line()) {
        int colon = l.indexOf(':');
        headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
      }
      return new Response(Integer.parseInt(status.split(" ")[1]), headers, "");
    }

    Response read() throws IOException {
      Response head = readHead();
      if (head.status < 200 || head.status == 204) {
        return head;
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if ("chunked".equals(head.headers.get("transfer-encoding"))) {
        for (int size = Integer.parseInt(line(), 16); size > 0; size = Integer.parseInt(line(), 16)) {
          body.write(in.readNBytes(size));
          line();
        }
        line();
      } else {
        body.write(in.readNBytes(Integer.parseInt(head.headers.get("content-length"))));
      }
      return new Response(head.status, head.headers, body.toString(StandardCharsets.UTF_8));
    }

    /** Whether the server closes the connection (end of stream) within the socket timeout. */
    boolean closedByServer() throws IOException {
      try {
        return in.read() == -1;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true; // reset
      }
    }

    private String line() throws IOException {
      StringBuilder s = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("end of stream in a response line: " + s);
        }
        if (c != '\r') {
          s.append((char) c);
        }
      }
      return s.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
