package com.tradingml.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradingml.core.config.PipelineConfig;
import com.tradingml.model.runtime.ModelPackage;
import com.tradingml.model.runtime.RegistryModels;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.registry.ModelVersion;
import com.tradingml.storage.tables.BarsScan;
import com.tradingml.storage.tables.TableExport;
import com.tradingml.storage.tables.Warehouse;
import com.tradingml.tracing.OtlpReceiver;
import com.tradingml.tracing.OtlpReceiver.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at several points of the nightly job, then the restart command alone (RELIABILITY.md B1,
 * issue 7): the final snapshots' contents, the model and its card's lineage equal an uninterrupted
 * run's, no duplicate model version is published, and the crashed execution is recovered without SQL. The
 * uninterrupted run also shows the batch observability: JSON step lines, and one trace (command, job, steps) over
 * OTLP.
 */
class NightlyCrashRecoveryIT {

  private static final Path BUNDLED = Path.of("..", "data", "dj30_daily_1991_2000.csv").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void shouldRecoverFromKillsAtSeveralPointsAndEndEqualToAnUninterruptedRun() throws Exception {
    Path reference = Files.createDirectories(dir.resolve("reference"));
    Path crashed = Files.createDirectories(dir.resolve("crashed"));

    // The uninterrupted run is traced, as a CronJob with OTEL_EXPORTER_OTLP_ENDPOINT set would be.
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      Process uninterrupted = nightly(reference, "reference",
          Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_SERVICE_NAME", "nightly-test"));
      assertThat(uninterrupted.waitFor(10, TimeUnit.MINUTES)).isTrue();
      assertThat(uninterrupted.exitValue()).as(log(reference, "reference")).isZero();
      List<JsonNode> stepLines = assertStepLogLinesAreJsonWithTheJobExecutionId(log(reference, "reference"));
      assertTheRunIsOneTraceOfCommandJobAndSteps(receiver, stepLines);
    }

    // Kill 1: while the Spark feature job runs (both the CLI and its Spark child die).
    killWhen(crashed, "kill-features", log -> log.contains("spark ") || log.contains("step features"), 3_000);
    // Kill 2: while training.
    killWhen(crashed, "kill-train", log -> log.contains("step train"), 2_000);
    // The restart command alone finishes it.
    Process restart = nightly(crashed, "restart");
    assertThat(restart.waitFor(10, TimeUnit.MINUTES)).isTrue();
    String restartLog = log(crashed, "restart");
    assertThat(restart.exitValue()).as(restartLog).isZero();
    assertThat(restartLog).contains("COMPLETED");

    PipelineConfig a = PipelineConfig.embedded(reference);
    PipelineConfig b = PipelineConfig.embedded(crashed);
    assertThat(exportDigest(b, "bars")).isEqualTo(exportDigest(a, "bars"));
    assertThat(exportDigest(b, "features")).isEqualTo(exportDigest(a, "features"));

    ModelPackage modelA = onlyReadyVersion(a, dir.resolve("model-a"));
    ModelPackage modelB = onlyReadyVersion(b, dir.resolve("model-b"));
    assertThat(modelB.params()).as("deterministic training: same parameters").isEqualTo(modelA.params());
    @SuppressWarnings("unchecked")
    Map<String, Object> lineageA = (Map<String, Object>) modelA.card().get("lineage");
    @SuppressWarnings("unchecked")
    Map<String, Object> lineageB = (Map<String, Object>) modelB.card().get("lineage");
    try (Warehouse warehouse = Warehouse.open(b)) {
      assertThat(lineageB.get("barsSnapshotId")).as("lineage names the final bars snapshot")
          .isEqualTo(warehouse.findBarsTable("dj30").orElseThrow().currentSnapshot().snapshotId());
      assertThat(lineageB.get("featuresSnapshotId")).as("lineage names the final features snapshot")
          .isEqualTo(warehouse.findFeaturesTable("dj30", "core_v1_utc").orElseThrow().currentSnapshot().snapshotId());
    }
    for (String key : List.of("dataset", "featuresTable", "barsTable", "rowsRead", "rowsUsed", "codeVersion")) {
      assertThat(lineageB.get(key)).as("lineage " + key).isEqualTo(lineageA.get(key));
    }
    assertThat(modelB.card().get("testMetrics")).isEqualTo(modelA.card().get("testMetrics"));
  }

