package com.tradingml.serving.risk.redis;

/**
 * A Redis call of the risk store failed: unreachable, timed out, pool exhausted, or an error reply. Thrown
 * through {@link com.tradingml.core.risk.VersionedRiskStore}, which the risk state turns into a rejected
 * order ({@code risk_state_unavailable}, RELIABILITY.md R8). The message names the endpoint (never its
 * password), the operation and the account.
 */
public final class RedisRiskStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RedisRiskStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
