package com.tradingml.backtest;

import com.tradingml.core.market.Symbol;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * {@link BarSource} over series held in memory, sorted by symbol. Caches its {@link ReplaySchedule} (computed
 * on first use), so that the many runs of a sweep merge the symbols once. Immutable and thread-safe.
 */
final class InMemoryBarSource implements BarSource {

  private final SymbolSeries[] series;
  private volatile ReplaySchedule schedule;

  private InMemoryBarSource(SymbolSeries[] series) {
    this.series = series;
  }

  static InMemoryBarSource of(Collection<SymbolSeries> series) {
    List<SymbolSeries> sorted = new ArrayList<>(series);
    for (SymbolSeries s : sorted) {
      if (s == null) {
        throw new IllegalArgumentException("a bar source holds no null series");
      }
    }
    sorted.sort(Comparator.comparing(SymbolSeries::symbol));
    for (int i = 1; i < sorted.size(); i++) {
      Symbol previous = sorted.get(i - 1).symbol();
      if (previous.equals(sorted.get(i).symbol())) {
        throw new IllegalArgumentException("two series of symbol " + previous + " in one bar source");
      }
    }
    return new InMemoryBarSource(sorted.toArray(new SymbolSeries[0]));
  }

  @Override
  public int symbolCount() {
    return series.length;
  }

  @Override
  public SymbolSeries series(int index) {
    return series[index];
  }

  ReplaySchedule schedule() {
    ReplaySchedule computed = schedule;
    if (computed == null) {
      computed = ReplaySchedule.of(this);
      schedule = computed;
    }
    return computed;
  }

  @Override
  public String toString() {
    return "BarSource[" + series.length + " symbols, " + barCount() + " bars]";
  }
}
