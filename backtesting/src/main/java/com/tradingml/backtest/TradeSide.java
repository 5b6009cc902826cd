package com.tradingml.backtest;

/** The direction of a round-trip trade: long (entered by buying) or short (entered by selling). */
public enum TradeSide {
  LONG("long", 1), SHORT("short", -1);

  private final String id;
  private final int sign;

  TradeSide(String id, int sign) {
    this.id = id;
    this.sign = sign;
  }

  /** {@code long} or {@code short}, as in {@code trades.csv}. */
  public String id() {
    return id;
  }

  /** +1 long, -1 short. */
  public int sign() {
    return sign;
  }
}
