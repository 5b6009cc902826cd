package com.tradingml.core.policy;

/** How {@link DecisionPolicy} sizes its target position once a signal clears the thresholds. */
public enum SizingMode {
  /** Always the configured fixed quantity (capped at the max position). */
  FIXED_QUANTITY,
  /** The max position times the edge {@code |P(UP) - P(DOWN)|}: a stronger conviction holds more. */
  SCALED_BY_EDGE
}
