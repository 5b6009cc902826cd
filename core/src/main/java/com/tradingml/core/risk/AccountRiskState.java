package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
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
 *
 * <p>Why the collections are not plain copies: the risk gate derives a new snapshot per order, and a snapshot that
 * copied its collections would make every order cost as much as the account's whole history (a busy account
 * remembers thousands of client order ids). A new snapshot therefore shares structure with the one it came from:
 * per-symbol maps are small sorted arrays, the remembered ids a persistent search tree, and the order times and
 * the ids' expiry order append-only windows, so an order costs O(symbols + log ids), and the expired entries are
 * dropped from the oldest end without a scan ({@link #prune}). The holdings' value at the marks, which the day's
 * P&amp;L and the gross-exposure check sum, travels with the marks map ({@link HoldingsValuation}): each transition
 * updates the one term it changes instead of the next order walking every holding. The accessors return these
 * immutable collections; they equal any {@link Map} or {@link List} with the same entries. A state built from other
 * collections (the codec, tests) copies and checks them once.
 */
public record AccountRiskState(
    String account,
    LocalDate tradingDay,
    Money realizedPnl,
    SortedMap<Symbol, Holding> holdings,
    SortedMap<Symbol, Mark> marks,
    List<Instant> acceptedOrderTimes,
    SortedMap<String, Instant> clientOrderIds,
    KillSwitch killSwitch) implements RiskAccountView {

  /** The trading day of an account never used yet; its first use rolls it forward. */
  public static final LocalDate NO_TRADING_DAY = LocalDate.EPOCH;

  public AccountRiskState {
    OrderIntent.requireId("account", account);
    if (tradingDay == null || realizedPnl == null || holdings == null || marks == null
        || acceptedOrderTimes == null || clientOrderIds == null || killSwitch == null) {
      throw new IllegalArgumentException("account risk state fields must not be null (" + account + ")");
    }
    // Collections that one of this class's own transitions built are immutable, sorted and null-free already:
    // taken as they are (the hot path builds a state per order). Any other is copied and checked.
    TreeMap<Symbol, Holding> holdingsCopy = holdings instanceof SortedArrayMap ? null : naturalCopy(holdings);
    TreeMap<Symbol, Mark> marksCopy = marks instanceof SortedArrayMap ? null : naturalCopy(marks);
    TreeMap<String, Instant> idsCopy = clientOrderIds instanceof ClientOrderIds ? null : naturalCopy(clientOrderIds);
    if (!(acceptedOrderTimes instanceof SortedLog)) {
      List<Instant> times = List.copyOf(acceptedOrderTimes);
      for (int i = 1; i < times.size(); i++) {
        if (times.get(i).isBefore(times.get(i - 1))) {
          throw new IllegalArgumentException("accepted order times must be ascending (" + account + ")");
        }
      }
      acceptedOrderTimes = SortedLog.ofSorted(times.toArray());
    }
    if ((holdingsCopy != null && holdingsCopy.containsValue(null))
        || (marksCopy != null && marksCopy.containsValue(null)) || (idsCopy != null && idsCopy.containsValue(null))) {
      throw new IllegalArgumentException("account risk state maps must not hold nulls (" + account + ")");
    }
    if (holdingsCopy != null) {
      holdings = SortedArrayMap.ofSorted(holdingsCopy);
    }
    if (marksCopy != null) {
      marks = SortedArrayMap.ofSorted(marksCopy);
    }
    if (idsCopy != null) {
      clientOrderIds = ClientOrderIds.ofSorted(idsCopy);
    }
  }

  /** A copy in the natural order of the keys (a null key throws {@link NullPointerException}, as in a TreeMap). */
  private static <K, V> TreeMap<K, V> naturalCopy(Map<K, V> map) {
    TreeMap<K, V> copy = new TreeMap<>();
    copy.putAll(map);
    return copy;
  }

  private static final Comparator<Instant> TIME_ORDER = Comparator.naturalOrder();

  /** The holdings as the constructor keeps them (the accessor declares the interface), for index-based walks. */
  SortedArrayMap<Symbol, Holding> holdingMap() {
    return (SortedArrayMap<Symbol, Holding>) holdings;
  }

  SortedArrayMap<Symbol, Mark> markMap() {
    return (SortedArrayMap<Symbol, Mark>) marks;
  }

  private SortedLog<Instant> timeLog() {
    return (SortedLog<Instant>) acceptedOrderTimes;
  }

  private ClientOrderIds idMap() {
    return (ClientOrderIds) clientOrderIds;
  }

  /** A new account: flat, no marks, no history, kill switch never engaged. */
  public static AccountRiskState empty(String account) {
    return new AccountRiskState(account, NO_TRADING_DAY, Money.ZERO, SortedArrayMap.empty(), SortedArrayMap.empty(),
        SortedLog.empty(), ClientOrderIds.EMPTY, KillSwitch.NEVER_ENGAGED);
  }

  /** The signed position in {@code symbol} (0 when flat). */
  public long positionOf(Symbol symbol) {
    Holding holding = holdingMap().get(symbol);
    return holding == null ? 0 : holding.quantity();
  }

  public Optional<Mark> markOf(Symbol symbol) {
    return Optional.ofNullable(markMap().get(symbol));
  }

  /** Accepted orders at times {@code t > now - window}: inside the sliding window that ends at {@code now}. */
  public int ordersInWindow(Instant now, Duration window) {
    SortedLog<Instant> times = timeLog();
    return times.size() - times.firstAfter(now.minus(window), TIME_ORDER);
  }

  /** When {@code clientOrderId} was first seen, if it is remembered at {@code now} ({@code t > now - retention}). */
  public Optional<Instant> clientOrderIdSeenAt(String clientOrderId, Instant now, Duration retention) {
    return Optional.ofNullable(seenAt(clientOrderId, now, retention));
  }

  /** {@link #clientOrderIdSeenAt} without the {@link Optional}: the time, or null. */
  @Override
  public Instant seenAt(String clientOrderId, Instant now, Duration retention) {
    Instant seen = idMap().get(clientOrderId);
    return seen != null && seen.isAfter(now.minus(retention)) ? seen : null;
  }

  /**
   * Realized plus unrealized P&amp;L of the trading day: {@code realizedPnl + sum(quantity x mark - dayCost)};
   * empty when a holding has no mark (its P&amp;L is unknown).
   *
   * @throws ArithmeticException on overflow (the checks treat it as a failure)
   */
  public Optional<Money> dailyPnl() {
    HoldingsValuation valuation = valuation();
    long realized = realizedPnl.micros();
    if (valuation.usable && realized > -HoldingsValuation.BOUND && realized < HoldingsValuation.BOUND) {
      // Exactly what the walk below returns: no term or partial sum can overflow within the bounds.
      return Optional.of(Money.ofMicros(realized + valuation.market - valuation.cost));
    }
    SortedArrayMap<Symbol, Holding> held = holdingMap();
    SortedArrayMap<Symbol, Mark> marked = markMap();
    long pnl = realizedPnl.micros();
    int m = 0;
    for (int i = 0; i < held.size(); i++) {
      int at = marked.seek(held.keyAt(i), m);
      if (at < 0) {
        return Optional.empty();
      }
      m = at + 1;
      Holding holding = held.valueAt(i);
      long value = Math.multiplyExact(holding.quantity(), marked.valueAt(at).price().micros());
      pnl = Math.addExact(pnl, Math.subtractExact(value, holding.dayCost().micros()));
    }
    return Optional.of(Money.ofMicros(pnl));
  }

  /**
   * The holdings valued at the marks ({@link HoldingsValuation}): the one the marks map keeps for these holdings,
   * or computed by one walk and kept there.
   */
  HoldingsValuation valuation() {
    SortedArrayMap<Symbol, Mark> marked = markMap();
    if (marked.memo() instanceof HoldingsValuation kept && kept.holdings == holdings) {
      return kept;
    }
    HoldingsValuation computed = HoldingsValuation.of(holdingMap(), marked);
    marked.memo(computed);
    return computed;
  }

  /** The valuation the marks map keeps for these holdings, or null (not computed: it is left to first use). */
  private HoldingsValuation keptValuation() {
    return markMap().memo() instanceof HoldingsValuation kept && kept.holdings == holdings ? kept : null;
  }

  /**
   * {@code sum over held symbols other than symbol of |quantity x mark|}: from the {@link HoldingsValuation} when
   * it is usable (exactly what the walk returns then), else by the walk, which meets the first unmarked holding or
   * overflow as the gross-exposure check reports them.
   */
  @Override
  public long grossExposureExcept(Symbol symbol) {
    SortedArrayMap<Symbol, Holding> held = holdingMap();
    SortedArrayMap<Symbol, Mark> marked = markMap();
    int own = held.indexOf(symbol);
    HoldingsValuation valuation = valuation();
    if (valuation.usable) {
      long ownValue = own < 0 ? 0
          : Math.multiplyExact(held.valueAt(own).quantity(), marked.get(symbol).price().micros());
      return valuation.gross - Math.abs(ownValue);
    }
    long sum = 0;
    int m = 0;
    for (int i = 0; i < held.size(); i++) {
      if (i == own) {
        continue;
      }
      int at = marked.seek(held.keyAt(i), m);
      if (at < 0) {
        throw new UnmarkedHolding(held.keyAt(i));
      }
      m = at + 1;
      sum = Math.addExact(sum, Math.absExact(Math.multiplyExact(held.valueAt(i).quantity(),
          marked.valueAt(at).price().micros())));
    }
    return sum;
  }

  @Override
  public AccountRiskState advancedTo(Instant now, RiskLimits limits) {
    return advanceTo(now, limits);
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
    int held = holdingMap().indexOf(order.symbol());
    Holding holding = held >= 0 ? holdingMap().valueAt(held) : null;
    long[] changed = applyToHolding(holding == null ? 0 : holding.quantity(),
        holding == null ? 0 : holding.dayCost().micros(), realizedPnl.micros(), order.signedQuantity(), price);
    long quantity = changed[0];
    long cost = changed[1];
    long realized = changed[2];
    Holding after = quantity == 0 ? null : new Holding(quantity, Money.ofMicros(cost));
    SortedArrayMap<Symbol, Holding> newHoldings = after == null ? holdingMap().without(held)
        : holdingMap().with(order.symbol(), after, held);
    HoldingsValuation valuation = keptValuation();
    if (valuation != null) {
      HoldingsValuation next = valuation.reheld(newHoldings, holding, after, markMap().get(order.symbol()));
      if (next != null) {
        markMap().memo(next);
      }
    }
    return new AccountRiskState(account, tradingDay, Money.ofMicros(realized), newHoldings, marks,
        timeLog().insert(acceptedAt, TIME_ORDER), idMap().with(order.clientOrderId(), acceptedAt), killSwitch);
  }

  /**
   * {@link #apply}'s arithmetic on one holding, in micro-units: {@code quantity} shares at day cost {@code cost},
   * the day's {@code realized} P&amp;L, an order of {@code signedQuantity} at {@code price}. Returns the new
   * quantity, cost and realized P&amp;L. One definition for both forms of the state ({@link SingleWriterRiskAccount}).
   *
   * @throws ArithmeticException on overflow
   */
  static long[] applyToHolding(long quantity, long cost, long realized, long signedQuantity, long price) {
    long remaining = signedQuantity;
    if (quantity != 0 && Long.signum(remaining) != Long.signum(quantity)) {
      long open = Math.absExact(quantity);
      long closing = Math.min(Math.absExact(remaining), open);
      long released = closing == open ? cost : mulDivHalfEven(cost, closing, open);
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
    return new long[] {quantity, cost, realized};
  }

  /** The state that remembers {@code clientOrderId} as seen at {@code at} (a rejected order's id). */
  public AccountRiskState rememberClientOrderId(String clientOrderId, Instant at) {
    OrderIntent.requireId("client order id", clientOrderId);
    if (at == null) {
      throw new IllegalArgumentException("account risk state maps must not hold nulls (" + account + ")");
    }
    return new AccountRiskState(account, tradingDay, realizedPnl, holdings, marks, acceptedOrderTimes,
        idMap().with(clientOrderId, at), killSwitch);
  }

  /**
   * The state with {@code symbol} marked at {@code price} as of {@code asOf}; a mark older than the current
   * one is ignored (returns this state), so marks never go back in time. An equally old mark replaces it.
   */
  public AccountRiskState mark(Symbol symbol, Money price, Instant asOf) {
    int at = markMap().indexOf(symbol);
    Mark current = at >= 0 ? markMap().valueAt(at) : null;
    if (current != null && current.asOf().isAfter(asOf)) {
      return this;
    }
    SortedArrayMap<Symbol, Mark> newMarks = markMap().with(symbol, new Mark(price, asOf), at);
    HoldingsValuation valuation = keptValuation();
    if (valuation != null) {
      HoldingsValuation next = valuation.remarked(holdingMap().get(symbol), current, price);
      if (next != null) {
        newMarks.memo(next);
      }
    }
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
    SortedArrayMap<Symbol, Holding> held = holdingMap();
    Object[] restruck = new Object[held.size()];
    for (int i = 0; i < restruck.length; i++) {
      Mark mark = markMap().get(held.keyAt(i));
      Holding holding = held.valueAt(i);
      restruck[i] = mark == null ? holding : new Holding(holding.quantity(), mark.price().times(holding.quantity()));
    }
    SortedArrayMap<Symbol, Holding> newHoldings = held.withValues(restruck);
    HoldingsValuation valuation = keptValuation();
    if (valuation != null) {
      HoldingsValuation next = valuation.restruck(newHoldings);
      if (next != null) {
        markMap().memo(next);
      }
    }
    return new AccountRiskState(account, day, Money.ZERO, newHoldings, marks, acceptedOrderTimes,
        clientOrderIds, killSwitch);
  }

  /**
   * The state without accepted-order times outside the throttle window and without client order ids whose
   * retention has passed, both as of {@code now}. Returns this state when nothing expired.
   */
  public AccountRiskState prune(Instant now, Duration orderRateWindow, Duration clientOrderIdRetention) {
    return prune(now, orderRateWindow, clientOrderIdRetention, null);
  }

  /** {@link #prune}, adding the client order ids it forgets to {@code forgotten} when that is not null. */
  private AccountRiskState prune(Instant now, Duration orderRateWindow, Duration clientOrderIdRetention,
      List<String> forgotten) {
    SortedLog<Instant> times = timeLog();
    int firstKept = times.isEmpty() ? 0 : times.firstAfter(now.minus(orderRateWindow), TIME_ORDER);
    ClientOrderIds ids = idMap().withoutExpired(now.minus(clientOrderIdRetention), forgotten);
    if (firstKept == 0 && ids == clientOrderIds) {
      return this;
    }
    return new AccountRiskState(account, tradingDay, realizedPnl, holdings, marks, times.dropFirst(firstKept), ids,
        killSwitch);
  }

  /**
   * The state as of {@code now} under {@code limits}: rolled to the trading day of {@code now} (in
   * {@link RiskLimits#tradingDayZone()}) and pruned. What every rule evaluates against.
   */
  public AccountRiskState advanceTo(Instant now, RiskLimits limits) {
    return advanceTo(now, limits, null);
  }

  /**
   * {@link #advanceTo}, adding the client order ids it forgets to {@code forgotten} when that is not null (the
   * store drops their decisions: found as they expire, without comparing all remembered ids).
   */
  AccountRiskState advanceTo(Instant now, RiskLimits limits, List<String> forgotten) {
    return rollToDayOf(now, limits.tradingDayZone())
        .prune(now, limits.orderRateWindow(), limits.clientOrderIdRetention(), forgotten);
  }

  private static final long SECONDS_PER_DAY = 86_400;
  private static final long MIN_EPOCH_DAY = LocalDate.MIN.toEpochDay();

  /**
   * {@code rollTo(LocalDate.ofInstant(instant, zone))}, computed as that method does but without building the
   * date unless the day changes, and without {@link ZoneId#getRules()} for a fixed offset (which builds new rules
   * on every call): this runs on every order.
   */
  AccountRiskState rollToDayOf(Instant instant, ZoneId zone) {
    long epochDay = epochDayOf(instant, zone);
    return isLaterDay(epochDay, tradingDay) ? rollTo(LocalDate.ofEpochDay(epochDay)) : this;
  }

  /** The epoch day of {@code instant} in {@code zone}, without {@link ZoneId#getRules()} for a fixed offset. */
  static long epochDayOf(Instant instant, ZoneId zone) {
    ZoneOffset offset = zone instanceof ZoneOffset fixed ? fixed : zone.getRules().getOffset(instant);
    return Math.floorDiv(instant.getEpochSecond() + offset.getTotalSeconds(), SECONDS_PER_DAY);
  }

  /** Whether {@code epochDay} rolls a state on {@code tradingDay} forward (a day out of range does, and throws). */
  static boolean isLaterDay(long epochDay, LocalDate tradingDay) {
    return epochDay > tradingDay.toEpochDay() || epochDay < MIN_EPOCH_DAY;
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
