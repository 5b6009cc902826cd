package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pre-trade risk rules (DESIGN.md "Pre-trade risk checks"), one definition for backtest and serving.
 *
 * <p>{@link #evaluate} is a pure function: it reads its arguments, changes nothing, and returns the result of
 * <b>every</b> check (so metrics and the serving API can report them all), in the order of
 * {@link RiskCheck#PRE_TRADE}. The order is accepted only if all pass. It never throws: a NaN or infinite
 * price, an arithmetic overflow, a null argument or any exception inside a check makes that check fail with
 * the reason (fail closed, RELIABILITY.md R8).
 *
 * <p>The state is first brought to {@code now} ({@link AccountRiskState#advanceTo}: day roll, expired
 * throttle entries and client order ids dropped). Prices are converted to exact micro-units with
 * {@link Money#ofUnits(double)}. "Reducing" below means the order moves the symbol's position toward zero
 * without crossing it ({@link #isRiskReducing}). The rules, exactly:
 *
 * <ul>
 *   <li>{@code max_order_quantity}: {@code quantity <= limits.maxOrderQuantity(symbol)}.
 *   <li>{@code max_order_notional}: the order price is finite and positive, and
 *       {@code quantity x price <= limits.maxOrderNotional(symbol)}.
 *   <li>{@code position_limit}: {@code |position + signedQuantity| <= limits.maxPosition(symbol)}, or the
 *       order is reducing (a position left above a since-lowered limit can always be reduced).
 *   <li>{@code gross_exposure}: the order is reducing, or, with a fresh reference price,
 *       {@code sum over other held symbols |position x mark| + |newPosition x reference| <= maxGrossExposure};
 *       a held symbol without a mark fails the check.
 *   <li>{@code price_collar}: the reference is present, finite, positive, not in the future and at most
 *       {@code referenceMaxAge} old ({@code now - asOf <= maxAge}); the order price is finite and positive;
 *       and {@code |price - reference| x 10000 <= priceCollarBps x reference} (exact).
 *   <li>{@code order_rate}: fewer than {@code maxOrdersPerWindow} accepted orders at times
 *       {@code t > now - orderRateWindow} (counts accepted orders only; the order under test would be the
 *       next one).
 *   <li>{@code duplicate_client_order_id}: the client order id was not seen at a time
 *       {@code t > now - clientOrderIdRetention}.
 *   <li>{@code daily_loss}: with {@code pnl} the day's realized + unrealized P&amp;L at the marks: if
 *       {@code pnl <= -maxDailyLoss}, the verdict asks to latch the kill switch, and the check passes only a
 *       reducing order; if {@code pnl} is unknown (a held symbol has no mark) it passes only a reducing order.
 *   <li>{@code kill_switch}: the latch is not engaged, or the order is reducing.
 * </ul>
 *
 * <p>Every limit is inclusive: at the limit passes, one share or one micro-unit more rejects (R2).
 *
 * <p>Cost: every order runs every check, so the checks convert each price once, compute the day's P&amp;L once,
 * take it and the gross exposure from the state's {@link HoldingsValuation} (kept up to date by the state's
 * transitions) instead of walking the holdings whenever that is exact, and leave the reason texts to
 * {@link CheckResult#reason()}: a result carries the numbers it compared and formats them when first read (a
 * backtest reads almost none; the texts are the same either way). An order that passes every check keeps no result
 * at all until one is read ({@link PassedCheckResults}): the checks first run for their outcomes only, and the
 * verdict keeps their inputs, which remember every value read from the account, to run them again when asked.
 */
public final class PreTradeRiskChecks {

  private static final long BPS_PER_UNIT = 10_000L;

  private static final CheckResult KILL_SWITCH_NOT_ENGAGED = CheckResult.pass(RiskCheck.KILL_SWITCH,
      "kill switch not engaged");

  private PreTradeRiskChecks() {
  }

  /**
   * Runs every pre-trade check of {@code order} against {@code state} as of {@code now}.
   *
   * @param reference the reference price of the order's symbol; empty when none is known (rejects)
   * @param now the risk gate's clock: every time-based rule uses it
   */
  public static RiskVerdict evaluate(OrderIntent order, AccountRiskState state, Optional<ReferencePrice> reference,
      RiskLimits limits, Instant now) {
    return evaluate(order, (RiskAccountView) state, reference, limits, now);
  }

  /**
   * {@link #evaluate(OrderIntent, AccountRiskState, Optional, RiskLimits, Instant)} over either form of the state. A
   * {@link SingleWriterRiskAccount} is advanced to {@code now} in place (its caller has done so already).
   */
  static RiskVerdict evaluate(OrderIntent order, RiskAccountView state, Optional<ReferencePrice> reference,
      RiskLimits limits, Instant now) {
    Inputs in = Inputs.of(order, state, reference, limits, now);
    // First the outcomes alone: every check runs, each reading the state through the inputs, which remember what
    // they read; a lazy result comes back as a shared outcome instead of an object holding its numbers. When all
    // pass (almost every order of a backtest), the verdict keeps the inputs, detached from the state, and builds the
    // results when they are first read, by running the same checks again on the same remembered values.
    in.outcomesOnly = true;
    boolean passed = runAll(in, null);
    in.outcomesOnly = false;
    Optional<String> trigger = Optional.empty();
    try {
      trigger = dailyLossTrigger(in);
    } catch (RuntimeException e) {
      // The daily_loss check fails with the same exception; nothing to latch on an unknown value.
    }
    if (passed && in.problem == null) {
      in.detach();
      return new RiskVerdict(new PassedCheckResults(in), trigger);
    }
    return new RiskVerdict(results(in), trigger);
  }

  /**
   * Every check's result on {@code in}, in the order of {@link RiskCheck#PRE_TRADE}. On detached inputs (all checks
   * passed) this reads only what the first run of the same checks remembered, so the results are those that run
   * would have built.
   */
  static List<CheckResult> results(Inputs in) {
    CheckResult[] results = new CheckResult[RiskCheck.PRE_TRADE.size()];
    runAll(in, results);
    return List.of(results);
  }

  /**
   * Runs every check on {@code in} in the order of {@link RiskCheck#PRE_TRADE}, keeping each result in {@code out}
   * when given; whether all passed. One call per check (not a loop over a table of rules), so that each call site
   * sees a single rule and the JIT inlines it.
   */
  private static boolean runAll(Inputs in, CheckResult[] out) {
    boolean passed = keep(out, 0, run(RiskCheck.MAX_ORDER_QUANTITY, in, PreTradeRiskChecks::maxOrderQuantity));
    passed &= keep(out, 1, run(RiskCheck.MAX_ORDER_NOTIONAL, in, PreTradeRiskChecks::maxOrderNotional));
    passed &= keep(out, 2, run(RiskCheck.POSITION_LIMIT, in, PreTradeRiskChecks::positionLimit));
    passed &= keep(out, 3, run(RiskCheck.GROSS_EXPOSURE, in, PreTradeRiskChecks::grossExposure));
    passed &= keep(out, 4, run(RiskCheck.PRICE_COLLAR, in, PreTradeRiskChecks::priceCollar));
    passed &= keep(out, 5, run(RiskCheck.ORDER_RATE, in, PreTradeRiskChecks::orderRate));
    passed &= keep(out, 6, run(RiskCheck.DUPLICATE_CLIENT_ORDER_ID, in, PreTradeRiskChecks::duplicateClientOrderId));
    passed &= keep(out, 7, run(RiskCheck.DAILY_LOSS, in, PreTradeRiskChecks::dailyLoss));
    passed &= keep(out, 8, run(RiskCheck.KILL_SWITCH, in, PreTradeRiskChecks::killSwitch));
    return passed;
  }

  private static boolean keep(CheckResult[] out, int index, CheckResult result) {
    if (out != null) {
      out[index] = result;
    }
    return result.passed();
  }

  /**
   * Whether an order changing {@code position} by {@code signedQuantity} only reduces risk: it moves the
   * position toward zero without crossing it (closing to exactly zero is reducing; from flat nothing is).
   */
  public static boolean isRiskReducing(long position, long signedQuantity) {
    return position != 0 && signedQuantity != 0 && Long.signum(signedQuantity) != Long.signum(position)
        && Math.abs(signedQuantity) <= Math.abs(position);
  }

  private static CheckResult run(RiskCheck check, Inputs in, Function<Inputs, CheckResult> rule) {
    try {
      if (in.problem != null) {
        return CheckResult.fail(check, in.problem);
      }
      CheckResult result = rule.apply(in);
      if (result == null || result.check() != check) {
        return CheckResult.fail(check, "check returned no result of its own");
      }
      return result;
    } catch (RuntimeException e) {
      return CheckResult.fail(check, "check failed: " + describe(e));
    }
  }

  private static CheckResult maxOrderQuantity(Inputs in) {
    long limit = in.limits.maxOrderQuantity(in.order.symbol());
    long quantity = in.order.quantity();
    return in.lazy(RiskCheck.MAX_ORDER_QUANTITY, quantity <= limit, PreTradeRiskChecks::quantityText, quantity,
        limit, 0, null);
  }

  private static String quantityText(long quantity, long limit, long unused, Object none) {
    return "quantity " + quantity + (quantity <= limit ? " <= max " : " > max ") + limit;
  }

  private static CheckResult maxOrderNotional(Inputs in) {
    String problem = orderPriceProblem(in.order);
    if (problem != null) {
      return CheckResult.fail(RiskCheck.MAX_ORDER_NOTIONAL, problem);
    }
    long notional = Math.multiplyExact(in.orderPriceMicros(), in.order.quantity());
    Money limit = in.limits.maxOrderNotional(in.order.symbol());
    return in.lazy(RiskCheck.MAX_ORDER_NOTIONAL, notional <= limit.micros(), PreTradeRiskChecks::notionalText,
        notional, 0, 0, limit);
  }

  private static String notionalText(long notional, long unused, long unused2, Object limit) {
    Money max = (Money) limit;
    return "notional " + Money.ofMicros(notional) + (notional > max.micros() ? " > max " : " <= max ") + max;
  }

  private static CheckResult positionLimit(Inputs in) {
    long position = in.position();
    long after = Math.addExact(position, in.order.signedQuantity());
    long limit = in.limits.maxPosition(in.order.symbol());
    boolean within = Math.absExact(after) <= limit;
    if (!within && in.reducing()) {
      return in.lazy(RiskCheck.POSITION_LIMIT, true, PreTradeRiskChecks::reducingPositionText, position, after,
          limit, null);
    }
    return in.lazy(RiskCheck.POSITION_LIMIT, within, PreTradeRiskChecks::positionText, position, after, limit,
        null);
  }

  private static String positionText(long position, long after, long limit, Object none) {
    return "position " + position + " -> " + after + ", |" + after + (Math.abs(after) <= limit ? "| <= max " : "| > max ")
        + limit;
  }

  private static String reducingPositionText(long position, long after, long limit, Object none) {
    return "position " + position + " -> " + after + " exceeds max " + limit + " but reduces the position";
  }

  private static CheckResult grossExposure(Inputs in) {
    Symbol symbol = in.order.symbol();
    if (in.reducing()) {
      return in.lazy(RiskCheck.GROSS_EXPOSURE, true, PreTradeRiskChecks::reducingExposureText, 0, 0, 0, symbol);
    }
    String problem = in.referenceProblem();
    if (problem != null) {
      return CheckResult.fail(RiskCheck.GROSS_EXPOSURE, problem);
    }
    long sum;
    try {
      sum = in.grossExposureExceptOrderSymbol();
    } catch (RiskAccountView.UnmarkedHolding e) {
      return CheckResult.fail(RiskCheck.GROSS_EXPOSURE, "no mark price for held symbol " + e.symbol);
    }
    long after = Math.addExact(in.position(), in.order.signedQuantity());
    long gross = Math.addExact(sum, Math.absExact(Math.multiplyExact(after, in.referenceMicros())));
    Money limit = in.limits.maxGrossExposure();
    return in.lazy(RiskCheck.GROSS_EXPOSURE, gross <= limit.micros(), PreTradeRiskChecks::exposureText, gross,
        0, 0, limit);
  }

  private static String reducingExposureText(long unused, long unused2, long unused3, Object symbol) {
    return "order reduces the position in " + symbol + ": gross exposure cannot grow";
  }

  private static String exposureText(long gross, long unused, long unused2, Object limit) {
    Money max = (Money) limit;
    return "gross exposure after the order " + Money.ofMicros(gross) + (gross > max.micros() ? " > max " : " <= max ")
        + max;
  }

  private static CheckResult priceCollar(Inputs in) {
    String problem = in.referenceProblem();
    if (problem == null) {
      problem = orderPriceProblem(in.order);
    }
    if (problem != null) {
      return CheckResult.fail(RiskCheck.PRICE_COLLAR, problem);
    }
    long price = in.orderPriceMicros();
    long reference = in.referenceMicros();
    long collar = in.limits.priceCollarBps();
    return in.lazy(RiskCheck.PRICE_COLLAR, insideCollar(price, reference, collar),
        PreTradeRiskChecks::collarText, price, reference, collar, null);
  }

  /** {@code |price - reference| x 10000 <= collarBps x reference}, exact (throws on overflow). */
  private static boolean insideCollar(long price, long reference, long collarBps) {
    long deviation = Math.absExact(Math.subtractExact(price, reference));
    return Math.multiplyExact(deviation, BPS_PER_UNIT) <= Math.multiplyExact(collarBps, reference);
  }

  private static String collarText(long price, long reference, long collar, Object none) {
    long deviation = Math.absExact(Math.subtractExact(price, reference));
    return "order price " + Money.ofMicros(price) + " deviates " + bps(deviation, reference) + " bps from reference "
        + Money.ofMicros(reference) + (insideCollar(price, reference, collar) ? " <= collar " : " > collar ") + collar
        + " bps";
  }

  private static CheckResult orderRate(Inputs in) {
    int max = in.limits.maxOrdersPerWindow();
    Duration window = in.limits.orderRateWindow();
    int count = in.ordersInWindow();
    return in.lazy(RiskCheck.ORDER_RATE, count < max, PreTradeRiskChecks::rateText, count, max, 0, window);
  }

  private static String rateText(long count, long max, long unused, Object window) {
    return count + " accepted orders in the last " + window + ", max " + max;
  }

  private static CheckResult duplicateClientOrderId(Inputs in) {
    String id = in.order.clientOrderId();
    Duration retention = in.limits.clientOrderIdRetention();
    Instant seen = in.seenAt();
    return seen != null
        ? CheckResult.fail(RiskCheck.DUPLICATE_CLIENT_ORDER_ID,
            "client order id " + id + " already seen at " + seen + " (remembered for " + retention + ")")
        : in.lazy(RiskCheck.DUPLICATE_CLIENT_ORDER_ID, true, PreTradeRiskChecks::newIdText, 0, 0, 0, id);
  }

  private static String newIdText(long unused, long unused2, long unused3, Object id) {
    return "client order id " + id + " not seen before";
  }

  private static Optional<String> dailyLossTrigger(Inputs in) {
    if (in.problem != null) {
      return Optional.empty();
    }
    Optional<Money> pnl = in.dailyPnl();
    if (pnl.isEmpty() || !breached(pnl.get(), in.limits)) {
      return Optional.empty();
    }
    return Optional.of(dailyLossTrigger(in.state.tradingDay(), pnl.get(), in.limits));
  }

  /** Why the kill switch latches: the day's P&amp;L reached {@code -maxDailyLoss} (one text for orders and marks). */
  static String dailyLossTrigger(LocalDate day, Money pnl, RiskLimits limits) {
    return "daily loss limit reached on " + day + ": P&L " + pnl + " <= -" + limits.maxDailyLoss();
  }

  private static CheckResult dailyLoss(Inputs in) {
    Optional<Money> pnl = in.dailyPnl();
    if (pnl.isEmpty()) {
      String unmarked = in.firstUnmarkedHolding().map(Symbol::toString).orElse("?");
      String text = "daily P&L unknown: no mark price for held symbol " + unmarked;
      return in.reducing() ? CheckResult.pass(RiskCheck.DAILY_LOSS, text + "; the order reduces the position")
          : CheckResult.fail(RiskCheck.DAILY_LOSS, text);
    }
    Money dayPnl = pnl.get();
    Money limit = in.limits.maxDailyLoss();
    if (!breached(dayPnl, in.limits)) {
      return in.lazy(RiskCheck.DAILY_LOSS, true, PreTradeRiskChecks::dayPnlText, dayPnl.micros(), 0, 0, limit);
    }
    String text = "daily P&L " + dayPnl + " <= -" + limit + ": kill switch latches";
    return in.reducing() ? CheckResult.pass(RiskCheck.DAILY_LOSS, text + "; the order reduces the position")
        : CheckResult.fail(RiskCheck.DAILY_LOSS, text);
  }

  private static String dayPnlText(long pnl, long unused, long unused2, Object limit) {
    return "daily P&L " + Money.ofMicros(pnl) + " > -" + limit;
  }

  private static boolean breached(Money pnl, RiskLimits limits) {
    return pnl.compareTo(limits.maxDailyLoss().negate()) <= 0;
  }

  private static CheckResult killSwitch(Inputs in) {
    KillSwitch latch = in.killSwitch();
    if (!latch.engaged()) {
      return KILL_SWITCH_NOT_ENGAGED;
    }
    String text = "kill switch engaged since " + latch.since() + " (" + latch.reason() + ")";
    return in.reducing() ? CheckResult.pass(RiskCheck.KILL_SWITCH, text + "; the order reduces the position")
        : CheckResult.fail(RiskCheck.KILL_SWITCH, text + ": only risk-reducing orders pass");
  }

  private static String orderPriceProblem(OrderIntent order) {
    double price = order.price();
    return Double.isFinite(price) && price > 0 ? null : "order price is not a positive finite number: " + price;
  }

  private static String referenceProblem(Inputs in) {
    if (in.reference.isEmpty()) {
      return "no reference price for " + in.order.symbol();
    }
    ReferencePrice reference = in.reference.get();
    if (!Double.isFinite(reference.price()) || reference.price() <= 0) {
      return "reference price is not a positive finite number: " + reference.price();
    }
    if (reference.asOf().isAfter(in.now)) {
      return "reference price as of " + reference.asOf() + " is in the future (now " + in.now + ")";
    }
    Duration age = Duration.between(reference.asOf(), in.now);
    Duration maxAge = in.limits.referenceMaxAge();
    if (age.compareTo(maxAge) > 0) {
      return "reference price is stale: as of " + reference.asOf() + ", age " + age + " > max " + maxAge;
    }
    if (in.referenceMicros() <= 0) {
      return "reference price rounds to zero micro-units: " + reference.price();
    }
    return null;
  }

  private static String bps(long deviation, long reference) {
    return BigDecimal.valueOf(deviation).multiply(BigDecimal.valueOf(BPS_PER_UNIT))
        .divide(BigDecimal.valueOf(reference), 2, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /**
   * The arguments, with the state advanced to {@code now}; {@code problem} says why they are unusable. Values
   * that several checks need are computed once, on first use; a computation that throws fails every check that
   * needs it with the same exception, as if each had computed it itself.
   *
   * <p>The checks read the account only through these inputs, and every value read is remembered: after
   * {@link #detach()} the inputs hold no reference to the (possibly mutable) state, and the checks run on them again
   * see exactly what they saw the first time.
   */
  static final class Inputs {
    private static final String NO_PROBLEM = "";

    final OrderIntent order;
    /** The account, until {@link #detach()}. */
    private RiskAccountView state;
    final Optional<ReferencePrice> reference;
    final RiskLimits limits;
    final Instant now;
    final String problem;
    /** Whether the order is reducing, once known: {@code 0} not yet computed, {@code 1} no, {@code 2} yes. */
    private byte reducing;
    private boolean positionKnown;
    private long position;
    private boolean orderPriceKnown;
    private long orderPriceMicros;
    private boolean referenceKnown;
    private long referenceMicros;
    private String referenceProblem;
    private Optional<Money> dailyPnl;
    private RuntimeException dailyPnlFailure;
    private boolean grossKnown;
    private long grossExceptOrderSymbol;
    private RuntimeException grossFailure;
    private boolean ordersInWindowKnown;
    private int ordersInWindow;
    private boolean seenAtKnown;
    private Instant seenAt;
    private Optional<Symbol> firstUnmarkedHolding;
    private KillSwitch killSwitch;
    /**
     * Whether a check's lazy result may be a shared outcome ({@link CheckResult#outcome}) instead of a result holding
     * its numbers: set while {@link PreTradeRiskChecks#evaluate} only asks which checks pass.
     */
    boolean outcomesOnly;

    private Inputs(OrderIntent order, RiskAccountView state, Optional<ReferencePrice> reference, RiskLimits limits,
        Instant now, String problem) {
      this.order = order;
      this.state = state;
      this.reference = reference;
      this.limits = limits;
      this.now = now;
      this.problem = problem;
    }

    static Inputs of(OrderIntent order, RiskAccountView state, Optional<ReferencePrice> reference,
        RiskLimits limits, Instant now) {
      String missing = order == null ? "order" : state == null ? "account state" : reference == null
          ? "reference price (use Optional.empty())" : limits == null ? "risk limits" : now == null ? "now" : null;
      if (missing != null) {
        return new Inputs(order, state, reference, limits, now, "missing input: " + missing);
      }
      if (!order.account().equals(state.account())) {
        return new Inputs(order, state, reference, limits, now,
            "order account " + order.account() + " does not match state account " + state.account());
      }
      try {
        return new Inputs(order, state.advancedTo(now, limits), reference, limits, now, null);
      } catch (RuntimeException e) {
        return new Inputs(order, state, reference, limits, now, "account state unusable: " + describe(e));
      }
    }

    /**
     * A check's result whose reason {@code format} builds from the numbers ({@link CheckResult#lazy}), or only its
     * outcome while {@link #outcomesOnly}.
     */
    CheckResult lazy(RiskCheck check, boolean passed, CheckResult.ReasonFormat format, long a, long b, long c,
        Object x) {
      return outcomesOnly ? CheckResult.outcome(check, passed) : CheckResult.lazy(check, passed, format, a, b, c, x);
    }

    /** Drops the reference to the account: from now on the checks read only what was remembered. */
    void detach() {
      state = null;
    }

    long position() {
      if (!positionKnown) {
        position = state.positionOf(order.symbol());
        positionKnown = true;
      }
      return position;
    }

    boolean reducing() {
      if (reducing == 0) {
        reducing = isRiskReducing(position(), order.signedQuantity()) ? (byte) 2 : (byte) 1;
      }
      return reducing == 2;
    }

    /** The order price in micros ({@link Money#ofUnits(double)}); throws as it does. */
    long orderPriceMicros() {
      if (!orderPriceKnown) {
        orderPriceMicros = Money.unitsToMicros(order.price());
        orderPriceKnown = true;
      }
      return orderPriceMicros;
    }

    /** The reference price in micros ({@link Money#ofUnits(double)}); the reference must be present. */
    long referenceMicros() {
      if (!referenceKnown) {
        referenceMicros = Money.unitsToMicros(reference.get().price());
        referenceKnown = true;
      }
      return referenceMicros;
    }

    /** Why the reference price cannot be used, or null when it can. */
    String referenceProblem() {
      if (referenceProblem == null) {
        String found = PreTradeRiskChecks.referenceProblem(this);
        referenceProblem = found == null ? NO_PROBLEM : found;
      }
      return referenceProblem == NO_PROBLEM ? null : referenceProblem;
    }

    /** {@link RiskAccountView#grossExposureExcept} of the order's symbol, read once (also its exception). */
    long grossExposureExceptOrderSymbol() {
      if (!grossKnown) {
        try {
          grossExceptOrderSymbol = state.grossExposureExcept(order.symbol());
        } catch (RuntimeException e) {
          grossFailure = e;
        }
        grossKnown = true;
      }
      if (grossFailure != null) {
        throw grossFailure;
      }
      return grossExceptOrderSymbol;
    }

    /** {@link RiskAccountView#ordersInWindow} at {@code now} over the limits' order-rate window, read once. */
    int ordersInWindow() {
      if (!ordersInWindowKnown) {
        ordersInWindow = state.ordersInWindow(now, limits.orderRateWindow());
        ordersInWindowKnown = true;
      }
      return ordersInWindow;
    }

    /** {@link RiskAccountView#seenAt} of the order's client order id at {@code now}, read once. */
    Instant seenAt() {
      if (!seenAtKnown) {
        seenAt = state.seenAt(order.clientOrderId(), now, limits.clientOrderIdRetention());
        seenAtKnown = true;
      }
      return seenAt;
    }

    /** {@link RiskAccountView#firstUnmarkedHolding()}, read once. */
    Optional<Symbol> firstUnmarkedHolding() {
      if (firstUnmarkedHolding == null) {
        firstUnmarkedHolding = state.firstUnmarkedHolding();
      }
      return firstUnmarkedHolding;
    }

    /** {@link RiskAccountView#killSwitch()}, read once. */
    KillSwitch killSwitch() {
      if (killSwitch == null) {
        killSwitch = state.killSwitch();
      }
      return killSwitch;
    }

    /** {@link RiskAccountView#dailyPnl()}, computed once (also its exception). */
    Optional<Money> dailyPnl() {
      if (dailyPnl == null && dailyPnlFailure == null) {
        try {
          dailyPnl = state.dailyPnl();
        } catch (RuntimeException e) {
          dailyPnlFailure = e;
        }
      }
      if (dailyPnlFailure != null) {
        throw dailyPnlFailure;
      }
      return dailyPnl;
    }
  }
}
