package com.tradingml.storage.tables.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradingml.tracing.Tracing;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * What every Spark application of the pipeline does around its own work, in its driver JVM: open a session whose
 * catalog is the pipeline's Iceberg JDBC catalog (from the properties file the CLI or the SparkApplication hands
 * over), run, and report a JSON summary on stdout and, when asked, in a result file the CLI reads.
 */
public final class SparkDriver {

  /** The application's work on an open session; returns its summary (JSON-serializable values). */
  @FunctionalInterface
  public interface Application {
    Map<String, Object> run(SparkSession spark) throws Exception;
  }

  /**
   * What an application reads and checks before it needs Spark (its inputs in the catalog, its plan), run on the
   * driver's main thread while Spark starts on another. Bad input is an {@link IllegalArgumentException}.
   */
  @FunctionalInterface
  public interface Preparation<T> {
    T prepare() throws Exception;
  }

  /** The application's work on an open session, given what its {@link Preparation} returned. */
  @FunctionalInterface
  public interface PreparedApplication<T> {
    Map<String, Object> run(SparkSession spark, T prepared) throws Exception;
  }

  /** The exit code of a driver whose input was rejected (the CLI's code for bad input too). */
  public static final int EXIT_BAD_INPUT = 2;

  /** The result's key for the reason the input was rejected, when it was. */
  public static final String ERROR = "error";

  private SparkDriver() {}

  /**
   * A session builder with catalog {@code catalogName} as our Iceberg JDBC catalog configured by
   * {@code catalogProperties}, UTC session time and Java 8 time types; the caller adds its own settings.
   */
  public static SparkSession.Builder session(String appName, String master, int shufflePartitions, String catalogName,
      Map<String, String> catalogProperties) {
    SparkSession.Builder builder = SparkSession.builder()
        .appName(appName)
        .config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        // Where a cluster sets spark.serializer to Kryo, records (our domain types) go through Java serialization;
        // a registrator given at submission (a system property here) is kept beside ours.
        .config("spark.kryo.registrator", kryoRegistrators(System.getProperty("spark.kryo.registrator")))
        .config("spark.sql.catalog." + catalogName, "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog." + catalogName + ".catalog-impl", CATALOG_IMPL);
    if (master.startsWith("local")) {
      // A local driver (the CLI's child JVM): loopback only, no UI. In a cluster (spark-submit or the
      // Spark operator) the master, driver host and UI come from the submission and are left alone.
      builder.master(master)
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    catalogProperties.forEach((key, value) -> builder.config("spark.sql.catalog." + catalogName + "." + key, value));
    return builder;
  }

  /**
   * The Iceberg catalog implementation every application's session catalog wraps (the pipeline's JDBC catalog); a
   * driver that builds the same catalog directly, without Spark's SQL session state, uses it too.
   */
  public static final String CATALOG_IMPL = "org.apache.iceberg.jdbc.JdbcCatalog";

  /** {@link RecordsByJavaSerialization} after the registrators already configured, if any (a comma list). */
  static String kryoRegistrators(String configured) {
    String ours = RecordsByJavaSerialization.class.getName();
    if (configured == null || configured.isBlank()) {
      return ours;
    }
    return Arrays.asList(configured.split("\\s*,\\s*")).contains(ours) ? configured : configured + "," + ours;
  }

  /** The catalog properties file: Java properties, UTF-8. */
  public static Map<String, String> readProperties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, String> map = new HashMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    return map;
  }

  /**
   * Opens the session, runs {@code application} on it, prints its summary as one JSON line on stdout and writes it
   * to {@code result} when that is not null; stops the session whatever happens. The whole of it, Spark's start-up
   * included, is one span named {@code spanName} when tracing is configured (OTEL_* variables, as in every
   * process of the pipeline): a child of the CLI's span when the CLI launched this driver
   * ({@link Tracing#childProcessEnvironment()}), a trace of its own when the Spark operator did.
   */
  public static void runAndReport(String spanName, Supplier<SparkSession> session, Path result,
      Application application) throws Exception {
    runAndReport(spanName, session, result, () -> null, (spark, nothing) -> application.run(spark));
  }

  /**
   * As {@link #runAndReport(String, Supplier, Path, Application)}, with {@code preparation} on this thread while the
   * session starts on another (Spark's start-up takes seconds in a fresh JVM; reading the catalog and planning take
   * most of one). When the preparation rejects the input ({@link IllegalArgumentException}), the result is
   * {@code {"error": reason}} (the CLI reports it as bad input) and this returns {@link #EXIT_BAD_INPUT} at once,
   * without waiting for Spark: the caller exits with it. Otherwise returns 0.
   */
  public static <T> int runAndReport(String spanName, Supplier<SparkSession> session, Path result,
      Preparation<T> preparation, PreparedApplication<T> application) throws Exception {
    Map<String, String> env = System.getenv();
    try (Tracing tracing = Tracing.fromEnvironment(env, "pipeline-spark");
        Tracing.CurrentSpan span = tracing.startChildProcessSpan(spanName, env)) {
      CompletableFuture<SparkSession> starting = new CompletableFuture<>();
      Thread starter = new Thread(() -> {
        try {
          starting.complete(session.get());
        } catch (Throwable e) {
          starting.completeExceptionally(e);
        }
      }, "spark-session-start");
      // Daemon: a rejected input ends the JVM without waiting for a start-up nobody needs.
      starter.setDaemon(true);
      starter.start();
      try {
        T prepared;
        try {
          prepared = preparation.prepare();
        } catch (IllegalArgumentException rejected) {
          span.error(rejected);
          report(result, Map.<String, Object>of(ERROR, String.valueOf(rejected.getMessage())));
          return EXIT_BAD_INPUT;
        } catch (Exception | Error failed) {
          // Any other failure ends the run as a failure, once the session is stopped: its threads would keep the JVM.
          stopWhenStarted(starting);
          throw failed;
        }
        run(started(starting), result, spark -> application.run(spark, prepared));
        return 0;
      } catch (Exception | Error e) {
        span.error(e);
        throw e;
      }
    }
  }

  /** The session once started, or the start-up's own failure. */
  private static SparkSession started(CompletableFuture<SparkSession> starting) throws Exception {
    try {
      return starting.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static void stopWhenStarted(CompletableFuture<SparkSession> starting) {
    try {
      starting.get().stop();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } catch (Exception | Error startFailed) {
      // It never started; the preparation's failure is the one to report.
    }
  }

  private static void run(SparkSession spark, Path result, Application application) throws Exception {
    // The session started on another thread, and the active session is per thread: code that asks for the active
    // one (Iceberg's source resolving its catalogs, say) must find this one here too.
    SparkSession.setActiveSession(spark);
    try {
      report(result, application.run(spark));
    } finally {
      spark.stop();
    }
  }

  /** The summary as one JSON line on stdout, and in {@code result} when that is not null. */
  private static void report(Path result, Map<String, Object> summary) throws IOException {
    String json = new ObjectMapper().writeValueAsString(summary);
    if (result != null) {
      Files.writeString(result, json, StandardCharsets.UTF_8);
    }
    System.out.println(json);
  }
}
