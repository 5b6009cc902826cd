package com.tradingml.core.risk;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@link VersionedRiskObjectStore} in the JVM's memory: the embedded default (DESIGN.md principle 6) and the
 * backtest's store. One lock per account makes each compare-and-set atomic; accounts never contend.
 *
 * <p>It keeps the decoded, immutable {@link AccountRiskState} and {@link RememberedDecision} objects, so the risk
 * gate over it ({@link InMemoryRiskState}) runs no codec: an order costs the checks and a few allocations, not an
 * encoding of the account's whole history. Two {@link InMemoryRiskState}s over one instance still behave exactly
 * like two service instances over one Redis (one version per account, the same compare-and-set), and a "restart"
 * is a new {@code InMemoryRiskState} over the same store, which keeps the kill switch latch.
 *
 * <p>The bytes view ({@link #read}, {@link #compareAndSet}, {@link #readDecision}) is the same store through
 * {@link RiskStateCodec}, encoding or decoding on demand (once per version): for tools that edit the state as a
 * shared store's bytes, and for tests that plant corrupt bytes, which the objects view then refuses to decode
 * (the risk gate fails closed).
 *
 * <p>The risk gate's steps on one account run one at a time ({@link #exclusively}, a lock per account held for
 * the microseconds of one check), so concurrent orders queue instead of racing: optimistic retries would throw
 * work away and, when one thread is slower than another (a busy machine), could reject an order after
 * {@link VersionedRiskState#DEFAULT_MAX_ATTEMPTS} lost races. A step that cannot get the lock within
 * {@link #MAX_STEP_WAIT} fails (the order is rejected, fail closed). Thread-safe.
 */
public final class InMemoryRiskStore implements VersionedRiskObjectStore {

  /** How long a step waits for its account's lock before failing closed. */
  public static final Duration MAX_STEP_WAIT = Duration.ofSeconds(1);

  private final ConcurrentHashMap<String, Entry> accounts = new ConcurrentHashMap<>();

  /** One account. Its fields are guarded by its own monitor; {@link #steps} orders the risk gate's steps. */
  private static final class Entry {
    final ReentrantLock steps = new ReentrantLock();
    long version;
    /** The state of {@link #version} as an object, or null until decoded from {@link #encoded}. */
    VersionedState decoded;
    /** The state of {@link #version} as bytes, or null until encoded from {@link #decoded}. */
    byte[] encoded;
    /** Client order id to its {@link RememberedDecision}, or to its encoding when written as bytes. */
    final Map<String, Object> decisions = new HashMap<>();
  }

  @Override
  public <T> T exclusively(String account, Supplier<T> step) {
    ReentrantLock lock = accounts.computeIfAbsent(account, a -> new Entry()).steps;
    boolean locked;
    try {
      locked = lock.tryLock(MAX_STEP_WAIT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for account " + account, e);
    }
    if (!locked) {
      throw new IllegalStateException("account " + account + " stayed busy for " + MAX_STEP_WAIT + " (contention)");
    }
    try {
      return step.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public VersionedState readState(String account) {
    Entry entry = accounts.get(account);
    if (entry == null) {
      return VersionedState.ABSENT;
    }
    synchronized (entry) {
      if (entry.version == 0) {
        return VersionedState.ABSENT;
      }
      if (entry.decoded == null) {
        entry.decoded = new VersionedState(entry.version, RiskStateCodec.decode(entry.encoded));
      }
      return entry.decoded;
    }
  }

  @Override
  public Versioned read(String account) {
    Entry entry = accounts.get(account);
    if (entry == null) {
      return Versioned.ABSENT;
    }
    synchronized (entry) {
      if (entry.version == 0) {
        return Versioned.ABSENT;
      }
      if (entry.encoded == null) {
        entry.encoded = RiskStateCodec.encode(entry.decoded.state());
      }
      return new Versioned(entry.version, entry.encoded);
    }
  }

  @Override
  public Optional<RememberedDecision> readRememberedDecision(String account, String clientOrderId) {
    Object stored = storedDecision(account, clientOrderId);
    if (stored == null) {
      return Optional.empty();
    }
    return Optional.of(stored instanceof RememberedDecision remembered ? remembered
        : RiskStateCodec.decodeDecision((byte[]) stored));
  }

  @Override
  public Optional<byte[]> readDecision(String account, String clientOrderId) {
    Object stored = storedDecision(account, clientOrderId);
    if (stored == null) {
      return Optional.empty();
    }
    return Optional.of(stored instanceof RememberedDecision remembered ? RiskStateCodec.encodeDecision(remembered)
        : ((byte[]) stored).clone());
  }

  private Object storedDecision(String account, String clientOrderId) {
    Entry entry = accounts.get(account);
    if (entry == null) {
      return null;
    }
    synchronized (entry) {
      return entry.decisions.get(clientOrderId);
    }
  }

  @Override
  public boolean compareAndSetState(String account, long expectedVersion, StateWrite write) {
    Entry entry = accounts.computeIfAbsent(account, a -> new Entry());
    synchronized (entry) {
      if (entry.version != expectedVersion) {
        return false;
      }
      entry.version++;
      entry.decoded = new VersionedState(entry.version, write.state());
      entry.encoded = null;
      // Usually one id in and none or one out: direct calls, not the bulk operations' iterators and resize checks.
      for (String id : write.removeDecisions()) {
        entry.decisions.remove(id);
      }
      write.putDecisions().forEach(entry.decisions::put);
      return true;
    }
  }

  @Override
  public boolean compareAndSet(String account, long expectedVersion, Write write) {
    Entry entry = accounts.computeIfAbsent(account, a -> new Entry());
    synchronized (entry) {
      if (entry.version != expectedVersion) {
        return false;
      }
      entry.version++;
      entry.encoded = write.state();
      entry.decoded = null;
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
