package com.tradingml.core.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The risk gate's answer to one order, as {@link RiskState#submit} returns it.
 *
 * <p>{@code reason} is a stable code: {@value #ACCEPTED}; the failed checks' names joined by commas in the
 * order of {@link RiskCheck#PRE_TRADE} ({@code "price_collar,order_rate"}); {@value #RISK_STATE_UNAVAILABLE}
 * when the state backend failed (fail closed); or {@value #INVALID_REQUEST} when an argument was null.
 * {@code checks} holds every check's result with its reason in words.
 *
 * <p>{@code replay} is true when this is the remembered decision of an earlier request with the same client
 * order id (R7): the caller must not route the order again. Apart from that flag a replay equals the
 * original ({@code replay.equals(original.asReplay())}). Immutable and thread-safe.
 */
public record RiskDecision(String clientOrderId, boolean accepted, String reason, List<CheckResult> checks,
    boolean replay) {

  public static final String ACCEPTED = "accepted";
  public static final String RISK_STATE_UNAVAILABLE = "risk_state_unavailable";
  public static final String INVALID_REQUEST = "invalid_request";

  public RiskDecision {
    if (clientOrderId == null) {
      throw new IllegalArgumentException("decision needs a client order id (may be empty for an invalid request)");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("decision needs a reason (" + clientOrderId + ")");
    }
    if (checks == null || checks.isEmpty()) {
      throw new IllegalArgumentException("decision needs check results (" + clientOrderId + ")");
    }
    // Results built when first read (every check passed) stay as they are: they are immutable already.
    checks = PassedCheckResults.known(checks) ? checks : List.copyOf(checks);
    if (accepted && (!ACCEPTED.equals(reason) || !allPassed(checks))) {
      throw new IllegalArgumentException("an accepted decision must have passed every check: " + checks);
    }
    if (!accepted && ACCEPTED.equals(reason)) {
      throw new IllegalArgumentException("a rejected decision cannot have reason '" + ACCEPTED + "'");
    }
  }

  private static boolean allPassed(List<CheckResult> checks) {
    if (PassedCheckResults.known(checks)) {
      return true;
    }
    for (CheckResult check : checks) {
      if (!check.passed()) {
        return false;
      }
    }
    return true;
  }

  /** The decision a verdict makes. */
  public static RiskDecision of(String clientOrderId, RiskVerdict verdict) {
    if (PassedCheckResults.known(verdict.checks())) {
      return new RiskDecision(clientOrderId, true, ACCEPTED, verdict.checks(), false);
    }
    StringBuilder failed = null;
    for (CheckResult check : verdict.checks()) {
      if (!check.passed()) {
        failed = failed == null ? new StringBuilder(check.name()) : failed.append(',').append(check.name());
      }
    }
    return failed == null ? new RiskDecision(clientOrderId, true, ACCEPTED, verdict.checks(), false)
        : new RiskDecision(clientOrderId, false, failed.toString(), verdict.checks(), false);
  }

  /** A rejection because the risk state could not be read or written. */
  public static RiskDecision unavailable(String clientOrderId, String detail) {
    return new RiskDecision(clientOrderId, false, RISK_STATE_UNAVAILABLE,
        List.of(CheckResult.fail(RiskCheck.RISK_STATE, detail)), false);
  }

  /** A rejection because the request could not be evaluated at all (a null argument). */
  public static RiskDecision invalidRequest(String clientOrderId, String detail) {
    return new RiskDecision(clientOrderId, false, INVALID_REQUEST,
        List.of(CheckResult.fail(RiskCheck.REQUEST, detail)), false);
  }

  /** This decision, flagged as the replay of itself. */
  public RiskDecision asReplay() {
    return new RiskDecision(clientOrderId, accepted, reason, checks, true);
  }

  /** The checks that failed. */
  public List<CheckResult> failedChecks() {
    if (PassedCheckResults.known(checks)) {
      return new ArrayList<>();
    }
    return checks.stream().filter(r -> !r.passed()).collect(Collectors.toList());
  }

  /** Whether {@code check} ran and failed. */
  public boolean failed(RiskCheck check) {
    if (PassedCheckResults.known(checks)) {
      return false;
    }
    return checks.stream().anyMatch(r -> r.check() == check && !r.passed());
  }
}
