package com.tradingml.backtest;

import com.tradingml.backtest.report.BacktestReport;
import com.tradingml.backtest.report.EquityPoint;
import com.tradingml.backtest.report.PositionSide;
import com.tradingml.backtest.report.ReportData;
import com.tradingml.backtest.report.ReportSettings;
import com.tradingml.backtest.report.TradeRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backtest result as the self-contained HTML report (module backtest-report): the equity curve with
 * buy-and-hold, closed trades, the summary (inputs and metrics) and per-symbol metrics. The rolling
 * Sharpe window is one year of bars over four for daily data (63), one trading day of bars for
 * intraday data, at least 20; the annualization is the result's own.
 */
public final class BacktestReports {

  public static final String REPORT = "report.html";

  private BacktestReports() {}

  public static ReportData data(BacktestResult result) {
    EquityCurve curve = result.equityCurve();
    List<EquityPoint> equity = new ArrayList<>(curve.size());
    for (int i = 0; i < curve.size(); i++) {
      equity.add(EquityPoint.ofEpochMicros(curve.timeMicros(i), curve.equity(i), curve.benchmark(i)));
    }
    List<TradeRow> trades = new ArrayList<>();
    for (Trade t : result.closedTrades()) {
      trades.add(new TradeRow(t.symbol().value(), t.side() == TradeSide.LONG ? PositionSide.LONG : PositionSide.SHORT,
          t.entryTime(), t.entryPrice(), t.exitTime(), t.exitPrice(), t.quantity(), t.grossReturn(), t.netReturn()));
    }
    double periodsPerYear = result.metrics().periodsPerYear();
    int perYear = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(periodsPerYear)));
    int window = periodsPerYear > 2 * 252 ? (int) Math.round(periodsPerYear / 252) : (int) Math.round(periodsPerYear / 4);
    ReportSettings settings = ReportSettings.defaults().withPeriodsPerYear(perYear).withRollingWindow(Math.max(20, window));
    ReportData.Builder builder = ReportData.builder()
        .title("Backtest " + result.runId() + ": " + result.strategyName())
        .summary(result.summary())
        .equity(equity)
        .trades(trades)
        .settings(settings);
    result.metrics().perSymbol().forEach((symbol, metrics) -> builder.symbolMetrics(symbol.value(), flatten(metrics.toMap())));
    return builder.build();
  }

  public static String render(BacktestResult result) {
    return BacktestReport.render(data(result));
  }

  /** Per-symbol metrics as one flat table row: nested maps become "section.key" columns. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> flatten(Map<String, Object> metrics) {
    Map<String, Object> flat = new LinkedHashMap<>();
    metrics.forEach((key, value) -> {
      if (value instanceof Map<?, ?> nested) {
        ((Map<String, Object>) nested).forEach((k, v) -> flat.put(key + "." + k, v));
      } else {
        flat.put(key, value);
      }
    });
    return flat;
  }
}
