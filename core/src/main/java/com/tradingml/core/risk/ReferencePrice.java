package com.tradingml.core.risk;

import java.time.Instant;

/**
 * The market price an order is checked against (last trade, mid or the latest bar's close) and when it was
 * observed.
 *
 * <p>Immutable and thread-safe. Like {@link OrderIntent#price()}, {@code price} is a market {@code double}
 * that the risk checks validate and convert to {@link Money}; a NaN or non-positive value is not rejected
 * here but makes every check that needs the reference fail with a reason (fail closed). An absent reference
 * is {@code Optional.empty()} at the call site, never a sentinel value.
 */
public record ReferencePrice(double price, Instant asOf) {

  public ReferencePrice {
    if (asOf == null) {
      throw new IllegalArgumentException("reference price time must not be null (price " + price + ")");
    }
  }

  public static ReferencePrice of(double price, Instant asOf) {
    return new ReferencePrice(price, asOf);
  }
}
