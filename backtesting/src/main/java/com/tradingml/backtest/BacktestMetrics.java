package com.tradingml.backtest;

import com.tradingml.core.market.Symbol;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
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

  /** Bars per run of the per-symbol pass: two buffers of this many doubles stay in the L1/L2 cache. */
  private static final int RUN = 2048;

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

  static BacktestMetrics compute(BacktestConfig config, SymbolSeries[] series, EquityCurve curve, FillLog fills,
      TradeLog trades, long tradedNotionalMicros) {
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

    int n = series.length;
    // One walk over the trades, in list order: the total's tally and each symbol's (the same order of sums as a walk
    // over each symbol's own trades).
    TradeTally totalTrades = new TradeTally();
    TradeTally[] symbolTrades = new TradeTally[n];
    for (int s = 0; s < n; s++) {
      symbolTrades[s] = new TradeTally();
    }
    for (int k = 0; k < trades.size(); k++) {
      boolean closed = trades.closed(k);
      long pnl = trades.netPnl(k);
      double netReturn = trades.netReturn(k);
      totalTrades.add(closed, pnl, netReturn);
      symbolTrades[trades.symbol(k)].add(closed, pnl, netReturn);
    }
    PerformanceMetrics total = portfolio.build(periods, Micros.toUnits(tradedNotionalMicros), totalTrades);
    PerformanceMetrics bench = benchmark.build(periods, 0, null);

    SymbolFills byFill = SymbolFills.of(fills, n);
    SortedMap<Symbol, SymbolMetrics> perSymbol = new TreeMap<>();
    double sleeve = n == 0 ? 0 : initial / n;
    double[] strategyValues = new double[RUN];
    double[] heldValues = new double[RUN];
    for (int s = 0; s < n; s++) {
      perSymbol.put(series[s].symbol(), symbol(series[s], byFill, s, symbolTrades[s], sleeve,
          configured ? periods : Double.NaN, strategyValues, heldValues));
    }
    return new BacktestMetrics(periods, configured ? "config" : "inferred", total, bench, perSymbol);
  }

  /**
   * The fills' numbers the per-symbol pass needs, as columns grouped by symbol (each symbol's in fill order), so that
   * each symbol's pass reads its own fills as dense arrays.
   */
  private record SymbolFills(int[] start, int[] bar, long[] signedQuantity, long[] notional, long[] fee) {

    static SymbolFills of(FillLog fills, int n) {
      int m = fills.size();
      int[] start = new int[n + 1];
      for (int k = 0; k < m; k++) {
        start[fills.symbol(k) + 1]++;
      }
      for (int s = 0; s < n; s++) {
        start[s + 1] += start[s];
      }
      int[] next = Arrays.copyOf(start, n);
      int[] bar = new int[m];
      long[] signedQuantity = new long[m];
      long[] notional = new long[m];
      long[] fee = new long[m];
      for (int k = 0; k < m; k++) {
        int at = next[fills.symbol(k)]++;
        bar[at] = fills.bar(k);
        signedQuantity[at] = fills.signedQuantity(k);
        notional[at] = fills.notional(k);
        fee[at] = fills.fee(k);
      }
      return new SymbolFills(start, bar, signedQuantity, notional, fee);
    }
  }

  private static SymbolMetrics symbol(SymbolSeries series, SymbolFills fills, int symbol, TradeTally trades,
      double sleeve, double configuredPeriods, double[] strategyValues, double[] heldValues) {
    SeriesStatistics strategy = new SeriesStatistics(sleeve);
    SeriesStatistics held = new SeriesStatistics(sleeve);
    long flows = 0;
    long position = 0;
    long traded = 0;
    int f = fills.start()[symbol];
    int fillsEnd = fills.start()[symbol + 1];
    int[] fillBar = fills.bar();
    long[] closeMicros = series.closeMicros();
    long[] time = series.time;
    int n = series.size();
    double units = n == 0 ? Double.NaN : sleeve / closeMicros[0];
    // Buy-and-hold of this symbol depends on the data, the sleeve and the annualization only: a sweep's runs over one
    // source compute it once (SymbolSeries caches it).
    PerformanceMetrics cachedHeld = series.heldMetrics(sleeve, configuredPeriods);
    // The sleeve's and the held shares' values per bar, fed to the statistics a run of bars at a time: between two
    // fill bars the position is constant (a fill applies on its bar before that bar's value, as in the replay), and a
    // run is at most RUN bars, so the values and the bars' columns are read back from cache, not memory.
    int i = 0;
    while (i < n) {
      while (f < fillsEnd && fillBar[f] == i) {
        long notional = fills.notional()[f];
        long signed = fills.signedQuantity()[f];
        flows = Math.subtractExact(flows, Math.addExact(signed > 0 ? notional : -notional, fills.fee()[f]));
        position = Math.addExact(position, signed);
        traded = Math.addExact(traded, notional);
        f++;
      }
      int nextFill = f < fillsEnd ? fillBar[f] : n;
      int end = Math.min(nextFill > i && nextFill < n ? nextFill : n, i + RUN);
      if (position == 0) {
        strategy.addConstant(time, i, end, sleeve + flows * 1e-6, false);
      } else {
        for (int k = i; k < end; k++) {
          strategyValues[k - i] = sleeve + Math.addExact(flows, Math.multiplyExact(position, closeMicros[k])) * 1e-6;
        }
        strategy.addAll(time, i, end, strategyValues, true);
      }
      if (cachedHeld == null) {
        for (int k = i; k < end; k++) {
          heldValues[k - i] = units * closeMicros[k];
        }
        held.addAll(time, i, end, heldValues, true);
      }
      i = end;
    }
    double periods = Double.isNaN(configuredPeriods) ? strategy.inferredPeriodsPerYear() : configuredPeriods;
    PerformanceMetrics heldMetrics = cachedHeld;
    if (heldMetrics == null) {
      heldMetrics = held.build(periods, 0, null);
      series.cacheHeldMetrics(sleeve, configuredPeriods, heldMetrics);
    }
    return new SymbolMetrics(periods, strategy.build(periods, Micros.toUnits(traded), trades), heldMetrics);
  }
}
