package com.tradingml.backtest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Buys once per symbol on its first bar and holds to the end: either a fixed number of shares, or an equal share
 * of the initial cash ({@code floor(fraction x initialCash / symbols / close)} shares at the first bar's close; the
 * fill, at the next open by default, may cost a little more or less). The trading counterpart of the metrics'
 * benchmark, with whole shares, costs and the risk gate. If the entry is rejected or refused it is not retried.
 *
 * <p>Immutable and thread-safe definition.
 */
public final class BuyAndHold implements Strategy {

  private final long quantity;
  private final double fraction;

  private BuyAndHold(long quantity, double fraction) {
    this.quantity = quantity;
    this.fraction = fraction;
  }

  /** {@code quantity > 0} shares of every symbol. */
  public static BuyAndHold shares(long quantity) {
    if (quantity < 1) {
      throw new IllegalArgumentException("buy-and-hold quantity must be positive, got " + quantity);
    }
    return new BuyAndHold(quantity, Double.NaN);
  }

  /** {@code fraction} (in (0, 1]) of the initial cash, split equally over the symbols. */
  public static BuyAndHold equalWeight(double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("buy-and-hold fraction must be in (0, 1], got " + fraction);
    }
    return new BuyAndHold(0, fraction);
  }

  @Override
  public String name() {
    return "buy_and_hold";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (quantity > 0) {
      out.put("quantity", quantity);
    } else {
      out.put("cash_fraction", fraction);
    }
    return out;
  }

  @Override
  public int warmupBars() {
    return 1;
  }

  @Override
  public StrategyRun start(Universe universe) {
    double perSymbol = universe.size() == 0 ? 0 : universe.initialCash().toUnits() / universe.size();
    boolean[] done = new boolean[universe.size()];
    return bar -> {
      int s = bar.symbolIndex();
      if (done[s]) {
        return;
      }
      done[s] = true;
      long shares = quantity > 0 ? quantity : (long) Math.floor(fraction * perSymbol / bar.close());
      if (shares > 0) {
        bar.order(shares);
      }
    };
  }
}
