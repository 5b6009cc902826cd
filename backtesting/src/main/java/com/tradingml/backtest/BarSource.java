package com.tradingml.backtest;

import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bars a backtest replays: symbols, each with its bars in time order as primitive columns
 * ({@link SymbolSeries}). The engine merges the symbols into one stream in global time order, ties broken by
 * symbol order ({@link #series(int)} index order, which the factories here make ascending {@link Symbol} order).
 *
 * <p>The port between the engine and wherever bars live: the CLI reads a bars table snapshot (Iceberg) into a
 * {@link Builder}, a Spark sweep hands each task its partition's series, tests build them from CSV or core's
 * {@code SyntheticMarket}. The engine depends on nothing else (no Iceberg, no Spark).
 *
 * <p>Implementations are immutable and thread-safe: one source can back many concurrent backtests.
 */
public interface BarSource {

  /** Number of symbols. */
  int symbolCount();

  /** The series of symbol {@code index} ({@code 0 <= index < symbolCount()}); ties in time go to lower indexes. */
  SymbolSeries series(int index);

  /** Bars over all symbols. */
  default long barCount() {
    long count = 0;
    for (int s = 0; s < symbolCount(); s++) {
      count += series(s).size();
    }
    return count;
  }

  /** The symbols in index order. */
  default List<Symbol> symbols() {
    List<Symbol> symbols = new ArrayList<>(symbolCount());
    for (int s = 0; s < symbolCount(); s++) {
      symbols.add(series(s).symbol());
    }
    return List.copyOf(symbols);
  }

  /** A source of these series, ordered by symbol; two series of one symbol are refused. */
  static BarSource of(Collection<SymbolSeries> series) {
    return InMemoryBarSource.of(series);
  }

  /**
   * A source of bars given one by one, in any interleaving of symbols (for example in global time order as a
   * table scan yields them), as long as each symbol's own bars come in strictly increasing time.
   */
  static BarSource fromBars(Iterator<Bar> bars) {
    Builder builder = builder();
    while (bars.hasNext()) {
      builder.add(bars.next());
    }
    return builder.build();
  }

  static BarSource fromBars(Iterable<Bar> bars) {
    return fromBars(bars.iterator());
  }

  static Builder builder() {
    return new Builder();
  }

  /** This source restricted to bars with {@code fromMicros <= time < toMicros} (symbols left empty are dropped). */
  default BarSource between(long fromMicros, long toMicros) {
    List<SymbolSeries> kept = new ArrayList<>();
    for (int s = 0; s < symbolCount(); s++) {
      SymbolSeries slice = series(s).between(fromMicros, toMicros);
      if (slice.size() > 0) {
        kept.add(slice);
      }
    }
    return of(kept);
  }

  /**
   * Collects bars of many symbols, in any interleaving of symbols, each symbol's bars in strictly increasing
   * time. {@link #add(String, long, double, double, double, double, double)} has the shape of core's
   * {@code BarRowSink.accept} and {@code BarConsumer}, so a CSV reader or the synthetic market feed it directly.
   * Not thread-safe.
   */
  final class Builder {
    private final Map<String, SymbolSeries.Builder> bySymbol = new TreeMap<>();
    private String lastName;
    private SymbolSeries.Builder last;

    private Builder() {}

    public Builder add(String symbol, long epochMicros, double open, double high, double low, double close,
        double volume) {
      SymbolSeries.Builder series = symbol.equals(lastName) ? last
          : bySymbol.computeIfAbsent(symbol, name -> SymbolSeries.builder(Symbol.of(name)));
      series.add(epochMicros, open, high, low, close, volume);
      lastName = symbol;
      last = series;
      return this;
    }

    public Builder add(Bar bar) {
      return add(bar.symbol().value(), bar.epochMicros(), bar.open(), bar.high(), bar.low(), bar.close(),
          bar.volume());
    }

    public BarSource build() {
      List<SymbolSeries> series = new ArrayList<>(bySymbol.size());
      for (SymbolSeries.Builder builder : bySymbol.values()) {
        series.add(builder.build());
      }
      bySymbol.clear();
      last = null;
      lastName = null;
      return of(series);
    }
  }
}
