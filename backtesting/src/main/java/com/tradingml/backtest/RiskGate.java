package com.tradingml.backtest;

import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.AccountRiskState;
import com.tradingml.core.risk.KillSwitch;
import com.tradingml.core.risk.OrderIntent;
import com.tradingml.core.risk.PreTradeRiskChecks;
import com.tradingml.core.risk.ReferencePrice;
import com.tradingml.core.risk.RiskCheck;
import com.tradingml.core.risk.RiskDecision;
import com.tradingml.core.risk.RiskLimits;
import com.tradingml.core.risk.RiskStateUpdate;
import com.tradingml.core.risk.SingleWriterRiskAccount;
import com.tradingml.core.risk.Side;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The engine's side of core's risk gate: one {@link SingleWriterRiskAccount} (core's pre-trade checks and risk-state
 * transitions, the same as serving's versioned state gives for an account with one writer, without its per-order
 * snapshots and compare-and-set) configured with the backtest's {@link RiskLimits}, fed orders, marks and cancels
 * in replay order with the replay's clock.
 *
 * <p><b>Orders</b> go through {@link SingleWriterRiskAccount#submit} exactly as serving sends them to its risk
 * state: the decision price and the reference price are the signal bar's close, {@code now} its timestamp.
 *
 * <p><b>Marks</b> ({@link RiskMarking}): with {@code EVERY_BAR} each bar's close is marked, as serving's bar
 * stream does. With {@code ON_DEMAND} the gate shadows the account's day P&amp;L at the latest prices (doubles,
 * compared with a conservative {@link #margin()}) and what the risk state holds (its marks and positions), and pushes
 * marks only where a decision or a recorded text can depend on them, so that everything equals the every-bar run:
 * <ol>
 *   <li>on a bar where the shadow day P&amp;L comes within the margin of {@code -maxDailyLoss}: first every pending
 *       mark with this bar's symbol at its previous close (the state every-bar marking held before this bar, whose
 *       P&amp;L was above the limit), then this bar's mark, which latches exactly when and with the P&amp;L it would
 *       there;
 *   <li>before an order, all pending marks unless the daily-loss check (at the risk state's marks now and after the
 *       submit marks the order's symbol) and the gross-exposure check pass with a margin both at the risk state's marks
 *       and at the latest prices (a rejection's detail quotes those values, so a failing check always sees fresh
 *       marks); far from both limits a bound on the held symbols' values settles this without walking them;
 *   <li>before a cancel (rare), all pending marks;
 *   <li>at a day change, the day's last prices of the held symbols are kept ("carried") and pushed, as of the day's
 *       last bar time, before the next risk-state call, so the risk state's day roll re-strikes the day cost at
 *       exactly the marks every-bar marking would have left; pushed at once when the gap between the risk state's
 *       marks and those prices is within the margin of the limit (the roll over older marks could latch falsely
 *       otherwise).
 * </ol>
 * Hence the risk state never holds older marks while its own day P&amp;L is within the margin of the limit. Each push
 * sends the favourable moves first, then the adverse ones, so the risk state's P&amp;L passes no value below
 * {@code min(start, end)} and cannot latch on an intermediate state. Marks of symbols the state does not hold are
 * never read by a check (gross exposure sums held symbols; the order's own symbol uses its reference price), so
 * they are not pushed. The randomized {@code RiskMarkingEquivalenceIT} compares both modes order by order.
 *
 * <p><b>Cancels</b>: pre-trade risk counts accepted orders as if filled at their decision price; the package
 * leaves fills to the execution side. When part of an accepted order does not fill (participation cap, no next
 * bar), the unfilled shares are released here ({@link SingleWriterRiskAccount#release}): the account is brought to
 * the cancel's trading day and the unfilled quantity is applied in reverse at the order's decision price (the same
 * {@code AccountRiskState} arithmetic), keeping the throttle's order times and the remembered client order ids
 * unchanged. Positions then agree with the fills; the day P&amp;L is the one the risk state would have had with the
 * smaller order.
 *
 * <p>Not thread-safe: one per run.
 */
final class RiskGate {

  private static final long MICROS_PER_DAY_MAX = 90_000_000_000L;

  private final SingleWriterRiskAccount state;
  private final RiskLimits limits;
  private final String account;
  private final boolean everyBar;
  private final Symbol[] symbols;
  private final ZoneId zone;
  private final double maxLoss;
  private final double maxGross;

  private final long[] riskQty;
  private final double[] lastPrice;
  private final double[] storeMark;
  private final boolean[] dirty;
  private final int[] dirtyList;
  private int dirtyCount;
  private final boolean[] carried;
  private final double[] carriedPrice;
  private final int[] carriedList;
  private int carriedCount;
  private long carriedAsOf;
  private final int[] heldList;
  private final int[] heldSlot;
  private int heldCount;

  private double dayPnl;
  /** {@code -maxDailyLoss + margin()}, kept current as the margin's inputs change. */
  private double threshold;
  private long absQty;
  private double maxPrice;
  private boolean latched;
  private long nextDayStart = Long.MIN_VALUE;
  private long lastEventTime = Long.MIN_VALUE;

  long marksSent;
  long storeNanos;

  /** The instant of {@link #instantTime}: most orders and marks come several to a bar time. */
  private Instant instant;
  private long instantTime = Long.MIN_VALUE;

  RiskGate(BacktestConfig config, Symbol[] symbols) {
    this.limits = config.riskLimits();
    this.account = config.account();
    this.state = new SingleWriterRiskAccount(account);
    this.everyBar = config.riskMarking() == RiskMarking.EVERY_BAR;
    this.symbols = symbols;
    this.zone = limits.tradingDayZone();
    this.maxLoss = limits.maxDailyLoss().toUnits();
    this.maxGross = limits.maxGrossExposure().toUnits();
    int n = symbols.length;
    riskQty = new long[n];
    lastPrice = new double[n];
    storeMark = new double[n];
    dirty = new boolean[n];
    dirtyList = new int[n];
    carried = new boolean[n];
    carriedPrice = new double[n];
    carriedList = new int[n];
    heldList = new int[n];
    heldSlot = new int[n];
    threshold = -maxLoss + margin();
  }

  /** Called with each distinct bar time, before anything else happens at it. */
  void onTime(long t) {
    if (t >= nextDayStart) {
      if (nextDayStart != Long.MIN_VALUE) {
        onNewDay();
      }
      nextDayStart = nextDayStart(t);
    }
    lastEventTime = t;
  }

  private long nextDayStart(long t) {
    LocalDate day = LocalDate.ofInstant(Bar.instantOfMicros(t), zone);
    Instant next = day.plusDays(1).atStartOfDay(zone).toInstant();
    long micros = Math.multiplyExact(next.getEpochSecond(), 1_000_000L);
    if (micros <= t || micros - t > MICROS_PER_DAY_MAX) {
      throw new IllegalStateException("cannot find the next trading day after " + Bar.instantOfMicros(t));
    }
    return micros;
  }

  private void onNewDay() {
    if (everyBar) {
      return;
    }
    if (dirtyCount > 0) {
      if (!latched && gap() <= -maxLoss + margin()) {
        flushCarried();
        flushDirty(lastEventTime);
      } else {
        for (int k = 0; k < dirtyCount; k++) {
          int s = dirtyList[k];
          dirty[s] = false;
          carriedPrice[s] = lastPrice[s];
          if (!carried[s]) {
            carried[s] = true;
            carriedList[carriedCount++] = s;
          }
        }
        dirtyCount = 0;
        carriedAsOf = lastEventTime;
      }
    }
    dayPnl = 0;
  }

  /**
   * The close of symbol {@code s} at {@code t} (after this bar's fills, before the strategy sees it), as
   * {@code closeMicros x 1e-6}: the same micro-units the risk state converts any rendering of the close to.
   */
  void onBar(int s, double price, long t) {
    if (everyBar) {
      lastPrice[s] = price;
      send(s, price, t);
      return;
    }
    // Whether the symbol is held changes from one symbol to the next in the replay, a branch the CPU mispredicts
    // often; so the P&L term is added unconditionally (a flat symbol adds a zero, which changes no comparison) and
    // the one remaining branch tests "held and not yet pending", rarely true.
    long q = riskQty[s];
    dayPnl += q * (price - lastPrice[s]);
    if (q != 0 & !dirty[s]) {
      dirty[s] = true;
      dirtyList[dirtyCount++] = s;
    }
    if (price > maxPrice) {
      maxPrice = price;
      threshold = -maxLoss + margin();
    }
    if (dayPnl <= threshold && !latched) {
      // First the state every-bar marking held before this bar (its P&L was above the limit, or the latch would
      // have engaged then: nothing latches on the way), then this bar's mark, which latches exactly as it would
      // there, with the same P&L in its reason.
      flushCarried();
      flushDirty(t);
      lastPrice[s] = price;
      send(s, price, t);
      return;
    }
    lastPrice[s] = price;
  }

  /** How close to a limit a shadow value may come before the risk state is brought up to date. */
  private double margin() {
    return 1e-3 + absQty * (2e-6 + 1e-12 * maxPrice);
  }

  /** {@code sum over held symbols of q x (latest price - store's mark)}: fresh day P&amp;L minus the store's. */
  private double gap() {
    double gap = 0;
    for (int k = 0; k < heldCount; k++) {
      int s = heldList[k];
      gap += riskQty[s] * (lastPrice[s] - storeMark[s]);
    }
    return gap;
  }

  /**
   * Whether the order's daily-loss or gross-exposure check, or the latch the submit may engage, could come out
   * differently at the risk state's marks than at the latest prices.
   */
  private boolean needsFreshMarks(int o, long signedQty, double price) {
    if (dirtyCount == 0) {
      return false;
    }
    double margin = margin();
    if (farFromLimits(o, signedQty, price, margin)) {
      return false;
    }
    double gap = gap();
    double own = riskQty[o] * (lastPrice[o] - storeMark[o]);
    // The store's day P&L now (the checks read it) and after the submit marks the order's symbol (the next mark
    // call's latch reads that): both must be clear of the limit, or the risk state is brought up to date first.
    double stalePnl = dayPnl - gap;
    double staleAfter = dayPnl - (gap - own);
    if (Math.min(dayPnl, Math.min(stalePnl, staleAfter)) <= -maxLoss + margin) {
      return true;
    }
    long position = riskQty[o];
    if (PreTradeRiskChecks.isRiskReducing(position, signedQty)) {
      return false;
    }
    double fresh = 0;
    double stale = 0;
    for (int k = 0; k < heldCount; k++) {
      int s = heldList[k];
      if (s != o) {
        long q = Math.abs(riskQty[s]);
        fresh += q * lastPrice[s];
        stale += q * storeMark[s];
      }
    }
    double after = Math.abs((double) position + signedQty) * price;
    double grossMargin = margin + 1e-9 * (fresh + stale + after);
    // Skip the marks only when the check passes either way: a rejection's logged detail quotes the exposure, which
    // must be the one every-bar marking would show.
    return !(fresh + after <= maxGross - grossMargin && stale + after <= maxGross - grossMargin);
  }

  /**
   * Whether both tests of {@link #needsFreshMarks} come out clear whatever the held symbols' prices, decided by a
   * bound instead of walks over them: every price the gate has seen, hence every latest price and every store
   * mark, is at most {@code maxPrice}, so {@code B = sum |q| x maxPrice} bounds the gap, the order's own term and
   * both gross sums. With {@code B} in their place (and a relative slack of 1e-6, far above the rounding of the
   * sums) the daily-loss test is clear and the gross-exposure test passes at either set of marks. Sound, not
   * exact: when it answers false the walks decide. A portfolio far from its limits then costs O(1) per order.
   */
  private boolean farFromLimits(int o, long signedQty, double price, double margin) {
    double bound = absQty * maxPrice * (1 + 1e-6);
    double lossSlack = 1e-6 * (Math.abs(dayPnl) + maxLoss + bound);
    if (!(dayPnl - 2 * bound - lossSlack > -maxLoss + margin)) {
      return false;
    }
    if (PreTradeRiskChecks.isRiskReducing(riskQty[o], signedQty)) {
      return true;
    }
    double after = Math.abs((double) riskQty[o] + signedQty) * price;
    double gross = bound + after;
    double grossMargin = margin + 1e-9 * (2 * bound + after);
    return gross + grossMargin + 1e-6 * (maxGross + gross) <= maxGross;
  }

  /** Pushes the carried end-of-day marks, as of the previous day's last bar. */
  private void flushCarried() {
    if (carriedCount > 0) {
      sendGroup(carriedList, carriedCount, carriedPrice, carriedAsOf);
      for (int k = 0; k < carriedCount; k++) {
        carried[carriedList[k]] = false;
      }
      carriedCount = 0;
    }
  }

  /** Pushes today's pending marks as of {@code now}. */
  private void flushDirty(long now) {
    if (dirtyCount > 0) {
      sendGroup(dirtyList, dirtyCount, lastPrice, now);
      for (int k = 0; k < dirtyCount; k++) {
        dirty[dirtyList[k]] = false;
      }
      dirtyCount = 0;
    }
  }

  /** Favourable moves first, then adverse ones: the risk state's P&amp;L stays within [min(start, end), ...]. */
  private void sendGroup(int[] list, int count, double[] prices, long asOf) {
    for (int pass = 0; pass < 2; pass++) {
      for (int k = 0; k < count; k++) {
        int s = list[k];
        if (prices[s] == storeMark[s]) {
          continue;
        }
        double move = riskQty[s] * (prices[s] - storeMark[s]);
        if ((pass == 0) == (move >= 0)) {
          send(s, prices[s], asOf);
        }
      }
    }
  }

  private void send(int s, double price, long asOf) {
    long start = System.nanoTime();
    RiskStateUpdate update = state.markWithoutDetail(symbols[s], price, instantOf(asOf), limits);
    storeNanos += System.nanoTime() - start;
    marksSent++;
    latched |= update.killSwitchEngaged();
    if (!update.applied() && !RiskStateUpdate.OLDER_THAN_CURRENT_MARK.equals(update.reason())) {
      throw new IllegalStateException("the risk state refused the mark of " + symbols[s] + " at " + price + ": "
          + update.reason() + " (" + update.detail() + ")");
    }
    storeMark[s] = price;
  }

  private void setQuantity(int s, long quantity) {
    long before = riskQty[s];
    riskQty[s] = quantity;
    absQty += Math.abs(quantity) - Math.abs(before);
    threshold = -maxLoss + margin();
    if (before == 0 && quantity != 0) {
      heldSlot[s] = heldCount;
      heldList[heldCount++] = s;
    } else if (before != 0 && quantity == 0) {
      int slot = heldSlot[s];
      int last = heldList[--heldCount];
      heldList[slot] = last;
      heldSlot[last] = slot;
    }
  }

  /** Submits an order through the risk state, as serving does; returns the decision. */
  RiskDecision submit(int s, Side side, long quantity, double price, long t, String clientOrderId) {
    if (!everyBar) {
      flushCarried();
      if (needsFreshMarks(s, side.signed(quantity), price)) {
        flushDirty(t);
      }
    }
    Instant now = instantOf(t);
    OrderIntent order = new OrderIntent(clientOrderId, account, symbols[s], side, quantity, price, now);
    long start = System.nanoTime();
    RiskDecision decision = state.submit(order, Optional.of(ReferencePrice.of(price, now)), limits, now);
    storeNanos += System.nanoTime() - start;
    if (decision.accepted()) {
      setQuantity(s, Math.addExact(riskQty[s], side.signed(quantity)));
      // The submit marked the symbol at the reference price: the same micro-units as this bar's close.
      storeMark[s] = lastPrice[s];
    }
    if (!decision.accepted() && (decision.failed(RiskCheck.DAILY_LOSS) || decision.failed(RiskCheck.KILL_SWITCH))) {
      latched |= state.killSwitchEngaged();
    }
    return decision;
  }

  private Instant instantOf(long micros) {
    if (micros != instantTime || instant == null) {
      instant = Bar.instantOfMicros(micros);
      instantTime = micros;
    }
    return instant;
  }

  /**
   * Releases {@code unfilled} shares of an accepted order ({@code side}, decision price {@code price}) that will
   * never fill, at {@code t}.
   */
  void cancel(int s, Side side, long unfilled, double price, long t) {
    if (!everyBar) {
      // Cancels are rare: bring the risk state fully up to date, so the release happens on the state every-bar marking
      // would hold and no stale state is left near the loss limit.
      flushCarried();
      flushDirty(t);
    }
    long start = System.nanoTime();
    state.release(symbols[s], side, unfilled, price, Bar.instantOfMicros(t), zone);
    storeNanos += System.nanoTime() - start;
    setQuantity(s, Math.subtractExact(riskQty[s], side.signed(unfilled)));
    if (!everyBar) {
      // Every mark is fresh now: the risk state's day P&L is the shadow's.
      dayPnl = state.dailyPnl().orElseThrow().toUnits();
    }
  }

  /** Engages the kill switch, as an operator would through serving's admin endpoint. */
  void engageKillSwitch(String reason, long t) {
    RiskStateUpdate update = state.engageKillSwitch(reason, Bar.instantOfMicros(t));
    if (!update.applied()) {
      throw new IllegalStateException("the risk state did not engage the kill switch: " + update.reason() + " ("
          + update.detail() + ")");
    }
    latched = true;
  }

  /** The latch as the risk state holds it at the end of the run. */
  KillSwitch killSwitch() {
    return state.killSwitch();
  }

  /** The risk state's view of the account (tests). */
  AccountRiskState snapshot() {
    return state.snapshot();
  }

  /** The signed position the risk state counts for symbol {@code s}. */
  long riskPosition(int s) {
    return riskQty[s];
  }
}
