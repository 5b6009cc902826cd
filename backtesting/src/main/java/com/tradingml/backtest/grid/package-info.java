/**
 * Parameter sweeps without the cluster: the grid syntax ({@link com.tradingml.backtest.grid.ParameterGrid}), the
 * configurations a strategy's grid expands to ({@link com.tradingml.backtest.grid.SweepPlan},
 * {@link com.tradingml.backtest.grid.SweepConfiguration}), one configuration run and measured
 * ({@link com.tradingml.backtest.grid.SweepTrial}, {@link com.tradingml.backtest.grid.SweepMetric}) and the
 * selection of the best with its Deflated Sharpe Ratio ({@link com.tradingml.backtest.grid.SweepSummary}). Plain
 * Java: the CLI validates a grid with these classes, and the Spark application ({@code backtest-sweep}) only
 * distributes {@link com.tradingml.backtest.grid.SweepTrial#run} over its executors.
 */
package com.tradingml.backtest.grid;
