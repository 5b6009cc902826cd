package com.tradingml.core.risk;

/**
 * The outcome of a change to the risk state other than an order ({@link RiskState#mark},
 * {@link RiskState#engageKillSwitch}, {@link RiskState#resetKillSwitch}), as a value: these calls never
 * throw.
 *
 * <p>{@code reason} is a stable code: {@value #APPLIED}, {@value #ALREADY_ENGAGED}, {@value #NOT_ENGAGED},
 * {@value #OLDER_THAN_CURRENT_MARK}, {@value #INVALID_REQUEST} or {@value RiskDecision#RISK_STATE_UNAVAILABLE};
 * {@code detail} says more in words. {@code killSwitchEngaged} is the latch after the call, and {@code true}
 * when the state could not be read (fail closed). Immutable and thread-safe.
 */
public record RiskStateUpdate(boolean applied, String reason, String detail, boolean killSwitchEngaged) {

  public static final String APPLIED = "applied";
  public static final String ALREADY_ENGAGED = "already_engaged";
  public static final String NOT_ENGAGED = "not_engaged";
  public static final String OLDER_THAN_CURRENT_MARK = "older_than_current_mark";
  public static final String INVALID_REQUEST = "invalid_request";

  public RiskStateUpdate {
    if (reason == null || reason.isBlank() || detail == null) {
      throw new IllegalArgumentException("risk state update needs a reason and a detail");
    }
  }

  static RiskStateUpdate unavailable(String detail) {
    return new RiskStateUpdate(false, RiskDecision.RISK_STATE_UNAVAILABLE, detail, true);
  }

  static RiskStateUpdate invalid(String detail, boolean killSwitchEngaged) {
    return new RiskStateUpdate(false, INVALID_REQUEST, detail, killSwitchEngaged);
  }
}
