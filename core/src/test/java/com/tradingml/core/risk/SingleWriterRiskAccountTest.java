package com.tradingml.core.risk;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.BBB;
import static com.tradingml.core.risk.RiskFixtures.CCC;
import static com.tradingml.core.risk.RiskFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.market.Symbol;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link SingleWriterRiskAccount} against {@link InMemoryRiskState} (the versioned state serving runs): random
 * histories of submits (fresh, replayed and reused client order ids; stale, missing and off-collar references), marks
 * (older, invalid, loss-making), kill-switch engages and resets, releases of unfilled shares and day changes in three
 * zones go through both, and every decision, every update and the account's state after every step must be equal.
 */
class SingleWriterRiskAccountTest {

  private static final Symbol DDD = Symbol.of("DDD");
  private static final Symbol[] SYMBOLS = {AAA, BBB, CCC, DDD};

  @Test
  void shouldGiveTheVersionedStatesDecisionsUpdatesAndStateOverRandomHistories() {
    Random random = new Random(0x5EED5L);
    Map<RiskCheck, Integer> failedBy = new EnumMap<>(RiskCheck.class);
    int[] counts = new int[6];
    for (int history = 0; history < 150; history++) {
      replay(random, "acct-" + history, 600, failedBy, counts);
    }
    // The histories reach every check and every kind of step, so the comparison above covered them.
    assertThat(failedBy.keySet()).containsAll(RiskCheck.PRE_TRADE);
    assertThat(counts[0]).as("accepted orders").isGreaterThan(5_000);
    assertThat(counts[1]).as("replayed client order ids").isGreaterThan(500);
    assertThat(counts[2]).as("kill switches latched by loss").isGreaterThan(20);
    assertThat(counts[3]).as("releases").isGreaterThan(500);
    assertThat(counts[4]).as("older or invalid marks").isGreaterThan(200);
    assertThat(counts[5]).as("day changes").isGreaterThan(200);
  }

  private static void replay(Random random, String account, int steps, Map<RiskCheck, Integer> failedBy,
      int[] counts) {
    InMemoryRiskStore store = new InMemoryRiskStore();
    InMemoryRiskState versioned = new InMemoryRiskState(store);
    SingleWriterRiskAccount single = new SingleWriterRiskAccount(account);
    // The same steps with markWithoutDetail: the same state and updates, only an applied mark's text left out.
    SingleWriterRiskAccount quiet = new SingleWriterRiskAccount(account);
    RiskLimits limits = RiskStateContract.randomLimits(random);
    double[] prices = new double[SYMBOLS.length];
    for (int s = 0; s < prices.length; s++) {
      prices[s] = 20 + 280 * random.nextDouble();
    }
    Instant now = T0.plusSeconds(random.nextInt(86_400));
    List<OrderIntent> sent = new ArrayList<>();
    for (int step = 0; step < steps; step++) {
      if (random.nextInt(4) != 0) {
        now = now.plusMillis(1 + random.nextInt(3_000));
      } // else several steps at the same instant object, as a backtest's bar time (advancedTo skips a repeat)
      if (random.nextInt(60) == 0) {
        now = now.plus(Duration.ofHours(4 + random.nextInt(30)));
        counts[5]++;
      }
      for (int s = 0; s < prices.length; s++) {
        prices[s] *= Math.exp(0.004 * random.nextGaussian() + (random.nextInt(80) == 0 ? 0.1 * random.nextGaussian()
            : 0));
      }
      int s = random.nextInt(SYMBOLS.length);
      double event = random.nextDouble();
      String where = account + " step " + step;
      if (event < 0.25) {
        double price = random.nextInt(40) == 0 ? Double.NaN : prices[s];
        Instant asOf = now.minusMillis(random.nextInt(4_000));
        RiskStateUpdate expected = versioned.mark(account, SYMBOLS[s], price, asOf, limits);
        RiskStateUpdate actual = single.mark(SYMBOLS[s], price, asOf, limits);
        assertThat(actual).as(where).isEqualTo(expected);
        RiskStateUpdate withoutDetail = quiet.markWithoutDetail(SYMBOLS[s], price, asOf, limits);
        boolean latched = expected.detail().contains("daily loss limit reached");
        assertThat(withoutDetail).as(where).isEqualTo(!expected.applied() || latched ? expected
            : new RiskStateUpdate(true, RiskStateUpdate.APPLIED, SingleWriterRiskAccount.UNRECORDED_DETAIL,
                expected.killSwitchEngaged()));
        if (!expected.applied()) {
          counts[4]++;
        } else if (expected.detail().contains("daily loss limit reached")) {
          counts[2]++;
        }
      } else if (event < 0.27) {
        String reason = "operator " + step;
        RiskStateUpdate engaged = versioned.engageKillSwitch(account, reason, now);
        assertThat(single.engageKillSwitch(reason, now)).as(where).isEqualTo(engaged);
        assertThat(quiet.engageKillSwitch(reason, now)).as(where).isEqualTo(engaged);
      } else if (event < 0.30) {
        RiskStateUpdate reset = versioned.resetKillSwitch(account, "desk", now);
        assertThat(single.resetKillSwitch("desk", now)).as(where).isEqualTo(reset);
        assertThat(quiet.resetKillSwitch("desk", now)).as(where).isEqualTo(reset);
      } else if (event < 0.36) {
        long position = versioned.snapshot(account).orElseThrow().positionOf(SYMBOLS[s]);
        if (position != 0) {
          long unfilled = 1 + random.nextInt((int) Math.min(Math.abs(position), 1_000));
          Side side = position > 0 ? Side.BUY : Side.SELL;
          release(store, account, SYMBOLS[s], side, unfilled, prices[s], now, limits.tradingDayZone());
          single.release(SYMBOLS[s], side, unfilled, prices[s], now, limits.tradingDayZone());
          quiet.release(SYMBOLS[s], side, unfilled, prices[s], now, limits.tradingDayZone());
          counts[3]++;
        }
      } else {
        OrderIntent order;
        if (!sent.isEmpty() && random.nextInt(12) == 0) {
          // Mostly recent ones, so that many are still remembered (retention 5-125 s).
          OrderIntent earlier = sent.get(sent.size() - 1 - random.nextInt(Math.min(sent.size(), 30)));
          order = random.nextBoolean() ? earlier : new OrderIntent(earlier.clientOrderId(), account,
              earlier.symbol(), earlier.side(), earlier.quantity() + 1, earlier.price(), now);
        } else {
          long quantity = 1 + random.nextInt((int) (limits.maxOrderQuantity() * 13 / 10));
          double deviation = (2 * random.nextDouble() - 1) * limits.priceCollarBps() * 1.4 / 10_000;
          double price = random.nextInt(200) == 0 ? -1 : Math.round(prices[s] * (1 + deviation) * 100) / 100.0;
          order = new OrderIntent("o-" + step, account, SYMBOLS[s], random.nextBoolean() ? Side.BUY : Side.SELL,
              quantity, price, now);
        }
        sent.add(order);
        Optional<ReferencePrice> reference = random.nextInt(50) == 0 ? Optional.empty()
            : Optional.of(ReferencePrice.of(prices[s], now.minusMillis(random.nextInt(
                (int) limits.referenceMaxAge().toMillis() + 2_000))));
        RiskDecision expected = versioned.submit(order, reference, limits, now);
        RiskDecision actual = single.submit(order, reference, limits, now);
        assertThat(actual).as(where + " " + order).isEqualTo(expected);
        assertThat(quiet.submit(order, reference, limits, now)).as(where + " " + order).isEqualTo(expected);
        if (expected.accepted()) {
          counts[0]++;
        }
        if (expected.replay()) {
          counts[1]++;
        }
        for (CheckResult check : expected.failedChecks()) {
          failedBy.merge(check.check(), 1, Integer::sum);
        }
      }
      AccountRiskState expectedState = versioned.snapshot(account).orElseThrow();
      assertThat(single.snapshot()).as(where).isEqualTo(expectedState);
      assertThat(quiet.snapshot()).as(where).isEqualTo(expectedState);
      assertThat(single.dailyPnl()).as(where).isEqualTo(expectedState.dailyPnl());
      assertThat(single.killSwitchEngaged()).as(where).isEqualTo(versioned.killSwitchEngaged(account));
    }
  }

