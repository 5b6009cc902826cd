package com.tradingml.core.risk;

/**
 * The in-memory {@link RiskState}: {@link VersionedRiskState} over an {@link InMemoryRiskStore}, through its decoded
 * objects (no codec on the way; see {@link VersionedRiskObjectStore}). Use the no-argument constructor for a
 * private store (a backtest, the embedded default), or pass a store to share it between instances (two replicas,
 * or a restart, in tests). Thread-safe.
 */
public final class InMemoryRiskState extends VersionedRiskState {

  private final InMemoryRiskStore backend;

  public InMemoryRiskState() {
    this(new InMemoryRiskStore());
  }

  public InMemoryRiskState(InMemoryRiskStore backend) {
    super(backend);
    this.backend = backend;
  }

  /** The store this instance reads and writes. */
  public InMemoryRiskStore backend() {
    return backend;
  }
}
