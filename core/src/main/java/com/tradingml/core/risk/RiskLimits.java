package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pre-trade risk limits of one account (SEC Rule 15c3-5 style), validated as a whole.
 *
 * <p>Immutable and thread-safe. Units: quantities and positions are whole shares ({@code long}); notional,
 * exposure and loss are exact {@link Money} (micro-units), so that a limit decides exactly at its boundary;
 * the collar is in basis points of the reference price; times are {@link Duration}s.
 *
 * <ul>
 *   <li>{@code maxOrderQuantity}, {@code maxOrderNotional}: per order; a symbol override in
 *       {@code symbolLimits} applies when lower (the lowest applicable limit wins).
 *   <li>{@code maxPosition}: the largest absolute position per symbol (same override rule).
 *   <li>{@code maxGrossExposure}: the largest sum over symbols of |position x price|.
 *   <li>{@code priceCollarBps}: the largest deviation of an order's price from the reference price;
 *       {@code referenceMaxAge}: how old that reference may be.
 *   <li>{@code maxOrdersPerWindow} accepted orders per sliding {@code orderRateWindow}.
 *   <li>{@code maxDailyLoss}: positive; the kill switch latches when the day's P&amp;L {@code <= -maxDailyLoss}.
 *   <li>{@code clientOrderIdRetention}: how long a client order id (and its decision) is remembered.
 *   <li>{@code tradingDayZone}: where the trading day starts at midnight (daily P&amp;L resets then).
 * </ul>
 *
 * <p>Build with {@link #builder()}; every limit must be given (a forgotten limit is an error, never a silent
 * default), except {@code tradingDayZone} (UTC) and {@code symbolLimits} (none).
 */
