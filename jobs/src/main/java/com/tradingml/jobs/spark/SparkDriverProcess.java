package com.tradingml.jobs.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradingml.core.config.PipelineConfig;
import com.tradingml.storage.tables.Warehouse;
import com.tradingml.tracing.Tracing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Starts a Spark application's driver in its own JVM with a local master (DESIGN.md: the CLI never
 * loads Spark classes), forwards its log to our stderr, and returns the JSON result it wrote.
 *
 * <p>Where the driver's jars are: the directory named by system property {@code pipeline.spark.home}
 * or environment variable {@code PIPELINE_SPARK_HOME}, holding {@code feature-engineering.jar} and
 * {@code spark-classpath.txt} (the build writes both; the {@code pipeline} script sets the property).
 * The catalog configuration, secrets included, goes to the child in an owner-only file deleted after; this JVM's
 * {@code spark.*} system properties go to it as {@code -D} options. The child
 * maps a class-data-sharing archive of its classpath, written by the first run ({@link ClassDataSharing}).
 */
public final class SparkDriverProcess {

  /**
   * The Spark applications the CLI launches, each with where its jars are, its default driver heap and its JIT
   * settings. The features driver runs with C1 only ({@code -XX:TieredStopAtLevel=1}): its local runs last seconds,
   * and on 2 cores C2 spent more CPU compiling Spark's start-up and task plumbing than its code saved (10M bars,
   * six alternating pairs: 8.23 s against 9.35 s on average, start-up 1.1-1.3 s against 1.6-2.0 s; at 30M bars even,
   * 18.3-20.6 s against 19.2-19.9 s; docs/BENCHMARKS.md). Longer local runs may want C2 back:
   * {@code PIPELINE_SPARK_DRIVER_OPTS=-XX:TieredStopAtLevel=4}. The sweep's backtests run long: it keeps C2.
   */
  public enum App {
    FEATURES("pipeline.spark.home", "PIPELINE_SPARK_HOME", "feature-engineering.jar", "-Xmx2g",
        List.of("-XX:TieredStopAtLevel=1"), "com.tradingml.features.spark.FeatureJob"),
    SWEEP("pipeline.sweep.home", "PIPELINE_SWEEP_HOME", "backtest-sweep.jar", "-Xmx4g", List.of(),
        "com.tradingml.backtest.sweep.SweepJob");

    final String property;
    final String environment;
    final String jar;
    final String heap;
    final List<String> jitOptions;
    final String mainClass;

    App(String property, String environment, String jar, String heap, List<String> jitOptions, String mainClass) {
      this.property = property;
      this.environment = environment;
      this.jar = jar;
      this.heap = heap;
      this.jitOptions = jitOptions;
      this.mainClass = mainClass;
    }
  }

  /**
   * The result's key for the reason a driver rejected its input (the Spark side's {@code SparkDriver.ERROR}; this JVM
   * never loads the Spark side's classes).
   */
  static final String DRIVER_REJECTED_INPUT = "error";

  private SparkDriverProcess() {}

