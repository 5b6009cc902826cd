package com.tradingml.core.risk;

/**
 * One symbol's open position in an {@link AccountRiskState}: the signed share count (+ long, - short) and
 * its cost for the day's P&amp;L.
 *
 * <p>{@code dayCost} is the signed money paid for the open shares ({@code quantity x average price}; negative
 * for a short, which received money), re-struck at the last mark price when the trading day rolls, so that
 * {@code quantity x mark - dayCost} is the position's unrealized P&amp;L <i>for the day</i>. Immutable and
 * thread-safe.
 */
public record Holding(long quantity, Money dayCost) {

  public Holding {
    if (quantity == 0) {
      throw new IllegalArgumentException("a holding has a non-zero quantity (a flat symbol has no holding)");
    }
    if (dayCost == null) {
      throw new IllegalArgumentException("holding cost must not be null (quantity " + quantity + ")");
    }
  }

  public static Holding of(long quantity, Money dayCost) {
    return new Holding(quantity, dayCost);
  }
}
