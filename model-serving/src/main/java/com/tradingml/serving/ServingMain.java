package com.tradingml.serving;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.logging.LogLines;
import com.tradingml.tracing.Tracing;
import com.tradingml.model.runtime.SerializationGuard;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The serving service's entry point ({@code pipeline serve [--port N]} runs it):
 * <pre>
 * java [-Dserving.KEY=VALUE...] com.tradingml.serving.ServingMain [--port N] [--bind ADDRESS]
 *      [--model NAME[@ALIAS]] [--config PIPELINE_PROPERTIES_FILE]
 * </pre>
 * Configuration: {@link PipelineConfig} (home, object store, registry database, Redis) and {@link ServingConfig}
 * ({@code serving.*} keys, {@code PIPELINE_SERVING_*} variables, {@code PIPELINE_API_KEYS}). Without any API key it
 * generates one admin key into {@code $PIPELINE_HOME/serving/api-keys} (owner-only permissions) and uses that
 * file, logging its path, never the key. Prints {@code model-serving listening on <url>} on standard output once
 * it accepts requests. SIGTERM (or Ctrl-C) shuts it down gracefully ({@link ServingServer#stop()}).
 * Exit codes: 2 for bad usage or configuration, 1 for a failure to start.
 */
public final class ServingMain {

  private ServingMain() {}

  public static void main(String[] args) {
    SerializationGuard.install(); // first: before anything can create an ObjectInputStream (M4)
    try {
      // Text or JSON lines on stderr; a service logs its lifecycle (start, reloads, shutdown) at INFO. Lines
      // logged while a request is traced carry its trace_id and span_id.
      LogLines.configure(System.getenv(), System.err, Tracing::logContext, "info");
      // Spans over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; off otherwise.
      Tracing.installForProcess(Tracing.fromEnvironment(System.getenv(), "model-serving"));
    } catch (IllegalArgumentException e) {
      System.err.println("model-serving: " + e.getMessage());
      System.exit(2);
    }
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true"); // shared/STACK.md gotcha 14
    }
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Starts the service and blocks until it is stopped by a signal; returns the exit code on failure to start. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> overrides = new HashMap<>();
    Path configFile = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--port" -> overrides.put("serving.port", value(args, ++i, arg));
          case "--bind" -> overrides.put("serving.bind-address", value(args, ++i, arg));
          case "--config" -> configFile = Path.of(value(args, ++i, arg));
          case "--model" -> {
            String ref = value(args, ++i, arg);
            int at = ref.indexOf('@');
            overrides.put("serving.model.name", at < 0 ? ref : ref.substring(0, at));
            if (at >= 0) {
              overrides.put("serving.model.alias", ref.substring(at + 1));
            }
          }
          case "--help", "-h" -> {
            out.println("usage: ServingMain [--port N] [--bind ADDRESS] [--model NAME[@ALIAS]] [--config FILE]");
            out.println("serving keys (-Dkey=value, PIPELINE_SERVING_* variables or $PIPELINE_HOME/serving.properties):");
            ServingConfig.KEYS.forEach((key, spec) -> out.println("  " + key + " (default '" + spec[0] + "'): "
                + spec[1]));
            return 0;
          }
          default -> throw new IllegalArgumentException("unknown argument '" + arg + "' (try --help)");
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("model-serving: " + e.getMessage());
      return 2;
    }
    ServingConfig config;
    PipelineConfig pipeline;
    try {
      pipeline = PipelineConfig.load(System.getenv(), configFile);
      config = ServingConfig.load(pipeline, System.getenv(), System.getProperties(), overrides);
      if (config.apiKeys().size() == 0) {
        config = config.toBuilder().apiKeys(generatedKeys(pipeline.home(), err)).build();
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println("model-serving: configuration: " + e.getMessage());
      return 2;
    }
    ServingServer server;
    try {
      server = ServingServer.start(config, pipeline);
    } catch (IOException | RuntimeException e) {
      err.println("model-serving: cannot start: " + e);
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      long started = System.nanoTime();
      err.println("model-serving: signal received; shutting down gracefully (grace " + server.config().shutdownGrace()
          + ")");
      server.stop();
      Tracing.forProcess().close(); // after the last request's span: sends what is queued
      // Printed directly: java.util.logging closes its handlers in its own shutdown hook, concurrently with this one.
      err.println("model-serving: stopped after " + (System.nanoTime() - started) / 1_000_000 + " ms");
      err.flush();
      stopped.countDown();
    }, "serving-shutdown"));
    out.println("model-serving listening on " + server.baseUri());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /**
   * The keys in {@code <home>/serving/api-keys}, generating one admin key there (owner read/write only) when the
   * file does not exist: a service never runs open, and the key is in a file for the operator, not in a log.
   */
  static ApiKeys generatedKeys(Path home, PrintStream err) throws IOException {
    Path file = home.resolve("serving").resolve("api-keys");
    if (!Files.exists(file)) {
      Files.createDirectories(file.getParent());
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String line = "# generated by model-serving: KEY:ROLE entries (see PIPELINE_API_KEYS)\n"
          + HexFormat.of().formatHex(random) + ":admin\n";
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      err.println("model-serving: no API keys configured; generated an admin key in " + file);
    } else {
      err.println("model-serving: no API keys configured; using the keys in " + file);
    }
    return ApiKeys.parse(Files.readString(file, StandardCharsets.UTF_8), "API key file " + file);
  }
}
