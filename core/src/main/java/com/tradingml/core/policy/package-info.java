/**
 * The decision policy (DESIGN.md principle 1): how class probabilities and the current position become an
 * order toward a target position, or HOLD with a reason. One definition, used by the backtest engine and the
 * serving service alike; every order it produces still passes {@code com.tradingml.core.risk}.
 *
 * <p>Owns {@link com.tradingml.core.policy.DecisionPolicy} (configuration and the pure rule),
 * {@link com.tradingml.core.policy.PolicyDecision} and the enums that configure and describe them.
 */
package com.tradingml.core.policy;
