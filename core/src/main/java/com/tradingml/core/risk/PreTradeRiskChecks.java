package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 */
public final class PreTradeRiskChecks {

  private static final long BPS_PER_UNIT = 10_000L;

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
    Inputs in = Inputs.of(order, state, reference, limits, now);
    List<CheckResult> results = new ArrayList<>(RiskCheck.PRE_TRADE.size());
    results.add(run(RiskCheck.MAX_ORDER_QUANTITY, in, PreTradeRiskChecks::maxOrderQuantity));
    results.add(run(RiskCheck.MAX_ORDER_NOTIONAL, in, PreTradeRiskChecks::maxOrderNotional));
    results.add(run(RiskCheck.POSITION_LIMIT, in, PreTradeRiskChecks::positionLimit));
    results.add(run(RiskCheck.GROSS_EXPOSURE, in, PreTradeRiskChecks::grossExposure));
    results.add(run(RiskCheck.PRICE_COLLAR, in, PreTradeRiskChecks::priceCollar));
    results.add(run(RiskCheck.ORDER_RATE, in, PreTradeRiskChecks::orderRate));
    results.add(run(RiskCheck.DUPLICATE_CLIENT_ORDER_ID, in, PreTradeRiskChecks::duplicateClientOrderId));
    Optional<String> trigger = Optional.empty();
    try {
      trigger = dailyLossTrigger(in);
    } catch (RuntimeException e) {
      // The daily_loss check below fails with the same exception; nothing to latch on an unknown value.
    }
    results.add(run(RiskCheck.DAILY_LOSS, in, PreTradeRiskChecks::dailyLoss));
    results.add(run(RiskCheck.KILL_SWITCH, in, PreTradeRiskChecks::killSwitch));
    return new RiskVerdict(results, trigger);
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
    return quantity <= limit
        ? CheckResult.pass(RiskCheck.MAX_ORDER_QUANTITY, "quantity " + quantity + " <= max " + limit)
        : CheckResult.fail(RiskCheck.MAX_ORDER_QUANTITY, "quantity " + quantity + " > max " + limit);
  }

  private static CheckResult maxOrderNotional(Inputs in) {
    String problem = orderPriceProblem(in.order);
    if (problem != null) {
      return CheckResult.fail(RiskCheck.MAX_ORDER_NOTIONAL, problem);
    }
    Money notional = Money.ofUnits(in.order.price()).times(in.order.quantity());
    Money limit = in.limits.maxOrderNotional(in.order.symbol());
    return notional.isGreaterThan(limit)
        ? CheckResult.fail(RiskCheck.MAX_ORDER_NOTIONAL, "notional " + notional + " > max " + limit)
        : CheckResult.pass(RiskCheck.MAX_ORDER_NOTIONAL, "notional " + notional + " <= max " + limit);
  }

  private static CheckResult positionLimit(Inputs in) {
    long position = in.state.positionOf(in.order.symbol());
    long after = Math.addExact(position, in.order.signedQuantity());
    long limit = in.limits.maxPosition(in.order.symbol());
    String change = "position " + position + " -> " + after;
    if (Math.absExact(after) <= limit) {
      return CheckResult.pass(RiskCheck.POSITION_LIMIT, change + ", |" + after + "| <= max " + limit);
    }
    if (in.reducing()) {
      return CheckResult.pass(RiskCheck.POSITION_LIMIT, change + " exceeds max " + limit + " but reduces the position");
    }
    return CheckResult.fail(RiskCheck.POSITION_LIMIT, change + ", |" + after + "| > max " + limit);
  }

  private static CheckResult grossExposure(Inputs in) {
    if (in.reducing()) {
      return CheckResult.pass(RiskCheck.GROSS_EXPOSURE,
          "order reduces the position in " + in.order.symbol() + ": gross exposure cannot grow");
    }
    String problem = referenceProblem(in);
    if (problem != null) {
      return CheckResult.fail(RiskCheck.GROSS_EXPOSURE, problem);
    }
    Symbol symbol = in.order.symbol();
    long gross = 0;
    for (Map.Entry<Symbol, Holding> entry : in.state.holdings().entrySet()) {
      if (entry.getKey().equals(symbol)) {
        continue;
      }
      Optional<Mark> mark = in.state.markOf(entry.getKey());
      if (mark.isEmpty()) {
        return CheckResult.fail(RiskCheck.GROSS_EXPOSURE, "no mark price for held symbol " + entry.getKey());
      }
      gross = Math.addExact(gross, Math.absExact(Math.multiplyExact(entry.getValue().quantity(),
          mark.get().price().micros())));
    }
    long after = Math.addExact(in.state.positionOf(symbol), in.order.signedQuantity());
    long reference = Money.ofUnits(in.reference.get().price()).micros();
    gross = Math.addExact(gross, Math.absExact(Math.multiplyExact(after, reference)));
    Money exposure = Money.ofMicros(gross);
    Money limit = in.limits.maxGrossExposure();
    return exposure.isGreaterThan(limit)
        ? CheckResult.fail(RiskCheck.GROSS_EXPOSURE, "gross exposure after the order " + exposure + " > max " + limit)
        : CheckResult.pass(RiskCheck.GROSS_EXPOSURE, "gross exposure after the order " + exposure + " <= max " + limit);
  }

  private static CheckResult priceCollar(Inputs in) {
    String problem = referenceProblem(in);
    if (problem == null) {
      problem = orderPriceProblem(in.order);
    }
    if (problem != null) {
      return CheckResult.fail(RiskCheck.PRICE_COLLAR, problem);
    }
    long price = Money.ofUnits(in.order.price()).micros();
    long reference = Money.ofUnits(in.reference.get().price()).micros();
    long deviation = Math.absExact(Math.subtractExact(price, reference));
    long collar = in.limits.priceCollarBps();
    boolean inside = Math.multiplyExact(deviation, BPS_PER_UNIT) <= Math.multiplyExact(collar, reference);
    String text = "order price " + Money.ofMicros(price) + " deviates " + bps(deviation, reference)
        + " bps from reference " + Money.ofMicros(reference) + (inside ? " <= collar " : " > collar ") + collar
        + " bps";
    return inside ? CheckResult.pass(RiskCheck.PRICE_COLLAR, text) : CheckResult.fail(RiskCheck.PRICE_COLLAR, text);
  }

  private static CheckResult orderRate(Inputs in) {
    int max = in.limits.maxOrdersPerWindow();
    Duration window = in.limits.orderRateWindow();
    int count = in.state.ordersInWindow(in.now, window);
    String text = count + " accepted orders in the last " + window + ", max " + max;
    return count < max ? CheckResult.pass(RiskCheck.ORDER_RATE, text) : CheckResult.fail(RiskCheck.ORDER_RATE, text);
  }

  private static CheckResult duplicateClientOrderId(Inputs in) {
    String id = in.order.clientOrderId();
    Optional<Instant> seen = in.state.clientOrderIdSeenAt(id, in.now, in.limits.clientOrderIdRetention());
    return seen.isPresent()
        ? CheckResult.fail(RiskCheck.DUPLICATE_CLIENT_ORDER_ID, "client order id " + id + " already seen at "
            + seen.get() + " (remembered for " + in.limits.clientOrderIdRetention() + ")")
        : CheckResult.pass(RiskCheck.DUPLICATE_CLIENT_ORDER_ID, "client order id " + id + " not seen before");
  }

  private static Optional<String> dailyLossTrigger(Inputs in) {
    if (in.problem != null) {
      return Optional.empty();
    }
    Optional<Money> pnl = in.state.dailyPnl();
    if (pnl.isEmpty() || !breached(pnl.get(), in.limits)) {
      return Optional.empty();
    }
    return Optional.of("daily loss limit reached on " + in.state.tradingDay() + ": P&L " + pnl.get() + " <= -"
        + in.limits.maxDailyLoss());
  }

  private static CheckResult dailyLoss(Inputs in) {
    Optional<Money> pnl = in.state.dailyPnl();
    if (pnl.isEmpty()) {
      String text = "daily P&L unknown: no mark price for held symbol "
          + in.state.firstUnmarkedHolding().map(Symbol::toString).orElse("?");
      return in.reducing() ? CheckResult.pass(RiskCheck.DAILY_LOSS, text + "; the order reduces the position")
          : CheckResult.fail(RiskCheck.DAILY_LOSS, text);
    }
    Money limit = in.limits.maxDailyLoss();
    if (!breached(pnl.get(), in.limits)) {
      return CheckResult.pass(RiskCheck.DAILY_LOSS, "daily P&L " + pnl.get() + " > -" + limit);
    }
    String text = "daily P&L " + pnl.get() + " <= -" + limit + ": kill switch latches";
    return in.reducing() ? CheckResult.pass(RiskCheck.DAILY_LOSS, text + "; the order reduces the position")
        : CheckResult.fail(RiskCheck.DAILY_LOSS, text);
  }

  private static boolean breached(Money pnl, RiskLimits limits) {
    return pnl.compareTo(limits.maxDailyLoss().negate()) <= 0;
  }

  private static CheckResult killSwitch(Inputs in) {
    KillSwitch latch = in.state.killSwitch();
    if (!latch.engaged()) {
      return CheckResult.pass(RiskCheck.KILL_SWITCH, "kill switch not engaged");
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
    if (Money.ofUnits(reference.price()).signum() <= 0) {
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

  /** The arguments, with the state advanced to {@code now}; {@code problem} says why they are unusable. */
  private static final class Inputs {
    final OrderIntent order;
    final AccountRiskState state;
    final Optional<ReferencePrice> reference;
    final RiskLimits limits;
    final Instant now;
    final String problem;
    private Boolean reducing;

    private Inputs(OrderIntent order, AccountRiskState state, Optional<ReferencePrice> reference, RiskLimits limits,
        Instant now, String problem) {
      this.order = order;
      this.state = state;
      this.reference = reference;
      this.limits = limits;
      this.now = now;
      this.problem = problem;
    }

    static Inputs of(OrderIntent order, AccountRiskState state, Optional<ReferencePrice> reference,
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
        return new Inputs(order, state.advanceTo(now, limits), reference, limits, now, null);
      } catch (RuntimeException e) {
        return new Inputs(order, state, reference, limits, now, "account state unusable: " + describe(e));
      }
    }

    boolean reducing() {
      if (reducing == null) {
        reducing = isRiskReducing(state.positionOf(order.symbol()), order.signedQuantity());
      }
      return reducing;
    }
  }
}
