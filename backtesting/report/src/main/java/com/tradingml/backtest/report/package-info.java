/**
 * A backtest's {@code report.html}: one self-contained page that a quant opens in a browser, with no
 * network access at all (inline CSS, server-side SVG charts, one small inline script for hover read-outs,
 * and a Content-Security-Policy that forbids every fetch).
 *
 * <p>Owns the report's input values ({@link com.tradingml.backtest.report.ReportData} with its
 * {@link com.tradingml.backtest.report.EquityPoint}s, {@link com.tradingml.backtest.report.TradeRow}s and
 * {@link com.tradingml.backtest.report.ReportSettings}), the series the charts show, computed here from
 * that input ({@link com.tradingml.backtest.report.Drawdowns}, {@link com.tradingml.backtest.report.MonthlyReturns},
 * {@link com.tradingml.backtest.report.RollingSharpe}, {@link com.tradingml.backtest.report.ReturnHistogram},
 * gathered in {@link com.tradingml.backtest.report.ResolvedReport}), deterministic downsampling of long series
 * ({@link com.tradingml.backtest.report.Downsampler}) and the page itself
 * ({@link com.tradingml.backtest.report.BacktestReport}).
 *
 * <p>JDK only, and independent of the engine: the backtesting module depends on this one and maps its
 * results into {@code ReportData}. The same input always gives the same bytes (no clock, no random ids,
 * locale-independent number formatting).
 */
package com.tradingml.backtest.report;
