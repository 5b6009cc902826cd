package com.tradingml.core.risk;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The storage SPI under {@link VersionedRiskState}: per account, a versioned blob (an encoded
 * {@link AccountRiskState}) and remembered decisions by client order id, updated only by compare-and-set.
 *
 * <p>This is the whole of what a backend must provide to make the risk gate atomic across processes; the
 * rules never leave Java. {@link VersionedRiskState} reads a version, evaluates, and writes the next state
 * only if the version is unchanged (optimistic concurrency), retrying otherwise. The store knows nothing of
 * risk: it moves opaque bytes ({@link RiskStateCodec}).
 *
 * <p>Requirements:
 * <ul>
 *   <li>{@link #read}: the current version and bytes; version {@code 0} and no bytes for an unknown account.
 *   <li>{@link #compareAndSet}: atomically, if the account's version equals {@code expectedVersion}, store the
 *       new bytes under {@code expectedVersion + 1}, put and remove the given decisions, and return true;
 *       otherwise change nothing and return false. All or nothing.
 *   <li>{@link #readDecision}: the remembered decision bytes of a client order id. It may be read outside the
 *       version check: a decision written after the version read makes the following compare-and-set fail.
 *   <li>Failures (connection, timeout) are thrown as unchecked exceptions; the caller fails closed. Bounded
 *       latency is the store's job (client timeouts).
 * </ul>
 *
 * <p>A Redis store: keys {@code risk:{account}:state} (a hash of {@code version} and {@code bytes}) and
 * {@code risk:{account}:order:<id>} (decision bytes, with a TTL of the id retention as a backstop), the
 * {@code {account}} hash tag keeping one account's keys in one cluster slot; compare-and-set is one Lua
 * script (check the version, HSET the state and version + 1, SET and DEL the decisions), which Redis runs
 * atomically. Implementations are thread-safe.
 *
 * <p>A store that keeps the decoded objects as well implements {@link VersionedRiskObjectStore}, and
 * {@link VersionedRiskState} then uses those, without the codec.
 */
public interface VersionedRiskStore {

  Versioned read(String account);

  Optional<byte[]> readDecision(String account, String clientOrderId);

  boolean compareAndSet(String account, long expectedVersion, Write write);

  /**
   * A version and its state bytes; version 0 with no bytes when the account has no state. Holds a copy of
   * the bytes; {@link #state()} returns a copy.
   */
  record Versioned(long version, byte[] state) {

    public static final Versioned ABSENT = new Versioned(0, new byte[0]);

    public Versioned {
      if (version < 0 || state == null || (version == 0) != (state.length == 0)) {
        throw new IllegalArgumentException("version " + version + " with " + (state == null ? "null" : state.length)
            + " state bytes: version 0 means absent, and only then is the state empty");
      }
      state = state.clone();
    }

    @Override
    public byte[] state() {
      return state.clone();
    }

    public boolean absent() {
      return version == 0;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Versioned v && v.version == version && Arrays.equals(v.state, state);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(version) * 31 + Arrays.hashCode(state);
    }

    @Override
    public String toString() {
      return "Versioned[version=" + version + ", " + state.length + " bytes]";
    }
  }

  /**
   * What one compare-and-set writes: the new state bytes, decisions to remember (client order id to encoded
   * {@link RememberedDecision}) and ids whose decisions to forget. Holds copies.
   */
  record Write(byte[] state, Map<String, byte[]> putDecisions, Set<String> removeDecisions) {

    public Write {
      if (state == null || state.length == 0 || putDecisions == null || removeDecisions == null) {
        throw new IllegalArgumentException("a write needs state bytes and (possibly empty) decision changes");
      }
      state = state.clone();
      Map<String, byte[]> copy = new HashMap<>();
      putDecisions.forEach((id, bytes) -> copy.put(id, bytes.clone()));
      putDecisions = Map.copyOf(copy);
      removeDecisions = Set.copyOf(removeDecisions);
    }

    @Override
    public byte[] state() {
      return state.clone();
    }

    @Override
    public Map<String, byte[]> putDecisions() {
      Map<String, byte[]> copy = new HashMap<>();
      putDecisions.forEach((id, bytes) -> copy.put(id, bytes.clone()));
      return copy;
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Write w) || !Arrays.equals(w.state, state) || !w.removeDecisions.equals(removeDecisions)
          || !w.putDecisions.keySet().equals(putDecisions.keySet())) {
        return false;
      }
      return putDecisions.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(),
          w.putDecisions.get(e.getKey())));
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(state) * 31 + removeDecisions.hashCode();
    }

    @Override
    public String toString() {
      return "Write[" + state.length + " state bytes, put " + putDecisions.keySet() + ", remove " + removeDecisions
          + "]";
    }
  }
}
