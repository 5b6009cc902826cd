package com.tradingml.backtest;

import com.tradingml.core.market.Bar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A walk-forward backtest's outcome: the out-of-sample windows stitched into one {@link BacktestResult}
 * ({@link #backtest()}: one equity curve, trade list, fill and rejection log and metrics over the traded bars, which
 * {@link BacktestWriter} writes like any backtest; its strategy is {@code walk_forward}, whose parameters list the
 * configuration and every window's model), and each window's own picture ({@link #windows()}).
 * Immutable.
 */
public record WalkForwardResult(BacktestResult backtest, List<WalkForwardWindowResult> windows) {

  public static final String FORMAT = "tradingml-walk-forward/1";

  public WalkForwardResult {
    windows = List.copyOf(windows);
  }

  /** Ordered JSON data: the run id, the out-of-sample range, every window, the stitched metrics. */
  public Map<String, Object> summary() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("format", FORMAT);
    out.put("run_id", backtest.runId());
    Map<String, Object> range = new LinkedHashMap<>();
    range.put("trade_from", Bar.instantOfMicros(windows.get(0).window().tradeFromMicros()).toString());
    range.put("trade_to", Bar.instantOfMicros(windows.get(windows.size() - 1).window().tradeToMicros()).toString());
    range.put("bars", ((Map<?, ?>) backtest.inputs().get("data")).get("bars"));
    range.put("points", backtest.equityCurve().size());
    out.put("out_of_sample", range);
    out.put("windows", windows.stream().map(WalkForwardWindowResult::toMap).toList());
    out.put("metrics", backtest.metrics().toMap());
    return out;
  }

}
