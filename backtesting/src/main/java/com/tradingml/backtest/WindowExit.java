package com.tradingml.backtest;

import com.tradingml.core.market.Symbol;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strategy confined to a walk-forward window: the inner strategy sees every bar of a symbol up to, not including,
 * the symbol's last bar of the window; on that bar the position is closed ({@link BarContext#targetPosition} 0: it
 * fills at the next bar's open, the one bar after the window the window's source holds, or at this close); bars
 * after it are only replayed (marks), never traded. The inner strategy's warm-up and statistics are kept, plus
 * {@code window_exits} (bars on which an exit order was placed).
 *
 * <p>Immutable and thread-safe definition; each run gets its own state.
 */
final class WindowExit implements Strategy {

  private final Strategy inner;
  private final Map<Symbol, Integer> lastBar;

  /** @param lastBar per symbol, the index (in the window's own series) of its last bar inside the window */
  WindowExit(Strategy inner, Map<Symbol, Integer> lastBar) {
    this.inner = inner;
    this.lastBar = Map.copyOf(lastBar);
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public Map<String, Object> parameters() {
    return inner.parameters();
  }

  @Override
  public int warmupBars() {
    return inner.warmupBars();
  }

  @Override
  public StrategyRun start(Universe universe) {
    int[] last = new int[universe.size()];
    for (int s = 0; s < last.length; s++) {
      Integer index = lastBar.get(universe.symbols().get(s));
      if (index == null) {
        throw new IllegalArgumentException("no window end for " + universe.symbols().get(s));
      }
      last[s] = index;
    }
    StrategyRun run = inner.start(universe);
    return new StrategyRun() {
      private long exits;

      @Override
      public void onBar(BarContext bar) {
        int end = last[bar.symbolIndex()];
        int i = bar.barIndex();
        if (i < end) {
          run.onBar(bar);
        } else if (i == end && bar.position() + bar.pendingQuantity() != 0) {
          exits++;
          bar.targetPosition(0);
        }
      }

      @Override
      public Map<String, Long> statistics() {
        Map<String, Long> out = new TreeMap<>(run.statistics());
        out.put("window_exits", exits);
        return out;
      }
    };
  }
}
