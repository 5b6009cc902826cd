package com.tradingml.backtest;

import com.tradingml.core.market.Symbol;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The numbers of a run's fills that the metrics pass reads, as primitive columns in fill order: the symbol's index
 * in the run, the bar, the signed quantity, the notional and the fee. The engine appends to it as it fills (the
 * metrics then read dense arrays instead of following each {@link Fill} object and looking its symbol up in a map,
 * which was a cache miss and a hash lookup per fill); {@link #of} builds it from a list of fills. Not thread-safe while
 * growing.
 */
final class FillLog {

  private int size;
  private int[] symbol = new int[256];
  private int[] bar = new int[256];
  private long[] signedQuantity = new long[256];
  private long[] notional = new long[256];
  private long[] fee = new long[256];

  /** The log of {@code fills}, symbols given by their index in the run. */
  static FillLog of(List<Fill> fills, Map<Symbol, Integer> index) {
    FillLog log = new FillLog();
    for (Fill fill : fills) {
      Integer s = index.get(fill.symbol());
      if (s == null) {
        throw new IllegalArgumentException("fill of " + fill.symbol() + ", a symbol outside the run");
      }
      log.add(s, fill.barIndex(), fill.signedQuantity(), fill.notionalMicros(), fill.feeMicros());
    }
    return log;
  }

  void add(int symbolIndex, int barIndex, long signed, long notionalMicros, long feeMicros) {
    if (size == symbol.length) {
      int grown = size * 2;
      symbol = Arrays.copyOf(symbol, grown);
      bar = Arrays.copyOf(bar, grown);
      signedQuantity = Arrays.copyOf(signedQuantity, grown);
      notional = Arrays.copyOf(notional, grown);
      fee = Arrays.copyOf(fee, grown);
    }
    symbol[size] = symbolIndex;
    bar[size] = barIndex;
    signedQuantity[size] = signed;
    notional[size] = notionalMicros;
    fee[size] = feeMicros;
    size++;
  }

  int size() {
    return size;
  }

  int symbol(int k) {
    return symbol[k];
  }

  int bar(int k) {
    return bar[k];
  }

  long signedQuantity(int k) {
    return signedQuantity[k];
  }

  long notional(int k) {
    return notional[k];
  }

  long fee(int k) {
    return fee[k];
  }
}
