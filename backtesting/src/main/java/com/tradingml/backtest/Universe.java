package com.tradingml.backtest;

import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.Money;
import java.util.List;

/**
 * What a strategy is told when a run starts: the symbols it will see (index order = the {@link BarContext}'s
 * {@code symbolIndex}) and the account's initial cash. No bars: data arrives only through
 * {@link StrategyRun#onBar}, one bar at a time. Immutable and thread-safe.
 */
public record Universe(List<Symbol> symbols, Money initialCash) {

  public Universe {
    if (symbols == null || initialCash == null) {
      throw new IllegalArgumentException("universe needs symbols and initial cash");
    }
    symbols = List.copyOf(symbols);
  }

  public int size() {
    return symbols.size();
  }
}
