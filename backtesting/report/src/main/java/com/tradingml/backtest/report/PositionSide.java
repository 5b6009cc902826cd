package com.tradingml.backtest.report;

/** The direction of a round-trip trade: {@link #LONG} bought first, {@link #SHORT} sold first. */
public enum PositionSide {
  LONG,
  SHORT
}
