package com.tradingml.core.risk;

/** The side of an order: {@link #BUY} adds shares to the position, {@link #SELL} removes them. */
public enum Side {
  BUY(1),
  SELL(-1);

  private final int sign;

  Side(int sign) {
    this.sign = sign;
  }

  /** {@code +1} for a buy, {@code -1} for a sell. */
  public int sign() {
    return sign;
  }

  /** The change of a signed position (+ long, - short) that {@code quantity} shares on this side make. */
  public long signed(long quantity) {
    return sign > 0 ? quantity : Math.negateExact(quantity);
  }
}
