package com.tradingml.serving;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.FeatureState;
import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The live side of the features: per symbol, a lock, the recent live bars ({@link BarHistory}), and through the
 * active model's {@link FeatureBook} its {@link FeatureState} (core code, identical to the batch job's).
 *
 * <h2>How state continues across a model swap</h2>
 * Every live bar is appended to its symbol's history and fed to the active model's state, under the symbol's
 * lock. A new model's book is prepared off the request path ({@link #prepareBook}): if the new model uses the
 * same feature set (same hash) each symbol's current state is copied ({@link FeatureState#snapshot()} /
 * {@link FeatureState#restore}, bit for bit) unless the package's warm-up bars reach further; otherwise each
 * symbol starts from the package's warm-up bars. Either way the state then replays the history bars later than
 * its last one. After the swap, bars that arrived during the preparation are replayed the same way: eagerly by
 * {@link #catchUp}, and in any case lazily, since every use of a state first replays the history bars it has not
 * seen. So a state is never used behind the live stream, and never fed a bar twice or out of order
 * ({@link FeatureState#offer} refuses those).
 *
 * <p>Thread-safe. A symbol's lock is held for microseconds: a feature update and a copy of the inputs; the
 * prediction, policy and risk steps run outside it.
 */
final class OnlineFeatures {

  /** What became of an offered bar. */
  enum BarStatus {
    /** Taken: appended to the history and fed to the state. */
    ACCEPTED,
    /** The same bar as the last one (a repeated delivery): nothing changes, not an error. */
    DUPLICATE,
    /** Older than the symbol's last bar. */
    OUT_OF_ORDER,
    /** Same time as the last bar, other values. */
    CONFLICT,
    /** Stamped further in the future than the allowed clock skew. */
    FUTURE,
    /** A new symbol beyond {@code serving.features.max-symbols}. */
    TOO_MANY_SYMBOLS;

    /** The code used in responses and metrics. */
    String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A symbol's features as a decision sees them.
   *
   * @param barStatus what became of the request's bar; null when it had none
   * @param known whether the symbol has any bar at all (live or warm-up)
   * @param lastMicros the last bar's time, {@link Long#MIN_VALUE} when unknown
   * @param lastClose the last bar's close (the reference price), NaN when unknown
   * @param warm whether the state has seen its feature set's warm-up bars
   */
  record View(BarStatus barStatus, boolean known, long lastMicros, double lastClose, boolean warm, long barsSeen) {}

  private static final class Slot {
    final BarHistory history;

    Slot(int historyBars) {
      history = new BarHistory(historyBars);
    }
  }

  private final ConcurrentHashMap<Symbol, Slot> slots = new ConcurrentHashMap<>();
  private final int historyBars;
  private final int maxSymbols;
  private final long maxSkewMicros;
  private final AtomicLong newestBarMicros = new AtomicLong(Long.MIN_VALUE);
  private final LongConsumer replayGaps;

  /**
   * @param replayGaps told how many states continued across a possible gap (a history ring that overflowed
   *     before a new model's state caught up)
   */
  OnlineFeatures(int historyBars, int maxSymbols, java.time.Duration maxClockSkew, LongConsumer replayGaps) {
    this.historyBars = historyBars;
    this.maxSymbols = maxSymbols;
    this.maxSkewMicros = maxClockSkew.toNanos() / 1_000;
    this.replayGaps = replayGaps;
  }

  /**
   * Offers a live bar (from {@code POST /v1/bars}); {@code book} is the active model's, or null before any model
   * is loaded (the bar is kept in the history for the first one).
   */
  BarStatus offer(LiveBar bar, FeatureBook book, long nowMicros) {
    Slot slot = slot(bar.symbol(), true);
    if (slot == null) {
      return BarStatus.TOO_MANY_SYMBOLS;
    }
    synchronized (slot) {
      FeatureState state = book == null ? null : caughtUp(slot, book, bar.symbol());
      return accept(slot, state, bar, nowMicros);
    }
  }

  /**
   * For a decision: offers {@code bar} if not null, then copies the symbol's model inputs into {@code inputsOut}
   * ({@code book}'s feature set's {@link FeatureSet#inputColumns()} order), all under the symbol's lock.
   */
  View observe(Symbol symbol, LiveBar bar, FeatureBook book, long nowMicros, double[] inputsOut) {
    Slot slot = slot(symbol, bar != null || book.get(symbol) != null);
    if (slot == null) {
      return bar != null ? new View(BarStatus.TOO_MANY_SYMBOLS, false, Long.MIN_VALUE, Double.NaN, false, 0)
          : new View(null, false, Long.MIN_VALUE, Double.NaN, false, 0);
    }
    synchronized (slot) {
      FeatureState state = caughtUp(slot, book, symbol);
      BarStatus status = bar == null ? null : accept(slot, state, bar, nowMicros);
      if (state.barsSeen() == 0) {
        return new View(status, false, Long.MIN_VALUE, Double.NaN, false, 0);
      }
      state.inputs(inputsOut);
      double close = slot.history.lastTimestamp() == state.lastTimestamp() ? slot.history.lastClose()
          : referenceClose(state);
      return new View(status, true, state.lastTimestamp(), close, state.isWarm(), state.barsSeen());
    }
  }

  /** Offers a bar without a model (none loaded yet): it is kept in the history only. */
  BarStatus offerWithoutModel(LiveBar bar, long nowMicros) {
    return offer(bar, null, nowMicros);
  }

  /**
   * A book for a new model of {@code set}, built off the request path (see the class comment): from the current
   * book's states when it has the same feature set, else (or where the package reaches further) from
   * {@code warmup}; then caught up with the live history.
   */
  FeatureBook prepareBook(FeatureSet set, Map<Symbol, List<Bar>> warmup, FeatureBook current) {
    FeatureBook book = new FeatureBook(set);
    if (current != null && current.featureSet().equals(set)) {
      for (Symbol symbol : current.symbols()) {
        Slot slot = slot(symbol, true);
        byte[] snapshot;
        if (slot == null) {
          continue;
        }
        synchronized (slot) {
          FeatureState state = current.get(symbol);
          snapshot = state == null ? null : state.snapshot();
        }
        if (snapshot != null) {
          book.put(symbol, FeatureState.restore(set, snapshot));
        }
      }
    }
    warmup.forEach((symbol, bars) -> {
      if (bars.isEmpty()) {
        return;
      }
      FeatureState copied = book.get(symbol);
      long warmupEnd = bars.get(bars.size() - 1).epochMicros();
      if (copied != null && copied.lastTimestamp() >= warmupEnd) {
        return; // the running state has seen at least as far: continuity wins
      }
      FeatureState state = set.newState();
      for (Bar bar : bars) {
        state.update(bar);
      }
      book.put(symbol, state);
    });
    catchUp(book);
    return book;
  }

  /** Replays the live history into every state of {@code book} that is behind it (and creates missing ones). */
  void catchUp(FeatureBook book) {
    for (Map.Entry<Symbol, Slot> entry : slots.entrySet()) {
      Slot slot = entry.getValue();
      synchronized (slot) {
        if (!slot.history.isEmpty()) {
          caughtUp(slot, book, entry.getKey());
        }
      }
    }
  }

  /** The newest live bar's time over all symbols, {@link Long#MIN_VALUE} before the first (readiness). */
  long newestBarMicros() {
    return newestBarMicros.get();
  }

  int symbols() {
    return slots.size();
  }

  /** The state of {@code symbol} in {@code book}, created if needed and fed the history bars it has not seen. */
  private FeatureState caughtUp(Slot slot, FeatureBook book, Symbol symbol) {
    FeatureState state = book.getOrCreate(symbol);
    if (slot.history.lastTimestamp() > state.lastTimestamp()) {
      int fed = slot.history.replayInto(state);
      if (fed < 0) {
        replayGaps.accept(1);
      }
    }
    return state;
  }

  private BarStatus accept(Slot slot, FeatureState state, LiveBar bar, long nowMicros) {
    if (bar.epochMicros() - maxSkewMicros > nowMicros) {
      return BarStatus.FUTURE;
    }
    long historyLast = slot.history.lastTimestamp();
    long last = state == null ? historyLast : Math.max(historyLast, state.lastTimestamp());
    if (bar.epochMicros() <= last) {
      if (slot.history.isLast(bar)) {
        return BarStatus.DUPLICATE;
      }
      if (bar.epochMicros() < last) {
        return BarStatus.OUT_OF_ORDER;
      }
      // Same time as the last bar: a conflict if that bar came live, a repeat if it came with the package.
      return historyLast == last ? BarStatus.CONFLICT : BarStatus.DUPLICATE;
    }
    slot.history.append(bar);
    if (state != null) {
      state.offer(bar.epochMicros(), bar.open(), bar.high(), bar.low(), bar.close(), bar.volume());
    }
    newestBarMicros.accumulateAndGet(bar.epochMicros(), Math::max);
    return BarStatus.ACCEPTED;
  }

  private Slot slot(Symbol symbol, boolean create) {
    Slot slot = slots.get(symbol);
    if (slot != null || !create) {
      return slot;
    }
    if (slots.size() >= maxSymbols) {
      return null;
    }
    return slots.computeIfAbsent(symbol, s -> new Slot(historyBars));
  }

  private static double referenceClose(FeatureState state) {
    double[] references = new double[FeatureSet.referenceColumns().size()];
    state.references(references);
    return references[0];
  }
}
