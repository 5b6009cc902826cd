package com.tradingml.backtest;

import com.tradingml.core.market.Symbol;
import java.util.List;
import java.util.Map;

/**
 * What the metrics pass reads of a run's trades, as primitive columns in the order of its trade list: the symbol's
 * index in the run, whether the trade is closed, its net P&amp;L and its net return ({@link Trade#netPnlMicros()},
 * {@link Trade#netReturn()}). The trade book fills it from the keys it kept while trading, so the metrics do not walk
 * the trade objects (a cache miss apiece, and a map lookup of the symbol); {@link #of} builds it from a list.
 * Immutable once built.
 */
final class TradeLog {

  private final int[] symbol;
  private final boolean[] closed;
  private final long[] netPnl;
  private final double[] netReturn;

  TradeLog(int[] symbol, boolean[] closed, long[] netPnl, double[] netReturn) {
    this.symbol = symbol;
    this.closed = closed;
    this.netPnl = netPnl;
    this.netReturn = netReturn;
  }

  /** The log of {@code trades}, in their order, symbols given by their index in the run. */
  static TradeLog of(List<Trade> trades, Map<Symbol, Integer> index) {
    int n = trades.size();
    int[] symbol = new int[n];
    boolean[] closed = new boolean[n];
    long[] netPnl = new long[n];
    double[] netReturn = new double[n];
    for (int k = 0; k < n; k++) {
      Trade trade = trades.get(k);
      Integer s = index.get(trade.symbol());
      if (s == null) {
        throw new IllegalArgumentException("trade of " + trade.symbol() + ", a symbol outside the run");
      }
      symbol[k] = s;
      closed[k] = trade.closed();
      netPnl[k] = trade.netPnlMicros();
      netReturn[k] = trade.netReturn();
    }
    return new TradeLog(symbol, closed, netPnl, netReturn);
  }

  int size() {
    return symbol.length;
  }

  int symbol(int k) {
    return symbol[k];
  }

  boolean closed(int k) {
    return closed[k];
  }

  long netPnl(int k) {
    return netPnl[k];
  }

  double netReturn(int k) {
    return netReturn[k];
  }
}