  /**
   * The command is the trace's root span; Spring Batch's job span is its child and each step a child of the job;
   * the Spark driver's span (another process) is a child of the features step; the step's log lines carry the trace
   * id and their step span's id.
   */
  private static void assertTheRunIsOneTraceOfCommandJobAndSteps(OtlpReceiver receiver, List<JsonNode> stepLines)
      throws Exception {
    ReceivedSpan command = receiver.await(span -> span.name().equals("pipeline nightly"), Duration.ofSeconds(10));
    assertThat(command.service()).isEqualTo("nightly-test");
    assertThat(command.parentSpanId()).isEmpty();
    assertThat(command.attributes()).containsEntry("process.exit.code", "0");
    ReceivedSpan job = receiver.await(span -> "nightly".equals(span.attributes().get("spring.batch.job.name")),
        Duration.ofSeconds(10));
    assertThat(job.traceId()).isEqualTo(command.traceId());
    assertThat(job.parentSpanId()).isEqualTo(command.spanId());
    Map<String, ReceivedSpan> steps = new java.util.HashMap<>();
    for (ReceivedSpan span : receiver.spans()) {
      String step = span.attributes().get("spring.batch.step.name");
      if (step != null) {
        assertThat(span.traceId()).isEqualTo(command.traceId());
        assertThat(span.parentSpanId()).as("step " + step + " in the job").isEqualTo(job.spanId());
        steps.put(step, span);
      }
    }
    assertThat(steps).containsKeys("ingest", "features", "train");
    // The Spark driver, a child process of the features step, joins the trace under that step.
    ReceivedSpan driver = receiver.await(span -> span.name().startsWith("spark features "), Duration.ofSeconds(10));
    assertThat(driver.traceId()).isEqualTo(command.traceId());
    assertThat(driver.parentSpanId()).isEqualTo(steps.get("features").spanId());
    for (JsonNode line : stepLines) {
      ReceivedSpan step = steps.get(line.get("step").asText());
      assertThat(step).as("a span for the step of " + line).isNotNull();
      assertThat(line.get("trace_id").asText()).isEqualTo(command.traceId());
      assertThat(line.get("span_id").asText()).isEqualTo(step.spanId());
    }
  }

  /** Every step's start and end is a JSON line carrying the job execution id and the step (issue: observability). */
  private static List<JsonNode> assertStepLogLinesAreJsonWithTheJobExecutionId(String log) throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<JsonNode> steps = new ArrayList<>();
    for (String line : log.lines().filter(l -> l.startsWith("{\"time\"")).toList()) {
      JsonNode node = json.readTree(line);
      if (node.path("logger").asText().equals("com.tradingml.jobs.batch.JobSteps")) {
        steps.add(node);
      }
    }
    assertThat(steps).as(log).isNotEmpty();
    for (JsonNode step : steps) {
      assertThat(step.get("level").asText()).isEqualTo("INFO");
      assertThat(step.get("job_execution_id").asText()).matches("\\d+");
      assertThat(step.get("message").asText()).startsWith("step " + step.get("step").asText() + " of job execution "
          + step.get("job_execution_id").asText());
    }
    assertThat(steps.stream().map(s -> s.get("step").asText()).distinct().toList())
        .contains("ingest", "features", "train");
    assertThat(steps.stream().map(s -> s.get("message").asText()).filter(m -> m.contains(" finished in ")).count())
        .isGreaterThanOrEqualTo(3);
    return steps;
  }

  private ModelPackage onlyReadyVersion(PipelineConfig config, Path into) throws Exception {
    try (ModelRegistry registry = new ModelRegistry(config)) {
      List<ModelVersion> versions = registry.versions("dj30-mlp");
      assertThat(versions).as("exactly one READY version: no duplicate publish").hasSize(1);
      return RegistryModels.load(registry, versions.get(0), into);
    }
  }

  private void killWhen(Path home, String name, Predicate<String> marker, long delayMillis) throws Exception {
    Process process = nightly(home, name);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (process.isAlive() && !marker.test(log(home, name)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Thread.sleep(delayMillis);
    assertThat(process.isAlive()).as("still running when killed: " + log(home, name)).isTrue();
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly); // kill -9, Spark child included
    process.waitFor(30, TimeUnit.SECONDS);
  }

  private Process nightly(Path home, String name) throws Exception {
    return nightly(home, name, Map.of());
  }

  private Process nightly(Path home, String name, Map<String, String> env) throws Exception {
    Path config = home.resolve("pipeline.properties");
    Files.writeString(config, "home=" + home + "\n");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-Dpipeline.spark.home=" + System.getProperty("pipeline.spark.home"),
        "-cp", classpath, PipelineCli.class.getName(), "nightly", "--config", config.toString(), "--date", "2001-01-02",
        "--dataset", "dj30", "--input", BUNDLED.toString(), "--model", "dj30-mlp", "--feature-set", "core_v1_utc");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(home.resolve(name + ".log").toFile());
    builder.environment().put("OMP_NUM_THREADS", "1");
    // As the CronJobs run it: JSON log lines, the project's at INFO (the step lines are the kill markers).
    builder.environment().put("PIPELINE_LOG_FORMAT", "json");
    builder.environment().put("PIPELINE_LOG_LEVEL", "info");
    builder.environment().putAll(env);
    return builder.start();
  }

  private static String log(Path home, String name) {
    try {
      return Files.readString(home.resolve(name + ".log"));
    } catch (Exception e) {
      return "";
    }
  }

  private static String exportDigest(PipelineConfig config, String table) throws Exception {
    Path out = Files.createTempFile(config.home(), table, ".csv");
    try (Warehouse warehouse = Warehouse.open(config)) {
      if (table.equals("bars")) {
        TableExport.exportBars(BarsScan.current(warehouse.findBarsTable("dj30").orElseThrow()), out);
      } else {
        TableExport.exportBySymbol(warehouse.findFeaturesTable("dj30", "core_v1_utc").orElseThrow(), null, out);
      }
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out)));
  }
}
