package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An independent re-computation of the risk rules for one account, for the R1 fuzz of
 * {@link RiskStateContract}: it follows the documented rules with {@link BigDecimal} arithmetic and its own
 * bookkeeping (none of {@code AccountRiskState}, {@code Money} or {@code PreTradeRiskChecks} is used), and
 * records a violation whenever the risk state accepts an order that breaks a limit, answers a replay
 * differently from the original, or drifts from the oracle's position.
 */
final class RiskOracle {

  private static final int SCALE = 6;

  private final String account;
  private final RiskLimits limits;
  private final Map<Symbol, Long> positions = new HashMap<>();
  private final Map<Symbol, BigDecimal> costs = new HashMap<>();
  private final Map<Symbol, BigDecimal> markPrices = new HashMap<>();
  private final Map<Symbol, Instant> markTimes = new HashMap<>();
  private final List<Instant> acceptedTimes = new ArrayList<>();
  private final Map<String, Seen> seen = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private BigDecimal realized = BigDecimal.ZERO;
  private LocalDate day = LocalDate.EPOCH;
  private boolean latched;

  private record Seen(Instant at, OrderIntent order, RiskDecision decision) {
  }

  RiskOracle(String account, RiskLimits limits) {
    this.account = account;
    this.limits = limits;
  }

  List<String> violations() {
    return violations;
  }

  long position(Symbol symbol) {
    return positions.getOrDefault(symbol, 0L);
  }

  Map<Symbol, Long> positions() {
    Map<Symbol, Long> open = new HashMap<>();
    positions.forEach((s, q) -> {
      if (q != 0) {
        open.put(s, q);
      }
    });
    return open;
  }

  boolean latched() {
    return latched;
  }

  /** A mark the risk state applied ({@code RiskState.mark} returned applied). */
  void onMark(Symbol symbol, double price, Instant asOf) {
    roll(LocalDate.ofInstant(asOf, limits.tradingDayZone()));
    setMark(symbol, exact(price), asOf);
    if (pnlBreached()) {
      latched = true;
    }
  }

  void onEngage() {
    latched = true;
  }

  void onReset() {
    latched = false;
  }

  /** Checks one submit's decision against the rules and, if accepted, books the order. */
  void onSubmit(OrderIntent order, Optional<ReferencePrice> reference, Instant now, RiskDecision decision) {
    String where = "order " + order + " at " + now + " -> " + decision;
    if (RiskDecision.RISK_STATE_UNAVAILABLE.equals(decision.reason())) {
      violations.add("risk state unavailable without a backend failure: " + where);
      return;
    }
    roll(LocalDate.ofInstant(now, limits.tradingDayZone()));
    Seen earlier = seen.get(order.clientOrderId());
    if (earlier != null && earlier.at().isAfter(now.minus(limits.clientOrderIdRetention()))) {
      if (sameOrder(earlier.order(), order)) {
        if (!decision.equals(earlier.decision().asReplay())) {
          violations.add("replay differs from the original " + earlier.decision() + ": " + where);
        }
      } else if (decision.accepted() || !decision.reason().equals("duplicate_client_order_id") || decision.replay()) {
        violations.add("reused client order id with a different order not rejected as duplicate: " + where);
      }
      return;
    }
    if (decision.replay()) {
      violations.add("replay of an id that is not remembered: " + where);
    }
    if (pnlBreached()) {
      latched = true;
    }
    if (decision.accepted()) {
      verifyAccepted(order, reference, now, where);
      book(order, reference.orElseThrow(), now);
    }
    seen.put(order.clientOrderId(), new Seen(now, order, decision));
  }

