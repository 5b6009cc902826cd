package com.tradingml.backtest;

import com.tradingml.core.market.Symbol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A backtest's metrics: the portfolio ({@code total}), the equal-weight buy-and-hold {@code benchmark} over the
 * same points, and per symbol ({@link SymbolMetrics}). Definitions in {@link PerformanceMetrics}.
 *
 * <p><b>Annualization.</b> {@code periodsPerYear} is the configured value when given
 * ({@code periodsPerYearSource = "config"}); otherwise it is inferred from the equity curve as
 * {@code (points - 1) / elapsed years}, elapsed = last minus first point time in years of 365.25 days
 * ({@code "inferred"}): the periods the data actually has per calendar year, whatever the timeframe and its
 * gaps (daily bars of 1991-2000 give about 252.7; US-equity minute bars about 98,000). It is NaN, and so are the
 * annualized metrics, with fewer than two points or no elapsed time. Pass it in the config for a short backtest.
 *
 * <p>The portfolio's points are the equity curve's (one per distinct bar timestamp); returns start from the initial
 * cash. Immutable and thread-safe.
 */
public record BacktestMetrics(double periodsPerYear, String periodsPerYearSource, PerformanceMetrics total,
    PerformanceMetrics benchmark, SortedMap<Symbol, SymbolMetrics> perSymbol) {

  public BacktestMetrics {
    perSymbol = Collections.unmodifiableSortedMap(new TreeMap<>(perSymbol));
  }

  /** Ordered JSON data: annualization, total, benchmark, per symbol (by symbol). */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("periods_per_year", periodsPerYear);
    out.put("periods_per_year_source", periodsPerYearSource);
    out.put("total", total.toMap());
    out.put("benchmark", benchmark.toMap());
    Map<String, Object> symbols = new LinkedHashMap<>();
    perSymbol.forEach((symbol, metrics) -> symbols.put(symbol.value(), metrics.toMap()));
    out.put("per_symbol", symbols);
    return out;
  }

  static BacktestMetrics compute(BacktestConfig config, SymbolSeries[] series, EquityCurve curve, List<Fill> fills,
      List<Trade> trades, long tradedNotionalMicros) {
    double initial = config.initialCash().toUnits();
    SeriesStatistics portfolio = new SeriesStatistics(initial);
    SeriesStatistics benchmark = new SeriesStatistics(initial);
    for (int k = 0; k < curve.size(); k++) {
      long t = curve.timeMicros(k);
      portfolio.add(t, curve.equity(k), curve.grossExposureMicros(k) != 0);
      benchmark.add(t, curve.benchmark(k), true);
    }
    boolean configured = config.periodsPerYear().isPresent();
    double periods = configured ? config.periodsPerYear().getAsDouble() : portfolio.inferredPeriodsPerYear();
    PerformanceMetrics total = portfolio.build(periods, Micros.toUnits(tradedNotionalMicros), trades);
    PerformanceMetrics bench = benchmark.build(periods, 0, null);

    int n = series.length;
    List<List<Fill>> fillsBySymbol = new ArrayList<>(n);
    List<List<Trade>> tradesBySymbol = new ArrayList<>(n);
    Map<Symbol, Integer> index = new TreeMap<>();
    for (int s = 0; s < n; s++) {
      fillsBySymbol.add(new ArrayList<>());
      tradesBySymbol.add(new ArrayList<>());
      index.put(series[s].symbol(), s);
    }
    for (Fill fill : fills) {
      fillsBySymbol.get(index.get(fill.symbol())).add(fill);
    }
    for (Trade trade : trades) {
      tradesBySymbol.get(index.get(trade.symbol())).add(trade);
    }
    SortedMap<Symbol, SymbolMetrics> perSymbol = new TreeMap<>();
    double sleeve = n == 0 ? 0 : initial / n;
    for (int s = 0; s < n; s++) {
      perSymbol.put(series[s].symbol(), symbol(series[s], fillsBySymbol.get(s), tradesBySymbol.get(s), sleeve,
          configured ? periods : Double.NaN));
    }
    return new BacktestMetrics(periods, configured ? "config" : "inferred", total, bench, perSymbol);
  }

  private static SymbolMetrics symbol(SymbolSeries series, List<Fill> fills, List<Trade> trades, double sleeve,
      double configuredPeriods) {
    SeriesStatistics strategy = new SeriesStatistics(sleeve);
    SeriesStatistics held = new SeriesStatistics(sleeve);
    long flows = 0;
    long position = 0;
    long traded = 0;
    int f = 0;
    long[] closeMicros = series.closeMicros();
    double units = series.size() == 0 ? Double.NaN : sleeve / closeMicros[0];
    for (int i = 0; i < series.size(); i++) {
      while (f < fills.size() && fills.get(f).barIndex() == i) {
        Fill fill = fills.get(f++);
        long notional = fill.notionalMicros();
        flows = Math.subtractExact(flows, Math.addExact(fill.signedQuantity() > 0 ? notional : -notional,
            fill.feeMicros()));
        position = Math.addExact(position, fill.signedQuantity());
        traded = Math.addExact(traded, notional);
      }
      long value = position == 0 ? flows : Math.addExact(flows, Math.multiplyExact(position, closeMicros[i]));
      long t = series.time[i];
      strategy.add(t, sleeve + value * 1e-6, position != 0);
      held.add(t, units * closeMicros[i], true);
    }
    double periods = Double.isNaN(configuredPeriods) ? strategy.inferredPeriodsPerYear() : configuredPeriods;
    return new SymbolMetrics(periods, strategy.build(periods, Micros.toUnits(traded), trades),
        held.build(periods, 0, null));
  }
}
