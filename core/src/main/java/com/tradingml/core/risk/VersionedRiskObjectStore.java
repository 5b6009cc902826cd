package com.tradingml.core.risk;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A {@link VersionedRiskStore} that also keeps the decoded objects: per account the {@link AccountRiskState}
 * (immutable) and the {@link RememberedDecision}s, under the same versions and the same compare-and-set. Over
 * such a store {@link VersionedRiskState} runs the same logic without the codec: nothing is encoded or decoded
 * on the way, which is most of the cost of a risk check when store and service share a JVM (the in-memory
 * store, {@link InMemoryRiskStore}). A store in another process (Redis) implements the bytes SPI alone.
 *
 * <p>Requirements, besides those of {@link VersionedRiskStore} (which this store also meets, through the codec):
 * <ul>
 *   <li>The two views are one store: one version per account, and a write through either view is what the next
 *       read through the other returns (so a tool may still read or write bytes, and a state written as bytes
 *       that do not decode makes {@link #readState} throw, which the caller turns into a rejection).
 *   <li>{@link #readState}: the current version and state; {@link VersionedState#ABSENT} for an unknown account.
 *   <li>{@link #compareAndSetState}: atomically, if the version equals {@code expectedVersion}, keep the new
 *       state under {@code expectedVersion + 1}, put and remove the given decisions, and return true; otherwise
 *       change nothing and return false. All or nothing.
 *   <li>{@link #readRememberedDecision}: the remembered decision of a client order id; may be read outside the
 *       version check, as {@link VersionedRiskStore#readDecision}.
 *   <li>Objects are kept and handed out as given (they are immutable); failures are thrown as unchecked
 *       exceptions; implementations are thread-safe.
 * </ul>
 */
public interface VersionedRiskObjectStore extends VersionedRiskStore {

  VersionedState readState(String account);

  Optional<RememberedDecision> readRememberedDecision(String account, String clientOrderId);

  boolean compareAndSetState(String account, long expectedVersion, StateWrite write);

  /**
   * Runs {@code step}, one read-evaluate-compare-and-set of {@code account} by {@link VersionedRiskState}, while
   * keeping out every other step run through this method for the account, when the store can do that cheaply (it
   * lives in this process). The step's compare-and-set then never loses a race to another step: no work is thrown
   * away and no caller is rejected for contention it could not see. A writer that bypasses this method (the bytes
   * view) can still make a compare-and-set fail, and the step then retries as without it. A store shared between
   * processes cannot exclude the others and runs the step as it is (the default).
   *
   * @throws RuntimeException when exclusive access is not granted in bounded time (the caller fails closed)
   */
  default <T> T exclusively(String account, Supplier<T> step) {
    return step.get();
  }

  /** A version and its state; version 0 and no state ({@code null}) when the account has none. */
  record VersionedState(long version, AccountRiskState state) {

    public static final VersionedState ABSENT = new VersionedState(0, null);

    public VersionedState {
      if (version < 0 || (version == 0) != (state == null)) {
        throw new IllegalArgumentException("version " + version + " with " + (state == null ? "no" : "a")
            + " state: version 0 means absent, and only then is there no state");
      }
    }

    public boolean absent() {
      return version == 0;
    }
  }

  /**
   * What one {@link #compareAndSetState} writes: the new state, decisions to remember (by client order id) and
   * ids whose decisions to forget.
   */
  record StateWrite(AccountRiskState state, Map<String, RememberedDecision> putDecisions,
      Set<String> removeDecisions) {

    public StateWrite {
      if (state == null || putDecisions == null || removeDecisions == null) {
        throw new IllegalArgumentException("a write needs a state and (possibly empty) decision changes");
      }
      putDecisions = Map.copyOf(putDecisions);
      removeDecisions = Set.copyOf(removeDecisions);
      putDecisions.forEach((id, remembered) -> {
        if (!id.equals(remembered.order().clientOrderId())) {
          throw new IllegalArgumentException("decision of " + remembered.order().clientOrderId() + " put under id "
              + id);
        }
      });
    }
  }
}
