package com.tradingml.core.policy;

/** What a {@link PolicyDecision} asks for: buy or sell shares, or do nothing. */
public enum PolicyAction {
  BUY,
  SELL,
  HOLD
}
