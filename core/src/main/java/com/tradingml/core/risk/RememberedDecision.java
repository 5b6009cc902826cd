package com.tradingml.core.risk;

/**
 * A decision as the risk state remembers it for its client order id: the order it was made for (to tell a
 * retry from a different order reusing the id) and the original decision. Immutable and thread-safe.
 */
public record RememberedDecision(OrderIntent order, RiskDecision decision) {

  public RememberedDecision {
    if (order == null || decision == null) {
      throw new IllegalArgumentException("remembered decision needs its order and decision");
    }
    if (!order.clientOrderId().equals(decision.clientOrderId())) {
      throw new IllegalArgumentException("decision " + decision.clientOrderId() + " remembered for order "
          + order.clientOrderId());
    }
    if (decision.replay()) {
      throw new IllegalArgumentException("remember the original decision, not a replay (" + order.clientOrderId()
          + ")");
    }
  }
}
