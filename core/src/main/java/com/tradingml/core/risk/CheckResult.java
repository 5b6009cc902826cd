package com.tradingml.core.risk;

/**
 * The outcome of one risk check: passed or not, and why, in words with the numbers compared
 * ({@code "quantity 1001 > max 1000"}). Immutable and thread-safe.
 */
public record CheckResult(RiskCheck check, boolean passed, String reason) {

  public CheckResult {
    if (check == null) {
      throw new IllegalArgumentException("check result needs a check");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("check result needs a reason (" + check.id() + ")");
    }
  }

  public static CheckResult pass(RiskCheck check, String reason) {
    return new CheckResult(check, true, reason);
  }

  public static CheckResult fail(RiskCheck check, String reason) {
    return new CheckResult(check, false, reason);
  }

  /** The check's stable name ({@link RiskCheck#id()}). */
  public String name() {
    return check.id();
  }

  @Override
  public String toString() {
    return check.id() + (passed ? " passed: " : " FAILED: ") + reason;
  }
}
