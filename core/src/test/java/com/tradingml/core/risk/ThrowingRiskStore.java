package com.tradingml.core.risk;

import java.util.Optional;

/**
 * A {@link VersionedRiskStore} whose backend is down: every call throws, as a Redis client does when the
 * server is unreachable or times out. For RELIABILITY.md R8 tests (published in core's test jar).
 */
public final class ThrowingRiskStore implements VersionedRiskStore {

  private final RuntimeException failure;

  public ThrowingRiskStore() {
    this(new IllegalStateException("connection refused: risk state backend unreachable"));
  }

  public ThrowingRiskStore(RuntimeException failure) {
    this.failure = failure;
  }

  @Override
  public Versioned read(String account) {
    throw failure;
  }

  @Override
  public Optional<byte[]> readDecision(String account, String clientOrderId) {
    throw failure;
  }

  @Override
  public boolean compareAndSet(String account, long expectedVersion, Write write) {
    throw failure;
  }
}
