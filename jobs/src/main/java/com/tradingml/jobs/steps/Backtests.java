package com.tradingml.jobs.steps;

import com.tradingml.backtest.BacktestConfig;
import com.tradingml.backtest.BacktestEngine;
import com.tradingml.backtest.BacktestResult;
import com.tradingml.backtest.BacktestWriter;
import com.tradingml.backtest.BarSource;
import com.tradingml.backtest.CommissionModel;
import com.tradingml.backtest.FillTiming;
import com.tradingml.backtest.ModelStrategy;
import com.tradingml.backtest.RunInfo;
import com.tradingml.backtest.SlippageModel;
import com.tradingml.backtest.Strategy;
import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.policy.DecisionPolicy;
import com.tradingml.jobs.cli.BuildInfo;
import com.tradingml.storage.objectstore.ObjectStore;
import com.tradingml.storage.objectstore.ObjectStores;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.tables.BarsScan;
import com.tradingml.storage.tables.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.Table;

/**
 * Backtests as the CLI and the nightly job run them: bars of a dataset's snapshot (optionally a time
 * window) into the engine with a strategy, outputs stored under {@code backtests/<run-id>/} in the object
 * store (and optionally copied to a local directory).
 */
public final class Backtests {

  /** How to run one backtest. Times are epoch microseconds; Long.MIN_VALUE/MAX_VALUE for open ends. */
  public record Request(String dataset, Long barsSnapshot, long fromMicros, long toMicros, FillTiming fill,
      double commissionBps, double slippageBps, Path reportDirectory) {}

  /** The run, where its files are, and the snapshot it read. */
  public record Outcome(BacktestResult result, String objectPrefix, Map<String, Path> localFiles, long barsSnapshotId) {}

  private Backtests() {}

  /** The bars to replay: a snapshot of {@code bars.<dataset>}, within [from, to]. */
  public static BarSource bars(Warehouse warehouse, String dataset, Long snapshot, long fromMicros, long toMicros) {
    Table table = warehouse.findBarsTable(dataset).orElseThrow(() -> new IllegalArgumentException(
        "no dataset '" + dataset + "' (no table bars." + dataset + ")"));
    BarsScan scan = snapshot == null ? BarsScan.current(table) : BarsScan.atSnapshot(table, snapshot);
    if (scan.snapshotId() == null) {
      throw new IllegalArgumentException("bars." + dataset + " is empty");
    }
    BarSource.Builder builder = BarSource.builder();
    for (String symbol : scan.symbolNames()) {
      scan.forEachInTimeOrder(symbol, fromMicros, toMicros, builder::add);
    }
    return builder.build();
  }

  /**
   * The backtests' decision policy, the serving service's defaults: long-only, 100 shares when the
   * predicted direction's probability is at least 0.5.
   */
  public static final DecisionPolicy DEFAULT_POLICY = DecisionPolicy.builder().minProbability(0.5).fixedQuantity(100)
      .maxPosition(100).build();

  /** The model strategy of a registry reference, with {@link #DEFAULT_POLICY}. */
  public static Strategy modelStrategy(PipelineConfig config, ModelRegistry registry, String ref) throws Exception {
    Path work = Files.createTempDirectory(Files.createDirectories(config.home().resolve("tmp")), "backtest-model-");
    try {
      return ModelStrategy.fromRegistry(registry, ref, work.resolve("model"), DEFAULT_POLICY);
    } finally {
      NightlySteps.deleteTree(work);
    }
  }

  public static Outcome run(PipelineConfig config, Request request, Strategy strategy, String modelRef) throws Exception {
    BacktestResult result;
    long snapshot;
    try (Warehouse warehouse = Warehouse.open(config)) {
      Table table = warehouse.findBarsTable(request.dataset()).orElseThrow(() -> new IllegalArgumentException(
          "no dataset '" + request.dataset() + "'"));
      snapshot = request.barsSnapshot() != null ? request.barsSnapshot()
          : java.util.Optional.ofNullable(table.currentSnapshot()).orElseThrow(() ->
              new IllegalArgumentException("bars." + request.dataset() + " is empty")).snapshotId();
      BarSource source = bars(warehouse, request.dataset(), snapshot, request.fromMicros(), request.toMicros());
      BacktestConfig backtest = BacktestConfig.builder()
          .fill(request.fill())
          .commission(CommissionModel.bps(request.commissionBps()))
          .slippage(request.slippageBps() > 0 ? SlippageModel.bps(request.slippageBps()) : SlippageModel.NONE)
          .build();
      RunInfo.Builder info = RunInfo.builder().snapshot("bars." + request.dataset(), Long.toString(snapshot))
          .label("dataset", request.dataset()).codeVersion(BuildInfo.version());
      if (modelRef != null && strategy instanceof ModelStrategy model) {
        info.model(modelRef, model.parameters().getOrDefault("model_version", modelRef).toString());
      }
      result = BacktestEngine.run(source, strategy, backtest, info.build());
    }
    String prefix;
    try (ObjectStore store = ObjectStores.open(config.objectStore())) {
      prefix = BacktestWriter.write(result, store);
    }
    Map<String, Path> local = request.reportDirectory() == null ? Map.of()
        : BacktestWriter.write(result, request.reportDirectory());
    return new Outcome(result, prefix, local, snapshot);
  }

  /** The figures a person or a gate looks at first. */
  public static Map<String, Object> headline(Outcome outcome, PipelineConfig config) {
    var total = outcome.result().metrics().total();
    var benchmark = outcome.result().metrics().benchmark();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runId", outcome.result().runId());
    m.put("strategy", outcome.result().strategyName());
    m.put("barsSnapshotId", outcome.barsSnapshotId());
    m.put("totalReturn", total.totalReturn());
    m.put("sharpe", total.sharpe());
    m.put("maxDrawdown", total.maxDrawdown());
    m.put("trades", total.trades());
    m.put("hitRate", total.hitRate());
    m.put("buyAndHoldReturn", benchmark.totalReturn());
    m.put("buyAndHoldSharpe", benchmark.sharpe());
    m.put("buyAndHoldMaxDrawdown", benchmark.maxDrawdown());
    m.put("objectPrefix", outcome.objectPrefix());
    m.put("report", outcome.localFiles().containsKey("report.html")
        ? outcome.localFiles().get("report.html").toAbsolutePath().toString()
        : config.objectStore().isS3()
            ? "s3://" + config.objectStore().bucket() + "/" + outcome.objectPrefix() + "report.html"
            : config.objectStore().directory().resolve(outcome.objectPrefix() + "report.html").toAbsolutePath().toString());
    return m;
  }
}
