package com.tradingml.core.risk;

import java.util.Optional;

/**
 * {@link VersionedRiskState} over a store that offers only bytes (as Redis does) runs the whole
 * {@link RiskStateContract} too: the codec path, with an in-memory store behind a bytes-only view.
 *
 * <p>Such a store cannot order the steps of two instances, so they race optimistically, and on a busy machine one
 * thread of the contract's two-thread tests can lose more than the default 100 races in a row to a faster one
 * (the order is then rejected, fail closed: correct, but not what those tests count). Here the instances may retry
 * up to {@link #ATTEMPTS} times, more than the other thread has orders, so every order is decided on its merits;
 * failing closed after the last attempt is {@code VersionedRiskStateTest}'s subject.
 */
class EncodedInMemoryRiskStateTest extends RiskStateContract {

  private static final int ATTEMPTS = 10_000;

  /** The bytes view of an in-memory store, and nothing else. */
  private record BytesOnly(InMemoryRiskStore delegate) implements VersionedRiskStore {
    @Override
    public Versioned read(String account) {
      return delegate.read(account);
    }

    @Override
    public Optional<byte[]> readDecision(String account, String clientOrderId) {
      return delegate.readDecision(account, clientOrderId);
    }

    @Override
    public boolean compareAndSet(String account, long expectedVersion, Write write) {
      return delegate.compareAndSet(account, expectedVersion, write);
    }
  }

  @Override
  protected Backend newBackend() {
    BytesOnly store = new BytesOnly(new InMemoryRiskStore());
    return () -> new VersionedRiskState(store, ATTEMPTS);
  }

  @Override
  protected RiskState newInstanceOverFailingBackend() {
    return new VersionedRiskState(new ThrowingRiskStore());
  }
}
