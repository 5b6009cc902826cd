package com.tradingml.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tradingml.core.market.Symbol;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TradeBook#trades()} places trades by their opening sequence instead of sorting them; it must give exactly the
 * comparator sort of the closing order ({@link TradeBook#sortedByEntry()}, the definition), field by field and in
 * the same order, whatever the fills.
 */
class TradeBookTest {

  private static Symbol[] symbols(String... names) {
    Symbol[] out = new Symbol[names.length];
    for (int s = 0; s < names.length; s++) {
      out[s] = Symbol.of(names[s]);
    }
    return out;
  }

  /** Random fills in replay order: times ascending, at a time symbols in index order, several fills per bar. */
  private static TradeBook randomBook(Symbol[] symbols, long seed, boolean indexOrderAtATime) {
    Random random = new Random(seed);
    TradeBook book = new TradeBook(symbols);
    int[] bar = new int[symbols.length];
    long t = 1_000_000L;
    for (int step = 0; step < 400; step++) {
      t += 60_000_000L * (1 + random.nextInt(3));
      for (int k = 0; k < symbols.length; k++) {
        int s = indexOrderAtATime ? k : symbols.length - 1 - k;
        if (random.nextInt(3) == 0) {
          continue;
        }
        int fillsHere = random.nextInt(10) == 0 ? 2 + random.nextInt(2) : 1;
        for (int f = 0; f < fillsHere; f++) {
          long qty = (1 + random.nextInt(20)) * (random.nextBoolean() ? 1 : -1);
          long price = 1_000_000L * (50 + random.nextInt(100));
          book.onFill(s, bar[s], t, qty, price, random.nextInt(5_000));
        }
        bar[s]++;
      }
    }
    return book;
  }

  private static Map<Symbol, Integer> index(Symbol[] symbols) {
    Map<Symbol, Integer> index = new HashMap<>();
    for (int s = 0; s < symbols.length; s++) {
      index.put(symbols[s], s);
    }
    return index;
  }

  /** The book's log of its trade list, column by column, against the log read from the trade objects. */
  private static void assertSameLog(TradeLog expected, TradeLog actual) {
    assertEquals(expected.size(), actual.size());
    for (int k = 0; k < expected.size(); k++) {
      assertEquals(expected.symbol(k), actual.symbol(k), "trade " + k);
      assertEquals(expected.closed(k), actual.closed(k), "trade " + k);
      assertEquals(expected.netPnl(k), actual.netPnl(k), "trade " + k);
      assertEquals(Double.doubleToLongBits(expected.netReturn(k)), Double.doubleToLongBits(actual.netReturn(k)),
          "trade " + k);
    }
  }

  @Test
  void placingByOpeningSequenceEqualsTheComparatorSort() {
    int checked = 0;
    for (long seed = 1; seed <= 200; seed++) {
      TradeBook book = randomBook(symbols("AAA", "BBB", "CCC", "DDD"), seed, true);
      List<Trade> definition = book.sortedByEntry();
      List<Trade> trades = book.trades();
      assertEquals(definition, trades, "seed " + seed);
      assertSameLog(TradeLog.of(trades, index(symbols("AAA", "BBB", "CCC", "DDD"))), book.log(trades));
      checked += definition.size();
    }
    assertFalse(checked < 10_000, "only " + checked + " trades compared");
  }

  @Test
  void sourcesWhoseIndexOrderIsNotSymbolOrderAreSortedToo() {
    for (long seed = 1; seed <= 100; seed++) {
      Symbol[] unsorted = symbols("DDD", "AAA", "CCC", "BBB");
      TradeBook unsortedSymbols = randomBook(unsorted, seed, true);
      List<Trade> trades = unsortedSymbols.trades();
      assertEquals(unsortedSymbols.sortedByEntry(), trades, "seed " + seed);
      assertSameLog(TradeLog.of(trades, index(unsorted)), unsortedSymbols.log(trades));
      TradeBook reversedWithinTime = randomBook(symbols("AAA", "BBB", "CCC"), seed, false);
      assertEquals(reversedWithinTime.sortedByEntry(), reversedWithinTime.trades(), "seed " + seed);
    }
  }

  @Test
  void aTradeOpenedAndStillOpenAtTheBarWhereItsPredecessorClosedComesFirst() {
    TradeBook book = new TradeBook(symbols("AAA"));
    book.onFill(0, 0, 60_000_000L, 10, 100_000_000L, 0);
    // At one bar: open, close, and open again (close fills): two trades with the same entry time and symbol; the
    // open one has the smaller exit time (Long.MIN_VALUE), so it comes before the closed one.
    book.onFill(0, 1, 120_000_000L, -10, 101_000_000L, 0);
    book.onFill(0, 1, 120_000_000L, 5, 101_000_000L, 0);
    book.onFill(0, 1, 120_000_000L, -5, 102_000_000L, 0);
    book.onFill(0, 1, 120_000_000L, 7, 102_000_000L, 0);
    List<Trade> trades = book.trades();
    assertEquals(book.sortedByEntry(), trades);
    assertSameLog(TradeLog.of(trades, index(symbols("AAA"))), book.log(trades));
    assertEquals(3, trades.size());
    assertFalse(trades.get(1).closed(), "the open trade sorts before the closed one of the same entry time");
  }
}
