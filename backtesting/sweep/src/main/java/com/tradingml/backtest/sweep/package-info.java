/**
 * The sweep's Spark application ({@link com.tradingml.backtest.sweep.SweepJob}): a parameter grid backtested over a
 * bars snapshot on Spark's executors, one results table ({@code backtests.<dataset>__sweeps}), the best
 * configuration and its Deflated Sharpe Ratio. The grid, the engine runs and the statistics are plain Java in
 * {@code backtesting} ({@code com.tradingml.backtest.grid}); this package only reads the bars, distributes the
 * configurations and writes the table. Runs in its own JVM; never loaded by the CLI.
 */
package com.tradingml.backtest.sweep;
