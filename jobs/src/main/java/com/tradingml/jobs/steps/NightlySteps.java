package com.tradingml.jobs.steps;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.jobs.cli.BuildInfo;
import com.tradingml.model.trainer.ModelTraining;
import com.tradingml.model.trainer.TrainingConfig;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.registry.ModelVersion;
import com.tradingml.storage.tables.BarIngestion;
import com.tradingml.storage.tables.IngestReport;
import com.tradingml.storage.tables.IngestRequest;
import com.tradingml.storage.tables.Warehouse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of the nightly retraining, as plain functions of (configuration, parameters, previous
 * steps' outputs). Every step is idempotent for a business date, so re-running one after a crash gives
 * the outputs an uninterrupted run gives: ingest skips files already ingested (by content digest);
 * features reuse the current snapshot when it was computed from the same bars snapshot and definition;
 * training reuses the version already published for this date and features snapshot (training is
 * deterministic, so the re-run would give the same model under a new number); promotion is an alias
 * move that is a no-op when the alias already points there.
 */
public final class NightlySteps {

  /** Registry metadata key: the business date a nightly run published a version for. */
  public static final String NIGHTLY_DATE = "nightly-date";

  /**
   * @param inputs bar files or directories to ingest for the date (may be empty: no new bars)
   */
  public record Params(LocalDate date, String dataset, List<Path> inputs, String model, FeatureSet featureSet,
      LabelSpec label, TrainingConfig training, String actor, Map<String, String> extra) {

    public Params {
      extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public String runId(String step) {
      return "nightly-" + date + "-" + step;
    }
  }

  private final PipelineConfig config;

  public NightlySteps(PipelineConfig config) {
    this.config = config;
  }

  /** Ingests the date's files (if any); returns the bars snapshot the next steps read. */
  public Map<String, Object> ingest(Params p) {
    try (Warehouse warehouse = Warehouse.open(config)) {
      Map<String, Object> out = new LinkedHashMap<>();
      if (!p.inputs().isEmpty()) {
        IngestReport report = new BarIngestion(warehouse).ingest(new IngestRequest(p.dataset(), p.inputs(),
            IngestRequest.DEFAULT_MAX_QUARANTINE_RATIO, null, p.runId("ingest"), BuildInfo.version()));
        out.put("rowsRead", report.rowsRead());
        out.put("rowsKept", report.rowsKept());
        out.put("rowsQuarantined", report.rowsQuarantined());
        out.put("quarantinedByReason", report.toMap().get("quarantinedByReason"));
        out.put("filesSkipped", report.skipped().size());
      }
      var bars = warehouse.findBarsTable(p.dataset()).orElseThrow(() -> new IllegalArgumentException(
          "dataset " + p.dataset() + " has no bars and no input was given"));
      bars.refresh();
      if (bars.currentSnapshot() == null) {
        throw new IllegalArgumentException("dataset " + p.dataset() + " has no bars yet");
      }
      out.put("barsSnapshotId", bars.currentSnapshot().snapshotId());
      return out;
    }
  }

  /** Features of the bars snapshot: reused if already computed from it, else the Spark job. */
  public Map<String, Object> features(Params p, long barsSnapshotId, PrintWriter err) throws Exception {
    Optional<Map<String, Object>> existing = FeatureSnapshots.existing(config, p.dataset(), p.featureSet(),
        barsSnapshotId, p.label());
    if (existing.isPresent()) {
      return existing.get();
    }
    return FeatureSnapshots.compute(config, p.dataset(), p.featureSet(), barsSnapshotId, p.label(), p.runId("features"),
        err);
  }

  /**
   * Trains the candidate on the features snapshot and points the {@code candidate} alias at it; reuses the
   * version a previous attempt published for this date and snapshot.
   */
  public Map<String, Object> trainCandidate(Params p, long featuresSnapshotId) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    try (ModelRegistry registry = new ModelRegistry(config)) {
      Optional<ModelVersion> published = registry.models().contains(p.model())
          ? registry.versions(p.model()).stream()
              .filter(v -> p.date().toString().equals(v.metadata().get(NIGHTLY_DATE)))
              .filter(v -> Long.toString(featuresSnapshotId).equals(v.metadata().get("features-snapshot-id")))
              .max(Comparator.comparingInt(ModelVersion::version))
          : Optional.empty();
      ModelVersion version;
      if (published.isPresent()) {
        version = published.get();
        out.put("reused", true);
      } else {
        Path work = Files.createTempDirectory(Files.createDirectories(config.home().resolve("tmp")), "nightly-train-");
        try (Warehouse warehouse = Warehouse.open(config)) {
          ModelTraining.Outcome outcome = ModelTraining.train(warehouse, registry, new ModelTraining.Request(p.dataset(),
              p.model(), p.featureSet(), featuresSnapshotId, p.training(), BuildInfo.version(), p.actor(),
              Map.of(NIGHTLY_DATE, p.date().toString())), work.resolve("package"));
          version = outcome.version();
          out.put("reused", false);
          out.put("trainingSamplesPerSecond", Math.round(outcome.trained().training().samplesPerSecond()));
        } finally {
          deleteTree(work);
        }
      }
      registry.setAlias(p.model(), "candidate", version.version(), p.actor(), "nightly " + p.date() + " candidate");
      out.put("candidateVersion", version.version());
      out.put("testAccuracy", Double.parseDouble(version.metadata().getOrDefault("test-accuracy", "NaN")));
      out.put("testMacroAuc", Double.parseDouble(version.metadata().getOrDefault("test-macro-auc", "NaN")));
      out.put("beatsBaselines", Boolean.parseBoolean(version.metadata().getOrDefault("beats-baselines", "false")));
      return out;
    }
  }

  /**
   * Backtests the candidate and the current production model on the same out-of-sample window (the
   * candidate's test window, from its card, to the end of the bars snapshot), applies the gate, and
   * promotes the candidate only if it passes. Every decision, promoted or not, is recorded; a re-run
   * for the same date and candidate returns the recorded decision instead of deciding again.
   */
  public Map<String, Object> backtestAndPromote(Params p, int candidateVersion, long barsSnapshotId,
      PromotionGate gate, PromotionDecisions decisions) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    for (PromotionDecisions.Decision earlier : decisions.list(p.model())) {
      if (earlier.businessDate().equals(p.date().toString()) && earlier.candidate() == candidateVersion) {
        // Decided already (the alias moved before the decision was recorded): never decide twice, and
        // never undo a manual rollback made since.
        out.put("promoted", earlier.promoted());
        out.put("reasons", earlier.reasons());
        out.put("decidedEarlier", true);
        return out;
      }
    }
    try (ModelRegistry registry = new ModelRegistry(config)) {
      String candidateRef = p.model() + "@" + candidateVersion;
      com.tradingml.backtest.ModelStrategy candidate =
          (com.tradingml.backtest.ModelStrategy) Backtests.modelStrategy(config, registry, candidateRef);
      @SuppressWarnings("unchecked")
      Map<String, Object> split = (Map<String, Object>) candidate.model().card().get("split");
      long fromMicros = java.time.Instant.parse((String) split.get("testStart")).toEpochMilli() * 1_000L;
      Backtests.Request window = new Backtests.Request(p.dataset(), barsSnapshotId, fromMicros, Long.MAX_VALUE,
          com.tradingml.backtest.FillTiming.NEXT_OPEN, 1.0, 1.0, null);
      Backtests.Outcome candidateRun = Backtests.run(config, window, candidate, candidateRef);
      Map<String, Object> candidateHeadline = Backtests.headline(candidateRun, config);
      out.put("candidateBacktest", candidateHeadline);

      Optional<ModelVersion> production = registry.aliases(p.model()).entrySet().stream()
          .filter(e -> e.getKey().equals("production")).map(Map.Entry::getValue).findFirst();
      double productionSharpe = Double.NaN;
      double productionDrawdown = Double.NaN;
      if (production.isPresent()) {
        String productionRef = p.model() + "@" + production.get().version();
        Backtests.Outcome productionRun = Backtests.run(config, window,
            Backtests.modelStrategy(config, registry, productionRef), productionRef);
        Map<String, Object> productionHeadline = Backtests.headline(productionRun, config);
        out.put("productionBacktest", productionHeadline);
        productionSharpe = (double) productionHeadline.get("sharpe");
        productionDrawdown = (double) productionHeadline.get("maxDrawdown");
      }
      double auc = Double.parseDouble(registry.get(p.model(), candidateVersion).orElseThrow().metadata()
          .getOrDefault("test-macro-auc", "NaN"));
      PromotionGate.Verdict verdict = gate.evaluate(new PromotionGate.Evidence((double) candidateHeadline.get("sharpe"),
          (double) candidateHeadline.get("maxDrawdown"), auc, productionSharpe, productionDrawdown));
      boolean alreadyProduction = production.isPresent() && production.get().version() == candidateVersion;
      String reasons = String.join("; ", verdict.reasons());
      if (verdict.promote() && !alreadyProduction) {
        registry.setAlias(p.model(), "production", candidateVersion, p.actor(),
            "nightly " + p.date() + " gate passed: " + reasons);
      }
      decisions.record(new PromotionDecisions.Decision(p.model(), p.date().toString(), candidateVersion,
          production.map(ModelVersion::version).orElse(null), verdict.promote(), reasons,
          new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(out), p.actor(), java.time.Instant.now()));
      out.put("promoted", verdict.promote());
      out.put("reasons", reasons);
      out.put("decidedEarlier", false);
      return out;
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
