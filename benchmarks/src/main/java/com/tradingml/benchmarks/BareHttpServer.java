package com.tradingml.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The baseline of the serving benchmark: the JDK's {@link HttpServer} answering every request with the same
 * small JSON body from a fixed thread pool, doing no work at all. The decision service is compared against
 * it: whatever the service adds over this is the cost of parsing, features, the model and the risk gate.
 *
 * <p>Runs with {@code -Dsun.net.httpserver.nodelay=true} (set here when absent): without it the JDK server
 * leaves Nagle's algorithm on and a keep-alive client waits ~40 ms for delayed ACKs (shared/STACK.md gotcha 14).
 *
 * <p>Usage: {@code BareHttpServer [--port 8080] [--host 127.0.0.1] [--threads N (default: processors)]}; port 0
 * picks a free one. Prints {@code listening on HOST:PORT} once it accepts connections, then serves until killed.
 */
public final class BareHttpServer {

  /** A decision-shaped answer of about the size the decision service returns. */
  static final byte[] BODY = ("{\"action\":\"HOLD\",\"symbol\":\"AAA\",\"quantity\":0,\"reason\":\"bare_server\","
      + "\"checks\":[],\"latencyMicros\":0}").getBytes(StandardCharsets.UTF_8);

  private BareHttpServer() {
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    String host = "127.0.0.1";
    int port = 8080;
    int threads = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--host" -> host = args[++i];
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: BareHttpServer [--port N] [--host H] [--threads N]");
          System.exit(2);
        }
      }
    }
    HttpServer server = start(host, port, threads);
    System.out.println("listening on " + host + ":" + server.getAddress().getPort() + " (threads " + threads
        + ", nodelay " + System.getProperty("sun.net.httpserver.nodelay") + ")");
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /** Starts a server on {@code host:port} (0: any free port) with a fixed pool of {@code threads}. */
  static HttpServer start(String host, int port, int threads) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 1024);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    server.setExecutor(pool);
    server.createContext("/", BareHttpServer::answer);
    server.start();
    return server;
  }

  private static void answer(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, BODY.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(BODY);
    }
  }
}
