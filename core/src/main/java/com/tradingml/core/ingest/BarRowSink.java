package com.tradingml.core.ingest;

import com.tradingml.core.market.RejectReason;

/** Receives the outcome of every input row: a kept bar, or a rejection with its reason. */
public interface BarRowSink {

  /** A row that became a bar. {@code volume} is NaN when the source did not report it. */
  void accept(String symbol, long epochMicros, double open, double high, double low, double close, double volume);

  /** A row that did not, with the physical line where it starts and its text as written. */
  void reject(long lineNumber, RejectReason reason, String detail, String rawText);
}
