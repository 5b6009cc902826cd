package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the risk gate knows about one account at one moment: an immutable snapshot.
 *
 * <ul>
 *   <li>{@code holdings}: signed positions per symbol (shares) with their cost for the day ({@link Holding});
 *       flat symbols have no entry.
 *   <li>{@code marks}: last market price per symbol ({@link Mark}), for gross exposure and unrealized P&amp;L.
 *   <li>{@code realizedPnl}: P&amp;L realized on {@code tradingDay} (exact {@link Money}).
 *   <li>{@code acceptedOrderTimes}: when orders were accepted, ascending, for the order-rate throttle.
 *   <li>{@code clientOrderIds}: remembered client order ids and when they were first seen (accepted or
 *       rejected), for duplicate detection.
 *   <li>{@code killSwitch}: the latch ({@link KillSwitch}).
 * </ul>
 *
 * <p><b>Pre-trade risk counts accepted orders, not fills.</b> {@link #apply} changes the position as if the
 * order filled completely at its own price the moment it was accepted. That is the conservative reading of
 * Rule 15c3-5: exposure must be bounded before the market answers, and an order that might fill counts in
 * full. Fills, partial fills and cancels are not reconciled here (see the package documentation).
 *
 * <p>Rolling to a new trading day ({@link #rollTo}) resets the day's realized P&amp;L to zero and re-strikes
 * each holding's cost at its last mark, so the new day's P&amp;L starts at zero; positions stay, and the kill
 * switch stays latched until {@link #resetKillSwitch}.
 *
 * <p>Immutable and thread-safe; every "with" method returns a new snapshot. Collections are sorted, so equal
 * states encode to identical bytes ({@link RiskStateCodec}).
 */
public record AccountRiskState(
    String account,
    LocalDate tradingDay,
    Money realizedPnl,
    SortedMap<Symbol, Holding> holdings,
    SortedMap<Symbol, Mark> marks,
    List<Instant> acceptedOrderTimes,
    SortedMap<String, Instant> clientOrderIds,
    KillSwitch killSwitch) {

  /** The trading day of an account never used yet; its first use rolls it forward. */
  public static final LocalDate NO_TRADING_DAY = LocalDate.EPOCH;

  public AccountRiskState {
    OrderIntent.requireId("account", account);
    if (tradingDay == null || realizedPnl == null || holdings == null || marks == null
        || acceptedOrderTimes == null || clientOrderIds == null || killSwitch == null) {
      throw new IllegalArgumentException("account risk state fields must not be null (" + account + ")");
    }
    holdings = Collections.unmodifiableSortedMap(new TreeMap<>(holdings));
    marks = Collections.unmodifiableSortedMap(new TreeMap<>(marks));
    clientOrderIds = Collections.unmodifiableSortedMap(new TreeMap<>(clientOrderIds));
    acceptedOrderTimes = List.copyOf(acceptedOrderTimes);
    for (int i = 1; i < acceptedOrderTimes.size(); i++) {
      if (acceptedOrderTimes.get(i).isBefore(acceptedOrderTimes.get(i - 1))) {
        throw new IllegalArgumentException("accepted order times must be ascending (" + account + ")");
      }
    }
    if (holdings.containsValue(null) || marks.containsValue(null)
        || clientOrderIds.containsValue(null)) {
      throw new IllegalArgumentException("account risk state maps must not hold nulls (" + account + ")");
    }
  }

  /** A new account: flat, no marks, no history, kill switch never engaged. */
  public static AccountRiskState empty(String account) {
    return new AccountRiskState(account, NO_TRADING_DAY, Money.ZERO, new TreeMap<>(), new TreeMap<>(), List.of(),
        new TreeMap<>(), KillSwitch.NEVER_ENGAGED);
  }

  /** The signed position in {@code symbol} (0 when flat). */
  public long positionOf(Symbol symbol) {
    Holding holding = holdings.get(symbol);
    return holding == null ? 0 : holding.quantity();
  }

  public Optional<Mark> markOf(Symbol symbol) {
    return Optional.ofNullable(marks.get(symbol));
  }

  /** Accepted orders at times {@code t > now - window}: inside the sliding window that ends at {@code now}. */
  public int ordersInWindow(Instant now, Duration window) {
    Instant start = now.minus(window);
    int count = 0;
    for (int i = acceptedOrderTimes.size() - 1; i >= 0 && acceptedOrderTimes.get(i).isAfter(start); i--) {
      count++;
    }
    return count;
  }

  /** When {@code clientOrderId} was first seen, if it is remembered at {@code now} ({@code t > now - retention}). */
  public Optional<Instant> clientOrderIdSeenAt(String clientOrderId, Instant now, Duration retention) {
    Instant seen = clientOrderIds.get(clientOrderId);
    return seen != null && seen.isAfter(now.minus(retention)) ? Optional.of(seen) : Optional.empty();
  }

  /**
   * Realized plus unrealized P&amp;L of the trading day: {@code realizedPnl + sum(quantity x mark - dayCost)};
   * empty when a holding has no mark (its P&amp;L is unknown).
   *
   * @throws ArithmeticException on overflow (the checks treat it as a failure)
   */
  public Optional<Money> dailyPnl() {
    long pnl = realizedPnl.micros();
    for (Map.Entry<Symbol, Holding> entry : holdings.entrySet()) {
      Mark mark = marks.get(entry.getKey());
      if (mark == null) {
        return Optional.empty();
      }
      Holding holding = entry.getValue();
      long value = Math.multiplyExact(holding.quantity(), mark.price().micros());
      pnl = Math.addExact(pnl, Math.subtractExact(value, holding.dayCost().micros()));
    }
    return Optional.of(Money.ofMicros(pnl));
  }

  /** The first held symbol without a mark, if any: why {@link #dailyPnl()} is empty. */
  public Optional<Symbol> firstUnmarkedHolding() {
    return holdings.keySet().stream().filter(s -> !marks.containsKey(s)).findFirst();
  }

  /**
   * The state after accepting {@code order} at {@code acceptedAt}: the position changes as if the order
   * filled completely at its price (pre-trade risk counts accepted orders, not fills); closing shares
   * realizes P&amp;L against the holding's average day cost; the acceptance time joins the throttle window;
   * the client order id is remembered.
   *
   * <p>Closing part of a holding releases the proportional part of its cost, rounded half-even to the
   * micro-unit; closing all of it releases exactly all of it. An order that crosses zero closes the old
   * holding and opens the opposite one at the order's price.
   *
   * @throws IllegalArgumentException if the order belongs to another account or its price is not a
   *     positive finite number (an order with such a price is never accepted)
   */
  public AccountRiskState apply(OrderIntent order, Instant acceptedAt) {
    if (!order.account().equals(account)) {
      throw new IllegalArgumentException("order " + order.clientOrderId() + " of account " + order.account()
          + " applied to account " + account);
    }
    long price = Money.ofUnits(order.price()).micros();
    if (price <= 0) {
      throw new IllegalArgumentException("order price must be positive: " + order.price());
    }
    Holding holding = holdings.get(order.symbol());
    long quantity = holding == null ? 0 : holding.quantity();
    long cost = holding == null ? 0 : holding.dayCost().micros();
    long remaining = order.signedQuantity();
    long realized = realizedPnl.micros();
    if (quantity != 0 && Long.signum(remaining) != Long.signum(quantity)) {
      long held = Math.absExact(quantity);
      long closing = Math.min(Math.absExact(remaining), held);
      long released = closing == held ? cost : mulDivHalfEven(cost, closing, held);
      long closedValue = Math.multiplyExact(Long.signum(quantity) * closing, price);
      realized = Math.addExact(realized, Math.subtractExact(closedValue, released));
      cost = Math.subtractExact(cost, released);
      quantity = Math.subtractExact(quantity, Long.signum(quantity) * closing);
      remaining = Math.addExact(remaining, Long.signum(remaining) * -closing);
    }
    if (remaining != 0) {
      cost = Math.addExact(cost, Math.multiplyExact(remaining, price));
      quantity = Math.addExact(quantity, remaining);
    }
    TreeMap<Symbol, Holding> newHoldings = new TreeMap<>(holdings);
    if (quantity == 0) {
      newHoldings.remove(order.symbol());
    } else {
      newHoldings.put(order.symbol(), new Holding(quantity, Money.ofMicros(cost)));
    }
    List<Instant> times = new ArrayList<>(acceptedOrderTimes.size() + 1);
    times.addAll(acceptedOrderTimes);
    int at = times.size();
    while (at > 0 && times.get(at - 1).isAfter(acceptedAt)) {
      at--;
    }
    times.add(at, acceptedAt);
    TreeMap<String, Instant> ids = new TreeMap<>(clientOrderIds);
    ids.put(order.clientOrderId(), acceptedAt);
    return new AccountRiskState(account, tradingDay, Money.ofMicros(realized), newHoldings, marks, times, ids,
        killSwitch);
  }

  /** The state that remembers {@code clientOrderId} as seen at {@code at} (a rejected order's id). */
  public AccountRiskState rememberClientOrderId(String clientOrderId, Instant at) {
    OrderIntent.requireId("client order id", clientOrderId);
    TreeMap<String, Instant> ids = new TreeMap<>(clientOrderIds);
    ids.put(clientOrderId, at);
    return new AccountRiskState(account, tradingDay, realizedPnl, holdings, marks, acceptedOrderTimes, ids,
        killSwitch);
  }

  /**
   * The state with {@code symbol} marked at {@code price} as of {@code asOf}; a mark older than the current
   * one is ignored (returns this state), so marks never go back in time. An equally old mark replaces it.
   */
  public AccountRiskState mark(Symbol symbol, Money price, Instant asOf) {
    Mark current = marks.get(symbol);
    if (current != null && current.asOf().isAfter(asOf)) {
      return this;
    }
    TreeMap<Symbol, Mark> newMarks = new TreeMap<>(marks);
    newMarks.put(symbol, new Mark(price, asOf));
    return new AccountRiskState(account, tradingDay, realizedPnl, holdings, newMarks, acceptedOrderTimes,
        clientOrderIds, killSwitch);
  }

  /**
   * The state on {@code day}: if it is after {@link #tradingDay()}, realized P&amp;L resets to zero and every
   * marked holding's day cost is re-struck at {@code quantity x mark} (an unmarked holding keeps its cost);
   * positions and the kill switch are unchanged. A day that is not later returns this state: days never
   * roll back.
   */
  public AccountRiskState rollTo(LocalDate day) {
    if (!day.isAfter(tradingDay)) {
      return this;
    }
    TreeMap<Symbol, Holding> restruck = new TreeMap<>();
    for (Map.Entry<Symbol, Holding> entry : holdings.entrySet()) {
      Mark mark = marks.get(entry.getKey());
      Holding holding = entry.getValue();
      restruck.put(entry.getKey(), mark == null ? holding
          : new Holding(holding.quantity(), mark.price().times(holding.quantity())));
    }
    return new AccountRiskState(account, day, Money.ZERO, restruck, marks, acceptedOrderTimes, clientOrderIds,
        killSwitch);
  }

  /**
   * The state without accepted-order times outside the throttle window and without client order ids whose
   * retention has passed, both as of {@code now}. Returns this state when nothing expired.
   */
  public AccountRiskState prune(Instant now, Duration orderRateWindow, Duration clientOrderIdRetention) {
    Instant windowStart = now.minus(orderRateWindow);
    int firstKept = 0;
    while (firstKept < acceptedOrderTimes.size() && !acceptedOrderTimes.get(firstKept).isAfter(windowStart)) {
      firstKept++;
    }
    Instant retentionStart = now.minus(clientOrderIdRetention);
    boolean idsExpired = clientOrderIds.values().stream().anyMatch(t -> !t.isAfter(retentionStart));
    if (firstKept == 0 && !idsExpired) {
      return this;
    }
    TreeMap<String, Instant> ids = new TreeMap<>(clientOrderIds);
    ids.values().removeIf(t -> !t.isAfter(retentionStart));
    return new AccountRiskState(account, tradingDay, realizedPnl, holdings, marks,
        acceptedOrderTimes.subList(firstKept, acceptedOrderTimes.size()), ids, killSwitch);
  }

  /**
   * The state as of {@code now} under {@code limits}: rolled to the trading day of {@code now} (in
   * {@link RiskLimits#tradingDayZone()}) and pruned. What every rule evaluates against.
   */
  public AccountRiskState advanceTo(Instant now, RiskLimits limits) {
    return rollTo(LocalDate.ofInstant(now, limits.tradingDayZone()))
        .prune(now, limits.orderRateWindow(), limits.clientOrderIdRetention());
  }

  /** The state with the kill switch engaged for {@code reason}; an engaged latch keeps its first cause. */
  public AccountRiskState engageKillSwitch(String reason, Instant at) {
    if (killSwitch.engaged()) {
      return this;
    }
    return withKillSwitch(new KillSwitch(true, reason, at));
  }

  /** The state with the kill switch released by {@code actor} (recorded as the reason). */
  public AccountRiskState resetKillSwitch(String actor, Instant at) {
    if (!killSwitch.engaged()) {
      return this;
    }
    return withKillSwitch(new KillSwitch(false, "reset by " + actor, at));
  }

  private AccountRiskState withKillSwitch(KillSwitch latch) {
    return new AccountRiskState(account, tradingDay, realizedPnl, holdings, marks, acceptedOrderTimes,
        clientOrderIds, latch);
  }

  /** {@code a x b / c} rounded half-even, exact for any longs (the product may exceed 64 bits). */
  static long mulDivHalfEven(long a, long b, long c) {
    return new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
        .divide(BigDecimal.valueOf(c), 0, RoundingMode.HALF_EVEN).longValueExact();
  }
}
