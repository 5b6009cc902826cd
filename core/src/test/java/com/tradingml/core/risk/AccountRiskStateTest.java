package com.tradingml.core.risk;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.BBB;
import static com.tradingml.core.risk.RiskFixtures.T0;
import static com.tradingml.core.risk.RiskFixtures.buy;
import static com.tradingml.core.risk.RiskFixtures.sell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.market.Symbol;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccountRiskStateTest {

  private static final String ACCOUNT = "acct-1";
  private static final LocalDate DAY = LocalDate.of(2024, 3, 4);

  private static AccountRiskState flat() {
    return AccountRiskState.empty(ACCOUNT).rollTo(DAY);
  }

  @Test
  void shouldOpenAPositionAtTheOrderPriceAndCountTheAcceptedOrder() {
    AccountRiskState state = flat().apply(buy("o1", ACCOUNT, AAA, 100, 10.5), T0);

    assertThat(state.positionOf(AAA)).isEqualTo(100);
    assertThat(state.holdings().get(AAA).dayCost()).isEqualTo(Money.parse("1050"));
    assertThat(state.acceptedOrderTimes()).containsExactly(T0);
    assertThat(state.clientOrderIds()).containsEntry("o1", T0);
    assertThat(state.realizedPnl()).isEqualTo(Money.ZERO);
  }

  @Test
  void shouldRealizePnlAgainstTheAverageCostWhenReducing() {
    AccountRiskState state = flat()
        .apply(buy("o1", ACCOUNT, AAA, 100, 10.0), T0)
        .apply(buy("o2", ACCOUNT, AAA, 100, 12.0), T0)
        .apply(sell("o3", ACCOUNT, AAA, 50, 13.0), T0);

    // Average cost 11: selling 50 at 13 realizes 100; 150 shares keep cost 1,650.
    assertThat(state.realizedPnl()).isEqualTo(Money.parse("100"));
    assertThat(state.holdings().get(AAA)).isEqualTo(Holding.of(150, Money.parse("1650")));
  }

  @Test
  void shouldFlipFromLongToShortThroughZeroInOneOrder() {
    AccountRiskState state = flat()
        .apply(buy("o1", ACCOUNT, AAA, 100, 10.0), T0)
        .apply(sell("o2", ACCOUNT, AAA, 150, 11.0), T0);

    assertThat(state.realizedPnl()).isEqualTo(Money.parse("100"));
    assertThat(state.holdings().get(AAA)).isEqualTo(Holding.of(-50, Money.parse("-550")));
  }

  @Test
  void shouldRealizeAProfitWhenCoveringAShortBelowItsPrice() {
    AccountRiskState state = flat()
        .apply(sell("o1", ACCOUNT, AAA, 10, 100.0), T0)
        .apply(buy("o2", ACCOUNT, AAA, 10, 90.0), T0);

    assertThat(state.realizedPnl()).isEqualTo(Money.parse("100"));
    assertThat(state.holdings()).doesNotContainKey(AAA);
    assertThat(state.positionOf(AAA)).isZero();
  }

  @ParameterizedTest
  @CsvSource({"5, 1, 2, 2", "7, 1, 2, 4", "4, 2, 3, 3", "4, 1, 3, 1", "-5, 1, 2, -2", "9, 3, 3, 9"})
  void shouldReleaseCostProportionallyRoundedHalfEven(long cost, long closing, long held, long released) {
    assertThat(AccountRiskState.mulDivHalfEven(cost, closing, held)).isEqualTo(released);
  }

  @Test
  void shouldReleaseExactlyTheWholeCostWhenClosingEverything() {
    AccountRiskState state = flat()
        .apply(buy("o1", ACCOUNT, AAA, 3, 0.000001), T0)
        .apply(buy("o2", ACCOUNT, AAA, 1, 0.000002), T0)
        .apply(sell("o3", ACCOUNT, AAA, 3, 0.000001), T0);
    // Cost 5 micros for 4 shares; closing 3 releases 3.75 -> 4 micros; 1 share keeps 1 micro.
    assertThat(state.holdings().get(AAA)).isEqualTo(Holding.of(1, Money.ofMicros(1)));
    assertThat(state.realizedPnl()).isEqualTo(Money.ofMicros(3 - 4));

    AccountRiskState closed = state.apply(sell("o4", ACCOUNT, AAA, 1, 0.000003), T0);
    assertThat(closed.holdings()).isEmpty();
    assertThat(closed.realizedPnl()).isEqualTo(Money.ofMicros(-1 + 2));
  }

  @Test
  void shouldComputeDailyPnlFromRealizedAndMarks() {
    AccountRiskState state = flat()
        .apply(buy("o1", ACCOUNT, AAA, 100, 10.0), T0)
        .apply(sell("o2", ACCOUNT, BBB, 20, 50.0), T0)
        .apply(sell("o3", ACCOUNT, AAA, 50, 11.0), T0);

    assertThat(state.dailyPnl()).isEmpty();
    assertThat(state.firstUnmarkedHolding()).contains(AAA);

    AccountRiskState marked = state.mark(AAA, Money.parse("9"), T0).mark(BBB, Money.parse("52.5"), T0);
    // realized +50; AAA 50 x (9 - 10) = -50; BBB -20 x 52.5 + 1000 = -50.
    assertThat(marked.dailyPnl()).contains(Money.parse("-50"));
  }

  @Test
  void shouldIgnoreAMarkOlderThanTheCurrentOne() {
    AccountRiskState state = flat().mark(AAA, Money.parse("10"), T0);
    assertThat(state.mark(AAA, Money.parse("11"), T0.minusNanos(1))).isSameAs(state);
    assertThat(state.mark(AAA, Money.parse("12"), T0).markOf(AAA).orElseThrow().price()).isEqualTo(Money.parse("12"));
  }

  @Test
  void shouldResetDailyPnlButKeepPositionsAndTheLatchWhenTheDayRolls() {
    AccountRiskState state = flat()
        .apply(buy("o1", ACCOUNT, AAA, 100, 10.0), T0)
        .apply(sell("o2", ACCOUNT, AAA, 50, 8.0), T0)
        .mark(AAA, Money.parse("7"), T0)
        .engageKillSwitch("daily loss", T0);
    assertThat(state.dailyPnl()).contains(Money.parse("-250"));

    AccountRiskState nextDay = state.rollTo(DAY.plusDays(1));

    assertThat(nextDay.tradingDay()).isEqualTo(DAY.plusDays(1));
    assertThat(nextDay.realizedPnl()).isEqualTo(Money.ZERO);
    assertThat(nextDay.positionOf(AAA)).isEqualTo(50);
    assertThat(nextDay.holdings().get(AAA).dayCost()).isEqualTo(Money.parse("350"));
    assertThat(nextDay.dailyPnl()).contains(Money.ZERO);
    assertThat(nextDay.killSwitch().engaged()).isTrue();
    assertThat(nextDay.rollTo(DAY)).isSameAs(nextDay);
  }

  @Test
  void shouldRollToTheTradingDayOfTheLimitsZone() {
    RiskLimits newYork = RiskFixtures.limitsBuilder().tradingDayZone(java.time.ZoneId.of("America/New_York")).build();
    Instant lateEvening = Instant.parse("2024-03-05T03:00:00Z");

    assertThat(flat().advanceTo(lateEvening, newYork).tradingDay()).isEqualTo(DAY);
    assertThat(flat().advanceTo(lateEvening, RiskFixtures.limits()).tradingDay()).isEqualTo(DAY.plusDays(1));
  }

  @Test
  void shouldPruneOrderTimesAndClientOrderIdsAtTheirExactBoundaries() {
    AccountRiskState state = flat()
        .apply(buy("a", ACCOUNT, AAA, 1, 10.0), T0)
        .apply(buy("b", ACCOUNT, AAA, 1, 10.0), T0.plusMillis(500))
        .rememberClientOrderId("c", T0.plusSeconds(10));

    AccountRiskState pruned = state.prune(T0.plusSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500));

    assertThat(pruned.acceptedOrderTimes()).containsExactly(T0.plusMillis(500));
    assertThat(pruned.clientOrderIds()).containsOnlyKeys("c");
    assertThat(state.prune(T0.plusMillis(999), Duration.ofSeconds(1), Duration.ofHours(1))).isSameAs(state);
  }

  @Test
  void shouldKeepAcceptedOrderTimesAscendingWhenAcceptedOutOfOrder() {
    AccountRiskState state = flat()
        .apply(buy("a", ACCOUNT, AAA, 1, 10.0), T0.plusSeconds(2))
        .apply(buy("b", ACCOUNT, AAA, 1, 10.0), T0);
    assertThat(state.acceptedOrderTimes()).containsExactly(T0, T0.plusSeconds(2));
  }

  @Test
  void shouldKeepTheFirstCauseOfTheLatchAndRecordWhoResetIt() {
    AccountRiskState engaged = flat().engageKillSwitch("daily loss", T0).engageKillSwitch("manual", T0.plusSeconds(1));
    assertThat(engaged.killSwitch()).isEqualTo(new KillSwitch(true, "daily loss", T0));

    AccountRiskState reset = engaged.resetKillSwitch("alice", T0.plusSeconds(2));
    assertThat(reset.killSwitch()).isEqualTo(new KillSwitch(false, "reset by alice", T0.plusSeconds(2)));
  }

  @Test
  void shouldRefuseToApplyAnOrderOfAnotherAccountOrWithoutAPrice() {
    assertThatThrownBy(() -> flat().apply(buy("o1", "other", AAA, 1, 10.0), T0))
        .hasMessageContaining("applied to account acct-1");
    assertThatThrownBy(() -> flat().apply(buy("o1", ACCOUNT, AAA, 1, Double.NaN), T0))
        .hasMessageContaining("NaN");
  }

  @Test
  void shouldEqualAndEncodeLikeTheSameStateBuiltFromPlainCollections() {
    AccountRiskState derived = flat()
        .apply(buy("o1", ACCOUNT, AAA, 100, 10.0), T0)
        .apply(sell("o2", ACCOUNT, BBB, 20, 50.0), T0.plusMillis(1))
        .rememberClientOrderId("r1", T0.plusMillis(2))
        .mark(AAA, Money.parse("9"), T0);
    AccountRiskState plain = new AccountRiskState(ACCOUNT, DAY, Money.ZERO,
        new TreeMap<>(Map.of(AAA, Holding.of(100, Money.parse("1000")),
            BBB, Holding.of(-20, Money.parse("-1000")))),
        new TreeMap<>(Map.of(AAA, Mark.of(Money.parse("9"), T0))),
        new ArrayList<>(List.of(T0, T0.plusMillis(1))),
        new TreeMap<>(Map.of("o1", T0, "o2", T0.plusMillis(1), "r1", T0.plusMillis(2))),
        KillSwitch.NEVER_ENGAGED);

    assertThat(derived).isEqualTo(plain).hasSameHashCodeAs(plain).hasToString(plain.toString());
    assertThat(RiskStateCodec.encode(derived)).isEqualTo(RiskStateCodec.encode(plain));
    assertThat(plain.prune(T0.plusMillis(2), Duration.ofMillis(1), Duration.ofMillis(1)).clientOrderIds())
        .containsOnlyKeys("r1");
  }

  @Test
  void shouldRefuseNullsInCollectionsGivenToTheConstructor() {
    TreeMap<Symbol, Mark> marks = new TreeMap<>();
    marks.put(AAA, null);
    assertThatThrownBy(() -> new AccountRiskState(ACCOUNT, DAY, Money.ZERO, new TreeMap<>(), marks,
        List.of(), new TreeMap<>(), KillSwitch.NEVER_ENGAGED)).hasMessageContaining("must not hold nulls");
    assertThatThrownBy(() -> new AccountRiskState(ACCOUNT, DAY, Money.ZERO, new TreeMap<>(),
        new TreeMap<>(), List.of(T0.plusSeconds(1), T0), new TreeMap<>(), KillSwitch.NEVER_ENGAGED))
        .hasMessageContaining("ascending");
  }

  @Test
  void shouldBeImmutable() {
    AccountRiskState state = flat();
    state.apply(buy("o1", ACCOUNT, AAA, 100, 10.0), T0);
    assertThat(state).isEqualTo(flat());
    assertThatThrownBy(() -> state.acceptedOrderTimes().add(T0)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(List.copyOf(state.holdings().values())).isEmpty();
  }
}
