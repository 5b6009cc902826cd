package com.tradingml.core.risk;

import java.time.Instant;

/**
 * The last known market price of a symbol and when it was observed: what gross exposure and unrealized
 * P&amp;L are valued at. Exact {@link Money} per share, always positive. Immutable and thread-safe.
 */
public record Mark(Money price, Instant asOf) {

  public Mark {
    if (price == null || price.signum() <= 0) {
      throw new IllegalArgumentException("mark price must be positive: " + price);
    }
    if (asOf == null) {
      throw new IllegalArgumentException("mark time must not be null (price " + price + ")");
    }
  }

  public static Mark of(Money price, Instant asOf) {
    return new Mark(price, asOf);
  }
}
