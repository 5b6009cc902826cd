package com.tradingml.serving;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.FeatureState;
import com.tradingml.core.market.Symbol;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One model's online feature states, one {@link FeatureState} per symbol, all of one {@link FeatureSet}.
 *
 * <p>The map is concurrent; each state is not thread-safe and is only ever read or fed under its symbol's lock in
 * {@link OnlineFeatures} (which is also what keeps it in step with the live bar history).
 */
final class FeatureBook {

  private final FeatureSet set;
  private final ConcurrentHashMap<Symbol, FeatureState> states = new ConcurrentHashMap<>();

  FeatureBook(FeatureSet set) {
    this.set = set;
  }

  FeatureSet featureSet() {
    return set;
  }

  /** The symbol's state, or null. */
  FeatureState get(Symbol symbol) {
    return states.get(symbol);
  }

  /** The symbol's state, created empty if absent (callers hold the symbol's lock). */
  FeatureState getOrCreate(Symbol symbol) {
    return states.computeIfAbsent(symbol, s -> set.newState());
  }

  void put(Symbol symbol, FeatureState state) {
    states.put(symbol, state);
  }

  Set<Symbol> symbols() {
    return states.keySet();
  }

  int size() {
    return states.size();
  }
}
