package com.tradingml.core.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@link PreTradeRiskChecks#evaluate} found: every check's result, and whether the kill switch must now
 * latch. Accepted only if every check passed.
 *
 * <p>{@code killSwitchTrigger} is present when the day's loss reached the limit: whoever owns the state
 * ({@link RiskState}) must engage the kill switch with this reason, whether or not this order was accepted
 * (a risk-reducing order may still pass). Immutable and thread-safe.
 */
public record RiskVerdict(List<CheckResult> checks, Optional<String> killSwitchTrigger) {

  public RiskVerdict {
    if (checks == null || checks.isEmpty()) {
      throw new IllegalArgumentException("a verdict needs the results of its checks");
    }
    if (killSwitchTrigger == null) {
      throw new IllegalArgumentException("killSwitchTrigger must not be null; use Optional.empty()");
    }
    // Results built when first read (every check passed) stay as they are: they are immutable already.
    checks = PassedCheckResults.known(checks) ? checks : List.copyOf(checks);
  }

  public boolean accepted() {
    if (PassedCheckResults.known(checks)) {
      return true;
    }
    for (CheckResult result : checks) {
      if (!result.passed()) {
        return false;
      }
    }
    return true;
  }

  public List<CheckResult> failedChecks() {
    if (PassedCheckResults.known(checks)) {
      return new ArrayList<>();
    }
    return checks.stream().filter(r -> !r.passed()).collect(Collectors.toList());
  }

  /** The result of {@code check}, if it ran. */
  public Optional<CheckResult> result(RiskCheck check) {
    return checks.stream().filter(r -> r.check() == check).findFirst();
  }
}
