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
    Map<String, String> env = System.getenv();
    try (Tracing tracing = Tracing.fromEnvironment(env, "pipeline-spark");
        Tracing.CurrentSpan span = tracing.startChildProcessSpan(spanName, env)) {
      try {
        run(session.get(), result, application);
      } catch (Exception | Error e) {
        span.error(e);
        throw e;
      }
    }
  }

  private static void run(SparkSession spark, Path result, Application application) throws Exception {
    try {
      String json = new ObjectMapper().writeValueAsString(application.run(spark));
      if (result != null) {
        Files.writeString(result, json, StandardCharsets.UTF_8);
      }
      System.out.println(json);
    } finally {
      spark.stop();
    }
  }
}
