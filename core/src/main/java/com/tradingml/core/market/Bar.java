package com.tradingml.core.market;

import java.time.Instant;

/**
 * One OHLCV bar of one symbol, labelled with the timestamp its source gives it (sources differ on
 * whether a label marks the start or the end of the interval; we keep the label unchanged).
 *
 * <p>Immutable and thread-safe. Prices are {@code double}: they are observations fed to features and
 * models, never cash amounts. {@code volume} is {@link #UNKNOWN_VOLUME} (NaN) when the source has no
 * volume; that is "not available", never zero. Timestamps are UTC instants with microsecond precision
 * (the precision of the bars table), so a bar round-trips through storage unchanged.
 *
 * <p>The constructor enforces the invariants every stored bar satisfies (positive finite prices,
 * {@code low <= open, close <= high}, positive finite volume when known). Ingestion checks the same
 * rules through {@link BarRules} and reports a reason instead of throwing.
 */
public record Bar(
    Symbol symbol, Instant timestamp, double open, double high, double low, double close, double volume) {

  /** The volume of a bar whose source does not report volume. */
  public static final double UNKNOWN_VOLUME = Double.NaN;

  public Bar {
    if (symbol == null) {
      throw new IllegalArgumentException("bar symbol must not be null");
    }
    if (timestamp == null) {
      throw new IllegalArgumentException("bar timestamp must not be null (" + symbol + ")");
    }
    if (timestamp.getNano() % 1_000 != 0) {
      throw new IllegalArgumentException(
          "bar timestamp has sub-microsecond precision: " + timestamp + " (" + symbol + ")");
    }
    RejectReason violation = BarRules.firstViolation(open, high, low, close, volume);
    if (violation != null) {
      throw new IllegalArgumentException(BarRules.describe(violation, open, high, low, close, volume)
          + " (" + symbol + " at " + timestamp + ")");
    }
  }

  public static Bar of(String symbol, String timestamp, double open, double high, double low, double close,
      double volume) {
    return new Bar(Symbol.of(symbol), Instant.parse(timestamp), open, high, low, close, volume);
  }

  public boolean hasVolume() {
    return !Double.isNaN(volume);
  }

  /** Microseconds since the epoch, the unit of the bars table. */
  public long epochMicros() {
    return Math.addExact(Math.multiplyExact(timestamp.getEpochSecond(), 1_000_000L), timestamp.getNano() / 1_000);
  }

  public static Instant instantOfMicros(long epochMicros) {
    return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
  }
}
