package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Values shared by the risk tests and the contract kit (published in core's test jar).
 *
 * <p>{@link #limits()}: max order 1,000 shares and 100,000.00 notional, max position 2,000, gross exposure
 * 500,000.00, collar 50 bps, reference at most 5 s old, 5 orders per 1 s, daily loss 10,000.00, ids
 * remembered 1 h, trading day in UTC.
 */
public final class RiskFixtures {

  /** A Monday, 14:30 UTC (the US open). */
  public static final Instant T0 = Instant.parse("2024-03-04T14:30:00Z");
  public static final Symbol AAA = Symbol.of("AAA");
  public static final Symbol BBB = Symbol.of("BBB");
  public static final Symbol CCC = Symbol.of("CCC");

  private RiskFixtures() {
  }

  public static RiskLimits.Builder limitsBuilder() {
    return RiskLimits.builder()
        .maxOrderQuantity(1_000)
        .maxOrderNotional(Money.parse("100000"))
        .maxPosition(2_000)
        .maxGrossExposure(Money.parse("500000"))
        .priceCollarBps(50)
        .referenceMaxAge(Duration.ofSeconds(5))
        .orderRate(5, Duration.ofSeconds(1))
        .maxDailyLoss(Money.parse("10000"))
        .clientOrderIdRetention(Duration.ofHours(1));
  }

  public static RiskLimits limits() {
    return limitsBuilder().build();
  }

  /** Limits that only {@code maxPosition} can bind (for concurrency and replay tests). */
  public static RiskLimits.Builder looseLimitsBuilder() {
    return RiskLimits.builder()
        .maxOrderQuantity(1_000_000)
        .maxOrderNotional(Money.parse("1000000000"))
        .maxPosition(1_000_000_000)
        .maxGrossExposure(Money.parse("1000000000000"))
        .priceCollarBps(10_000)
        .referenceMaxAge(Duration.ofDays(1))
        .orderRate(1_000_000, Duration.ofSeconds(1))
        .maxDailyLoss(Money.parse("1000000000"))
        .clientOrderIdRetention(Duration.ofHours(1));
  }

  public static OrderIntent order(String id, String account, Symbol symbol, Side side, long quantity, double price) {
    return new OrderIntent(id, account, symbol, side, quantity, price, T0);
  }

  public static OrderIntent buy(String id, String account, Symbol symbol, long quantity, double price) {
    return order(id, account, symbol, Side.BUY, quantity, price);
  }

  public static OrderIntent sell(String id, String account, Symbol symbol, long quantity, double price) {
    return order(id, account, symbol, Side.SELL, quantity, price);
  }

  /** A reference price observed at {@code asOf}. */
  public static Optional<ReferencePrice> reference(double price, Instant asOf) {
    return Optional.of(ReferencePrice.of(price, asOf));
  }
}
