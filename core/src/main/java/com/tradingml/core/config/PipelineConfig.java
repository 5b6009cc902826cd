package com.tradingml.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The one typed configuration of the pipeline. Immutable and thread-safe.
 *
 * <p>Sources, strongest first: environment variables {@code PIPELINE_<KEY>} (key upper-cased, dots and
 * dashes as underscores: {@code object-store.endpoint} is {@code PIPELINE_OBJECT_STORE_ENDPOINT}),
 * then a properties file ({@code PIPELINE_CONFIG}, else {@code $PIPELINE_HOME/pipeline.properties} if
 * present), then embedded defaults that keep everything under {@code $PIPELINE_HOME} (default
 * {@code ./pipeline-home}): a local object store directory and an H2 database file. Two homes never
 * share state. Unknown keys in the file are an error, so a typo cannot silently fall back to a default.
 */
public record PipelineConfig(Path home, ObjectStoreSettings objectStore, JdbcSettings catalog, String redisUrl,
    String pushgatewayUrl) {

  /** Where objects live: a local directory (default) or an S3-compatible service (MinIO, AWS). */
  public record ObjectStoreSettings(
      String kind, Path directory, String endpoint, String bucket, String region, String accessKey, String secretKey) {

    public ObjectStoreSettings {
      if (!kind.equals("local") && !kind.equals("s3")) {
        throw new IllegalArgumentException("object-store.kind must be 'local' or 's3', got '" + kind + "'");
      }
      if (kind.equals("s3") && (isBlank(endpoint) || isBlank(bucket))) {
        throw new IllegalArgumentException("object-store.kind=s3 needs object-store.endpoint and object-store.bucket");
      }
    }

    public boolean isS3() {
      return kind.equals("s3");
    }

    @Override
    public String toString() {
      return isS3() ? "s3 " + endpoint + "/" + bucket + " (region " + region + ")" : "local " + directory;
    }
  }

  /** A JDBC database: the Iceberg catalog, the model registry and the job repository share its shape. */
  public record JdbcSettings(String url, String user, String password) {
    public JdbcSettings {
      if (isBlank(url) || !url.startsWith("jdbc:")) {
        throw new IllegalArgumentException("JDBC url must start with 'jdbc:', got '" + url + "'");
      }
    }

    public boolean isH2() {
      return url.startsWith("jdbc:h2:");
    }

    @Override
    public String toString() {
      return url + (isBlank(user) ? "" : " as " + user); // never the password
    }
  }

  static final String[] KEYS = {
    "home", "object-store.kind", "object-store.directory", "object-store.endpoint", "object-store.bucket",
    "object-store.region", "object-store.access-key", "object-store.secret-key",
    "catalog.jdbc-url", "catalog.user", "catalog.password", "redis.url", "pushgateway.url"
  };

  /** Loads from the process environment and the optional properties file it names. */
  public static PipelineConfig load() {
    return load(System.getenv(), null);
  }

  /**
   * Loads from {@code env} and a properties file: {@code explicitFile} if not null, else the one
   * {@code PIPELINE_CONFIG} names, else {@code <home>/pipeline.properties} if it exists.
   */
  public static PipelineConfig load(Map<String, String> env, Path explicitFile) {
    Map<String, String> values = new HashMap<>();
    String envHome = env.get(envName("home"));
    Path home = Path.of(envHome != null && !envHome.isBlank() ? envHome : "pipeline-home").toAbsolutePath().normalize();
    Path file = explicitFile;
    if (file == null && env.get("PIPELINE_CONFIG") != null) {
      file = Path.of(env.get("PIPELINE_CONFIG"));
    }
    if (file == null && Files.isRegularFile(home.resolve("pipeline.properties"))) {
      file = home.resolve("pipeline.properties");
    }
    if (file != null) {
      values.putAll(readProperties(file));
    }
    for (String key : KEYS) {
      String fromEnv = env.get(envName(key));
      if (fromEnv != null && !fromEnv.isBlank()) {
        values.put(key, fromEnv);
      }
    }
    if (values.containsKey("home")) {
      home = Path.of(values.get("home")).toAbsolutePath().normalize();
    }
    return fromValues(home, values);
  }

  /** Embedded defaults under {@code home}: what tests and the demo use. */
  public static PipelineConfig embedded(Path home) {
    return fromValues(home.toAbsolutePath().normalize(), Map.of());
  }

  private static PipelineConfig fromValues(Path home, Map<String, String> v) {
    ObjectStoreSettings objectStore = new ObjectStoreSettings(
        v.getOrDefault("object-store.kind", "local"),
        Path.of(v.getOrDefault("object-store.directory", home.resolve("objects").toString())),
        v.get("object-store.endpoint"),
        v.getOrDefault("object-store.bucket", "pipeline"),
        v.getOrDefault("object-store.region", "us-east-1"),
        v.get("object-store.access-key"),
        v.get("object-store.secret-key"));
    JdbcSettings catalog = new JdbcSettings(
        v.getOrDefault("catalog.jdbc-url", embeddedH2Url(home.resolve("db").resolve("pipeline"))),
        v.getOrDefault("catalog.user", "sa"),
        v.getOrDefault("catalog.password", ""));
    return new PipelineConfig(home, objectStore, catalog, v.get("redis.url"), v.get("pushgateway.url"));
  }

  /**
   * An H2 file database that several processes on this machine may open at once (AUTO_SERVER: the
   * first opener serves the others), which the CLI needs because the Spark driver runs in a child JVM.
   * DATABASE_TO_UPPER=FALSE: Iceberg's JDBC catalog fails on reopen without it (STACK.md gotcha 9).
   */
  public static String embeddedH2Url(Path databaseFile) {
    return "jdbc:h2:file:" + databaseFile.toAbsolutePath() + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=FALSE";
  }

  static String envName(String key) {
    return "PIPELINE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Map<String, String> readProperties(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (!java.util.Arrays.asList(KEYS).contains(name)) {
        throw new IllegalArgumentException("unknown key '" + name + "' in " + file + "; known keys: "
            + String.join(", ", KEYS));
      }
      values.put(name, properties.getProperty(name).trim());
    }
    return values;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  /** A description safe for logs: no secret values. */
  @Override
  public String toString() {
    return "PipelineConfig[home=" + home + ", objectStore=" + objectStore + ", catalog=" + catalog + ", redis="
        + (redisUrl == null ? "in-memory" : redisUrl.replaceAll("//[^@/]*@", "//***@"))
        + (pushgatewayUrl == null ? "" : ", pushgateway=" + pushgatewayUrl.replaceAll("//[^@/]*@", "//***@")) + "]";
  }
}
