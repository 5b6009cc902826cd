package com.tradingml.jobs.cli;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.backtest.FillTiming;
import com.tradingml.backtest.grid.ParameterGrid;
import com.tradingml.backtest.grid.SweepPlan;
import com.tradingml.jobs.spark.SparkDriverProcess;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pipeline sweep --dataset NAME --strategy sma-cross --grid SPEC}: a parameter grid as a Spark
 * application (child JVM, local master), one results table, the best parameters with the number of
 * configurations tried and the Deflated Sharpe Ratio.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Backtest a grid of strategy parameters and cost assumptions on Spark, e.g.",
        "  --grid fast=5:20:5,slow=30:90:30,cost-bps=0|5|10",
        "Writes backtests.<dataset>__sweeps and reports the best configuration with its Deflated Sharpe Ratio."})
final class SweepCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOption options;

  @Option(names = "--dataset", required = true, paramLabel = "NAME") String dataset;
  @Option(names = "--strategy", defaultValue = "sma-cross", description = "Strategy (default ${DEFAULT-VALUE}).") String strategy;
  @Option(names = "--grid", required = true, paramLabel = "SPEC",
      description = "key=from:to:step or a|b|c, comma-separated: fast, slow, quantity, position-mode, fill, cost-bps, slippage-bps.")
  String grid;
  @Option(names = "--fill", defaultValue = "next-open") String fill;
  @Option(names = "--from", paramLabel = "DATE") LocalDate from;
  @Option(names = "--to", paramLabel = "DATE") LocalDate to;
  @Option(names = "--snapshot", paramLabel = "ID") Long snapshot;

  @Override
  public Integer call() throws Exception {
    PipelineConfig config = options.load();
    // A bad grid or strategy fails here, with the same message the Spark job would give, before Spark starts.
    SweepPlan.of(strategy, ParameterGrid.parse(grid), FillTiming.parse(fill));
    List<String> args = new ArrayList<>(List.of("--dataset", dataset, "--strategy", strategy, "--grid", grid,
        "--fill", fill, "--code-version", BuildInfo.version()));
    if (from != null) {
      args.addAll(List.of("--from", from.toString()));
    }
    if (to != null) {
      args.addAll(List.of("--to", to.toString()));
    }
    if (snapshot != null) {
      args.addAll(List.of("--bars-snapshot", snapshot.toString()));
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("sweep: starting the Spark application...");
    err.flush();
    Map<String, Object> result = SparkDriverProcess.run(config, SparkDriverProcess.App.SWEEP, args, err);
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      JsonSummary.print(out, result);
    } else {
      @SuppressWarnings("unchecked")
      Map<String, Object> best = (Map<String, Object>) result.get("best");
      @SuppressWarnings("unchecked")
      Map<String, Object> dsr = (Map<String, Object>) result.get("deflatedSharpe");
      out.printf(Locale.ROOT, "sweep %s: %s configurations tried (%s skipped), every trial in %s%n",
          result.get("sweepId"), result.get("configurations"), result.get("skipped"), result.get("resultsTable"));
      if (best == null) {
        out.println("  no configuration produced a return series");
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) best.get("metrics");
        out.printf(Locale.ROOT, "  best %s%n  Sharpe %s, total return %s, max drawdown %s, %s trades%n",
            best.get("parameters"), fmt(metrics.get("sharpe")), fmt(metrics.get("total_return")),
            fmt(metrics.get("max_drawdown")), metrics.get("trades"));
        out.printf(Locale.ROOT, "  deflated Sharpe: probability %s that the best's Sharpe is real after %s trials"
            + " (expected max per-period Sharpe of luck %s vs %s)%n", fmt(dsr.get("probability")), dsr.get("trials"),
            fmt(dsr.get("expectedMaxSharpe")), fmt(dsr.get("sharpe")));
      }
      out.flush();
    }
    return PipelineCli.EXIT_OK;
  }

  private static String fmt(Object value) {
    return value instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : String.valueOf(value);
  }
}
