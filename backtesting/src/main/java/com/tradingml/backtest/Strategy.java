package com.tradingml.backtest;

import java.util.Map;

/**
 * A trading strategy's definition: its name, parameters and warm-up, and a factory of fresh per-run state. The
 * definition is immutable and reusable (a sweep runs one definition many times, possibly in parallel); all
 * mutable state lives in the {@link StrategyRun} that {@link #start} returns for one run.
 *
 * <p>Strategies see the market only through {@link BarContext}: the current bar of one symbol, that symbol's
 * earlier bars, and other symbols' latest bars already replayed. There is no way to reach a later bar, so no
 * strategy can look ahead.
 */
public interface Strategy {

  /** A stable name ({@code sma_cross}, {@code buy_and_hold}, {@code model}), recorded in {@code summary.json}. */
  String name();

  /** The parameters as ordered JSON data (numbers, strings, booleans, nested maps), recorded in the summary. */
  Map<String, Object> parameters();

  /**
   * Bars a symbol must have (the current one included) before the strategy may trade it: the engine refuses
   * orders on earlier bars ({@code warmup}), so warm-up bars are never traded. At least 1.
   */
  int warmupBars();

  /** Fresh state for one run over {@code universe}. */
  StrategyRun start(Universe universe);
}
