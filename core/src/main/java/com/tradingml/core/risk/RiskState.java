package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.time.Instant;
import java.util.Optional;

/**
 * The port through which serving and backtest pass every order: the shared, per-account risk state and the
 * atomic "check and count" of an order against it.
 *
 * <p>Contract (every implementation runs {@code RiskStateContract} from core's test jar):
 * <ul>
 *   <li>{@link #submit} is atomic per account, also across processes sharing one backend: it reads the
 *       account's state, evaluates {@link PreTradeRiskChecks}, and if accepted applies the order, as one step
 *       (R4). Concurrent submits never together exceed a limit that each alone would respect.
 *   <li>Idempotent by client order id (R7): a request whose id is remembered gets the <i>original</i>
 *       decision back, flagged {@link RiskDecision#replay()}, and changes nothing; exactly one order results
 *       however often it is retried. The same id with a different order (account, symbol, side, quantity,
 *       price) is rejected as {@code duplicate_client_order_id}.
 *   <li>Fail closed without exceptions (R8): a backend that throws, times out, returns corrupt data or
 *       stays contended yields a rejected decision with reason
 *       {@link RiskDecision#RISK_STATE_UNAVAILABLE}; a null argument yields
 *       {@link RiskDecision#INVALID_REQUEST}. No method throws.
 *   <li>Durable latch (R5): the kill switch, once engaged, stays engaged for every instance over the same
 *       backend, including one started later, until {@link #resetKillSwitch}.
 * </ul>
 *
 * <p>Time is always passed in ({@code now}, {@code asOf}): a backtest replays history with its own clock,
 * and serving passes its wall clock. Implementations are thread-safe.
 */
public interface RiskState {

  /**
   * Checks {@code order} and, if accepted, counts it: position, exposure, throttle, remembered client order
   * id, and the reference price as the symbol's mark. A rejected order's id and decision are remembered too.
   * If the day's loss reached the limit, the kill switch latches in the same step.
   */
  RiskDecision submit(OrderIntent order, Optional<ReferencePrice> reference, RiskLimits limits, Instant now);

  /**
   * The account's stored state (an empty state for an account never used); empty only when the backend
   * failed.
   */
  Optional<AccountRiskState> snapshot(String account);

  /**
   * Records {@code price} as the last market price of {@code symbol} as of {@code asOf} (marks never go back
   * in time), first rolling the state to the trading day of {@code asOf}; latches the kill switch if the
   * day's P&amp;L at the new marks is {@code <= -limits.maxDailyLoss()}. A NaN, infinite or non-positive
   * price is refused ({@link RiskStateUpdate#INVALID_REQUEST}) and leaves the old mark.
   */
  RiskStateUpdate mark(String account, Symbol symbol, double price, Instant asOf, RiskLimits limits);

  /** Engages the account's kill switch (a latch: the first reason is kept). */
  RiskStateUpdate engageKillSwitch(String account, String reason, Instant now);

  /** Releases the account's kill switch; {@code actor} (who did it) is recorded as the latch's reason. */
  RiskStateUpdate resetKillSwitch(String account, String actor, Instant now);

  /** Whether the account's kill switch is engaged; {@code true} when the state cannot be read (fail closed). */
  boolean killSwitchEngaged(String account);
}
