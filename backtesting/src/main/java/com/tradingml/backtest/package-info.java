/**
 * The backtest engine (DESIGN.md {@code backtesting/}): replays bars of many symbols in global time order into one
 * portfolio with cash, through core's decision policy and pre-trade risk checks (the code serving runs), an
 * execution and cost model, and out to metrics and byte-stable files.
 *
 * <p>Owns: the bar input port ({@link com.tradingml.backtest.BarSource}, {@link com.tradingml.backtest.SymbolSeries});
 * the strategy API ({@link com.tradingml.backtest.Strategy}, {@link com.tradingml.backtest.StrategyRun},
 * {@link com.tradingml.backtest.BarContext}: no lookahead by construction) and the strategies
 * ({@link com.tradingml.backtest.BuyAndHold}, {@link com.tradingml.backtest.SmaCrossover},
 * {@link com.tradingml.backtest.ModelStrategy}); the configuration ({@link com.tradingml.backtest.BacktestConfig},
 * {@link com.tradingml.backtest.ExecutionModel} with {@link com.tradingml.backtest.FillTiming},
 * {@link com.tradingml.backtest.CommissionModel}, {@link com.tradingml.backtest.SlippageModel}); the engine
 * ({@link com.tradingml.backtest.BacktestEngine}); the results ({@link com.tradingml.backtest.BacktestResult} with
 * {@link com.tradingml.backtest.EquityCurve}, {@link com.tradingml.backtest.Trade}, {@link com.tradingml.backtest.Fill},
 * {@link com.tradingml.backtest.OrderRejection}, {@link com.tradingml.backtest.BacktestMetrics}); and the files
 * ({@link com.tradingml.backtest.BacktestWriter}).
 *
 * <p><b>Units.</b> Cash, prices of fills, notional, fees and P&amp;L are exact {@code long} micro-units (core's
 * {@code Money}): a backtest's cash after a million fills is exactly the sum of its fills, with no rounding drift
 * and no dependence on summation order, and fees decide at the micro-unit like the risk limits do. Market prices
 * arrive as {@code double} and are converted once, with {@code Money.ofUnits}'s rounding. Returns, ratios and the
 * benchmark (a yardstick with fractional units) are {@code double}.
 *
 * <p>Depends on core, the model runtime (and its registry) and the object store; never on Spark or Iceberg: the
 * CLI reads the bars table and hands the bars over, and a Spark sweep can call the engine inside its tasks.
 */
package com.tradingml.backtest;
