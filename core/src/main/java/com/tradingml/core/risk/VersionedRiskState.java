package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * {@link RiskState} written once over any {@link VersionedRiskStore}: optimistic concurrency on an immutable
 * {@link AccountRiskState} under a version.
 *
 * <p>{@link #submit}: read the account's version and state, bring the state to {@code now}, and either answer a
 * remembered client order id with its original decision, or evaluate {@link PreTradeRiskChecks} and compute the
 * next state (latch, apply, remember); then compare-and-set it under the version read. If another instance wrote
 * in between, the version moved and the whole step is redone on the new state, after a short random wait that grows
 * with each lost race, so no two accepted orders are ever counted against the same snapshot (R4, across processes
 * when the store is shared). After {@code maxAttempts}
 * lost races the order is rejected ({@code risk_state_unavailable}): bounded latency beats an unbounded queue on
 * the trading path.
 *
 * <p>The logic runs over the objects view of a store ({@link VersionedRiskObjectStore}). A store that keeps
 * objects itself (the in-memory store) is used as it is: no codec runs, and the store may run the steps of one
 * account one at a time ({@link VersionedRiskObjectStore#exclusively}), so that they never lose a race to each
 * other. Any other store is wrapped so that every read decodes and every write encodes ({@link RiskStateCodec}):
 * a shared store moves bytes. The steps, the versions and the outcome are the same either way.
 *
 * <p>Every failure (the store throws or times out, bytes do not decode, a state belongs to another account)
 * becomes a rejected decision or a not-applied update, never an exception (fail closed, R8). Thread-safe:
 * it holds no mutable state of its own; instances over one store behave as one.
 */
public class VersionedRiskState implements RiskState {

  /** Lost compare-and-set races tolerated per call before failing closed. */
  public static final int DEFAULT_MAX_ATTEMPTS = 100;

  private final VersionedRiskObjectStore store;
  private final int maxAttempts;

  public VersionedRiskState(VersionedRiskStore store) {
    this(store, DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * @param store a bytes store, or a {@link VersionedRiskObjectStore}, which is then used through its objects
   * @param maxAttempts lost compare-and-set races tolerated per call
   */
  public VersionedRiskState(VersionedRiskStore store, int maxAttempts) {
    if (store == null) {
      throw new IllegalArgumentException("risk state needs a store");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be positive: " + maxAttempts);
    }
    this.store = store instanceof VersionedRiskObjectStore objects ? objects : new EncodingRiskStore(store);
    this.maxAttempts = maxAttempts;
  }

  @Override
  public RiskDecision submit(OrderIntent order, Optional<ReferencePrice> reference, RiskLimits limits, Instant now) {
    String id = order == null ? "" : order.clientOrderId();
    if (order == null || reference == null || limits == null || now == null) {
      return RiskDecision.invalidRequest(id, "missing " + (order == null ? "order" : reference == null
          ? "reference price (use Optional.empty())" : limits == null ? "risk limits" : "now"));
    }
    try {
      return store.exclusively(order.account(), () -> submitSteps(order, reference, limits, now));
    } catch (Exception e) {
      return RiskDecision.unavailable(id, describe(e));
    }
  }

  /** The read, evaluate and compare-and-set steps of {@link #submit}, redone after each lost race. */
  private RiskDecision submitSteps(OrderIntent order, Optional<ReferencePrice> reference, RiskLimits limits,
      Instant now) {
    String id = order.clientOrderId();
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      VersionedRiskObjectStore.VersionedState current = store.readState(order.account());
      AccountRiskState stored = stateOf(order.account(), current);
      List<String> expired = new ArrayList<>();
      AccountRiskState state = stored.advanceTo(now, limits, expired);
      Instant seenAt = state.clientOrderIds().get(id);
      boolean remembered = seenAt != null;
      if (remembered) {
        Optional<RememberedDecision> original = store.readRememberedDecision(order.account(), id);
        if (original.isPresent()) {
          return replay(order, original.get(), seenAt);
        }
        // The id is remembered but its decision is gone (a store that expired it early): evaluate; the
        // duplicate check rejects, and the id is not re-remembered.
      }
      RiskVerdict verdict = PreTradeRiskChecks.evaluate(order, state, reference, limits, now);
      RiskDecision decision = RiskDecision.of(id, verdict);
      AccountRiskState next = state;
      if (verdict.killSwitchTrigger().isPresent()) {
        next = next.engageKillSwitch(verdict.killSwitchTrigger().get(), now);
      }
      if (decision.accepted()) {
        ReferencePrice mark = reference.orElseThrow();
        next = next.apply(order, now).mark(order.symbol(), Money.ofUnits(mark.price()), mark.asOf());
      } else if (!remembered) {
        next = next.rememberClientOrderId(id, now);
      }
      Map<String, RememberedDecision> put = remembered ? Map.of()
          : Map.of(id, new RememberedDecision(order, decision));
      VersionedRiskObjectStore.StateWrite write = new VersionedRiskObjectStore.StateWrite(next, put,
          forgotten(expired, id, next));
      if (store.compareAndSetState(order.account(), current.version(), write)) {
        return decision;
      }
      backOff(attempt);
    }
    return RiskDecision.unavailable(id, "state of account " + order.account() + " changed under " + maxAttempts
        + " consecutive attempts (contention)");
  }

  @Override
  public Optional<AccountRiskState> snapshot(String account) {
    try {
      return Optional.of(stateOf(account, store.readState(account)));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  @Override
  public RiskStateUpdate mark(String account, Symbol symbol, double price, Instant asOf, RiskLimits limits) {
    if (account == null || symbol == null || asOf == null || limits == null) {
      return RiskStateUpdate.invalid("missing account, symbol, time or limits", killSwitchEngaged(account));
    }
    Money exact;
    try {
      exact = Money.ofUnits(price);
    } catch (IllegalArgumentException e) {
      exact = Money.ZERO;
    }
    if (exact.signum() <= 0) {
      return RiskStateUpdate.invalid("mark price of " + symbol + " is not a positive finite number: " + price,
          killSwitchEngaged(account));
    }
    Money markPrice = exact;
    return update(account, state -> {
      AccountRiskState rolled = state.rollToDayOf(asOf, limits.tradingDayZone());
      Optional<Mark> current = rolled.markOf(symbol);
      if (current.isPresent() && current.get().asOf().isAfter(asOf)) {
        return new Outcome(rolled, olderMark(symbol, asOf, current.get().asOf(), rolled.killSwitch().engaged()));
      }
      AccountRiskState next = rolled.mark(symbol, markPrice, asOf);
      Optional<Money> pnl = next.dailyPnl();
      String detail = symbol + " marked at " + markPrice + " as of " + asOf;
      if (pnl.isPresent() && pnl.get().compareTo(limits.maxDailyLoss().negate()) <= 0) {
        String trigger = PreTradeRiskChecks.dailyLossTrigger(next.tradingDay(), pnl.get(), limits);
        next = next.engageKillSwitch(trigger, asOf);
        detail += "; " + trigger;
      }
      return new Outcome(next, new RiskStateUpdate(true, RiskStateUpdate.APPLIED, detail, next.killSwitch().engaged()));
    });
  }

  @Override
  public RiskStateUpdate engageKillSwitch(String account, String reason, Instant now) {
    if (account == null || reason == null || reason.isBlank() || now == null) {
      return RiskStateUpdate.invalid("missing account, reason or time", killSwitchEngaged(account));
    }
    return update(account, state -> state.killSwitch().engaged()
        ? new Outcome(state, new RiskStateUpdate(true, RiskStateUpdate.ALREADY_ENGAGED,
            "engaged since " + state.killSwitch().since() + " (" + state.killSwitch().reason() + ")", true))
        : new Outcome(state.engageKillSwitch(reason, now),
            new RiskStateUpdate(true, RiskStateUpdate.APPLIED, "engaged: " + reason, true)));
  }

  @Override
  public RiskStateUpdate resetKillSwitch(String account, String actor, Instant now) {
    if (account == null || actor == null || actor.isBlank() || now == null) {
      return RiskStateUpdate.invalid("missing account, actor or time", killSwitchEngaged(account));
    }
    return update(account, state -> state.killSwitch().engaged()
        ? new Outcome(state.resetKillSwitch(actor, now),
            new RiskStateUpdate(true, RiskStateUpdate.APPLIED, "reset by " + actor, false))
        : new Outcome(state, new RiskStateUpdate(true, RiskStateUpdate.NOT_ENGAGED, "was not engaged", false)));
  }

  @Override
  public boolean killSwitchEngaged(String account) {
    if (account == null) {
      return true;
    }
    return snapshot(account).map(s -> s.killSwitch().engaged()).orElse(true);
  }

  /** A mark refused because the current one is newer (marks never go back in time). */
  static RiskStateUpdate olderMark(Symbol symbol, Instant asOf, Instant current, boolean killSwitchEngaged) {
    return new RiskStateUpdate(false, RiskStateUpdate.OLDER_THAN_CURRENT_MARK,
        "mark of " + symbol + " as of " + asOf + " is older than the current one as of " + current, killSwitchEngaged);
  }

  /** The answer to a remembered client order id: the original decision, or a rejection if the order differs. */
  static RiskDecision replay(OrderIntent order, RememberedDecision remembered, Instant seenAt) {
    if (remembered.order().sameOrderAs(order)) {
      return remembered.decision().asReplay();
    }
    return new RiskDecision(order.clientOrderId(), false, RiskCheck.DUPLICATE_CLIENT_ORDER_ID.id(),
        List.of(CheckResult.fail(RiskCheck.DUPLICATE_CLIENT_ORDER_ID, "client order id " + order.clientOrderId()
            + " was used at " + seenAt + " for a different order (" + describe(remembered.order()) + ")")),
        false);
  }

  private record Outcome(AccountRiskState next, RiskStateUpdate result) {
  }

  private RiskStateUpdate update(String account, Function<AccountRiskState, Outcome> change) {
    try {
      return store.exclusively(account, () -> updateSteps(account, change));
    } catch (Exception e) {
      return RiskStateUpdate.unavailable(describe(e));
    }
  }

  /** The read, change and compare-and-set steps of {@link #update}, redone after each lost race. */
  private RiskStateUpdate updateSteps(String account, Function<AccountRiskState, Outcome> change) {
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      VersionedRiskObjectStore.VersionedState current = store.readState(account);
      AccountRiskState state = stateOf(account, current);
      Outcome outcome = change.apply(state);
      if (outcome.next() == state || outcome.next().equals(state)) {
        return outcome.result();
      }
      VersionedRiskObjectStore.StateWrite write = new VersionedRiskObjectStore.StateWrite(outcome.next(),
          Map.of(), forgotten(state, outcome.next()));
      if (store.compareAndSetState(account, current.version(), write)) {
        return outcome.result();
      }
      backOff(attempt);
    }
    return RiskStateUpdate.unavailable("state of account " + account + " changed under " + maxAttempts
        + " consecutive attempts (contention)");
  }

  /** Longest wait after a lost race: far below any request deadline, long enough to step out of a rival's rhythm. */
  static final long MAX_BACKOFF_NANOS = 1_000_000;

  /**
   * Waits after the {@code attempt}-th lost race (0-based) for a random time below {@code min(1 ms, 10 us x 2^attempt)}
   * (exponential backoff with full jitter). Retrying at once let one writer lose a hundred races in a row to another
   * that kept winning in the same rhythm: two JVMs buying on one account in tight loops over Redis
   * (TwoJvmPositionLimitIT) saw one order fail closed with "changed under 100 consecutive attempts" in 1 of 6 runs.
   */
  private static void backOff(int attempt) {
    long bound = Math.min(MAX_BACKOFF_NANOS, 10_000L << Math.min(attempt, 20));
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(bound) + 1);
  }

  private static AccountRiskState stateOf(String account, VersionedRiskObjectStore.VersionedState current) {
    if (current == null) {
      throw new IllegalStateException("store returned no answer for account " + account);
    }
    if (current.absent()) {
      return AccountRiskState.empty(account);
    }
    AccountRiskState state = current.state();
    if (!state.account().equals(account)) {
      throw new IllegalStateException("store returned the state of account " + state.account() + " for " + account);
    }
    return state;
  }

  /**
   * Client order ids whose decisions expire with a submit's write: those the state forgot as it advanced to
   * {@code now} ({@code expired}), unless {@code next} remembers one again. Only the order's own id can be
   * remembered again (the steps after the advance add that id or nothing), so no other id is looked up.
   */
  private static Set<String> forgotten(List<String> expired, String id, AccountRiskState next) {
    if (expired.isEmpty()) {
      return Set.of();
    }
    if (expired.contains(id) && next.clientOrderIds().containsKey(id)) {
      List<String> gone = new ArrayList<>(expired);
      gone.removeIf(id::equals);
      return Set.copyOf(gone);
    }
    return expired.size() == 1 ? Set.of(expired.get(0)) : Set.copyOf(expired);
  }

  /** Client order ids {@code before} remembered and {@code after} no longer does: their decisions expire. */
  private static Set<String> forgotten(AccountRiskState before, AccountRiskState after) {
    if (after.clientOrderIds() == before.clientOrderIds()
        || after.clientOrderIds().keySet().containsAll(before.clientOrderIds().keySet())) {
      return Set.of();
    }
    Set<String> gone = new HashSet<>(before.clientOrderIds().keySet());
    gone.removeAll(after.clientOrderIds().keySet());
    return gone;
  }

  private static String describe(OrderIntent order) {
    return order.side() + " " + order.quantity() + " " + order.symbol() + " @ " + order.price();
  }

  static String describe(Exception e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
