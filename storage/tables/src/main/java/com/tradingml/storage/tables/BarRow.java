package com.tradingml.storage.tables;

import org.apache.iceberg.StructLike;

/**
 * One mutable bar row in Iceberg's internal representation (timestamp as epoch microseconds, volume
 * null when unknown), reused for every row a writer appends so the hot path allocates no row objects.
 * Field positions follow {@link TableSchemas#BARS}. Not thread-safe.
 */
final class BarRow implements StructLike {

  String symbol;
  long epochMicros;
  double open;
  double high;
  double low;
  double close;
  double volume; // NaN = unknown, written as null

  void set(String symbol, long epochMicros, double open, double high, double low, double close, double volume) {
    this.symbol = symbol;
    this.epochMicros = epochMicros;
    this.open = open;
    this.high = high;
    this.low = low;
    this.close = close;
    this.volume = volume;
  }

  @Override
  public int size() {
    return 7;
  }

  @Override
  public <T> T get(int pos, Class<T> javaClass) {
    Object value = switch (pos) {
      case 0 -> symbol;
      case 1 -> epochMicros;
      case 2 -> open;
      case 3 -> high;
      case 4 -> low;
      case 5 -> close;
      case 6 -> Double.isNaN(volume) ? null : volume;
      default -> throw new IndexOutOfBoundsException("bar rows have 7 fields, asked for " + pos);
    };
    return javaClass.cast(value);
  }

  @Override
  public <T> void set(int pos, T value) {
    throw new UnsupportedOperationException("BarRow is written through set(...) with primitive values");
  }
}
