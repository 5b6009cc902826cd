package com.tradingml.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.ingest.CsvText;
import com.tradingml.core.synthetic.GenerationReport;
import com.tradingml.core.synthetic.SyntheticMarket;
import com.tradingml.core.synthetic.SyntheticMarketSpec;
import com.tradingml.jobs.batch.PipelineJobs;
import com.tradingml.jobs.serving.ServingProcess;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.tables.BarsScan;
import com.tradingml.storage.tables.Warehouse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pipeline demo}: the nightly pipeline end to end with embedded defaults, on the bundled real
 * data (DJ30 daily closes) and on a generated intraday set with a planted signal: ingest, Spark features,
 * training against baselines, backtests of the candidate against production and buy-and-hold, the
 * promotion gate; then one live decision from the decision service (its own JVM, over HTTP).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the nightly pipeline end to end on the bundled real data and a generated intraday set, then"
        + " ask the decision service for one live decision (embedded defaults under $PIPELINE_HOME).")
final class DemoCommand implements Callable<Integer> {

  static final Path BUNDLED_DATA = Path.of("data", "dj30_daily_1991_2000.csv");
  private static final String API_KEY = "demo-decide-key-0123456789";

  @Spec CommandSpec spec;
  @Mixin ConfigOption options;

  @Option(names = "--data", paramLabel = "FILE", description = "The daily bars to run on (default: ${DEFAULT-VALUE}).")
  Path data = BUNDLED_DATA;

