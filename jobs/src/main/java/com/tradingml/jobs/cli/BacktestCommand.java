package com.tradingml.jobs.cli;

import com.tradingml.backtest.BuyAndHold;
import com.tradingml.backtest.FillTiming;
import com.tradingml.backtest.SmaCrossover;
import com.tradingml.backtest.Strategy;
import com.tradingml.core.config.PipelineConfig;
import com.tradingml.jobs.steps.Backtests;
import com.tradingml.storage.registry.ModelRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pipeline backtest --dataset NAME (--model REF | --strategy sma-cross --fast N --slow M |
 * --strategy buy-and-hold)}: the event-driven engine over a bars snapshot, outputs under
 * {@code backtests/<run-id>/} (summary.json, trades.csv, equity.csv, report.html).
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = {"Backtest a registry model (the serving path: core's online features, the runtime predictor, the",
        "decision policy, the pre-trade risk checks) or a baseline strategy over a dataset's bars."})
final class BacktestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOption options;

  @Option(names = "--dataset", required = true, paramLabel = "NAME") String dataset;

  @ArgGroup(exclusive = true, multiplicity = "1") Which which;

  static final class Which {
    @Option(names = "--model", paramLabel = "NAME[@VERSION|@ALIAS]", description = "A registry model (NAME = NAME@production).")
    String model;

    @Option(names = "--strategy", paramLabel = "NAME", description = "sma-cross or buy-and-hold.")
    String strategy;

    @Option(names = "--walk-forward", description = {"Retrain every --retrain-every bars on the trailing --training-bars",
        "with the trainer and trade the next window out of sample (the honest picture of nightly retraining)."})
    boolean walkForward;
  }

  @Option(names = "--feature-set", paramLabel = "NAME", description = "Walk-forward feature set (default core_v1).")
  String featureSet;
  @Option(names = "--retrain-every", defaultValue = "2000", paramLabel = "BARS", description = "Walk-forward step (default ${DEFAULT-VALUE}).")
  int retrainEvery;
  @Option(names = "--training-bars", defaultValue = "20000", paramLabel = "BARS", description = "Walk-forward training window (default ${DEFAULT-VALUE}).")
  int trainingBars;
  @Option(names = "--training-config", paramLabel = "FILE", description = "Walk-forward hyperparameters.")
  Path trainingConfig;

  @Option(names = "--fast", defaultValue = "10", description = "SMA crossover fast window (default ${DEFAULT-VALUE}).") int fast;
  @Option(names = "--slow", defaultValue = "50", description = "SMA crossover slow window (default ${DEFAULT-VALUE}).") int slow;
  @Option(names = "--quantity", defaultValue = "100", description = "SMA crossover shares per trade (default ${DEFAULT-VALUE}).") long quantity;
  @Option(names = "--from", paramLabel = "DATE", description = "First day (UTC) of the window.") LocalDate from;
  @Option(names = "--to", paramLabel = "DATE", description = "Last day (UTC) of the window, inclusive.") LocalDate to;
  @Option(names = "--fill", defaultValue = "next-open", description = "next-open (default) or close.") String fill;
  @Option(names = "--cost-bps", defaultValue = "0", description = "Commission per side, bps of notional.") double costBps;
  @Option(names = "--slippage-bps", defaultValue = "0", description = "Slippage per fill, bps.") double slippageBps;
  @Option(names = "--snapshot", paramLabel = "ID", description = "Bars snapshot (default current).") Long snapshot;
  @Option(names = "--report", paramLabel = "DIR", description = "Also write the files to this directory.") Path report;

  @Override
  public Integer call() throws Exception {
    PipelineConfig config = options.load();
    PrintWriter err = spec.commandLine().getErr();
    long fromMicros0 = from == null ? Long.MIN_VALUE : from.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
    long toMicros0 = to == null ? Long.MAX_VALUE : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L - 1;
    if (which.walkForward) {
      return walkForward(config, fromMicros0, toMicros0, err);
    }
    Strategy strategy;
    if (which.model != null) {
      try (ModelRegistry registry = new ModelRegistry(config)) {
        strategy = Backtests.modelStrategy(config, registry, which.model);
      }
    } else {
      strategy = switch (which.strategy) {
        case "sma-cross" -> SmaCrossover.of(fast, slow, quantity, com.tradingml.core.policy.PositionMode.LONG_ONLY);
        case "buy-and-hold" -> BuyAndHold.equalWeight(0.99);
        default -> throw new IllegalArgumentException("--strategy must be sma-cross or buy-and-hold, got '" + which.strategy + "'");
      };
    }
    long fromMicros = fromMicros0;
    long toMicros = toMicros0;
    err.println("backtest: replaying bars." + dataset + " with " + strategy.name() + "...");
    err.flush();
    Backtests.Outcome outcome = Backtests.run(config, new Backtests.Request(dataset, snapshot, fromMicros, toMicros,
        FillTiming.parse(fill), costBps, slippageBps, report), strategy, which.model);
    Map<String, Object> headline = Backtests.headline(outcome, config);
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      Map<String, Object> summary = new java.util.LinkedHashMap<>(headline);
      summary.put("metrics", outcome.result().metrics().toMap());
      JsonSummary.print(out, summary);
    } else {
      out.printf(Locale.ROOT, "backtest %s (%s): return %.2f%% (buy-and-hold %.2f%%), Sharpe %.2f (%.2f), max drawdown %.2f%% "
              + "(%.2f%%), %d trades, hit rate %.1f%%%n  files: %s%n", headline.get("runId"), headline.get("strategy"),
          100 * (double) headline.get("totalReturn"), 100 * (double) headline.get("buyAndHoldReturn"),
          (double) headline.get("sharpe"), (double) headline.get("buyAndHoldSharpe"),
          100 * (double) headline.get("maxDrawdown"), 100 * (double) headline.get("buyAndHoldMaxDrawdown"),
          (long) headline.get("trades"), 100 * (double) headline.get("hitRate"), headline.get("report"));
      out.flush();
    }
    return PipelineCli.EXIT_OK;
  }

  private int walkForward(PipelineConfig config, long fromMicros, long toMicros, PrintWriter err) throws Exception {
    com.tradingml.backtest.WalkForwardConfig wf = com.tradingml.backtest.WalkForwardConfig.builder()
        .retrainEveryBars(retrainEvery).trainingBars(trainingBars)
        .featureSet(featureSet == null ? com.tradingml.core.features.FeatureSet.defaultSet()
            : com.tradingml.core.features.FeatureSet.named(featureSet))
        .label(com.tradingml.core.features.LabelSpec.defaultSpec())
        .training(trainingConfig == null ? com.tradingml.model.trainer.TrainingConfig.defaults()
            : com.tradingml.model.trainer.TrainingConfig.fromFile(trainingConfig))
        .policy(Backtests.DEFAULT_POLICY)
        .backtest(com.tradingml.backtest.BacktestConfig.builder().fill(FillTiming.parse(fill))
            .commission(com.tradingml.backtest.CommissionModel.bps(costBps))
            .slippage(slippageBps > 0 ? com.tradingml.backtest.SlippageModel.bps(slippageBps)
                : com.tradingml.backtest.SlippageModel.NONE).build())
        .build();
    com.tradingml.backtest.BarSource bars;
    long barsSnapshot;
    try (com.tradingml.storage.tables.Warehouse warehouse = com.tradingml.storage.tables.Warehouse.open(config)) {
      var table = warehouse.findBarsTable(dataset).orElseThrow(() -> new IllegalArgumentException("no dataset '" + dataset + "'"));
      barsSnapshot = snapshot != null ? snapshot : table.currentSnapshot().snapshotId();
      bars = Backtests.bars(warehouse, dataset, barsSnapshot, fromMicros, toMicros);
    }
    int windows = com.tradingml.backtest.WalkForwardBacktest.plan(bars, wf).size();
    int[] done = {0};
    ProgressBar progress = new ProgressBar("walk-forward " + dataset);
    com.tradingml.backtest.WalkForwardResult result;
    try (progress) {
      result = com.tradingml.backtest.WalkForwardBacktest.run(bars, wf,
          com.tradingml.backtest.RunInfo.builder().snapshot("bars." + dataset, Long.toString(barsSnapshot))
              .label("dataset", dataset).codeVersion(BuildInfo.version()).build(),
          window -> progress.update(++done[0], windows));
    }
    String prefix;
    try (var store = com.tradingml.storage.objectstore.ObjectStores.open(config.objectStore())) {
      prefix = com.tradingml.backtest.BacktestWriter.write(result.backtest(), store);
    }
    if (report != null) {
      com.tradingml.backtest.BacktestWriter.write(result.backtest(), report);
    }
    var total = result.backtest().metrics().total();
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      Map<String, Object> summary = new java.util.LinkedHashMap<>();
      summary.put("objectPrefix", prefix);
      summary.put("windows", windows);
      summary.put("walkForward", result.summary());
      JsonSummary.print(out, summary);
    } else {
      out.printf(Locale.ROOT, "walk-forward %s: %d windows retrained every %d bars on %d bars; out-of-sample return %.2f%%"
              + " (buy-and-hold %.2f%%), Sharpe %.2f, max drawdown %.2f%%, %d trades, hit rate %.1f%%%n  files: %s%n",
          result.backtest().runId(), windows, retrainEvery, trainingBars, 100 * total.totalReturn(),
          100 * result.backtest().metrics().benchmark().totalReturn(), total.sharpe(), 100 * total.maxDrawdown(),
          total.trades(), 100 * total.hitRate(), prefix);
      out.flush();
    }
    return PipelineCli.EXIT_OK;
  }
}
