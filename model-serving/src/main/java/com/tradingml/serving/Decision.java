package com.tradingml.serving;

import com.tradingml.core.risk.CheckResult;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code POST /v1/decisions}, as the JSON response shows it. Immutable.
 *
 * @param action BUY, SELL or HOLD; BUY and SELL only when the risk gate accepted the order
 * @param quantity shares to trade; 0 for HOLD
 * @param targetPosition the position the decision aims at (the current one for HOLD)
 * @param reason for an order the policy's reason ({@code target_long}, {@code target_short}, {@code target_flat});
 *     for HOLD why not (see {@link HoldReasons} and the policy's codes)
 * @param detail the reason in words, with the numbers compared; null when the code says it all
 * @param probabilities class probabilities (DOWN, FLAT, UP); null when no prediction was made
 * @param model the model version that decided; null only when no model is loaded
 * @param features the data behind the decision; null when the symbol has none
 * @param risk the pre-trade risk gate's answer with every check; null when the gate was not reached
 * @param serverLatencyMicros from the request's arrival (queue wait included) to this answer
 */
record Decision(String requestId, String symbol, String account, String clientOrderId, String action, long quantity,
    long targetPosition, String reason, String detail, Map<String, Double> probabilities, ModelRef model,
    Features features, Risk risk, long serverLatencyMicros) {

  /** The model that decided. */
  record ModelRef(String name, int version) {}

  /**
   * @param barTime the last bar's time (ISO-8601)
   * @param ageMillis how old that bar was at the decision
   * @param barsSeen bars the symbol's feature state has taken
   * @param bar what became of the request's bar ({@code accepted}, {@code duplicate}...); null without one
   */
  record Features(String barTime, long ageMillis, long barsSeen, String bar) {}

  /** The risk gate's answer: core's {@code RiskDecision}, every check with its outcome. */
  record Risk(boolean accepted, String reason, boolean replay, List<Check> checks) {}

  /** One pre-trade check's outcome. */
  record Check(String check, boolean passed, String reason) {
    static Check of(CheckResult result) {
      return new Check(result.name(), result.passed(), result.reason());
    }
  }
}
