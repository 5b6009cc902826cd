package com.tradingml.core.risk;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link VersionedRiskStore} in the JVM's memory: the embedded default (DESIGN.md principle 6) and the
 * backtest's store. One lock per account makes each compare-and-set atomic; accounts never contend.
 *
 * <p>It keeps the encoded bytes, not objects, so that every use runs the same codec a shared store needs,
 * and two {@link InMemoryRiskState}s over one instance behave exactly like two service instances over one
 * Redis (a "restart" is a new {@code InMemoryRiskState} over the same store). Thread-safe.
 */
public final class InMemoryRiskStore implements VersionedRiskStore {

  private final ConcurrentHashMap<String, Entry> accounts = new ConcurrentHashMap<>();

  private static final class Entry {
    long version;
    byte[] state = new byte[0];
    final Map<String, byte[]> decisions = new HashMap<>();
  }

  @Override
  public Versioned read(String account) {
    Entry entry = accounts.get(account);
    if (entry == null) {
      return Versioned.ABSENT;
    }
    synchronized (entry) {
      return entry.version == 0 ? Versioned.ABSENT : new Versioned(entry.version, entry.state);
    }
  }

  @Override
  public Optional<byte[]> readDecision(String account, String clientOrderId) {
    Entry entry = accounts.get(account);
    if (entry == null) {
      return Optional.empty();
    }
    synchronized (entry) {
      byte[] bytes = entry.decisions.get(clientOrderId);
      return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
    }
  }

  @Override
  public boolean compareAndSet(String account, long expectedVersion, Write write) {
    Entry entry = accounts.computeIfAbsent(account, a -> new Entry());
    synchronized (entry) {
      if (entry.version != expectedVersion) {
        return false;
      }
      entry.state = write.state();
      entry.version++;
      entry.decisions.keySet().removeAll(write.removeDecisions());
      entry.decisions.putAll(write.putDecisions());
      return true;
    }
  }

  /** How many decisions the store remembers for {@code account} (tests: expired ones are forgotten). */
  public int decisionCount(String account) {
    Entry entry = accounts.get(account);
    if (entry == null) {
      return 0;
    }
    synchronized (entry) {
      return entry.decisions.size();
    }
  }
}
