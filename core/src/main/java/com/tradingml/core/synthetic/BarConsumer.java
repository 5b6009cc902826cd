package com.tradingml.core.synthetic;

/**
 * Receives the bars of a synthetic market as they are generated, without building objects per bar.
 * Same shape as {@link com.tradingml.core.ingest.BarRowSink#accept}, so an ingest sink can take them
 * directly. {@code volume} is a positive whole number of shares.
 */
@FunctionalInterface
public interface BarConsumer {

  void accept(String symbol, long epochMicros, double open, double high, double low, double close, double volume);
}
