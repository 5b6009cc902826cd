/**
 * Statistics over backtest results that need more than {@code PerformanceMetrics}: the Deflated Sharpe Ratio
 * ({@link com.tradingml.backtest.stats.DeflatedSharpe}), the multiple-testing adjustment of a parameter sweep, with
 * the return moments it reads ({@link com.tradingml.backtest.stats.ReturnMoments}) and the standard normal
 * distribution ({@link com.tradingml.backtest.stats.StandardNormal}). Plain Java, no statistics library.
 */
package com.tradingml.backtest.stats;
