package com.tradingml.core.risk;

import java.util.List;

/**
 * The pre-trade checks, by stable name. {@link #id()} is the name used in metrics (risk rejects by check),
 * logs and the serving API; {@link #code()} identifies the check in the binary state codec. Neither may
 * change once released; reorder constants freely.
 *
 * <p>{@link #RISK_STATE} and {@link #REQUEST} are not checks {@link PreTradeRiskChecks} runs: they carry the
 * detail of a decision rejected because the risk-state backend failed, or because the request itself was
 * unusable (a null argument).
 */
public enum RiskCheck {
  MAX_ORDER_QUANTITY("max_order_quantity", 1),
  MAX_ORDER_NOTIONAL("max_order_notional", 2),
  POSITION_LIMIT("position_limit", 3),
  GROSS_EXPOSURE("gross_exposure", 4),
  PRICE_COLLAR("price_collar", 5),
  ORDER_RATE("order_rate", 6),
  DUPLICATE_CLIENT_ORDER_ID("duplicate_client_order_id", 7),
  DAILY_LOSS("daily_loss", 8),
  KILL_SWITCH("kill_switch", 9),
  RISK_STATE("risk_state", 100),
  REQUEST("request", 101);

  /** The checks {@link PreTradeRiskChecks#evaluate} runs, in the order it reports them. */
  public static final List<RiskCheck> PRE_TRADE = List.of(MAX_ORDER_QUANTITY, MAX_ORDER_NOTIONAL, POSITION_LIMIT,
      GROSS_EXPOSURE, PRICE_COLLAR, ORDER_RATE, DUPLICATE_CLIENT_ORDER_ID, DAILY_LOSS, KILL_SWITCH);

  private final String id;
  private final int code;

  RiskCheck(String id, int code) {
    this.id = id;
    this.code = code;
  }

  public String id() {
    return id;
  }

  public int code() {
    return code;
  }

  /** The check with this codec code. */
  public static RiskCheck ofCode(int code) {
    for (RiskCheck check : values()) {
      if (check.code == code) {
        return check;
      }
    }
    throw new IllegalArgumentException("unknown risk check code: " + code);
  }
}
