package com.tradingml.jobs.scheduler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.tradingml.jobs.batch.JobMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics} (Prometheus text format) of a long-running scheduler node, so Prometheus scrapes
 * it directly and the container health check has something cheap to ask. One daemon thread: scrapes are
 * rare and small. Anything but GET /metrics is 404/405.
 */
public final class MetricsEndpoint implements AutoCloseable {

  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Listens on {@code address:port} (port 0: any free port). */
  public static MetricsEndpoint start(JobMetrics metrics, String address, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
    server.createContext("/", exchange -> {
      try (exchange) {
        if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
          respond(exchange, 404, "text/plain; charset=utf-8", "not found: only /metrics is served\n");
        } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
          exchange.getResponseHeaders().set("Allow", "GET, HEAD");
          respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
        } else {
          respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        }
      }
    });
    server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "scheduler-metrics");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
    return new MetricsEndpoint(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
