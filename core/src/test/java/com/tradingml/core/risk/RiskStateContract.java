package com.tradingml.core.risk;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.BBB;
import static com.tradingml.core.risk.RiskFixtures.CCC;
import static com.tradingml.core.risk.RiskFixtures.T0;
import static com.tradingml.core.risk.RiskFixtures.limits;
import static com.tradingml.core.risk.RiskFixtures.limitsBuilder;
import static com.tradingml.core.risk.RiskFixtures.looseLimitsBuilder;
import static com.tradingml.core.risk.RiskFixtures.reference;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.market.Symbol;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RiskState} implementation runs (STYLE.md habit 8): RELIABILITY.md R1-R8 through
 * the port alone. Published in core's test jar; a Redis implementation subclasses it in its own module.
 *
 * <p>Subclasses provide {@link #newBackend()}: a fresh backend (an in-memory store; a flushed Redis database)
 * from which {@link Backend#newInstance()} creates service instances that share it: two instances are two
 * replicas (R4 across instances), a later one is a restart (R5); and {@link #newInstanceOverFailingBackend()}
 * (R8). Every test uses its own account names, so a shared backend needs no cleanup between tests.
 */
public abstract class RiskStateContract {

  /** Orders the R1 fuzz submits (RELIABILITY.md R1). */
  protected static final int FUZZ_ORDERS = 100_000;

  /** One backend; every instance it creates reads and writes the same state. */
  public interface Backend extends AutoCloseable {
    /** A new service instance over this backend: a second replica, or the same service after a restart. */
    RiskState newInstance();

    /** Releases the backend (connections); must not throw checked exceptions. */
    @Override
    default void close() {
    }
  }

  /** A fresh backend for one test. */
  protected abstract Backend newBackend();

  /** An instance whose backend fails on every call (unreachable, timing out). */
  protected abstract RiskState newInstanceOverFailingBackend();

  private Backend backend;
  private String account;

  @BeforeEach
  void openBackend() {
    backend = newBackend();
    account = "acct-" + Long.toHexString(System.nanoTime());
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  private OrderIntent buy(String id, Symbol symbol, long quantity, double price) {
    return RiskFixtures.buy(id, account, symbol, quantity, price);
  }

  private OrderIntent sell(String id, Symbol symbol, long quantity, double price) {
    return RiskFixtures.sell(id, account, symbol, quantity, price);
  }

  private static Optional<ReferencePrice> ref(double price, Instant asOf) {
    return reference(price, asOf);
  }

  private long position(RiskState risk, Symbol symbol) {
    return risk.snapshot(account).orElseThrow().positionOf(symbol);
  }

  // ---------------------------------------------------------------- R1

  @Test
  void shouldAcceptNoOrderThatViolatesAnyLimitAcrossOneHundredThousandRandomIntents() {
    long seed = 0x15C35L;
    Random random = new Random(seed);
    RiskState risk = backend.newInstance();
    int accounts = 200;
    int perAccount = FUZZ_ORDERS / accounts;
    List<String> violations = new ArrayList<>();
    Map<RiskCheck, Integer> rejectedBy = new EnumMap<>(RiskCheck.class);
    int submitted = 0;
    int accepted = 0;
    int replays = 0;
    int accountsLatched = 0;
    for (int a = 0; a < accounts; a++) {
      String fuzzAccount = account + "-" + a;
      RiskLimits limits = randomLimits(random);
      RiskOracle oracle = new RiskOracle(fuzzAccount, limits);
      Symbol[] symbols = {AAA, BBB, CCC};
      double[] prices = {20 + 280 * random.nextDouble(), 20 + 280 * random.nextDouble(), 20
          + 280 * random.nextDouble()};
      Instant now = T0.plusSeconds(random.nextInt(86_400));
      List<OrderIntent> history = new ArrayList<>();
      boolean everLatched = false;
      int orders = 0;
      while (orders < perAccount) {
        now = now.plusMillis(random.nextInt(2_000));
        if (random.nextInt(150) == 0) {
          now = now.plus(Duration.ofHours(6 + random.nextInt(30)));
        }
        for (int s = 0; s < prices.length; s++) {
          prices[s] *= Math.exp(0.004 * random.nextGaussian() + (random.nextInt(100) == 0
              ? 0.08 * random.nextGaussian() : 0));
        }
        int s = random.nextInt(symbols.length);
        double event = random.nextDouble();
        if (event < 0.03) {
          double price = random.nextInt(50) == 0 ? Double.NaN : prices[s];
          Instant asOf = now.minusMillis(random.nextInt(3_000));
          RiskStateUpdate update = risk.mark(fuzzAccount, symbols[s], price, asOf, limits);
          if (update.applied()) {
            oracle.onMark(symbols[s], price, asOf);
          } else if (!update.reason().equals(RiskStateUpdate.OLDER_THAN_CURRENT_MARK)
              && !(Double.isNaN(price) && update.reason().equals(RiskStateUpdate.INVALID_REQUEST))) {
            violations.add("mark not applied: " + update);
          }
          continue;
        }
        if (event < 0.034) {
          risk.engageKillSwitch(fuzzAccount, "fuzz", now);
          oracle.onEngage();
          continue;
        }
        if (event < 0.04) {
          risk.resetKillSwitch(fuzzAccount, "fuzzer", now);
          oracle.onReset();
          continue;
        }
        OrderIntent order;
        double kind = random.nextDouble();
        if (kind < 0.05 && !history.isEmpty()) {
          order = history.get(history.size() - 1 - random.nextInt(Math.min(history.size(), 40)));
        } else if (kind < 0.06 && !history.isEmpty()) {
          OrderIntent base = history.get(history.size() - 1 - random.nextInt(Math.min(history.size(), 40)));
          order = new OrderIntent(base.clientOrderId(), fuzzAccount, base.symbol(), base.side(), base.quantity() + 1,
              base.price(), now);
        } else {
          order = randomOrder(random, fuzzAccount + "-o" + orders, fuzzAccount, symbols[s], prices[s], limits, now);
          history.add(order);
        }
        Optional<ReferencePrice> reference = randomReference(random, prices[s], limits, now);
        RiskDecision decision = risk.submit(order, reference, limits, now);
        oracle.onSubmit(order, reference, now, decision);
        orders++;
        submitted++;
        everLatched |= oracle.latched();
        if (decision.replay()) {
          replays++;
        } else if (decision.accepted()) {
          accepted++;
        } else {
          decision.failedChecks().forEach(r -> rejectedBy.merge(r.check(), 1, Integer::sum));
        }
        if (!oracle.violations().isEmpty()) {
          break;
        }
      }
      violations.addAll(oracle.violations());
      AccountRiskState stored = risk.snapshot(fuzzAccount).orElseThrow();
      Map<Symbol, Long> positions = stored.holdings().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().quantity()));
      if (!positions.equals(oracle.positions())) {
        violations.add(fuzzAccount + ": stored positions " + positions + " != " + oracle.positions());
      }
      if (stored.killSwitch().engaged() != oracle.latched()) {
        violations.add(fuzzAccount + ": kill switch " + stored.killSwitch() + " but oracle latched="
            + oracle.latched());
      }
      accountsLatched += everLatched ? 1 : 0;
      if (!violations.isEmpty()) {
        break;
      }
    }

    assertThat(violations).as("seed %s", seed).isEmpty();
    assertThat(submitted).isEqualTo(FUZZ_ORDERS);
    // The fuzz must reach every rule, or "no violation" would prove little.
    assertThat(accepted).as("accepted").isGreaterThan(FUZZ_ORDERS / 10);
    assertThat(replays).as("replays").isGreaterThan(FUZZ_ORDERS / 50);
    assertThat(rejectedBy.keySet()).as("checks that rejected something").containsAll(RiskCheck.PRE_TRADE);
    assertThat(accountsLatched).as("accounts whose kill switch latched").isGreaterThan(10);
  }

  static RiskLimits randomLimits(Random random) {
    long maxQuantity = 20 + random.nextInt(480);
    long maxPosition = maxQuantity * (1 + random.nextInt(4));
    RiskLimits.Builder limits = RiskLimits.builder()
        .maxOrderQuantity(maxQuantity)
        .maxOrderNotional(cents(maxQuantity * 150 * (0.3 + random.nextDouble())))
        .maxPosition(maxPosition)
        .maxGrossExposure(cents(maxPosition * 150 * (0.5 + 2 * random.nextDouble())))
        .priceCollarBps(5 + random.nextInt(200))
        .referenceMaxAge(Duration.ofMillis(500 + random.nextInt(9_500)))
        .orderRate(1 + random.nextInt(8), Duration.ofMillis(1_000 + random.nextInt(20_000)))
        .maxDailyLoss(cents(maxPosition * 150 * (0.002 + 0.05 * random.nextDouble())))
        .clientOrderIdRetention(Duration.ofSeconds(5 + random.nextInt(120)))
        .tradingDayZone(List.<ZoneId>of(ZoneOffset.UTC, ZoneId.of("America/New_York"), ZoneId.of("Asia/Tokyo"))
            .get(random.nextInt(3)));
    if (random.nextInt(3) == 0) {
      limits.symbolLimits(AAA, SymbolLimits.NONE.withMaxOrderQuantity(1 + random.nextInt((int) maxQuantity * 2))
          .withMaxOrderNotional(cents(maxQuantity * 100 * random.nextDouble() + 1))
          .withMaxPosition(random.nextInt((int) maxPosition * 2)));
    }
    return limits.build();
  }

  private static Money cents(double units) {
    return Money.ofUnits(Math.round(units * 100) / 100.0);
  }

  private static OrderIntent randomOrder(Random random, String id, String account, Symbol symbol, double reference,
      RiskLimits limits, Instant now) {
    long quantity = 1 + random.nextInt((int) (limits.maxOrderQuantity() * 13 / 10));
    double deviation = (2 * random.nextDouble() - 1) * limits.priceCollarBps() * 1.4 / 10_000;
    double price = reference * (1 + deviation);
    if (random.nextBoolean()) {
      price = Math.round(price * 100) / 100.0;
    }
    int oddity = random.nextInt(200);
    price = oddity == 0 ? Double.NaN : oddity == 1 ? Double.POSITIVE_INFINITY : oddity == 2 ? -price : price;
    return new OrderIntent(id, account, symbol, random.nextBoolean() ? Side.BUY : Side.SELL, quantity, price, now);
  }

  private static Optional<ReferencePrice> randomReference(Random random, double price, RiskLimits limits,
      Instant now) {
    double kind = random.nextDouble();
    long maxAgeMillis = limits.referenceMaxAge().toMillis();
    if (kind < 0.04) {
      return Optional.empty();
    }
    if (kind < 0.05) {
      return ref(Double.NaN, now);
    }
    if (kind < 0.10) {
      return ref(price, now.minusMillis(maxAgeMillis + 1 + random.nextInt(2_000)));
    }
    if (kind < 0.11) {
      return ref(price, now.plusMillis(1 + random.nextInt(100)));
    }
    return ref(price, now.minusMillis(random.nextInt((int) maxAgeMillis + 1)));
  }

  // ---------------------------------------------------------------- R2

  @Test
  void shouldAcceptOrderAtMaxQuantityAndRejectOneShareAbove() {
    RiskState risk = backend.newInstance();

    RiskDecision atLimit = risk.submit(buy("q1", AAA, 1_000, 1.0), ref(1.0, T0), limits(), T0);
    RiskDecision above = risk.submit(buy("q2", BBB, 1_001, 1.0), ref(1.0, T0), limits(), T0);

    assertThat(atLimit.accepted()).isTrue();
    assertThat(above.accepted()).isFalse();
    assertThat(above.reason()).isEqualTo("max_order_quantity");
    assertThat(position(risk, AAA)).isEqualTo(1_000);
  }

  @Test
  void shouldAcceptNotionalAtTheLimitAndRejectOneMicroAbove() {
    RiskState risk = backend.newInstance();
    RiskLimits oneMicroLess = limitsBuilder().maxOrderNotional(Money.parse("99999.999999")).build();

    RiskDecision atLimit = risk.submit(buy("n1", AAA, 1_000, 100.0), ref(100.0, T0), limits(), T0);
    RiskDecision above = risk.submit(buy("n2", AAA, 1_000, 100.0), ref(100.0, T0), oneMicroLess, T0);

    assertThat(atLimit.accepted()).isTrue();
    assertThat(above.reason()).isEqualTo("max_order_notional");
  }

  @Test
  void shouldApplyTheLowestOfTheGlobalAndTheSymbolLimit() {
    RiskState risk = backend.newInstance();
    RiskLimits limits = limitsBuilder()
        .symbolLimits(AAA, SymbolLimits.NONE.withMaxOrderQuantity(500))
        .symbolLimits(BBB, SymbolLimits.NONE.withMaxOrderQuantity(5_000)).build();

    assertThat(risk.submit(buy("l1", AAA, 500, 1.0), ref(1.0, T0), limits, T0).accepted()).isTrue();
    assertThat(risk.submit(buy("l2", AAA, 501, 1.0), ref(1.0, T0), limits, T0).reason())
        .isEqualTo("max_order_quantity");
    assertThat(risk.submit(buy("l3", BBB, 1_001, 1.0), ref(1.0, T0), limits, T0).reason())
        .isEqualTo("max_order_quantity");
  }

  @Test
  void shouldAcceptPositionAtTheLimitAndRejectOneShareAbove() {
    RiskState risk = backend.newInstance();

    assertThat(risk.submit(buy("p1", AAA, 1_000, 1.0), ref(1.0, T0), limits(), T0).accepted()).isTrue();
    assertThat(risk.submit(buy("p2", AAA, 1_000, 1.0), ref(1.0, T0), limits(), T0).accepted()).isTrue();
    RiskDecision above = risk.submit(buy("p3", AAA, 1, 1.0), ref(1.0, T0), limits(), T0);

    assertThat(above.reason()).isEqualTo("position_limit");
    assertThat(position(risk, AAA)).isEqualTo(2_000);
  }

  @Test
  void shouldAcceptGrossExposureAtTheLimitAndRejectOneMicroAbove() {
    RiskState risk = backend.newInstance();
    RiskLimits limits = looseLimitsBuilder().maxGrossExposure(Money.parse("500000")).build();

    assertThat(risk.submit(buy("g1", BBB, 2_000, 100.0), ref(100.0, T0), limits, T0).accepted()).isTrue();
    assertThat(risk.submit(buy("g2", AAA, 1_000, 300.0), ref(300.0, T0), limits, T0).accepted()).isTrue();
    RiskDecision oneMicroAbove = risk.submit(buy("g3", CCC, 1, 0.000001), ref(0.000001, T0), limits, T0);

    assertThat(oneMicroAbove.reason()).isEqualTo("gross_exposure");
    assertThat(oneMicroAbove.failedChecks().get(0).reason())
        .isEqualTo("gross exposure after the order 500000.000001 > max 500000.000000");
  }

  // ---------------------------------------------------------------- R3

  @Test
  void shouldAcceptAReferenceAtItsMaxAgeAndRejectAStaleOne() {
    RiskState risk = backend.newInstance();
    Instant now = T0.plusSeconds(60);

    RiskDecision fresh = risk.submit(buy("r1", AAA, 10, 100.0), ref(100.0, now.minusSeconds(5)), limits(), now);
    RiskDecision stale = risk.submit(buy("r2", AAA, 10, 100.0), ref(100.0, now.minusSeconds(5).minusNanos(1)),
        limits(), now);

    assertThat(fresh.accepted()).isTrue();
    assertThat(stale.accepted()).isFalse();
    assertThat(stale.reason()).isEqualTo("gross_exposure,price_collar");
    assertThat(position(risk, AAA)).isEqualTo(10);
  }

  @Test
  void shouldRejectAnOrderWithoutAUsableReferencePrice() {
    RiskState risk = backend.newInstance();

    RiskDecision missing = risk.submit(buy("m1", AAA, 10, 100.0), Optional.empty(), limits(), T0);
    RiskDecision nan = risk.submit(buy("m2", AAA, 10, 100.0), ref(Double.NaN, T0), limits(), T0);
    RiskDecision future = risk.submit(buy("m3", AAA, 10, 100.0), ref(100.0, T0.plusMillis(1)), limits(), T0);

    for (RiskDecision decision : List.of(missing, nan, future)) {
      assertThat(decision.accepted()).isFalse();
      assertThat(decision.failed(RiskCheck.PRICE_COLLAR)).isTrue();
    }
    assertThat(position(risk, AAA)).isZero();
  }

  @Test
  void shouldRejectAnOrderWithANonFinitePriceAndNotCountIt() {
    RiskState risk = backend.newInstance();

    RiskDecision decision = risk.submit(buy("x1", AAA, 10, Double.NaN), ref(100.0, T0), limits(), T0);

    assertThat(decision.reason()).isEqualTo("max_order_notional,price_collar");
    AccountRiskState state = risk.snapshot(account).orElseThrow();
    assertThat(state.holdings()).isEmpty();
    assertThat(state.acceptedOrderTimes()).isEmpty();
    assertThat(state.clientOrderIds()).containsOnlyKeys("x1");
  }

  // ---------------------------------------------------------------- R4

  @Test
  void shouldNeverExceedThePositionLimitWhenTwoInstancesSubmitConcurrently() throws Exception {
    RiskLimits limits = looseLimitsBuilder().maxPosition(1_500).clientOrderIdRetention(SHORT_RETENTION).build();

    List<RiskDecision> decisions = submitFromTwoInstances(limits, thread -> i -> buy("t" + thread + "-" + i, AAA, 1,
        100.0));

    assertThat(decisions).noneMatch(d -> d.reason().equals(RiskDecision.RISK_STATE_UNAVAILABLE));
    assertThat(decisions.stream().filter(RiskDecision::accepted).count()).isEqualTo(1_500);
    assertThat(decisions.stream().filter(d -> !d.accepted()).map(RiskDecision::reason).distinct())
        .containsExactly("position_limit");
    assertThat(position(backend.newInstance(), AAA)).isEqualTo(1_500);
  }

  @Test
  void shouldNeverExceedGrossExposureWhenTwoInstancesBuyDifferentSymbolsConcurrently() throws Exception {
    RiskLimits limits = looseLimitsBuilder().maxGrossExposure(Money.parse("150000"))
        .clientOrderIdRetention(SHORT_RETENTION).build();

    List<RiskDecision> decisions = submitFromTwoInstances(limits,
        thread -> i -> buy("t" + thread + "-" + i, thread == 0 ? AAA : BBB, 1, 100.0));

    assertThat(decisions.stream().filter(RiskDecision::accepted).count()).isEqualTo(1_500);
    RiskState risk = backend.newInstance();
    assertThat(position(risk, AAA) + position(risk, BBB)).isEqualTo(1_500);
  }

  @Test
  void shouldNeverExceedTheOrderRateWhenTwoInstancesSubmitConcurrently() throws Exception {
    RiskLimits limits = looseLimitsBuilder().orderRate(1_500, Duration.ofHours(1))
        .clientOrderIdRetention(SHORT_RETENTION).build();

    List<RiskDecision> decisions = submitFromTwoInstances(limits, thread -> i -> buy("t" + thread + "-" + i, AAA, 1,
        100.0));

    assertThat(decisions.stream().filter(RiskDecision::accepted).count()).isEqualTo(1_500);
    assertThat(backend.newInstance().snapshot(account).orElseThrow().acceptedOrderTimes()).hasSize(1_500);
  }

  /**
   * Ids of the concurrency tests are unique; forgetting them soon keeps the state, which every attempt
   * decodes and encodes, small.
   */
  private static final Duration SHORT_RETENTION = Duration.ofMillis(50);

  /**
   * Two instances over the shared backend, one thread each, 1,000 orders each, released together; order
   * {@code i} of either thread is submitted at {@code T0 + i ms} with a reference of 100 as of then.
   */
  private List<RiskDecision> submitFromTwoInstances(RiskLimits limits, IntFunction<IntFunction<OrderIntent>> orders)
      throws Exception {
    List<RiskState> instances = List.of(backend.newInstance(), backend.newInstance());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<RiskDecision>>> futures = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          List<RiskDecision> mine = new ArrayList<>();
          IntFunction<OrderIntent> next = orders.apply(thread);
          for (int i = 0; i < 1_000; i++) {
            Instant at = T0.plusMillis(i);
            mine.add(instances.get(thread).submit(next.apply(i), ref(100.0, at), limits, at));
          }
          return mine;
        }));
      }
      start.countDown();
      List<RiskDecision> all = new ArrayList<>();
      for (Future<List<RiskDecision>> future : futures) {
        all.addAll(future.get(120, TimeUnit.SECONDS));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- R5

  @Test
  void shouldLatchTheKillSwitchAtTheDailyLossLimitAndThenPassOnlyRiskReducingOrders() {
    RiskState risk = backend.newInstance();
    assertThat(risk.submit(buy("k1", AAA, 1_000, 100.0), ref(100.0, T0), limits(), T0).accepted()).isTrue();

    RiskStateUpdate justAbove = risk.mark(account, AAA, 90.000001, T0.plusSeconds(1), limits());
    RiskStateUpdate atLimit = risk.mark(account, AAA, 90.0, T0.plusSeconds(2), limits());

    assertThat(justAbove.applied()).isTrue();
    assertThat(justAbove.killSwitchEngaged()).isFalse();
    assertThat(atLimit.killSwitchEngaged()).isTrue();
    assertThat(atLimit.detail()).contains("daily loss limit reached on 2024-03-04: P&L -10000.000000 <= -10000.000000");
    assertThat(risk.killSwitchEngaged(account)).isTrue();

    Instant later = T0.plusSeconds(10);
    RiskDecision increase = risk.submit(buy("k2", AAA, 1, 90.0), ref(90.0, later), limits(), later);
    RiskDecision otherSymbol = risk.submit(buy("k3", BBB, 1, 90.0), ref(90.0, later), limits(), later);
    RiskDecision crossing = risk.submit(sell("k4", AAA, 1_001, 90.0), ref(90.0, later), limits(), later);
    RiskDecision reduce = risk.submit(sell("k5", AAA, 400, 90.0), ref(90.0, later), limits(), later);

    assertThat(increase.reason()).isEqualTo("daily_loss,kill_switch");
    assertThat(otherSymbol.failed(RiskCheck.KILL_SWITCH)).isTrue();
    assertThat(crossing.failed(RiskCheck.KILL_SWITCH)).isTrue();
    assertThat(reduce.accepted()).isTrue();
    assertThat(position(risk, AAA)).isEqualTo(600);
  }

  @Test
  void shouldLatchTheKillSwitchOnTheFirstOrderAfterTheLossEvenIfThatOrderIsRejected() {
    RiskState risk = backend.newInstance();
    assertThat(risk.submit(buy("k1", AAA, 1_000, 100.0), ref(100.0, T0), limits(), T0).accepted()).isTrue();
    // Accepted at a reference of 90: the account is now marked at 90, P&L exactly -10,000.
    assertThat(risk.submit(buy("k2", AAA, 1, 90.0), ref(90.0, T0.plusSeconds(1)), limits(), T0.plusSeconds(1))
        .accepted()).isTrue();
    assertThat(risk.killSwitchEngaged(account)).isFalse();

    RiskDecision next = risk.submit(buy("k3", AAA, 1, 90.0), ref(90.0, T0.plusSeconds(2)), limits(), T0.plusSeconds(2));

    assertThat(next.reason()).isEqualTo("daily_loss");
    assertThat(risk.killSwitchEngaged(account)).isTrue();
    assertThat(risk.snapshot(account).orElseThrow().killSwitch().reason())
        .isEqualTo("daily loss limit reached on 2024-03-04: P&L -10000.000000 <= -10000.000000");
  }

  @Test
  void shouldKeepTheLatchAcrossARestartAndANewTradingDayUntilReset() {
    RiskState before = backend.newInstance();
    assertThat(before.submit(buy("k1", AAA, 100, 100.0), ref(100.0, T0), limits(), T0).accepted()).isTrue();
    assertThat(before.engageKillSwitch(account, "operator: runaway algo", T0).applied()).isTrue();

    RiskState restarted = backend.newInstance();
    Instant nextDay = T0.plus(Duration.ofDays(1));

    assertThat(restarted.killSwitchEngaged(account)).isTrue();
    assertThat(restarted.snapshot(account).orElseThrow().killSwitch())
        .isEqualTo(new KillSwitch(true, "operator: runaway algo", T0));
    assertThat(restarted.submit(buy("k2", AAA, 1, 100.0), ref(100.0, nextDay), limits(), nextDay).reason())
        .isEqualTo("kill_switch");
    assertThat(restarted.submit(sell("k3", AAA, 50, 100.0), ref(100.0, nextDay), limits(), nextDay).accepted())
        .isTrue();

    RiskStateUpdate reset = restarted.resetKillSwitch(account, "alice", nextDay);

    assertThat(reset.applied()).isTrue();
    assertThat(before.killSwitchEngaged(account)).isFalse();
    assertThat(before.snapshot(account).orElseThrow().killSwitch().reason()).isEqualTo("reset by alice");
    assertThat(before.submit(buy("k4", AAA, 1, 100.0), ref(100.0, nextDay), limits(), nextDay.plusMillis(1))
        .accepted()).isTrue();
  }

  @Test
  void shouldKeepTheFirstReasonWhenEngagedTwice() {
    RiskState risk = backend.newInstance();
    risk.engageKillSwitch(account, "first", T0);

    RiskStateUpdate second = risk.engageKillSwitch(account, "second", T0.plusSeconds(1));

    assertThat(second.reason()).isEqualTo(RiskStateUpdate.ALREADY_ENGAGED);
    assertThat(risk.snapshot(account).orElseThrow().killSwitch().reason()).isEqualTo("first");
  }

  // ---------------------------------------------------------------- R6

  @Test
  void shouldRejectExactlyTheExcessOverTheSlidingWindow() {
    RiskState risk = backend.newInstance();
    RiskLimits limits = looseLimitsBuilder().orderRate(3, Duration.ofSeconds(10)).build();

    List<RiskDecision> burst = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Instant at = T0.plusMillis(i);
      burst.add(risk.submit(buy("b" + i, AAA, 1, 100.0), ref(100.0, at), limits, at));
    }
    assertThat(burst.stream().map(RiskDecision::accepted)).containsExactly(true, true, true, false, false, false,
        false, false, false, false);
    assertThat(burst.subList(3, 10)).allMatch(d -> d.reason().equals("order_rate"));

    Instant justBefore = T0.plusSeconds(10).minusNanos(1);
    Instant firstFree = T0.plusSeconds(10);
    assertThat(risk.submit(buy("c1", AAA, 1, 100.0), ref(100.0, justBefore), limits, justBefore).accepted()).isFalse();
    assertThat(risk.submit(buy("c2", AAA, 1, 100.0), ref(100.0, firstFree), limits, firstFree).accepted()).isTrue();
    assertThat(risk.submit(buy("c3", AAA, 1, 100.0), ref(100.0, firstFree), limits, firstFree).accepted()).isFalse();
    Instant secondFree = T0.plusSeconds(10).plusMillis(1);
    assertThat(risk.submit(buy("c4", AAA, 1, 100.0), ref(100.0, secondFree), limits, secondFree).accepted()).isTrue();
    assertThat(position(risk, AAA)).isEqualTo(5);
  }

  // ---------------------------------------------------------------- R7

  @Test
  void shouldReturnTheOriginalDecisionForAReplayedClientOrderIdAndCountOneOrder() {
    RiskState first = backend.newInstance();
    RiskState second = backend.newInstance();
    OrderIntent order = buy("dup-1", AAA, 100, 100.0);

    RiskDecision original = first.submit(order, ref(100.0, T0), limits(), T0);
    RiskDecision retry = first.submit(order, ref(100.0, T0.plusSeconds(1)), limits(), T0.plusSeconds(1));
    RiskDecision retryElsewhere = second.submit(order, ref(101.0, T0.plusSeconds(2)), limits(), T0.plusSeconds(2));

    assertThat(original.accepted()).isTrue();
    assertThat(original.replay()).isFalse();
    assertThat(retry).isEqualTo(original.asReplay());
    assertThat(retryElsewhere).isEqualTo(original.asReplay());
    AccountRiskState state = first.snapshot(account).orElseThrow();
    assertThat(state.positionOf(AAA)).isEqualTo(100);
    assertThat(state.acceptedOrderTimes()).hasSize(1);
  }

  @Test
  void shouldReplayARejectionEvenAfterTheConditionsChange() {
    RiskState risk = backend.newInstance();
    OrderIntent order = buy("dup-2", AAA, 100, 100.0);

    RiskDecision original = risk.submit(order, Optional.empty(), limits(), T0);
    RiskDecision retry = risk.submit(order, ref(100.0, T0.plusSeconds(1)), limits(), T0.plusSeconds(1));

    assertThat(original.accepted()).isFalse();
    assertThat(retry).isEqualTo(original.asReplay());
    assertThat(position(risk, AAA)).isZero();
  }

  @Test
  void shouldRejectAReusedClientOrderIdWithADifferentOrder() {
    RiskState risk = backend.newInstance();

    RiskDecision original = risk.submit(buy("dup-3", AAA, 100, 100.0), ref(100.0, T0), limits(), T0);
    RiskDecision reuse = risk.submit(buy("dup-3", AAA, 200, 100.0), ref(100.0, T0), limits(), T0.plusSeconds(1));

    assertThat(original.accepted()).isTrue();
    assertThat(reuse.accepted()).isFalse();
    assertThat(reuse.replay()).isFalse();
    assertThat(reuse.reason()).isEqualTo("duplicate_client_order_id");
    assertThat(reuse.failedChecks().get(0).reason()).contains("was used at 2024-03-04T14:30:00Z for a different order");
    assertThat(position(risk, AAA)).isEqualTo(100);
    assertThat(risk.submit(buy("dup-3", AAA, 100, 100.0), ref(100.0, T0), limits(), T0.plusSeconds(2)))
        .isEqualTo(original.asReplay());
  }

  @Test
  void shouldYieldExactlyOneOrderWhenTwoInstancesRetryTheSameIdConcurrently() throws Exception {
    OrderIntent order = buy("dup-4", AAA, 7, 100.0);

    List<RiskDecision> decisions = submitFromTwoInstances(looseLimitsBuilder().build(), thread -> i -> order);

    List<RiskDecision> originals = decisions.stream().filter(d -> !d.replay()).collect(Collectors.toList());
    assertThat(originals).hasSize(1);
    assertThat(originals.get(0).accepted()).isTrue();
    RiskDecision replay = originals.get(0).asReplay();
    assertThat(decisions).filteredOn(RiskDecision::replay).hasSize(1_999).allMatch(replay::equals);
    assertThat(position(backend.newInstance(), AAA)).isEqualTo(7);
  }

  @Test
  void shouldTreatAClientOrderIdAsNewOnceItsRetentionHasPassed() {
    RiskState risk = backend.newInstance();
    OrderIntent order = buy("dup-5", AAA, 100, 100.0);
    Instant afterRetention = T0.plus(Duration.ofHours(1));

    risk.submit(order, ref(100.0, T0), limits(), T0);
    RiskDecision again = risk.submit(order, ref(100.0, afterRetention), limits(), afterRetention);

    assertThat(again.replay()).isFalse();
    assertThat(again.accepted()).isTrue();
    assertThat(position(risk, AAA)).isEqualTo(200);
  }

  // ---------------------------------------------------------------- R8

  @Test
  void shouldRejectWithRiskStateUnavailableWhenTheBackendFails() {
    RiskState risk = newInstanceOverFailingBackend();

    RiskDecision decision = risk.submit(buy("f1", AAA, 1, 100.0), ref(100.0, T0), limits(), T0);

    assertThat(decision.accepted()).isFalse();
    assertThat(decision.reason()).isEqualTo(RiskDecision.RISK_STATE_UNAVAILABLE);
    assertThat(decision.checks()).singleElement().satisfies(c -> {
      assertThat(c.check()).isEqualTo(RiskCheck.RISK_STATE);
      assertThat(c.passed()).isFalse();
      assertThat(c.reason()).isNotBlank();
    });
    assertThat(risk.snapshot(account)).isEmpty();
    assertThat(risk.killSwitchEngaged(account)).isTrue();
    assertThat(risk.mark(account, AAA, 100.0, T0, limits()).reason()).isEqualTo(RiskDecision.RISK_STATE_UNAVAILABLE);
    assertThat(risk.engageKillSwitch(account, "stop", T0).applied()).isFalse();
    assertThat(risk.resetKillSwitch(account, "alice", T0).reason()).isEqualTo(RiskDecision.RISK_STATE_UNAVAILABLE);
  }

  @Test
  void shouldAnswerAMissingArgumentWithAnInvalidRequestInsteadOfAnException() {
    RiskState risk = backend.newInstance();

    RiskDecision noOrder = risk.submit(null, ref(100.0, T0), limits(), T0);
    RiskDecision noReference = risk.submit(buy("i1", AAA, 1, 100.0), null, limits(), T0);
    RiskDecision noLimits = risk.submit(buy("i2", AAA, 1, 100.0), ref(100.0, T0), null, T0);
    RiskDecision noClock = risk.submit(buy("i3", AAA, 1, 100.0), ref(100.0, T0), limits(), null);

    assertThat(List.of(noOrder, noReference, noLimits, noClock))
        .allMatch(d -> !d.accepted() && d.reason().equals(RiskDecision.INVALID_REQUEST));
    assertThat(noReference.clientOrderId()).isEqualTo("i1");
  }

  @Test
  void shouldRefuseAMarkThatIsNotAPositivePriceAndIgnoreAnOlderOne() {
    RiskState risk = backend.newInstance();
    assertThat(risk.mark(account, AAA, 100.0, T0, limits()).applied()).isTrue();

    RiskStateUpdate nan = risk.mark(account, AAA, Double.NaN, T0.plusSeconds(1), limits());
    RiskStateUpdate older = risk.mark(account, AAA, 99.0, T0.minusSeconds(1), limits());

    assertThat(nan.reason()).isEqualTo(RiskStateUpdate.INVALID_REQUEST);
    assertThat(older.reason()).isEqualTo(RiskStateUpdate.OLDER_THAN_CURRENT_MARK);
    assertThat(risk.snapshot(account).orElseThrow().markOf(AAA).orElseThrow())
        .isEqualTo(Mark.of(Money.parse("100"), T0));
  }

  @Test
  void shouldReturnAnEmptyStateForAnAccountNeverUsed() {
    RiskState risk = backend.newInstance();
    assertThat(risk.snapshot(account)).contains(AccountRiskState.empty(account));
    assertThat(risk.killSwitchEngaged(account)).isFalse();
  }

  @Test
  void shouldKeepAccountsApart() {
    RiskState risk = backend.newInstance();
    String other = account + "-other";
    risk.engageKillSwitch(other, "stop", T0);

    assertThat(risk.submit(buy("a1", AAA, 10, 100.0), ref(100.0, T0), limits(), T0).accepted()).isTrue();
    assertThat(risk.snapshot(other).orElseThrow().positionOf(AAA)).isZero();
    assertThat(new TreeMap<>(Map.of("mine", risk.killSwitchEngaged(account), "other", risk.killSwitchEngaged(other))))
        .containsEntry("mine", false).containsEntry("other", true);
  }
}