  public static Map<String, Object> run(PipelineConfig config, App app, List<String> args, PrintWriter err)
      throws IOException, InterruptedException {
    String mainClass = app.mainClass;
    Path sparkHome = sparkHome(app);
    String classpath = sparkHome.resolve(app.jar) + java.io.File.pathSeparator
        + Files.readString(sparkHome.resolve("spark-classpath.txt")).strip();
    Path tmp = Files.createDirectories(config.home().resolve("tmp"));
    String id = UUID.randomUUID().toString().substring(0, 8);
    Path catalogFile = tmp.resolve("catalog-" + id + ".properties");
    Path resultFile = tmp.resolve("result-" + id + ".json");
    writeOwnerOnly(catalogFile, Warehouse.catalogProperties(config));
    try {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of(jvmFlags().split("\\s+")));
      command.add(System.getenv().getOrDefault("PIPELINE_SPARK_DRIVER_MEMORY", app.heap));
      command.add("-XX:+UseParallelGC");
      command.addAll(app.jitOptions);
      // Extra driver JVM options (GC or JIT tuning, diagnostics), after ours so that they win.
      String extra = System.getenv().getOrDefault("PIPELINE_SPARK_DRIVER_OPTS", "").strip();
      if (!extra.isEmpty()) {
        command.addAll(List.of(extra.split("\\s+")));
      }
      ClassDataSharing.Plan sharing = ClassDataSharing.plan(sparkHome, app.name().toLowerCase(Locale.ROOT),
          classpath, System.getenv());
      command.addAll(sharing.jvmOptions());
      command.addAll(sparkSystemProperties());
      command.add("-cp");
      command.add(classpath);
      command.add(mainClass);
      command.addAll(args);
      command.addAll(List.of("--catalog-properties", catalogFile.toString(), "--result", resultFile.toString()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      // The driver's span joins the trace of the step that launched it (the OTEL_* settings are inherited).
      builder.environment().putAll(Tracing.forProcess().childProcessEnvironment());
      Process process = builder.start();
      warmUpResultReaderWhileTheDriverRuns();
      forward(process.getErrorStream(), err);
      int exit = process.waitFor();
      sharing.finished(exit);
      @SuppressWarnings("unchecked")
      Map<String, Object> result = Files.exists(resultFile)
          ? ResultReader.MAPPER.readValue(resultFile.toFile(), Map.class) : null;
      if (exit != 0 && result != null && result.get(DRIVER_REJECTED_INPUT) != null) {
        // The driver checks its inputs (the dataset, the snapshot) itself, while Spark starts: bad input, as if here.
        throw new IllegalArgumentException(result.get(DRIVER_REJECTED_INPUT).toString());
      }
      if (exit != 0 || result == null) {
        throw new IllegalStateException("the Spark application " + mainClass + " failed (exit code " + exit
            + "); its log is above");
      }
      return result;
    } finally {
      Files.deleteIfExists(catalogFile);
      Files.deleteIfExists(resultFile);
    }
  }

  static Path sparkHome(App app) {
    String configured = System.getProperty(app.property, System.getenv(app.environment));
    if (configured == null || configured.isBlank()) {
      throw new IllegalStateException("no Spark application jars: set -D" + app.property + " or " + app.environment
          + " to the directory holding " + app.jar + " and spark-classpath.txt (the pipeline script does this)");
    }
    Path home = Path.of(configured);
    if (!Files.isRegularFile(home.resolve("spark-classpath.txt")) || !Files.isRegularFile(home.resolve(app.jar))) {
      throw new IllegalStateException(home.toAbsolutePath() + " lacks " + app.jar + " or spark-classpath.txt: build "
          + "its module (mvn -pl feature-engineering,backtesting/sweep -am package)");
    }
    return home;
  }

  /**
   * This JVM's {@code spark.*} system properties as {@code -D} options for the child, where Spark's configuration
   * reads them: {@code PIPELINE_JAVA_OPTS=-Dspark.serializer=...} reaches the driver, as a test running the
   * cluster's serializer does.
   */
  static List<String> sparkSystemProperties() {
    return System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("spark."))
        .sorted().map(name -> "-D" + name + "=" + System.getProperty(name)).toList();
  }

  static String jvmFlags() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = SparkDriverProcess.class.getResourceAsStream("/spark-launch.properties")) {
      if (in == null) {
        throw new IllegalStateException("spark-launch.properties missing from the jobs jar");
      }
      properties.load(in);
    }
    return properties.getProperty("jvm.flags").strip();
  }

  private static void writeOwnerOnly(Path file, Map<String, String> values) throws IOException {
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Properties properties = new Properties();
    properties.putAll(values);
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(writer, "catalog of a Spark child process; deleted when it ends");
    }
  }

  /** Reads the driver's JSON result (a holder, so that naming this class does not load Jackson yet). */
  private static final class ResultReader {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /**
   * Jackson's first use in this JVM loads ~600 classes (~0.2 s), which came after the driver's exit, so on every run's
   * critical path; a daemon thread now does that while the driver computes, once the driver's own start-up (which
   * wants both cores) should be over.
   */
  private static void warmUpResultReaderWhileTheDriverRuns() {
    Thread thread = new Thread(() -> {
      try {
        Thread.sleep(2_000);
        // both directions, as the command then prints its summary as JSON
        ObjectMapper mapper = ResultReader.MAPPER;
        mapper.writeValueAsString(mapper.readValue("{\"rows\":1,\"seconds\":0.5,\"table\":\"t\",\"reused\":false,"
            + "\"list\":[1,null]}", Map.class));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        // only a warm-up: the real read reports its own failures
      }
    }, "json-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  private static void forward(InputStream stream, PrintWriter err) throws IOException {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        err.println(line);
        err.flush();
      }
    }
  }
}