  private void verifyAccepted(OrderIntent order, Optional<ReferencePrice> reference, Instant now, String where) {
    Symbol symbol = order.symbol();
    long maxQuantity = limits.maxOrderQuantity();
    BigDecimal maxNotional = limits.maxOrderNotional().toBigDecimal();
    long maxPosition = limits.maxPosition();
    SymbolLimits override = limits.symbolLimits().get(symbol);
    if (override != null) {
      if (override.maxOrderQuantity().isPresent()) {
        maxQuantity = Math.min(maxQuantity, override.maxOrderQuantity().getAsLong());
      }
      if (override.maxOrderNotional().isPresent()) {
        maxNotional = maxNotional.min(override.maxOrderNotional().get().toBigDecimal());
      }
      if (override.maxPosition().isPresent()) {
        maxPosition = Math.min(maxPosition, override.maxPosition().getAsLong());
      }
    }
    if (order.quantity() > maxQuantity) {
      violations.add("quantity above " + maxQuantity + ": " + where);
    }
    if (!Double.isFinite(order.price()) || order.price() <= 0) {
      violations.add("accepted without a positive finite price: " + where);
      return;
    }
    BigDecimal price = exact(order.price());
    if (price.multiply(BigDecimal.valueOf(order.quantity())).compareTo(maxNotional) > 0) {
      violations.add("notional above " + maxNotional + ": " + where);
    }
    if (reference.isEmpty() || !Double.isFinite(reference.get().price()) || reference.get().price() <= 0) {
      violations.add("accepted without a valid reference: " + where);
      return;
    }
    Instant asOf = reference.get().asOf();
    if (asOf.isAfter(now) || asOf.plus(limits.referenceMaxAge()).isBefore(now)) {
      violations.add("accepted with a stale or future reference: " + where);
    }
    BigDecimal ref = exact(reference.get().price());
    BigDecimal deviationBps = price.subtract(ref).abs().multiply(BigDecimal.valueOf(10_000));
    if (deviationBps.compareTo(ref.multiply(BigDecimal.valueOf(limits.priceCollarBps()))) > 0) {
      violations.add("price outside the collar: " + where);
    }
    long before = position(symbol);
    long after = before + order.signedQuantity();
    boolean reducing = before != 0 && Long.signum(order.signedQuantity()) == -Long.signum(before)
        && Math.abs(order.signedQuantity()) <= Math.abs(before);
    if (Math.abs(after) > maxPosition && !reducing) {
      violations.add("position " + after + " above " + maxPosition + ": " + where);
    }
    BigDecimal gross = ref.multiply(BigDecimal.valueOf(Math.abs(after)));
    for (Map.Entry<Symbol, Long> held : positions.entrySet()) {
      if (!held.getKey().equals(symbol) && held.getValue() != 0) {
        gross = gross.add(markPrices.get(held.getKey()).multiply(BigDecimal.valueOf(Math.abs(held.getValue()))));
      }
    }
    if (gross.compareTo(limits.maxGrossExposure().toBigDecimal()) > 0 && !reducing) {
      violations.add("gross exposure " + gross + " above the limit: " + where);
    }
    Instant windowStart = now.minus(limits.orderRateWindow());
    long inWindow = acceptedTimes.stream().filter(t -> t.isAfter(windowStart)).count();
    if (inWindow >= limits.maxOrdersPerWindow()) {
      violations.add(inWindow + " accepted orders already in the window: " + where);
    }
    if (latched && !reducing) {
      violations.add("risk-increasing order accepted while the kill switch is latched: " + where);
    }
  }

  private void book(OrderIntent order, ReferencePrice reference, Instant now) {
    Symbol symbol = order.symbol();
    BigDecimal price = exact(order.price());
    long quantity = position(symbol);
    BigDecimal cost = costs.getOrDefault(symbol, BigDecimal.ZERO);
    long remaining = order.signedQuantity();
    if (quantity != 0 && Long.signum(remaining) != Long.signum(quantity)) {
      long closing = Math.min(Math.abs(remaining), Math.abs(quantity));
      BigDecimal released = cost.multiply(BigDecimal.valueOf(closing))
          .divide(BigDecimal.valueOf(Math.abs(quantity)), SCALE, RoundingMode.HALF_EVEN);
      BigDecimal closedValue = price.multiply(BigDecimal.valueOf(Long.signum(quantity) * closing));
      realized = realized.add(closedValue).subtract(released);
      cost = cost.subtract(released);
      quantity -= Long.signum(quantity) * closing;
      remaining = Long.signum(order.signedQuantity()) * (Math.abs(order.signedQuantity()) - closing);
    }
    cost = cost.add(price.multiply(BigDecimal.valueOf(remaining)));
    quantity += remaining;
    positions.put(symbol, quantity);
    costs.put(symbol, quantity == 0 ? BigDecimal.ZERO : cost);
    acceptedTimes.add(now);
    setMark(symbol, exact(reference.price()), reference.asOf());
  }

  private void setMark(Symbol symbol, BigDecimal price, Instant asOf) {
    Instant current = markTimes.get(symbol);
    if (current == null || !current.isAfter(asOf)) {
      markPrices.put(symbol, price);
      markTimes.put(symbol, asOf);
    }
  }

  private void roll(LocalDate to) {
    if (!to.isAfter(day)) {
      return;
    }
    day = to;
    realized = BigDecimal.ZERO;
    for (Map.Entry<Symbol, Long> held : positions.entrySet()) {
      BigDecimal mark = markPrices.get(held.getKey());
      if (held.getValue() != 0 && mark != null) {
        costs.put(held.getKey(), mark.multiply(BigDecimal.valueOf(held.getValue())));
      }
    }
  }

  private boolean pnlBreached() {
    BigDecimal pnl = realized;
    for (Map.Entry<Symbol, Long> held : positions.entrySet()) {
      if (held.getValue() == 0) {
        continue;
      }
      BigDecimal mark = markPrices.get(held.getKey());
      if (mark == null) {
        return false;
      }
      pnl = pnl.add(mark.multiply(BigDecimal.valueOf(held.getValue()))).subtract(costs.get(held.getKey()));
    }
    return pnl.compareTo(limits.maxDailyLoss().toBigDecimal().negate()) <= 0;
  }

  private static boolean sameOrder(OrderIntent a, OrderIntent b) {
    return a.account().equals(b.account()) && a.symbol().equals(b.symbol()) && a.side() == b.side()
        && a.quantity() == b.quantity() && Double.compare(a.price(), b.price()) == 0;
  }

  /** The documented conversion: the shortest decimal of the double, half-even to six decimals. */
  private static BigDecimal exact(double units) {
    return new BigDecimal(Double.toString(units)).setScale(SCALE, RoundingMode.HALF_EVEN);
  }

  @Override
  public String toString() {
    return "RiskOracle[" + account + ", positions " + positions() + ", latched " + latched + "]";
  }
}
