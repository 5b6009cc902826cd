package com.tradingml.backtest;

import com.tradingml.core.market.Symbol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns fills into round-trip {@link Trade}s, per symbol (see {@link Trade} for the rules: entries add, exits
 * reduce, a fill through zero closes and reopens with its commission split pro rata). Primitive state per symbol;
 * allocates only the finished trades. Not thread-safe.
 */
final class TradeBook {

  /** Entry time, then symbol, then exit time: one comparator rather than a chain of key extractors (a hot sort). */
  private static final Comparator<Trade> BY_ENTRY = (a, b) -> {
    int c = Long.compare(a.entryTimeMicros(), b.entryTimeMicros());
    if (c == 0) {
      c = a.symbol().compareTo(b.symbol());
    }
    return c != 0 ? c : Long.compare(a.exitTimeMicros(), b.exitTimeMicros());
  };

  private final Symbol[] symbols;
  private final long[] position;
  private final long[] entryTime;
  private final int[] entryBar;
  private final long[] entryQty;
  private final long[] entryNotional;
  private final long[] exitTime;
  private final int[] exitBar;
  private final long[] exitQty;
  private final long[] exitNotional;
  private final long[] fees;
  private final TradeSide[] side;
  /** The open trade's opening sequence number ({@link Openings}). */
  private final int[] entrySequence;
  private final List<Trade> closed = new ArrayList<>();
  /** {@code closedSequence[k]}: the opening sequence number of {@code closed.get(k)}. */
  private int[] closedSequence = new int[64];
  private final Openings openings = new Openings();
  /** The list the last {@link #trades()} returned when it is in opening sequence order, else null. */
  private List<Trade> inSequenceOrder;
  /** Whether symbol index order is {@link Symbol} order (the engine's sources are built so). */
  private final boolean symbolsAscending;

  TradeBook(Symbol[] symbols) {
    this.symbols = symbols;
    int n = symbols.length;
    position = new long[n];
    entryTime = new long[n];
    entryBar = new int[n];
    entryQty = new long[n];
    entryNotional = new long[n];
    exitTime = new long[n];
    exitBar = new int[n];
    exitQty = new long[n];
    exitNotional = new long[n];
    fees = new long[n];
    side = new TradeSide[n];
    entrySequence = new int[n];
    boolean ascending = true;
    for (int s = 1; s < n && ascending; s++) {
      ascending = symbols[s - 1].compareTo(symbols[s]) < 0;
    }
    symbolsAscending = ascending;
  }

  void onFill(int s, int bar, long t, long signedQty, long priceMicros, long feeMicros) {
    long p = position[s];
    long qty = Math.abs(signedQty);
    if (p == 0) {
      open(s, bar, t, signedQty, priceMicros, feeMicros);
      return;
    }
    if (Long.signum(signedQty) == Long.signum(p)) {
      entryQty[s] = Math.addExact(entryQty[s], qty);
      entryNotional[s] = Math.addExact(entryNotional[s], Math.multiplyExact(qty, priceMicros));
      fees[s] = Math.addExact(fees[s], feeMicros);
      position[s] = Math.addExact(p, signedQty);
      return;
    }
    long closing = Math.min(qty, Math.abs(p));
    long closingFee = closing == qty ? feeMicros : Micros.mulDivHalfEven(feeMicros, closing, qty);
    exitQty[s] = Math.addExact(exitQty[s], closing);
    exitNotional[s] = Math.addExact(exitNotional[s], Math.multiplyExact(closing, priceMicros));
    fees[s] = Math.addExact(fees[s], closingFee);
    exitTime[s] = t;
    exitBar[s] = bar;
    position[s] = p + Long.signum(signedQty) * closing;
    if (position[s] == 0) {
      if (closed.size() == closedSequence.length) {
        closedSequence = Arrays.copyOf(closedSequence, closedSequence.length * 2);
      }
      closedSequence[closed.size()] = entrySequence[s];
      Trade done = trade(s, true);
      openings.close(entrySequence[s], done);
      closed.add(done);
      long rest = qty - closing;
      if (rest > 0) {
        open(s, bar, t, Long.signum(signedQty) * rest, priceMicros, feeMicros - closingFee);
      }
    }
  }

  private void open(int s, int bar, long t, long signedQty, long priceMicros, long feeMicros) {
    long qty = Math.abs(signedQty);
    position[s] = signedQty;
    entrySequence[s] = openings.open(t, s);
    side[s] = signedQty > 0 ? TradeSide.LONG : TradeSide.SHORT;
    entryTime[s] = t;
    entryBar[s] = bar;
    entryQty[s] = qty;
    entryNotional[s] = Math.multiplyExact(qty, priceMicros);
    exitTime[s] = Long.MIN_VALUE;
    exitBar[s] = -1;
    exitQty[s] = 0;
    exitNotional[s] = 0;
    fees[s] = feeMicros;
  }

  private Trade trade(int s, boolean isClosed) {
    return new Trade(symbols[s], side[s], entryTime[s], entryBar[s], entryQty[s], entryNotional[s], exitTime[s],
        exitBar[s], exitQty[s], exitNotional[s], fees[s], isClosed);
  }

