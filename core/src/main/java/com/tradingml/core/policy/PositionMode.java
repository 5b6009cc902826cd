package com.tradingml.core.policy;

/** Which positions {@link DecisionPolicy} may target. */
public enum PositionMode {
  /** Long or flat: a DOWN signal exits to flat, never shorts. */
  LONG_ONLY,
  /** Long, flat or short: a DOWN signal targets a short position. */
  LONG_SHORT
}
