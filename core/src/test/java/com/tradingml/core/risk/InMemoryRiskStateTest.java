package com.tradingml.core.risk;

/** {@link InMemoryRiskState} runs the whole {@link RiskStateContract}; instances share one store. */
class InMemoryRiskStateTest extends RiskStateContract {

  @Override
  protected Backend newBackend() {
    InMemoryRiskStore store = new InMemoryRiskStore();
    return () -> new InMemoryRiskState(store);
  }

  @Override
  protected RiskState newInstanceOverFailingBackend() {
    return new VersionedRiskState(new ThrowingRiskStore());
  }
}
