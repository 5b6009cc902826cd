package com.tradingml.backtest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The performance of one value series (the portfolio, a symbol's sleeve, or a buy-and-hold benchmark) with its
 * trades. Definitions, for values {@code V_1..V_n} at the series' points and {@code V_0} the starting value:
 *
 * <ul>
 *   <li>{@code periods} = n; period returns {@code r_k = V_k / V_{k-1} - 1}, k = 1..n.
 *   <li>{@code totalReturn} = {@code V_n / V_0 - 1}; {@code netPnl} = {@code V_n - V_0} (currency units).
 *   <li>{@code annualizedReturn} = {@code (V_n / V_0)^(P / n) - 1} with P the periods per year
 *       ({@link BacktestMetrics#periodsPerYear()}).
 *   <li>{@code annualizedVolatility} = {@code stdev(r) x sqrt(P)}, sample standard deviation (divisor n - 1).
 *   <li>{@code sharpe} = {@code mean(r) / stdev(r) x sqrt(P)}: excess return over a risk-free rate of 0.
 *   <li>{@code sortino} = {@code mean(r) / D x sqrt(P)}, {@code D = sqrt(sum(min(r, 0)^2) / n)} (target 0, all n
 *       periods in the denominator).
 *   <li>{@code maxDrawdown} = {@code max_k (1 - V_k / max(V_0..V_k))}, a positive fraction;
 *       {@code maxDrawdownPeriods} / {@code maxDrawdownDays}: the duration of the drawdown spell holding the maximum,
 *       from its peak (the point that set it; for {@code V_0}, the first point) to the first point back at or above
 *       the peak, or to the last point if never recovered: periods counts the points below the peak, days the time.
 *       {@code longestDrawdownPeriods} / {@code longestDrawdownDays}: the same for the longest spell (by time).
 *   <li>{@code calmar} = {@code annualizedReturn / maxDrawdown}.
 *   <li>{@code turnover} = traded notional (sum of |fill quantity x price|, both sides) / mean(V_1..V_n): how many
 *       times the average capital was traded over the whole run.
 *   <li>{@code trades}: closed round trips; {@code hitRate} = share with net P&amp;L &gt; 0;
 *       {@code averageWin} / {@code averageLoss} = mean {@link Trade#netReturn()} of trades with net P&amp;L &gt; 0 /
 *       &lt; 0 (break-even trades count in {@code trades} only).
 *   <li>{@code exposure}: share of the n points at which a position was held (any non-zero position at the end of
 *       the point's bars).
 * </ul>
 * NaN where undefined (fewer than two periods, zero deviation, no trades, a non-positive value, a benchmark's
 * trade statistics); {@code summary.json} writes NaN as {@code null}. Immutable and thread-safe.
 */
public record PerformanceMetrics(long periods, double startValue, double endValue, double netPnl, double totalReturn,
    double annualizedReturn, double annualizedVolatility, double sharpe, double sortino, double maxDrawdown,
    long maxDrawdownPeriods, double maxDrawdownDays, long longestDrawdownPeriods, double longestDrawdownDays,
    double calmar, double turnover, long trades, double hitRate, double averageWin, double averageLoss,
    double exposure) {

  /** The metrics as ordered JSON data, snake_case keys, in the order of this record. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("periods", periods);
    out.put("start_value", startValue);
    out.put("end_value", endValue);
    out.put("net_pnl", netPnl);
    out.put("total_return", totalReturn);
    out.put("annualized_return", annualizedReturn);
    out.put("annualized_volatility", annualizedVolatility);
    out.put("sharpe", sharpe);
    out.put("sortino", sortino);
    out.put("max_drawdown", maxDrawdown);
    out.put("max_drawdown_periods", maxDrawdownPeriods);
    out.put("max_drawdown_days", maxDrawdownDays);
    out.put("longest_drawdown_periods", longestDrawdownPeriods);
    out.put("longest_drawdown_days", longestDrawdownDays);
    out.put("calmar", calmar);
    out.put("turnover", turnover);
    out.put("trades", trades);
    out.put("hit_rate", hitRate);
    out.put("average_win", averageWin);
    out.put("average_loss", averageLoss);
    out.put("exposure", exposure);
    return out;
  }
}
