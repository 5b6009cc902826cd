package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;

/**
 * One account's holdings valued at its marks: the sums that {@link AccountRiskState#dailyPnl()} and the
 * gross-exposure check ({@link PreTradeRiskChecks}) would otherwise walk every holding for, on every order.
 *
 * <p>It is kept in the marks map's {@link SortedArrayMap#memo} slot, for the one holdings map it was computed with
 * ({@link #holdings}, compared by identity), and carried through {@link AccountRiskState}'s transitions: a mark,
 * an accepted order or a day roll changes one term (or, for the roll, the costs to the values), so the next state
 * gets its valuation in O(1) instead of O(holdings). A state whose marks map holds no valuation for its holdings
 * (built by the codec, or the cache was overwritten) computes it with one walk, on first use.
 *
 * <p><b>Exact, or not used.</b> Every sum is exact {@code long} micro-units. A valuation is {@link #usable} only
 * when every holding has a mark and {@code gross + absoluteCost <= } {@link #BOUND} ({@code 2^62}): then no term
 * and no partial sum of the walks it replaces can overflow (each is bounded by {@code gross + absoluteCost}, plus
 * the realized P&amp;L, which {@link AccountRiskState#dailyPnl()} requires to be strictly within the same bound, so
 * every sum stays below {@code 2^63}), so the walks would return exactly {@code realized + market - cost} and
 * {@code gross - own term}, never throw. Otherwise (an
 * unmarked holding, values near the overflow range, an update that overflowed) the callers run the walks as they
 * always did, with their messages and exceptions. Immutable and thread-safe.
 */
final class HoldingsValuation {

  /** The largest {@code gross + absoluteCost} for which the sums stand in for the walks (and bound on the realized). */
  static final long BOUND = 1L << 62;

  /** The holdings map this valuation belongs to (identity). */
  final SortedArrayMap<Symbol, Holding> holdings;
  /** Every holding has a mark and the sums are within {@link #BOUND}. */
  final boolean usable;
  /** {@code sum of quantity x mark} (micros). */
  final long market;
  /** {@code sum of |quantity x mark|} (micros). */
  final long gross;
  /** {@code sum of dayCost} (micros). */
  final long cost;
  /** {@code sum of |dayCost|} (micros). */
  final long absoluteCost;

  private HoldingsValuation(SortedArrayMap<Symbol, Holding> holdings, boolean usable, long market, long gross,
      long cost, long absoluteCost) {
    this.holdings = holdings;
    this.usable = usable;
    this.market = market;
    this.gross = gross;
    this.cost = cost;
    this.absoluteCost = absoluteCost;
  }

  private static HoldingsValuation unusable(SortedArrayMap<Symbol, Holding> holdings) {
    return new HoldingsValuation(holdings, false, 0, 0, 0, 0);
  }

  /** A usable valuation when the sums are within the bound, else an unusable one. */
  private static HoldingsValuation checked(SortedArrayMap<Symbol, Holding> holdings, long market, long gross,
      long cost, long absoluteCost) {
    if (gross < 0 || absoluteCost < 0 || gross > BOUND || absoluteCost > BOUND - gross) {
      return unusable(holdings);
    }
    return new HoldingsValuation(holdings, true, market, gross, cost, absoluteCost);
  }

  /** The valuation of {@code holdings} at {@code marks}, by one merge walk over both (same key order). */
  static HoldingsValuation of(SortedArrayMap<Symbol, Holding> holdings, SortedArrayMap<Symbol, Mark> marks) {
    long market = 0;
    long gross = 0;
    long cost = 0;
    long absoluteCost = 0;
    int m = 0;
    try {
      for (int i = 0; i < holdings.size(); i++) {
        int at = marks.seek(holdings.keyAt(i), m);
        if (at < 0) {
          return unusable(holdings);
        }
        m = at + 1;
        Holding holding = holdings.valueAt(i);
        long value = Math.multiplyExact(holding.quantity(), marks.valueAt(at).price().micros());
        long dayCost = holding.dayCost().micros();
        market = Math.addExact(market, value);
        gross = Math.addExact(gross, Math.absExact(value));
        cost = Math.addExact(cost, dayCost);
        absoluteCost = Math.addExact(absoluteCost, Math.absExact(dayCost));
      }
    } catch (ArithmeticException e) {
      return unusable(holdings);
    }
    return checked(holdings, market, gross, cost, absoluteCost);
  }

  /**
   * The valuation after a symbol's mark moves from {@code before} to {@code after} (same holdings); null when it
   * cannot be derived (the caller leaves it to be computed on first use). {@code holding} is the symbol's holding,
   * or null when flat (then nothing changes).
   */
  HoldingsValuation remarked(Holding holding, Mark before, Money after) {
    if (holding == null) {
      return this;
    }
    if (!usable || before == null) {
      return null;
    }
    try {
      long old = Math.multiplyExact(holding.quantity(), before.price().micros());
      long now = Math.multiplyExact(holding.quantity(), after.micros());
      return checked(holdings, Math.addExact(Math.subtractExact(market, old), now),
          Math.addExact(Math.subtractExact(gross, Math.absExact(old)), Math.absExact(now)), cost, absoluteCost);
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /**
   * The valuation of {@code newHoldings}, which differ from {@link #holdings} in one symbol only: its holding
   * {@code before} became {@code after} (either null when flat), valued at {@code mark} (null when unmarked).
   * Null when it cannot be derived.
   */
  HoldingsValuation reheld(SortedArrayMap<Symbol, Holding> newHoldings, Holding before, Holding after, Mark mark) {
    if (!usable) {
      return null;
    }
    if (mark == null) {
      // The symbol was flat (a usable valuation has every holding marked): unmarked now if it is held.
      return after == null ? new HoldingsValuation(newHoldings, true, market, gross, cost, absoluteCost)
          : unusable(newHoldings);
    }
    try {
      long price = mark.price().micros();
      long oldValue = before == null ? 0 : Math.multiplyExact(before.quantity(), price);
      long oldCost = before == null ? 0 : before.dayCost().micros();
      long newValue = after == null ? 0 : Math.multiplyExact(after.quantity(), price);
      long newCost = after == null ? 0 : after.dayCost().micros();
      return checked(newHoldings, Math.addExact(Math.subtractExact(market, oldValue), newValue),
          Math.addExact(Math.subtractExact(gross, Math.absExact(oldValue)), Math.absExact(newValue)),
          Math.addExact(Math.subtractExact(cost, oldCost), newCost),
          Math.addExact(Math.subtractExact(absoluteCost, Math.absExact(oldCost)), Math.absExact(newCost)));
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /**
   * The valuation of {@code restruck}: the same positions with every day cost re-struck at {@code quantity x mark}
   * (a day roll), so the costs become the values. Null when it cannot be derived.
   */
  HoldingsValuation restruck(SortedArrayMap<Symbol, Holding> restruck) {
    return usable ? checked(restruck, market, gross, market, gross) : null;
  }
}
