package com.tradingml.backtest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One symbol's performance: its sleeve under the strategy and the same sleeve bought and held.
 *
 * <p>A symbol's <b>sleeve</b> starts with {@code initialCash / symbols} and changes only by that symbol's fills
 * and prices: value at each of the symbol's bars = start + cash flows of its fills (net of commission) +
 * position x close. Its buy-and-hold sleeve buys the start value at the symbol's first close (fractional, no
 * costs; valued, like the portfolio, at the closes' micro-units). Both are sampled at the symbol's own bars and annualized with {@code periodsPerYear} (the configured
 * value, or inferred from the symbol's own bars). Immutable and thread-safe.
 */
public record SymbolMetrics(double periodsPerYear, PerformanceMetrics strategy, PerformanceMetrics benchmark) {

  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("periods_per_year", periodsPerYear);
    out.put("strategy", strategy.toMap());
    out.put("benchmark", benchmark.toMap());
    return out;
  }
}
