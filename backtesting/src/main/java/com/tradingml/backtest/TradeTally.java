package com.tradingml.backtest;

/**
 * The trade statistics of {@link PerformanceMetrics} (closed trades, wins and losses by net P&amp;L, and the sums of
 * their net returns), accumulated in the order the trades are added. The metrics pass keeps one per symbol and one in
 * total and feeds them in a single walk over the trades (a {@link TradeLog}, in list order); the sums are
 * added in list order, the same order as a walk over each symbol's trades. Not thread-safe.
 */
final class TradeTally {

  long closed;
  long wins;
  long losses;
  double winSum;
  double lossSum;

  /** Counts a closed trade ({@link TradeLog}'s columns); an open one is skipped. */
  void add(boolean isClosed, long netPnlMicros, double netReturn) {
    if (!isClosed) {
      return;
    }
    closed++;
    if (netPnlMicros > 0) {
      wins++;
      winSum += netReturn;
    } else if (netPnlMicros < 0) {
      losses++;
      lossSum += netReturn;
    }
  }
}
