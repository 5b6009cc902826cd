package com.tradingml.backtest;

import java.util.Map;

/**
 * One run of a {@link Strategy}: receives every bar in replay order (global time, ties by symbol index) and
 * trades through the {@link BarContext}. Used by one thread; created per run by {@link Strategy#start}.
 */
@FunctionalInterface
public interface StrategyRun {

  /**
   * Called for every bar, warm-up bars included (so that indicators can fill), after the symbol's pending
   * next-open order was filled at this bar's open. {@code bar} is only valid during the call.
   */
  void onBar(BarContext bar);

  /** Counters the strategy wants in the summary (e.g. why a model held), sorted by name; empty by default. */
  default Map<String, Long> statistics() {
    return Map.of();
  }
}
