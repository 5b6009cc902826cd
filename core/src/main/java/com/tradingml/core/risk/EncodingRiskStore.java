package com.tradingml.core.risk;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The objects view of a bytes-only {@link VersionedRiskStore} (Redis, test doubles): states and decisions pass
 * through {@link RiskStateCodec} on every read and write, so that {@link VersionedRiskState} has one logic for
 * both kinds of store. The bytes view is the wrapped store itself. Holds no state; thread-safe when the wrapped
 * store is.
 */
final class EncodingRiskStore implements VersionedRiskObjectStore {

  private final VersionedRiskStore bytes;

  EncodingRiskStore(VersionedRiskStore bytes) {
    this.bytes = bytes;
  }

  /** Decodes; {@code null} when the store answered {@code null} (the caller reports it). */
  @Override
  public VersionedState readState(String account) {
    Versioned current = bytes.read(account);
    if (current == null) {
      return null;
    }
    return current.absent() ? VersionedState.ABSENT
        : new VersionedState(current.version(), RiskStateCodec.decode(current.state()));
  }

  @Override
  public Optional<RememberedDecision> readRememberedDecision(String account, String clientOrderId) {
    return bytes.readDecision(account, clientOrderId).map(RiskStateCodec::decodeDecision);
  }

  @Override
  public boolean compareAndSetState(String account, long expectedVersion, StateWrite write) {
    Map<String, byte[]> put = new HashMap<>();
    write.putDecisions().forEach((id, remembered) -> put.put(id, RiskStateCodec.encodeDecision(remembered)));
    return bytes.compareAndSet(account, expectedVersion,
        new Write(RiskStateCodec.encode(write.state()), put, write.removeDecisions()));
  }

  @Override
  public Versioned read(String account) {
    return bytes.read(account);
  }

  @Override
  public Optional<byte[]> readDecision(String account, String clientOrderId) {
    return bytes.readDecision(account, clientOrderId);
  }

  @Override
  public boolean compareAndSet(String account, long expectedVersion, Write write) {
    return bytes.compareAndSet(account, expectedVersion, write);
  }
}