  /**
   * The release the backtest did before this class existed, on the versioned store: roll to the day, apply the
   * unfilled quantity in reverse at the decision price, keep marks, order times and client order ids.
   */
  private static void release(InMemoryRiskStore store, String account, Symbol symbol, Side side, long unfilled,
      double price, Instant now, ZoneId zone) {
    OrderIntent reverse = new OrderIntent("cancel", account, symbol, side == Side.BUY ? Side.SELL : Side.BUY,
        unfilled, price, now);
    VersionedRiskStore.Versioned current = store.read(account);
    AccountRiskState rolled = RiskStateCodec.decode(current.state()).rollTo(LocalDate.ofInstant(now, zone));
    AccountRiskState released = rolled.apply(reverse, now);
    AccountRiskState next = new AccountRiskState(account, released.tradingDay(), released.realizedPnl(),
        released.holdings(), rolled.marks(), rolled.acceptedOrderTimes(), rolled.clientOrderIds(),
        rolled.killSwitch());
    assertThat(store.compareAndSet(account, current.version(),
        new VersionedRiskStore.Write(RiskStateCodec.encode(next), Map.of(), Set.of()))).isTrue();
  }

  @Test
  void shouldAnswerMissingArgumentsAndAnotherAccountsOrderWithoutAnException() {
    SingleWriterRiskAccount single = new SingleWriterRiskAccount("a");
    RiskLimits limits = RiskFixtures.limits();
    assertThat(single.submit(null, Optional.empty(), limits, T0).reason()).isEqualTo(RiskDecision.INVALID_REQUEST);
    OrderIntent other = RiskFixtures.buy("x", "b", AAA, 1, 100);
    RiskDecision decision = single.submit(other, RiskFixtures.reference(100, T0), limits, T0);
    assertThat(decision.accepted()).isFalse();
    assertThat(decision.reason()).isEqualTo(RiskDecision.INVALID_REQUEST);
    assertThat(single.mark(null, 1, T0, limits).reason()).isEqualTo(RiskStateUpdate.INVALID_REQUEST);
    assertThat(single.snapshot()).isEqualTo(AccountRiskState.empty("a"));
  }
}
