package com.tradingml.backtest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test strategy that places given orders on given bars ({@code symbol index, bar index -> signed quantity}) and
 * records what it saw and what became of each order.
 */
class Scripted implements Strategy {

  private final int warmup;
  private final Map<Long, long[]> orders = new HashMap<>();
  final List<OrderOutcome> outcomes = new ArrayList<>();
  final List<String> seen = new ArrayList<>();

  Scripted(int warmup) {
    this.warmup = warmup;
  }

  /** Orders {@code quantities} (one order each) on bar {@code bar} of symbol {@code symbol}. */
  Scripted at(int symbol, int bar, long... quantities) {
    orders.put(key(symbol, bar), quantities);
    return this;
  }

  private static long key(int symbol, int bar) {
    return ((long) symbol << 32) | bar;
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public Map<String, Object> parameters() {
    return new LinkedHashMap<>(Map.of("orders", orders.size()));
  }

  @Override
  public int warmupBars() {
    return warmup;
  }

  @Override
  public StrategyRun start(Universe universe) {
    outcomes.clear();
    seen.clear();
    return bar -> {
      seen.add(bar.symbol() + "@" + bar.barIndex() + " pos " + bar.position());
      long[] quantities = orders.get(key(bar.symbolIndex(), bar.barIndex()));
      if (quantities != null) {
        for (long q : quantities) {
          outcomes.add(bar.order(q));
        }
      }
    };
  }
}
