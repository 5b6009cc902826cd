package com.tradingml.serving;

import com.tradingml.core.policy.PolicyDecision;
import com.tradingml.core.risk.RiskDecision;
import java.util.Set;

/**
 * The reasons a decision is HOLD, as stable codes (API, audit log, metrics). Besides these, a HOLD carries the
 * decision policy's own codes: {@code below_threshold} and {@code at_target} (no trade wanted, not a failure),
 * {@code invalid_probabilities} and {@code invalid_position} (fail closed).
 *
 * <p>Fail closed (DESIGN.md principle 5, RELIABILITY.md R8): every code in {@link #FAIL_CLOSED} means the service
 * could not decide safely and traded nothing; each is counted in {@code serving_fail_closed_total{reason}}.
 */
final class HoldReasons {

  /** No model has loaded yet (the registry is unreachable, the alias unset, every version refused). */
  static final String NO_MODEL = "no_model";
  /** No risk limits are configured. */
  static final String NO_RISK_LIMITS = "no_risk_limits";
  /** The symbol has no bars at all (none in the package's warm-up, none live) and the request brought none. */
  static final String NO_DATA = "no_data";
  /** The request's bar was refused: out of order, a conflicting repeat, from the future, too many symbols. */
  static final String BAR_REJECTED = "bar_rejected";
  /** The symbol's last bar is older than {@code serving.features.max-age}. */
  static final String STALE_FEATURES = "stale_features";
  /** The symbol's state has not seen its feature set's warm-up bars yet. */
  static final String FEATURES_WARMING_UP = "features_warming_up";
  /** A model input is NaN or infinite after warm-up (a data problem). */
  static final String INVALID_FEATURES = "invalid_features";
  /** The request's deadline passed before the risk gate. */
  static final String DEADLINE_EXCEEDED = "deadline_exceeded";
  /** The risk gate rejected the order (the failed checks are listed in {@code risk}). */
  static final String RISK_REJECTED = "risk_rejected";
  /** The risk state could not be read or written in time. */
  static final String RISK_STATE_UNAVAILABLE = RiskDecision.RISK_STATE_UNAVAILABLE;
  /** The audit log cannot take the decision (its queue is full or the disk fails): no order unlogged. */
  static final String AUDIT_UNAVAILABLE = "audit_unavailable";
  /** An unexpected exception; logged with the request id. */
  static final String INTERNAL_ERROR = "internal_error";

  static final Set<String> FAIL_CLOSED = Set.of(NO_MODEL, NO_RISK_LIMITS, NO_DATA, BAR_REJECTED, STALE_FEATURES,
      FEATURES_WARMING_UP, INVALID_FEATURES, DEADLINE_EXCEEDED, RISK_STATE_UNAVAILABLE, AUDIT_UNAVAILABLE,
      INTERNAL_ERROR, PolicyDecision.INVALID_PROBABILITIES, PolicyDecision.INVALID_POSITION);

  private HoldReasons() {}
}
