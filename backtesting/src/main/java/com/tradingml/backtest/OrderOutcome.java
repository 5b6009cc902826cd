package com.tradingml.backtest;

/** What became of an order a strategy placed through {@link BarContext}. */
public enum OrderOutcome {
  /** Passed the risk gate: filled now (close fills) or working for the next bar's open. */
  ACCEPTED,
  /** Rejected by core's pre-trade risk checks (logged with the failed checks). */
  REJECTED_BY_RISK,
  /** Refused by the engine: the symbol is still warming up, or already has a working order (logged). */
  REFUSED,
  /** Nothing to do: zero quantity, or the position is already at the target. */
  NONE
}