public record RiskLimits(
    long maxOrderQuantity,
    Money maxOrderNotional,
    long maxPosition,
    Money maxGrossExposure,
    long priceCollarBps,
    Duration referenceMaxAge,
    int maxOrdersPerWindow,
    Duration orderRateWindow,
    Money maxDailyLoss,
    Duration clientOrderIdRetention,
    ZoneId tradingDayZone,
    Map<Symbol, SymbolLimits> symbolLimits) {

  public RiskLimits {
    List<String> problems = new ArrayList<>();
    if (maxOrderQuantity <= 0) {
      problems.add("maxOrderQuantity must be positive: " + maxOrderQuantity);
    }
    positive(problems, "maxOrderNotional", maxOrderNotional);
    if (maxPosition < 0) {
      problems.add("maxPosition must not be negative: " + maxPosition);
    }
    positive(problems, "maxGrossExposure", maxGrossExposure);
    if (priceCollarBps < 0 || priceCollarBps > 1_000_000) {
      problems.add("priceCollarBps must be in [0, 1000000]: " + priceCollarBps);
    }
    positive(problems, "referenceMaxAge", referenceMaxAge);
    if (maxOrdersPerWindow <= 0) {
      problems.add("maxOrdersPerWindow must be positive: " + maxOrdersPerWindow);
    }
    positive(problems, "orderRateWindow", orderRateWindow);
    positive(problems, "maxDailyLoss", maxDailyLoss);
    positive(problems, "clientOrderIdRetention", clientOrderIdRetention);
    if (tradingDayZone == null) {
      problems.add("tradingDayZone must not be null");
    }
    if (symbolLimits == null) {
      problems.add("symbolLimits must not be null");
    } else {
      symbolLimits.forEach((symbol, limits) -> {
        if (symbol == null || limits == null) {
          problems.add("symbolLimits must not hold null keys or values");
        }
      });
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid risk limits: " + String.join("; ", problems));
    }
    symbolLimits = Collections.unmodifiableSortedMap(new TreeMap<>(symbolLimits));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxOrderQuantity = maxOrderQuantity;
    b.maxOrderNotional = maxOrderNotional;
    b.maxPosition = maxPosition;
    b.maxGrossExposure = maxGrossExposure;
    b.priceCollarBps = priceCollarBps;
    b.referenceMaxAge = referenceMaxAge;
    b.maxOrdersPerWindow = maxOrdersPerWindow;
    b.orderRateWindow = orderRateWindow;
    b.maxDailyLoss = maxDailyLoss;
    b.clientOrderIdRetention = clientOrderIdRetention;
    b.tradingDayZone = tradingDayZone;
    b.symbolLimits.putAll(symbolLimits);
    return b;
  }

  /** The max order quantity for {@code symbol}: the lower of the global limit and its override. */
  public long maxOrderQuantity(Symbol symbol) {
    SymbolLimits override = symbolLimits.isEmpty() ? null : symbolLimits.get(symbol);
    return override == null || override.maxOrderQuantity().isEmpty()
        ? maxOrderQuantity : Math.min(maxOrderQuantity, override.maxOrderQuantity().getAsLong());
  }

  /** The max order notional for {@code symbol}: the lower of the global limit and its override. */
  public Money maxOrderNotional(Symbol symbol) {
    SymbolLimits override = symbolLimits.isEmpty() ? null : symbolLimits.get(symbol);
    if (override == null || override.maxOrderNotional().isEmpty()) {
      return maxOrderNotional;
    }
    Money symbolLimit = override.maxOrderNotional().get();
    return symbolLimit.isLessThan(maxOrderNotional) ? symbolLimit : maxOrderNotional;
  }

  /** The max absolute position for {@code symbol}: the lower of the global limit and its override. */
  public long maxPosition(Symbol symbol) {
    SymbolLimits override = symbolLimits.isEmpty() ? null : symbolLimits.get(symbol);
    return override == null || override.maxPosition().isEmpty()
        ? maxPosition : Math.min(maxPosition, override.maxPosition().getAsLong());
  }

  private static void positive(List<String> problems, String name, Money value) {
    if (value == null) {
      problems.add(name + " is missing");
    } else if (value.signum() <= 0) {
      problems.add(name + " must be positive: " + value);
    }
  }

  private static void positive(List<String> problems, String name, Duration value) {
    if (value == null) {
      problems.add(name + " is missing");
    } else if (value.isNegative() || value.isZero()) {
      problems.add(name + " must be positive: " + value);
    }
  }

  private static void addIfNull(List<String> missing, String name, Object value) {
    if (value == null) {
      missing.add(name);
    }
  }

  /** Collects the limits; {@link #build()} validates them all at once and names every problem. */
  public static final class Builder {
    private Long maxOrderQuantity;
    private Money maxOrderNotional;
    private Long maxPosition;
    private Money maxGrossExposure;
    private Long priceCollarBps;
    private Duration referenceMaxAge;
    private Integer maxOrdersPerWindow;
    private Duration orderRateWindow;
    private Money maxDailyLoss;
    private Duration clientOrderIdRetention;
    private ZoneId tradingDayZone = ZoneOffset.UTC;
    private final Map<Symbol, SymbolLimits> symbolLimits = new TreeMap<>();

    private Builder() {
    }

    public Builder maxOrderQuantity(long shares) {
      this.maxOrderQuantity = shares;
      return this;
    }

    public Builder maxOrderNotional(Money notional) {
      this.maxOrderNotional = notional;
      return this;
    }

    public Builder maxPosition(long shares) {
      this.maxPosition = shares;
      return this;
    }

    public Builder maxGrossExposure(Money exposure) {
      this.maxGrossExposure = exposure;
      return this;
    }

    public Builder priceCollarBps(long bps) {
      this.priceCollarBps = bps;
      return this;
    }

    public Builder referenceMaxAge(Duration age) {
      this.referenceMaxAge = age;
      return this;
    }

    public Builder orderRate(int maxOrders, Duration window) {
      this.maxOrdersPerWindow = maxOrders;
      this.orderRateWindow = window;
      return this;
    }

    public Builder maxDailyLoss(Money loss) {
      this.maxDailyLoss = loss;
      return this;
    }

    public Builder clientOrderIdRetention(Duration retention) {
      this.clientOrderIdRetention = retention;
      return this;
    }

    public Builder tradingDayZone(ZoneId zone) {
      this.tradingDayZone = zone;
      return this;
    }

    public Builder symbolLimits(Symbol symbol, SymbolLimits limits) {
      this.symbolLimits.put(symbol, limits);
      return this;
    }

    public RiskLimits build() {
      List<String> missing = new ArrayList<>();
      addIfNull(missing, "maxOrderQuantity", maxOrderQuantity);
      addIfNull(missing, "maxOrderNotional", maxOrderNotional);
      addIfNull(missing, "maxPosition", maxPosition);
      addIfNull(missing, "maxGrossExposure", maxGrossExposure);
      addIfNull(missing, "priceCollarBps", priceCollarBps);
      addIfNull(missing, "referenceMaxAge", referenceMaxAge);
      addIfNull(missing, "orderRate", maxOrdersPerWindow);
      addIfNull(missing, "maxDailyLoss", maxDailyLoss);
      addIfNull(missing, "clientOrderIdRetention", clientOrderIdRetention);
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("invalid risk limits: missing " + String.join(", ", missing));
      }
      return new RiskLimits(maxOrderQuantity, maxOrderNotional, maxPosition, maxGrossExposure, priceCollarBps,
          referenceMaxAge, maxOrdersPerWindow, orderRateWindow, maxDailyLoss, clientOrderIdRetention,
          tradingDayZone, symbolLimits);
    }
  }
}
