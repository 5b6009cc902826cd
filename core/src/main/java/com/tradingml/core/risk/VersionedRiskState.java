package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link RiskState} written once over any {@link VersionedRiskStore}: optimistic concurrency on an encoded,
 * immutable {@link AccountRiskState}.
 *
 * <p>{@link #submit}: read the account's version and bytes, decode, bring the state to {@code now}, and
 * either answer a remembered client order id with its original decision, or evaluate
 * {@link PreTradeRiskChecks} and compute the next state (latch, apply, remember); then compare-and-set it
 * under the version read. If another instance wrote in between, the version moved and the whole step is
 * redone on the new state, so no two accepted orders are ever counted against the same snapshot (R4, across
 * processes when the store is shared). After {@code maxAttempts} lost races the order is rejected
 * ({@code risk_state_unavailable}): bounded latency beats an unbounded queue on the trading path.
 *
 * <p>Every failure (the store throws or times out, bytes do not decode, a state belongs to another account)
 * becomes a rejected decision or a not-applied update, never an exception (fail closed, R8). Thread-safe:
 * it holds no mutable state of its own; instances over one store behave as one.
 */
public class VersionedRiskState implements RiskState {

  /** Lost compare-and-set races tolerated per call before failing closed. */
  public static final int DEFAULT_MAX_ATTEMPTS = 100;

  private final VersionedRiskStore store;
  private final int maxAttempts;

  public VersionedRiskState(VersionedRiskStore store) {
    this(store, DEFAULT_MAX_ATTEMPTS);
  }

  public VersionedRiskState(VersionedRiskStore store, int maxAttempts) {
    if (store == null) {
      throw new IllegalArgumentException("risk state needs a store");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be positive: " + maxAttempts);
    }
    this.store = store;
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
      for (int attempt = 0; attempt < maxAttempts; attempt++) {
        VersionedRiskStore.Versioned current = store.read(order.account());
        AccountRiskState stored = decode(order.account(), current);
        AccountRiskState state = stored.advanceTo(now, limits);
        boolean remembered = state.clientOrderIds().containsKey(id);
        if (remembered) {
          Optional<byte[]> bytes = store.readDecision(order.account(), id);
          if (bytes.isPresent()) {
            return replay(order, RiskStateCodec.decodeDecision(bytes.get()), state.clientOrderIds().get(id));
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
        Map<String, byte[]> put = remembered ? Map.of()
            : Map.of(id, RiskStateCodec.encodeDecision(new RememberedDecision(order, decision)));
        VersionedRiskStore.Write write = new VersionedRiskStore.Write(RiskStateCodec.encode(next), put,
            forgotten(stored, next));
        if (store.compareAndSet(order.account(), current.version(), write)) {
          return decision;
        }
        Thread.onSpinWait();
      }
      return RiskDecision.unavailable(id, "state of account " + order.account() + " changed under " + maxAttempts
          + " consecutive attempts (contention)");
    } catch (Exception e) {
      return RiskDecision.unavailable(id, describe(e));
    }
  }

  @Override
  public Optional<AccountRiskState> snapshot(String account) {
    try {
      return Optional.of(decode(account, store.read(account)));
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
      AccountRiskState rolled = state.rollTo(LocalDate.ofInstant(asOf, limits.tradingDayZone()));
      Optional<Mark> current = rolled.markOf(symbol);
      if (current.isPresent() && current.get().asOf().isAfter(asOf)) {
        return new Outcome(rolled, new RiskStateUpdate(false, RiskStateUpdate.OLDER_THAN_CURRENT_MARK,
            "mark of " + symbol + " as of " + asOf + " is older than the current one as of " + current.get().asOf(),
            rolled.killSwitch().engaged()));
      }
      AccountRiskState next = rolled.mark(symbol, markPrice, asOf);
      Optional<Money> pnl = next.dailyPnl();
      String detail = symbol + " marked at " + markPrice + " as of " + asOf;
      if (pnl.isPresent() && pnl.get().compareTo(limits.maxDailyLoss().negate()) <= 0) {
        String trigger = "daily loss limit reached on " + next.tradingDay() + ": P&L " + pnl.get() + " <= -"
            + limits.maxDailyLoss();
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

  private RiskDecision replay(OrderIntent order, RememberedDecision remembered, Instant seenAt) {
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
      for (int attempt = 0; attempt < maxAttempts; attempt++) {
        VersionedRiskStore.Versioned current = store.read(account);
        AccountRiskState state = decode(account, current);
        Outcome outcome = change.apply(state);
        if (outcome.next().equals(state)) {
          return outcome.result();
        }
        VersionedRiskStore.Write write = new VersionedRiskStore.Write(RiskStateCodec.encode(outcome.next()),
            Map.of(), forgotten(state, outcome.next()));
        if (store.compareAndSet(account, current.version(), write)) {
          return outcome.result();
        }
        Thread.onSpinWait();
      }
      return RiskStateUpdate.unavailable("state of account " + account + " changed under " + maxAttempts
          + " consecutive attempts (contention)");
    } catch (Exception e) {
      return RiskStateUpdate.unavailable(describe(e));
    }
  }

  private static AccountRiskState decode(String account, VersionedRiskStore.Versioned current) {
    if (current == null) {
      throw new IllegalStateException("store returned no answer for account " + account);
    }
    if (current.absent()) {
      return AccountRiskState.empty(account);
    }
    AccountRiskState state = RiskStateCodec.decode(current.state());
    if (!state.account().equals(account)) {
      throw new IllegalStateException("store returned the state of account " + state.account() + " for " + account);
    }
    return state;
  }

  /** Client order ids {@code before} remembered and {@code after} no longer does: their decisions expire. */
  private static Set<String> forgotten(AccountRiskState before, AccountRiskState after) {
    if (after.clientOrderIds().keySet().containsAll(before.clientOrderIds().keySet())) {
      return Set.of();
    }
    Set<String> gone = new HashSet<>(before.clientOrderIds().keySet());
    gone.removeAll(after.clientOrderIds().keySet());
    return gone;
  }

  private static String describe(OrderIntent order) {
    return order.side() + " " + order.quantity() + " " + order.symbol() + " @ " + order.price();
  }

  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
