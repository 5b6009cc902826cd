package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One account's risk state for one thread: the same checks ({@link PreTradeRiskChecks}), the same transitions and
 * the same answers as {@link VersionedRiskState} over an account nobody else writes, kept in mutable arrays instead
 * of a new immutable {@link AccountRiskState} per step.
 *
 * <p><b>Why.</b> The versioned state is built for many writers: each order reads a snapshot, derives the next one
 * (sharing structure, but still ~40 objects) and compare-and-sets it, so that replicas over Redis never count two
 * orders against one snapshot. A backtest has one writer and replays hundreds of thousands of orders; there that
 * machinery is most of an order's cost. Here an order updates a position, four running sums, a time window and
 * a hash map of client order ids in place.
 *
 * <p><b>Same answers.</b> The rules are not repeated: {@link PreTradeRiskChecks} reads this account through
 * {@link RiskAccountView}, as it reads an {@link AccountRiskState}. The holding arithmetic is
 * {@link AccountRiskState#applyToHolding}. The day P&amp;L and gross exposure come from exact running sums under the
 * same conditions as {@link HoldingsValuation} (every holding marked, sums within its bound); otherwise, and for the
 * rare questions (which holding is unmarked), from {@link #snapshot()}, whose answers are the definition.
 * Orchestration follows {@link VersionedRiskState#submit} and {@link VersionedRiskState#mark} step for step: advance
 * to {@code now}, answer a remembered client order id with its original decision, evaluate, latch, apply and mark,
 * remember. {@code SingleWriterRiskAccountTest} replays random histories through this and through
 * {@link InMemoryRiskState} and compares every decision, update and snapshot.
 *
 * <p>Like {@link VersionedRiskState}, its {@code RiskState} operations ({@link #submit}, {@link #mark}, the kill
 * switch) never throw: a missing argument is an {@code invalid_request}, an exception
 * inside a step (only arithmetic overflow near {@code 2^62} micro-units can raise one) is
 * {@code risk_state_unavailable}. Unlike it, such a step may leave part of its change behind (there is no snapshot
 * to discard); values that large do not occur in a backtest.
 *
 * <p>Not thread-safe: one thread owns it (the backtest engine's replay).
 */
public final class SingleWriterRiskAccount implements RiskAccountView {

  /** Entries of the symbol-instance cache (a power of two). */
  private static final int SLOT_CACHE = 1024;

  private final String account;
  private LocalDate tradingDay = AccountRiskState.NO_TRADING_DAY;
  private long realized;
  private KillSwitch killSwitch = KillSwitch.NEVER_ENGAGED;

  /** Per-symbol slots, in the order symbols were first seen. */
  private final HashMap<Symbol, Integer> slots = new HashMap<>();
  private Symbol[] symbolOf = new Symbol[16];
  private long[] quantity = new long[16];
  private long[] cost = new long[16];
  private long[] markMicros = new long[16];
  /** Null while the symbol has no mark. */
  private Instant[] markAsOf = new Instant[16];
  private int slotCount;
  /**
   * A direct-mapped cache in front of {@link #slots}, keyed by the symbol instance: a hit compares references and
   * never reads the symbol's text (a backtest passes the same few instances for every order, and the hash map's
   * {@code hashCode} and {@code equals} on them were a cache miss each). Bounded: a new instance replaces whichever
   * shared its entry.
   */
  private final Symbol[] cachedSymbol = new Symbol[SLOT_CACHE];
  private final int[] cachedSlot = new int[SLOT_CACHE];

  /** Held symbols without a mark. */
  private int unmarkedHeld;
  /** {@link HoldingsValuation}'s sums over the held symbols: exact while {@link #sumsExact}. */
  private long market;
  private long gross;
  private long costSum;
  private long absoluteCost;
  private boolean sumsExact = true;

  /** Accepted-order times, ascending. */
  private final TimeOrdered<Instant> times = new TimeOrdered<>(at -> at);

  /**
   * Remembered client order ids: when each was seen and the order and decision a replay of it is answered with; {@link
   * #seen} holds the same entries in time order. One entry per id in both (an id is remembered only when it is not).
   */
  private final HashMap<String, Seen> ids = new HashMap<>();
  private final TimeOrdered<Seen> seen = new TimeOrdered<>(Seen::at);

  /**
   * The arguments of the last {@link #advancedTo}, compared by reference (a backtest passes one instant per bar time
   * and one limits object): advancing again to them is skipped.
   */
  private Instant advancedNow;
  private RiskLimits advancedLimits;

  /**
   * The last two {@code now.minus(duration)} asked for, keyed by the instant and duration objects: each order asks for
   * the order-rate window's start and, twice, the client order id retention's at its instant, and a backtest places
   * several orders per bar time.
   */
  private Instant cutoffNow;
  private Duration cutoffDuration;
  private Instant cutoff;
  private Instant olderCutoffNow;
  private Duration olderCutoffDuration;
  private Instant olderCutoff;

  private record Seen(Instant at, String id, OrderIntent order, RiskDecision decision) {
  }

  public SingleWriterRiskAccount(String account) {
    OrderIntent.requireId("account", account);
    this.account = account;
  }

  @Override
  public String account() {
    return account;
  }

  @Override
  public LocalDate tradingDay() {
    return tradingDay;
  }

  @Override
  public KillSwitch killSwitch() {
    return killSwitch;
  }

  public boolean killSwitchEngaged() {
    return killSwitch.engaged();
  }

  /** {@link RiskState#submit} for this account. */
  public RiskDecision submit(OrderIntent order, Optional<ReferencePrice> reference, RiskLimits limits, Instant now) {
    String id = order == null ? "" : order.clientOrderId();
    if (order == null || reference == null || limits == null || now == null) {
      return RiskDecision.invalidRequest(id, "missing " + (order == null ? "order" : reference == null
          ? "reference price (use Optional.empty())" : limits == null ? "risk limits" : "now"));
    }
    if (!order.account().equals(account)) {
      return RiskDecision.invalidRequest(id, "order of account " + order.account() + " sent to the risk state of "
          + account);
    }
    try {
      // Remembered after advancing to now exactly when seen within the retention. A replay changes nothing, not
      // even the advance (the versioned state writes nothing then), so it is answered first.
      Seen original = remembered(id, now, limits.clientOrderIdRetention());
      if (original != null) {
        return VersionedRiskState.replay(order, new RememberedDecision(original.order, original.decision),
            original.at);
      }
      advancedTo(now, limits);
      RiskVerdict verdict = PreTradeRiskChecks.evaluate(order, this, reference, limits, now);
      RiskDecision decision = RiskDecision.of(id, verdict);
      if (verdict.killSwitchTrigger().isPresent()) {
        engage(verdict.killSwitchTrigger().get(), now);
      }
      if (decision.accepted()) {
        ReferencePrice mark = reference.orElseThrow();
        apply(order, now);
        int slot = slot(order.symbol());
        if (markAsOf[slot] == null || !markAsOf[slot].isAfter(mark.asOf())) {
          setMark(slot, Money.unitsToMicros(mark.price()), mark.asOf());
        }
      }
      remember(id, now, order, decision);
      return decision;
    } catch (RuntimeException e) {
      return RiskDecision.unavailable(id, VersionedRiskState.describe(e));
    }
  }

  /** {@link RiskState#mark} for this account. */
  public RiskStateUpdate mark(Symbol symbol, double price, Instant asOf, RiskLimits limits) {
    return mark(symbol, price, asOf, limits, true);
  }

  /**
   * {@link #mark}, the same transition and the same update, except that an applied mark that engages nothing
   * carries the detail {@value #UNRECORDED_DETAIL} instead of its text (one of two shared updates). For a caller
   * that reads only the outcome: a backtest marks tens of thousands of times, and formatting the symbol, the price
   * and the instant of each was most of a mark's cost.
   */
  public RiskStateUpdate markWithoutDetail(Symbol symbol, double price, Instant asOf, RiskLimits limits) {
    return mark(symbol, price, asOf, limits, false);
  }

  /** The detail of an applied update from {@link #markWithoutDetail}. */
  public static final String UNRECORDED_DETAIL = "applied (detail not recorded)";

  private static final RiskStateUpdate APPLIED_UNRECORDED = new RiskStateUpdate(true, RiskStateUpdate.APPLIED,
      UNRECORDED_DETAIL, false);
  private static final RiskStateUpdate APPLIED_UNRECORDED_ENGAGED = new RiskStateUpdate(true,
      RiskStateUpdate.APPLIED, UNRECORDED_DETAIL, true);

  private RiskStateUpdate mark(Symbol symbol, double price, Instant asOf, RiskLimits limits, boolean withDetail) {
    if (symbol == null || asOf == null || limits == null) {
      return RiskStateUpdate.invalid("missing account, symbol, time or limits", killSwitch.engaged());
    }
    long micros;
    try {
      micros = Money.unitsToMicros(price);
    } catch (IllegalArgumentException e) {
      micros = 0;
    }
    if (micros <= 0) {
      return RiskStateUpdate.invalid("mark price of " + symbol + " is not a positive finite number: " + price,
          killSwitch.engaged());
    }
    try {
      rollToDayOf(asOf, limits.tradingDayZone());
      int slot = slot(symbol);
      Instant current = markAsOf[slot];
      if (current != null && current.isAfter(asOf)) {
        return VersionedRiskState.olderMark(symbol, asOf, current, killSwitch.engaged());
      }
      setMark(slot, micros, asOf);
      if (!withDetail && dailyPnlAboveLimit(limits)) {
        return killSwitch.engaged() ? APPLIED_UNRECORDED_ENGAGED : APPLIED_UNRECORDED;
      }
      Optional<Money> pnl = dailyPnl();
      String detail = symbol + " marked at " + Money.ofMicros(micros) + " as of " + asOf;
      if (pnl.isPresent() && pnl.get().compareTo(limits.maxDailyLoss().negate()) <= 0) {
        String trigger = PreTradeRiskChecks.dailyLossTrigger(tradingDay, pnl.get(), limits);
        engage(trigger, asOf);
        detail += "; " + trigger;
      }
      return new RiskStateUpdate(true, RiskStateUpdate.APPLIED, detail, killSwitch.engaged());
    } catch (RuntimeException e) {
      return RiskStateUpdate.unavailable(VersionedRiskState.describe(e));
    }
  }

  /** {@link RiskState#engageKillSwitch} for this account. */
  public RiskStateUpdate engageKillSwitch(String reason, Instant now) {
    if (reason == null || reason.isBlank() || now == null) {
      return RiskStateUpdate.invalid("missing account, reason or time", killSwitch.engaged());
    }
    if (killSwitch.engaged()) {
      return new RiskStateUpdate(true, RiskStateUpdate.ALREADY_ENGAGED,
          "engaged since " + killSwitch.since() + " (" + killSwitch.reason() + ")", true);
    }
    engage(reason, now);
    return new RiskStateUpdate(true, RiskStateUpdate.APPLIED, "engaged: " + reason, true);
  }

  /** {@link RiskState#resetKillSwitch} for this account. */
  public RiskStateUpdate resetKillSwitch(String actor, Instant now) {
    if (actor == null || actor.isBlank() || now == null) {
      return RiskStateUpdate.invalid("missing account, actor or time", killSwitch.engaged());
    }
    if (!killSwitch.engaged()) {
      return new RiskStateUpdate(true, RiskStateUpdate.NOT_ENGAGED, "was not engaged", false);
    }
    killSwitch = new KillSwitch(false, "reset by " + actor, now);
    return new RiskStateUpdate(true, RiskStateUpdate.APPLIED, "reset by " + actor, false);
  }

  /**
   * Releases {@code unfilled} shares of an accepted order ({@code side}, decision price {@code price}) that will
   * never fill, at {@code now}: the account is rolled to the trading day of {@code now} and the unfilled quantity is
   * applied in reverse at the decision price ({@link AccountRiskState#applyToHolding}); the marks, the throttle's
   * order times and the remembered client order ids stay as they are. Pre-trade risk counts accepted orders as if
   * filled (see {@link AccountRiskState}); this is how a backtest's execution side hands back what did not fill.
   *
   * @throws IllegalArgumentException for a quantity that is not positive or a price that is not a positive finite
   *     number
   */
  public void release(Symbol symbol, Side side, long unfilled, double price, Instant now, ZoneId tradingDayZone) {
    if (unfilled <= 0) {
      throw new IllegalArgumentException("release of " + unfilled + " shares of " + symbol + ": must be positive");
    }
    long micros = Money.unitsToMicros(price);
    if (micros <= 0) {
      throw new IllegalArgumentException("release price must be positive: " + price);
    }
    rollToDayOf(now, tradingDayZone);
    int slot = slot(symbol);
    long reverse = side == Side.BUY ? -unfilled : unfilled;
    long[] next = AccountRiskState.applyToHolding(quantity[slot], cost[slot], realized, reverse, micros);
    setHolding(slot, next[0], next[1]);
    realized = next[2];
  }

  // ---- RiskAccountView: what the checks read ----

  @Override
  public SingleWriterRiskAccount advancedTo(Instant now, RiskLimits limits) {
    if (now == advancedNow && limits == advancedLimits) {
      // Advanced to this instant with these limits already: the day is its day, and whatever was recorded since is
      // at this instant, inside the (positive) window and retention, so nothing more expires.
      return this;
    }
    rollToDayOf(now, limits.tradingDayZone());
    prune(now, limits.orderRateWindow(), limits.clientOrderIdRetention());
    advancedNow = now;
    advancedLimits = limits;
    return this;
  }

  @Override
  public long positionOf(Symbol symbol) {
    int slot = slotOf(symbol);
    return slot < 0 ? 0 : quantity[slot];
  }

  @Override
  public long grossExposureExcept(Symbol symbol) {
    if (!sumsUsable()) {
      return snapshot().grossExposureExcept(symbol);
    }
    int slot = slotOf(symbol);
    long ownValue = slot < 0 || quantity[slot] == 0 ? 0 : Math.multiplyExact(quantity[slot], markMicros[slot]);
    return gross - Math.abs(ownValue);
  }

  /**
   * Whether {@link #dailyPnl()} is known and above {@code -maxDailyLoss} (the mark's latch does not fire), from the
   * running sums without building a {@link Money} where they are usable; otherwise as {@code mark} decides it.
   */
  private boolean dailyPnlAboveLimit(RiskLimits limits) {
    if (sumsUsable() && realized > -HoldingsValuation.BOUND && realized < HoldingsValuation.BOUND) {
      return realized + market - costSum > Math.negateExact(limits.maxDailyLoss().micros());
    }
    Optional<Money> pnl = dailyPnl();
    return pnl.isPresent() && pnl.get().compareTo(limits.maxDailyLoss().negate()) > 0;
  }

  @Override
  public Optional<Money> dailyPnl() {
    if (sumsUsable() && realized > -HoldingsValuation.BOUND && realized < HoldingsValuation.BOUND) {
      return Optional.of(Money.ofMicros(realized + market - costSum));
    }
    return snapshot().dailyPnl();
  }

  @Override
  public Optional<Symbol> firstUnmarkedHolding() {
    return unmarkedHeld == 0 ? Optional.empty() : snapshot().firstUnmarkedHolding();
  }

  @Override
  public int ordersInWindow(Instant now, Duration window) {
    return times.size() - times.firstAfter(cutoff(now, window));
  }

  @Override
  public Instant seenAt(String clientOrderId, Instant now, Duration retention) {
    Seen entry = remembered(clientOrderId, now, retention);
    return entry == null ? null : entry.at;
  }

  /** The id's entry when it was seen within {@code retention} before {@code now}, else null. */
  private Seen remembered(String clientOrderId, Instant now, Duration retention) {
    Seen entry = ids.get(clientOrderId);
    return entry != null && entry.at.isAfter(cutoff(now, retention)) ? entry : null;
  }

  /**
   * This account as an immutable {@link AccountRiskState}: equal to the one {@link InMemoryRiskState} holds after
   * the same calls. Built on each call (O(symbols + remembered ids)).
   */
  public AccountRiskState snapshot() {
    TreeMap<Symbol, Holding> holdings = new TreeMap<>();
    TreeMap<Symbol, Mark> marks = new TreeMap<>();
    for (int s = 0; s < slotCount; s++) {
      if (quantity[s] != 0) {
        holdings.put(symbolOf[s], new Holding(quantity[s], Money.ofMicros(cost[s])));
      }
      if (markAsOf[s] != null) {
        marks.put(symbolOf[s], new Mark(Money.ofMicros(markMicros[s]), markAsOf[s]));
      }
    }
    return new AccountRiskState(account, tradingDay, Money.ofMicros(realized), holdings, marks,
        times.toList(), idTimes(), killSwitch);
  }

  private TreeMap<String, Instant> idTimes() {
    TreeMap<String, Instant> out = new TreeMap<>();
    ids.forEach((id, entry) -> out.put(id, entry.at));
    return out;
  }

  // ---- transitions ----

  private void engage(String reason, Instant at) {
    if (!killSwitch.engaged()) {
      killSwitch = new KillSwitch(true, reason, at);
    }
  }

  /** {@link AccountRiskState#rollToDayOf}: a new day zeroes the realized P&amp;L and re-strikes marked costs. */
  private void rollToDayOf(Instant instant, ZoneId zone) {
    long epochDay = AccountRiskState.epochDayOf(instant, zone);
    if (!AccountRiskState.isLaterDay(epochDay, tradingDay)) {
      return;
    }
    LocalDate day = LocalDate.ofEpochDay(epochDay);
    long[] restruck = new long[slotCount];
    for (int s = 0; s < slotCount; s++) {
      restruck[s] = quantity[s] != 0 && markAsOf[s] != null ? Math.multiplyExact(markMicros[s], quantity[s]) : cost[s];
    }
    System.arraycopy(restruck, 0, cost, 0, slotCount);
    if (unmarkedHeld == 0 && sumsExact) {
      costSum = market;
      absoluteCost = gross;
    } else {
      recomputeSums();
    }
    realized = 0;
    tradingDay = day;
  }

  /** {@code now.minus(duration)}, from the last two such answers when they were for these objects. */
  private Instant cutoff(Instant now, Duration duration) {
    if (now == cutoffNow && duration == cutoffDuration) {
      return cutoff;
    }
    if (now == olderCutoffNow && duration == olderCutoffDuration) {
      return olderCutoff;
    }
    Instant computed = now.minus(duration);
    olderCutoffNow = cutoffNow;
    olderCutoffDuration = cutoffDuration;
    olderCutoff = cutoff;
    cutoffNow = now;
    cutoffDuration = duration;
    cutoff = computed;
    return computed;
  }

  /** {@link AccountRiskState#prune}: order times outside the window and expired client order ids are dropped. */
  private void prune(Instant now, Duration orderRateWindow, Duration clientOrderIdRetention) {
    times.dropFirst(times.firstAfter(cutoff(now, orderRateWindow)));
    Instant idExpiry = cutoff(now, clientOrderIdRetention);
    int expired = seen.firstAfter(idExpiry);
    for (int k = 0; k < expired; k++) {
      Seen entry = seen.get(k);
      // An id remembered again later has a later entry; this older one no longer maps to it.
      if (ids.get(entry.id) == entry) {
        ids.remove(entry.id);
      }
    }
    seen.dropFirst(expired);
  }

  /**
   * {@link AccountRiskState#apply}: position and realized P&amp;L and the order time ({@link #submit} remembers the
   * client order id, with the decision).
   */
  private void apply(OrderIntent order, Instant acceptedAt) {
    long price = Money.unitsToMicros(order.price());
    if (price <= 0) {
      throw new IllegalArgumentException("order price must be positive: " + order.price());
    }
    int slot = slot(order.symbol());
    long[] next = AccountRiskState.applyToHolding(quantity[slot], cost[slot], realized, order.signedQuantity(), price);
    setHolding(slot, next[0], next[1]);
    realized = next[2];
    times.insert(acceptedAt);
  }

  /** Remembers a decided order's client order id (accepted or not) with its decision, for replays. */
  private void remember(String clientOrderId, Instant at, OrderIntent order, RiskDecision decision) {
    Seen entry = new Seen(at, clientOrderId, order, decision);
    ids.put(clientOrderId, entry);
    seen.insert(entry);
  }

  /**
   * Items in ascending time order in {@code items[from, to)} of a growable array: inserted in order (at the end, as
   * times almost always come), dropped from the front as they expire. The accepted-order times and the remembered
   * ids' expiry order.
   */
  private static final class TimeOrdered<T> {
    private final Function<T, Instant> timeOf;
    private Object[] items = new Object[64];
    private int from;
    private int to;

    TimeOrdered(Function<T, Instant> timeOf) {
      this.timeOf = timeOf;
    }

    int size() {
      return to - from;
    }

    @SuppressWarnings("unchecked")
    T get(int index) {
      return (T) items[from + index];
    }

    void insert(T item) {
      if (to == items.length) {
        int live = to - from;
        Object[] next = live * 2 + 16 <= items.length ? items : new Object[live * 2 + 16];
        System.arraycopy(items, from, next, 0, live);
        if (next == items) {
          Arrays.fill(items, live, to, null);
        }
        items = next;
        from = 0;
        to = live;
      }
      Instant at = timeOf.apply(item);
      int slot = to;
      while (slot > from && timeAt(slot - 1).isAfter(at)) {
        slot--;
      }
      System.arraycopy(items, slot, items, slot + 1, to - slot);
      items[slot] = item;
      to++;
    }

    /** The index of the first item after {@code cutoff}; {@link #size()} when there is none. */
    int firstAfter(Instant cutoff) {
      int low = 0;
      int high = size();
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (!timeAt(from + mid).isAfter(cutoff)) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }

    @SuppressWarnings("unchecked")
    private Instant timeAt(int slot) {
      return timeOf.apply((T) items[slot]);
    }

    void dropFirst(int count) {
      Arrays.fill(items, from, from + count, null);
      from += count;
    }

    @SuppressWarnings("unchecked")
    List<T> toList() {
      return (List<T>) List.of(Arrays.copyOfRange(items, from, to));
    }
  }

  /** Sets a symbol's holding, keeping the running sums. */
  private void setHolding(int slot, long newQuantity, long newCost) {
    boolean marked = markAsOf[slot] != null;
    subtractTerms(slot);
    if (!marked) {
      unmarkedHeld += (newQuantity != 0 ? 1 : 0) - (quantity[slot] != 0 ? 1 : 0);
    }
    quantity[slot] = newQuantity;
    cost[slot] = newQuantity == 0 ? 0 : newCost;
    addTerms(slot);
  }

  /** {@link AccountRiskState#mark} without the age test (the callers make it). */
  private void setMark(int slot, long micros, Instant asOf) {
    if (quantity[slot] != 0 && markAsOf[slot] == null) {
      unmarkedHeld--;
    }
    subtractTerms(slot);
    markMicros[slot] = micros;
    markAsOf[slot] = asOf;
    addTerms(slot);
  }

  private void subtractTerms(int slot) {
    terms(slot, -1);
  }

  private void addTerms(int slot) {
    terms(slot, 1);
  }

  /** Adds ({@code sign} 1) or removes (-1) a held symbol's terms of the sums; overflow makes them inexact. */
  private void terms(int slot, int sign) {
    long q = quantity[slot];
    if (q == 0 || !sumsExact) {
      return;
    }
    try {
      long c = cost[slot];
      costSum = Math.addExact(costSum, sign * c);
      absoluteCost = Math.addExact(absoluteCost, sign * Math.absExact(c));
      if (markAsOf[slot] != null) {
        long value = Math.multiplyExact(q, markMicros[slot]);
        market = Math.addExact(market, sign * value);
        gross = Math.addExact(gross, sign * Math.absExact(value));
      }
    } catch (ArithmeticException e) {
      sumsExact = false;
    }
  }

  /** The sums by a walk over the held symbols; inexact when a term or a sum overflows. */
  private void recomputeSums() {
    market = 0;
    gross = 0;
    costSum = 0;
    absoluteCost = 0;
    sumsExact = true;
    for (int s = 0; s < slotCount && sumsExact; s++) {
      addTerms(s);
    }
  }

  /** {@link HoldingsValuation#usable}: every holding marked and the sums exact and within its bound. */
  private boolean sumsUsable() {
    if (!sumsExact) {
      recomputeSums();
    }
    return unmarkedHeld == 0 && sumsExact && gross >= 0 && absoluteCost >= 0 && gross <= HoldingsValuation.BOUND
        && absoluteCost <= HoldingsValuation.BOUND - gross;
  }

  /** The symbol's slot, or -1 when it has none. */
  private int slotOf(Symbol symbol) {
    if (symbol == null) {
      return -1;
    }
    int entry = System.identityHashCode(symbol) & (SLOT_CACHE - 1);
    if (cachedSymbol[entry] == symbol) {
      return cachedSlot[entry];
    }
    Integer slot = slots.get(symbol);
    if (slot == null) {
      return -1;
    }
    cachedSymbol[entry] = symbol;
    cachedSlot[entry] = slot;
    return slot;
  }

  private int slot(Symbol symbol) {
    int known = slotOf(symbol);
    if (known >= 0) {
      return known;
    }
    if (symbol == null) {
      throw new IllegalArgumentException("symbol must not be null");
    }
    if (slotCount == symbolOf.length) {
      int size = slotCount * 2;
      symbolOf = Arrays.copyOf(symbolOf, size);
      quantity = Arrays.copyOf(quantity, size);
      cost = Arrays.copyOf(cost, size);
      markMicros = Arrays.copyOf(markMicros, size);
      markAsOf = Arrays.copyOf(markAsOf, size);
    }
    int slot = slotCount++;
    symbolOf[slot] = symbol;
    slots.put(symbol, slot);
    return slot;
  }

  @Override
  public String toString() {
    return "SingleWriterRiskAccount[" + account + ", " + tradingDay + ", " + slotCount + " symbols, "
        + times.size() + " order times, " + ids.size() + " client order ids]";
  }
}
