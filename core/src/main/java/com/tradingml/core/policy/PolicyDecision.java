package com.tradingml.core.policy;

import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.OrderIntent;
import com.tradingml.core.risk.Side;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@link DecisionPolicy} decided: an order toward {@code targetPosition} (BUY or SELL {@code quantity}
 * shares), or HOLD (quantity 0, target = the current position) with a reason. The decision is only an
 * intent: it still has to pass the pre-trade risk checks.
 *
 * <p>{@code reason} is a stable code: {@value #TARGET_LONG}, {@value #TARGET_SHORT}, {@value #TARGET_FLAT} for
 * orders; {@value #AT_TARGET}, {@value #BELOW_THRESHOLD}, {@value #INVALID_PROBABILITIES},
 * {@value #INVALID_POSITION} for HOLD.
 * Immutable and thread-safe.
 */
public record PolicyDecision(PolicyAction action, long quantity, long targetPosition, String reason) {

  public static final String TARGET_LONG = "target_long";
  public static final String TARGET_SHORT = "target_short";
  public static final String TARGET_FLAT = "target_flat";
  public static final String AT_TARGET = "at_target";
  public static final String BELOW_THRESHOLD = "below_threshold";
  public static final String INVALID_PROBABILITIES = "invalid_probabilities";
  public static final String INVALID_POSITION = "invalid_position";

  public PolicyDecision {
    if (action == null || reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("policy decision needs an action and a reason");
    }
    if (action == PolicyAction.HOLD ? quantity != 0 : quantity <= 0) {
      throw new IllegalArgumentException(action + " with quantity " + quantity + " (" + reason + ")");
    }
  }

  public static PolicyDecision hold(long currentPosition, String reason) {
    return new PolicyDecision(PolicyAction.HOLD, 0, currentPosition, reason);
  }

  public boolean isOrder() {
    return action != PolicyAction.HOLD;
  }

  /** The order's side; empty for HOLD. */
  public Optional<Side> side() {
    return switch (action) {
      case BUY -> Optional.of(Side.BUY);
      case SELL -> Optional.of(Side.SELL);
      case HOLD -> Optional.empty();
    };
  }

  /** The order as the risk gate takes it; empty for HOLD. */
  public Optional<OrderIntent> toOrderIntent(String clientOrderId, String account, Symbol symbol, double price,
      Instant time) {
    return side().map(side -> new OrderIntent(clientOrderId, account, symbol, side, quantity, price, time));
  }
}
