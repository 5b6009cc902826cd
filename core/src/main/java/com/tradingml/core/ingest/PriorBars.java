package com.tradingml.core.ingest;

/**
 * What the destination already holds, so that validation can reject rows that repeat stored bars
 * ({@code DUPLICATE_TIMESTAMP}) and check the first new bar's jump against the last stored close.
 * Implementations answer per symbol and may load lazily: {@link #contains} is only asked for
 * timestamps at or before {@link #latestTimestamp}, so appending newer bars never loads history.
 */
public interface PriorBars {

  /** No stored bars: a fresh table. */
  PriorBars NONE = new PriorBars() {
    @Override
    public long latestTimestamp(String symbol) {
      return Long.MIN_VALUE;
    }

    @Override
    public double latestClose(String symbol) {
      return Double.NaN;
    }

    @Override
    public boolean contains(String symbol, long epochMicros) {
      return false;
    }
  };

  /** Epoch microseconds of the symbol's latest stored bar, or {@link Long#MIN_VALUE} if none. */
  long latestTimestamp(String symbol);

  /** Close of the symbol's latest stored bar, or NaN if none. */
  double latestClose(String symbol);

  /** Whether a bar of the symbol with exactly this timestamp is stored. */
  boolean contains(String symbol, long epochMicros);
}