  /**
   * Every trade, closed and still open, by entry time, then symbol, then exit time (for an open trade, its last
   * partial exit's or {@code Long.MIN_VALUE}); equal keys in the order they closed.
   *
   * <p>Fills come in replay order, which is time order with ties in symbol index order, and one symbol holds one trade
   * at a time; so placing each trade at its opening sequence number almost always gives that order already (no sort
   * of the objects: a comparator sort of a run's trades was 3% of a run). The result is checked on the comparator's
   * keys, kept as primitive columns, and sorted with the comparator when the check fails (a trade opened and still
   * open at the same bar as an earlier closed one of its symbol) or cannot be made (a source whose index order is not
   * symbol order).
   */
  List<Trade> trades() {
    inSequenceOrder = null;
    if (!symbolsAscending) {
      return sortedByEntry();
    }
    int opened = openings.count;
    Trade[] byEntry = new Trade[opened];
    for (int k = 0; k < closed.size(); k++) {
      byEntry[closedSequence[k]] = closed.get(k);
    }
    for (int s = 0; s < symbols.length; s++) {
      if (position[s] != 0) {
        byEntry[entrySequence[s]] = trade(s, false);
        openings.exitTime[entrySequence[s]] = exitTime[s];
      }
    }
    List<Trade> all = new ArrayList<>(opened);
    for (Trade trade : byEntry) {
      if (trade == null) {
        throw new IllegalStateException("a trade opened in this run is neither closed nor open");
      }
      all.add(trade);
    }
    // The comparator's keys, read from primitive columns instead of each trade object (a cache miss apiece).
    for (int k = 1; k < opened; k++) {
      if (openings.sortsAfterNext(k - 1)) {
        return sortedByEntry();
      }
    }
    inSequenceOrder = all;
    return all;
  }

  /**
   * The metrics' columns of {@code trades}, a list {@link #trades()} returned: read from the keys kept per opening
   * sequence when that list is in sequence order, else from the trade objects.
   */
  TradeLog log(List<Trade> trades) {
    if (trades != inSequenceOrder || trades.size() != openings.count) {
      Map<Symbol, Integer> index = new HashMap<>(2 * symbols.length);
      for (int s = 0; s < symbols.length; s++) {
        index.put(symbols[s], s);
      }
      return TradeLog.of(trades, index);
    }
    return openings.log();
  }

  /** {@link #trades()} by a comparator sort of the closing order (the definition). */
  List<Trade> sortedByEntry() {
    List<Trade> all = new ArrayList<>(closed);
    for (int s = 0; s < symbols.length; s++) {
      if (position[s] != 0) {
        all.add(trade(s, false));
      }
    }
    all.sort(BY_ENTRY);
    return all;
  }

  /**
   * Every trade of the run by its opening sequence number (the order the trades were opened in, over all symbols), as
   * growable primitive columns: the keys {@link #trades()} checks its order by (entry time, symbol index, exit time)
   * and, for closed trades, what {@link #log} hands the metrics (net P&amp;L, entry notional).
   */
  private static final class Openings {
    int count;
    long[] entryTime = new long[64];
    int[] symbol = new int[64];
    /** The exit time once closed; for a trade still open, set by {@link #trades()}. */
    long[] exitTime = new long[64];
    boolean[] closed = new boolean[64];
    long[] netPnl = new long[64];
    long[] entryNotional = new long[64];

    /** A trade of symbol {@code s} opened at {@code t}; returns its sequence number. */
    int open(long t, int s) {
      if (count == entryTime.length) {
        int grown = count * 2;
        entryTime = Arrays.copyOf(entryTime, grown);
        symbol = Arrays.copyOf(symbol, grown);
        exitTime = Arrays.copyOf(exitTime, grown);
        closed = Arrays.copyOf(closed, grown);
        netPnl = Arrays.copyOf(netPnl, grown);
        entryNotional = Arrays.copyOf(entryNotional, grown);
      }
      entryTime[count] = t;
      symbol[count] = s;
      return count++;
    }

    void close(int sequence, Trade trade) {
      exitTime[sequence] = trade.exitTimeMicros();
      closed[sequence] = true;
      netPnl[sequence] = trade.netPnlMicros();
      entryNotional[sequence] = trade.entryNotionalMicros();
    }

    /** Whether trade {@code k} sorts after trade {@code k + 1} by entry time, symbol index, exit time. */
    boolean sortsAfterNext(int k) {
      int next = k + 1;
      if (entryTime[k] != entryTime[next]) {
        return entryTime[k] > entryTime[next];
      }
      if (symbol[k] != symbol[next]) {
        return symbol[k] > symbol[next];
      }
      return exitTime[k] > exitTime[next];
    }

    /** The metrics' columns, in sequence order; as {@link Trade#netPnlMicros()} and netReturn(): 0 and NaN if open. */
    TradeLog log() {
      long[] pnl = new long[count];
      double[] netReturn = new double[count];
      for (int k = 0; k < count; k++) {
        pnl[k] = closed[k] ? netPnl[k] : 0;
        netReturn[k] = closed[k] ? netPnl[k] / (double) entryNotional[k] : Double.NaN;
      }
      return new TradeLog(Arrays.copyOf(symbol, count), Arrays.copyOf(closed, count), pnl, netReturn);
    }
  }
}
