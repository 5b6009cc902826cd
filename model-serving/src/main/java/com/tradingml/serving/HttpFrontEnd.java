package com.tradingml.serving;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The service's HTTP server with its bounded concurrency (S4), behind one handler: {@link LeanHttpServer} with a
 * {@link WorkerGate} (the default), or the JDK's {@link HttpServer} on a {@link BoundedExecutor}
 * ({@code serving.http.server=jdk}). Either sets the {@link Admission} the handler reads.
 */
interface HttpFrontEnd {

  int BACKLOG = 1_024;

  static HttpFrontEnd create(ServingConfig config, HttpHandler handler) throws IOException {
    InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
    return ServingConfig.Http.JDK.equals(config.http().server()) ? new Jdk(address, config, handler)
        : new Lean(address, config, handler);
  }

  InetSocketAddress address();

  void start();

  /** Requests waiting for a worker. */
  int waiting();

  /** Stops listening; requests in progress get until {@code graceNanos} to finish. */
  void stop(long graceNanos);

  /** The service's own server: a request runs on its connection's thread once the gate admits it. */
  final class Lean implements HttpFrontEnd {
    private final WorkerGate gate;
    private final LeanHttpServer server;

    Lean(InetSocketAddress address, ServingConfig config, HttpHandler handler) throws IOException {
      ServingConfig.Http http = config.http();
      gate = new WorkerGate(config.workerThreads(), config.queueCapacity(), config.queueTimeout().toNanos());
      server = new LeanHttpServer(address, BACKLOG, handler, gate,
          new LeanHttpServer.Limits(http.maxConnections(), http.idleTimeout(), http.readTimeout()));
    }

    @Override
    public InetSocketAddress address() {
      return server.address();
    }

    @Override
    public void start() {
      server.start();
    }

    @Override
    public int waiting() {
      return gate.waiting();
    }

    @Override
    public void stop(long graceNanos) {
      server.stop(graceNanos);
    }
  }

  /** The JDK's server: its dispatcher thread hands each exchange to the bounded executor. */
  final class Jdk implements HttpFrontEnd {
    private final BoundedExecutor executor;
    private final HttpServer server;
    private volatile boolean started;

    Jdk(InetSocketAddress address, ServingConfig config, HttpHandler handler) throws IOException {
      executor = new BoundedExecutor(config.workerThreads(), config.queueCapacity());
      server = HttpServer.create(address, BACKLOG);
      server.setExecutor(executor);
      server.createContext("/", handler);
    }

    @Override
    public InetSocketAddress address() {
      return server.getAddress();
    }

    @Override
    public void start() {
      server.start();
      started = true;
    }

    @Override
    public int waiting() {
      return executor.queued();
    }

    @Override
    public void stop(long graceNanos) {
      long stopFrom = System.nanoTime();
      int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (graceNanos + 999_999_999L) / 1_000_000_000L));
      server.stop(started ? seconds : 0);
      executor.shutdown();
      try {
        long remaining = Math.max(0, graceNanos - (System.nanoTime() - stopFrom)) / 1_000_000;
        if (!executor.awaitTermination(remaining)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        executor.shutdownNow();
      }
    }
  }
}
