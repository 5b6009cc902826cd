package com.tradingml.backtest;

/**
 * Runs backtests: replays a {@link BarSource} through a {@link Strategy} into one portfolio with cash, every
 * order through core's pre-trade risk checks and the configured {@link ExecutionModel}, and returns a
 * {@link BacktestResult}.
 *
 * <p>Deterministic: the same source, strategy, config and run info give equal results and byte-identical
 * outputs; nothing reads a clock or a random source. Stateless and thread-safe: concurrent runs share nothing
 * but the (immutable) source and strategy definition.
 *
 * <p>Typical use (the CLI): read the bars into {@code BarSource.builder()}, pick a strategy
 * ({@link SmaCrossover}, {@link BuyAndHold}, {@link ModelStrategy}), build a {@link BacktestConfig}, describe the
 * inputs in a {@link RunInfo}, {@code run}, then {@link BacktestWriter#write} the files.
 */
public final class BacktestEngine {

  private BacktestEngine() {}

  public static BacktestResult run(BarSource source, Strategy strategy, BacktestConfig config, RunInfo info) {
    if (source == null || strategy == null || config == null || info == null) {
      throw new IllegalArgumentException("a backtest needs a bar source, a strategy, a config and run info");
    }
    long prepareStart = System.nanoTime();
    ReplaySchedule schedule = source instanceof InMemoryBarSource cached ? cached.schedule()
        : ReplaySchedule.of(source);
    long prepareNanos = System.nanoTime() - prepareStart;
    EngineRun run = new EngineRun(source, strategy, config);
    long replayStart = System.nanoTime();
    run.replay(schedule);
    long replayNanos = System.nanoTime() - replayStart;
    long bars = source.barCount();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int s = 0; s < source.symbolCount(); s++) {
      SymbolSeries series = source.series(s);
      if (series.size() > 0) {
        first = Math.min(first, series.time(0));
        last = Math.max(last, series.time(series.size() - 1));
      }
    }
    EquityCurve curve = run.equityCurve();
    var trades = run.trades();
    var fills = run.fills();
    long metricsStart = System.nanoTime();
    BacktestMetrics metrics = BacktestMetrics.compute(config, run.series(), curve, run.fillLog(), run.tradeLog(trades),
        run.counts.tradedNotionalMicros);
    long metricsNanos = System.nanoTime() - metricsStart;
    EngineRun.RunCounts c = run.counts;
    OrderCounts orders = new OrderCounts(c.ordersPlaced, c.refused, c.ordersSubmitted, c.ordersAccepted,
        c.riskRejected, fills.size(), c.cancelledShares);
    EngineStatistics statistics = new EngineStatistics(bars, run.risk().marksSent, run.risk().storeNanos,
        replayNanos, metricsNanos, prepareNanos);
    return new BacktestResult(info, strategy, config, source.symbols(), bars, first, last, curve, trades, fills,
        run.rejections(), metrics, run.risk().killSwitch(), run.strategy().statistics(), orders, c.feesMicros,
        c.tradedNotionalMicros, statistics);
  }

  public static BacktestResult run(BarSource source, Strategy strategy, BacktestConfig config) {
    return run(source, strategy, config, RunInfo.none());
  }
}
