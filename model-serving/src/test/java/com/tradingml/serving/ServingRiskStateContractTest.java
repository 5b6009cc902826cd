package com.tradingml.serving;

import com.tradingml.core.risk.InMemoryRiskState;
import com.tradingml.core.risk.InMemoryRiskStore;
import com.tradingml.core.risk.RiskState;
import com.tradingml.core.risk.RiskStateContract;
import com.tradingml.core.risk.ThrowingRiskStore;
import com.tradingml.core.risk.VersionedRiskState;
import java.time.Duration;

/**
 * Core's risk-state contract kit (R1-R8, the 100,000-order fuzz included) run against the serving side's wrapper
 * for external backends: {@link TimeLimitedRiskState} keeps every promise of the state it guards.
 */
class ServingRiskStateContractTest extends RiskStateContract {

  @Override
  protected Backend newBackend() {
    InMemoryRiskStore store = new InMemoryRiskStore();
    return () -> new TimeLimitedRiskState(new InMemoryRiskState(store), Duration.ofSeconds(5));
  }

  @Override
  protected RiskState newInstanceOverFailingBackend() {
    return new TimeLimitedRiskState(new VersionedRiskState(new ThrowingRiskStore()), Duration.ofSeconds(5));
  }
}