  @Option(names = "--no-serving", description = "Skip the live decision.")
  boolean noServing;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(data)) {
      throw new IllegalArgumentException("bundled data " + data.toAbsolutePath()
          + " not found: run the demo from the repository root (./pipeline demo)");
    }
    long started = System.nanoTime();
    PipelineConfig config = options.load();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    err.println("demo: home " + config.home());
    Map<String, Object> summary = new LinkedHashMap<>();

    err.println("demo: [1/3] nightly on the bundled real data (" + data + ")");
    err.flush();
    Map<String, Object> real = nightly(config, LocalDate.of(2001, 1, 2), "dj30", data, "dj30-mlp", "core_v1_utc");
    summary.put("realData", real);

    Path generated = config.home().resolve("demo").resolve("synthetic-1m.csv");
    GenerationReport report = null;
    if (!Files.isRegularFile(generated)) {
      Files.createDirectories(generated.getParent());
      report = SyntheticMarket.of(SyntheticMarketSpec.builder().symbols(8).barsPerSymbol(5_000).timeframe("1m").seed(2024)
          .signal(1.0).build()).writeCsv(generated);
    }
    err.println("demo: [2/3] nightly on a generated intraday set with a planted signal (" + generated + ")");
    err.flush();
    Map<String, Object> synthetic = nightly(config, LocalDate.of(2024, 1, 31), "synthetic", generated, "synthetic-mlp",
        "core_v1");
    if (report != null) {
      synthetic.put("bayesOptimalAccuracy", report.bayesOptimalAccuracy());
    }
    summary.put("syntheticData", synthetic);

    if (!noServing) {
      err.println("demo: [3/3] one live decision from the decision service");
      err.flush();
      summary.put("liveDecision", liveDecision(config, err));
    }
    summary.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
    if (options.json) {
      JsonSummary.print(out, summary);
    } else {
      print(out, summary);
    }
    return PipelineCli.EXIT_OK;
  }

  private Map<String, Object> nightly(PipelineConfig config, LocalDate date, String dataset, Path input, String model,
      String featureSet) throws Exception {
    try (PipelineJobs jobs = PipelineJobs.open(config)) {
      PipelineJobs.Outcome outcome = jobs.run("nightly", NightlyCommand.parameters(date, dataset, model,
          List.of(input.toAbsolutePath()), featureSet, 1, null, "demo"));
      if (!outcome.succeeded()) {
        throw new IllegalStateException("the nightly job on " + dataset + " ended " + outcome.status() + ": "
            + outcome.exitDescription());
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("dataset", dataset);
      result.put("model", model);
      result.put("nightlyExecution", outcome.executionId());
      result.put("alreadyCompleteEarlier", outcome.alreadyComplete());
      result.putAll(outcome.context());
      return result;
    }
  }

  private Map<String, Object> liveDecision(PipelineConfig config, PrintWriter err) throws Exception {
    String model = null;
    String dataset = null;
    try (ModelRegistry registry = new ModelRegistry(config)) {
      for (String[] candidate : new String[][] {{"synthetic-mlp", "synthetic"}, {"dj30-mlp", "dj30"}}) {
        if (registry.models().contains(candidate[0]) && registry.aliases(candidate[0]).containsKey("production")) {
          model = candidate[0];
          dataset = candidate[1];
          break;
        }
      }
    }
    if (model == null) {
      return Map.of("skipped", "the promotion gate kept every candidate out: no model in production to serve");
    }
    // The next bar after the last stored one of the first symbol, at its last close.
    String symbol;
    long lastMicros;
    double lastClose;
    try (Warehouse warehouse = Warehouse.open(config)) {
      BarsScan scan = BarsScan.current(warehouse.findBarsTable(dataset).orElseThrow());
      symbol = scan.symbolNames().first();
      BarsScan.SymbolFiles files = scan.symbols().get(symbol);
      lastMicros = files.maxMicros();
      double[] close = {Double.NaN};
      scan.forEach(symbol, lastMicros, lastMicros, (s, ts, o, h, l, c, v) -> close[0] = c);
      lastClose = close[0];
    }
    Path settings = writeServingSettings(config);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ProcessBuilder builder = ServingProcess.builder(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--model", model + "@production"));
    builder.environment().put("PIPELINE_HOME", config.home().toString());
    builder.environment().put("PIPELINE_SERVING_CONFIG", settings.toString());
    builder.redirectError(config.home().resolve("demo").resolve("serving.log").toFile());
    Process service = builder.start();
    try {
      BufferedReader stdout = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = stdout.readLine()) != null && !line.contains("listening on")) {
        // wait for the service to accept requests
      }
      if (line == null) {
        throw new IllegalStateException("the decision service exited before listening; see "
            + config.home().resolve("demo").resolve("serving.log"));
      }
      long next = lastMicros + (dataset.equals("dj30") ? 86_400_000_000L : 60_000_000L);
      String body = String.format(Locale.ROOT, "{\"symbol\":\"%s\",\"account\":\"demo\",\"clientOrderId\":\"demo-%d\","
          + "\"position\":0,\"bar\":{\"timestamp\":\"%s\",\"open\":%s,\"high\":%s,\"low\":%s,\"close\":%s,\"volume\":1000}}",
          symbol, next, CsvText.timestamp(next), CsvText.number(lastClose), CsvText.number(lastClose),
          CsvText.number(lastClose), CsvText.number(lastClose));
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
              + "/v1/decisions")).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + API_KEY)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      Map<String, Object> decision = new LinkedHashMap<>();
      decision.put("model", model + "@production");
      decision.put("request", new ObjectMapper().readValue(body, Map.class));
      decision.put("httpStatus", response.statusCode());
      decision.put("response", response.statusCode() == 200 ? new ObjectMapper().readValue(response.body(), Map.class)
          : response.body());
      return decision;
    } finally {
      service.destroy(); // SIGTERM: the service drains and exits
      if (!service.waitFor(20, TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
  }

  /**
   * The demo's service settings: its API key, risk limits, and staleness limits wide enough for
   * historical bars (live deployments keep the strict defaults).
   */
  private static Path writeServingSettings(PipelineConfig config) throws Exception {
    Path dir = Files.createDirectories(config.home().resolve("demo"));
    Path keys = dir.resolve("api-keys");
    Files.deleteIfExists(keys);
    Files.createFile(keys, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(keys, API_KEY + ":decide\n");
    Path settings = dir.resolve("serving.properties");
    Files.writeString(settings, String.join("\n",
        "serving.api-keys-file=" + keys,
        "serving.features.max-age=876000h",
        "serving.ready.require-fresh-data=false",
        // The demo's one request reaches a just-started JVM (cold JIT): give it more than the live 50 ms.
        "serving.deadline=5s",
        "serving.risk.max-order-quantity=1000",
        "serving.risk.max-order-notional=1000000",
        "serving.risk.max-position=1000",
        "serving.risk.max-gross-exposure=5000000",
        "serving.risk.price-collar-bps=500",
        "serving.risk.reference-max-age=876000h",
        "serving.risk.max-orders-per-window=100",
        "serving.risk.order-rate-window=1m",
        "serving.risk.max-daily-loss=50000",
        "serving.risk.client-order-id-retention=24h",
        "serving.policy.fixed-quantity=100",
        "serving.policy.max-position=100",
        "") );
    return settings;
  }

  @SuppressWarnings("unchecked")
  private static void print(PrintWriter out, Map<String, Object> summary) {
    for (String key : List.of("realData", "syntheticData")) {
      Map<String, Object> r = (Map<String, Object>) summary.get(key);
      out.printf(Locale.ROOT, "%s (%s):%n", key.equals("realData") ? "Bundled real data" : "Generated intraday data",
          r.get("dataset"));
      out.printf(Locale.ROOT, "  ingested: %s rows read, %s kept, %s quarantined %s%n", r.get("ingest.rowsRead"),
          r.get("ingest.rowsKept"), r.get("ingest.rowsQuarantined"), r.getOrDefault("ingest.quarantinedByReason", ""));
      out.printf(Locale.ROOT, "  model: %s v%s: test accuracy %s, macro AUC %s, beats baselines: %s%s%n", r.get("model"),
          r.get("train.candidateVersion"), fmt(r.get("train.testAccuracy")), fmt(r.get("train.testMacroAuc")),
          r.get("train.beatsBaselines"), r.containsKey("bayesOptimalAccuracy")
              ? " (Bayes-optimal " + fmt(r.get("bayesOptimalAccuracy")) + ")" : "");
      printBacktest(out, "candidate", r, "promote.candidateBacktest.");
      if (r.containsKey("promote.productionBacktest.runId")) {
        printBacktest(out, "production", r, "promote.productionBacktest.");
      }
      out.printf(Locale.ROOT, "  promotion: %s (%s)%n", Boolean.TRUE.equals(r.get("promote.promoted")) ? "PROMOTED"
          : "kept out", r.get("promote.reasons"));
    }
    Map<String, Object> live = (Map<String, Object>) summary.get("liveDecision");
    if (live != null && live.get("response") instanceof Map<?, ?> response) {
      Map<String, Object> risk = (Map<String, Object>) response.get("risk");
      List<Map<String, Object>> checks = risk == null ? List.of() : (List<Map<String, Object>>) risk.get("checks");
      long passed = checks.stream().filter(c -> Boolean.TRUE.equals(c.get("passed"))).count();
      out.printf(Locale.ROOT, "Live decision (%s, %s bar of %s at %s): %s %s (%s), P(UP) %s, P(DOWN) %s;"
              + " risk checks passed %d/%d; server time %s us (the service's first request: cold; steady state in"
              + " docs/BENCHMARKS.md)%n", live.get("model"),
          "next", response.get("symbol"), ((Map<String, Object>) ((Map<String, Object>) live.get("request")).get("bar"))
              .get("timestamp"), response.get("action"), response.get("quantity"), response.get("reason"),
          fmt(((Map<String, Object>) response.get("probabilities")).get("UP")),
          fmt(((Map<String, Object>) response.get("probabilities")).get("DOWN")), passed, checks.size(),
          response.get("serverLatencyMicros"));
    } else if (live != null) {
      out.println("Live decision: " + live);
    }
    out.printf(Locale.ROOT, "demo finished in %.1fs%n", ((Number) summary.get("seconds")).doubleValue());
    out.flush();
  }

  private static void printBacktest(PrintWriter out, String who, Map<String, Object> r, String p) {
    out.printf(Locale.ROOT, "  %s out-of-sample backtest %s: return %s (buy-and-hold %s), Sharpe %s (%s), max drawdown %s"
            + " (%s), %s trades, hit rate %s%n    report: %s%n", who, r.get(p + "runId"), pct(r.get(p + "totalReturn")),
        pct(r.get(p + "buyAndHoldReturn")), fmt(r.get(p + "sharpe")), fmt(r.get(p + "buyAndHoldSharpe")),
        pct(r.get(p + "maxDrawdown")), pct(r.get(p + "buyAndHoldMaxDrawdown")), r.get(p + "trades"),
        pct(r.get(p + "hitRate")), r.get(p + "report"));
  }

  private static String pct(Object value) {
    return value instanceof Number n ? String.format(Locale.ROOT, "%.2f%%", 100 * n.doubleValue()) : String.valueOf(value);
  }

  private static String fmt(Object value) {
    return value instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : String.valueOf(value);
  }
}
