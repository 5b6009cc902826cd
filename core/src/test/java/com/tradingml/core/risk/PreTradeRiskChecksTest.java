package com.tradingml.core.risk;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.BBB;
import static com.tradingml.core.risk.RiskFixtures.T0;
import static com.tradingml.core.risk.RiskFixtures.buy;
import static com.tradingml.core.risk.RiskFixtures.limits;
import static com.tradingml.core.risk.RiskFixtures.limitsBuilder;
import static com.tradingml.core.risk.RiskFixtures.reference;
import static com.tradingml.core.risk.RiskFixtures.sell;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PreTradeRiskChecksTest {

  private static final String ACCOUNT = "acct-1";
  private static final LocalDate DAY = LocalDate.of(2024, 3, 4);
  private static final Optional<ReferencePrice> REF_100 = reference(100.0, T0);

  /** A flat account already on the trading day of {@link RiskFixtures#T0}. */
  private static AccountRiskState flat() {
    return AccountRiskState.empty(ACCOUNT).rollTo(DAY);
  }

  /** An account holding {@code position} AAA bought at {@code price} an hour ago, marked at {@code mark}. */
  private static AccountRiskState holding(long position, double price, double mark) {
    OrderIntent open = position > 0 ? buy("open", ACCOUNT, AAA, position, price)
        : sell("open", ACCOUNT, AAA, -position, price);
    return flat().apply(open, T0.minus(Duration.ofHours(1))).mark(AAA, Money.ofUnits(mark), T0);
  }

  private static RiskVerdict evaluate(OrderIntent order, AccountRiskState state) {
    return PreTradeRiskChecks.evaluate(order, state, REF_100, limits(), T0);
  }

  private static CheckResult result(RiskVerdict verdict, RiskCheck check) {
    return verdict.result(check).orElseThrow();
  }

  @Test
  void shouldAcceptAnOrderWithinEveryLimitAndReportEveryCheckByStableName() {
    RiskVerdict verdict = evaluate(buy("o1", ACCOUNT, AAA, 100, 100.0), flat());

    assertThat(verdict.accepted()).isTrue();
    assertThat(verdict.killSwitchTrigger()).isEmpty();
    assertThat(verdict.checks()).allMatch(CheckResult::passed);
    assertThat(verdict.checks().stream().map(CheckResult::name).collect(Collectors.toList())).containsExactly(
        "max_order_quantity", "max_order_notional", "position_limit", "gross_exposure", "price_collar", "order_rate",
        "duplicate_client_order_id", "daily_loss", "kill_switch");
  }

  @Test
  void shouldExplainEveryPassedCheckWithTheNumbersItCompared() {
    // Pass reasons are formatted only when read; these are the texts the checks gave when each formatted eagerly.
    RiskVerdict opening = evaluate(buy("o1", ACCOUNT, AAA, 100, 100.0), flat());
    RiskVerdict reducing = PreTradeRiskChecks.evaluate(sell("o1", ACCOUNT, AAA, 100, 1.0), holding(2_500, 1.0, 1.0),
        reference(1.0, T0), limits(), T0);

    assertThat(opening.checks().stream().map(CheckResult::toString).collect(Collectors.toList())).containsExactly(
        "max_order_quantity passed: quantity 100 <= max 1000",
        "max_order_notional passed: notional 10000.000000 <= max 100000.000000",
        "position_limit passed: position 0 -> 100, |100| <= max 2000",
        "gross_exposure passed: gross exposure after the order 10000.000000 <= max 500000.000000",
        "price_collar passed: order price 100.000000 deviates 0.00 bps from reference 100.000000 <= collar 50 bps",
        "order_rate passed: 0 accepted orders in the last PT1S, max 5",
        "duplicate_client_order_id passed: client order id o1 not seen before",
        "daily_loss passed: daily P&L 0.000000 > -10000.000000",
        "kill_switch passed: kill switch not engaged");
    assertThat(result(reducing, RiskCheck.POSITION_LIMIT).reason())
        .isEqualTo("position 2500 -> 2400 exceeds max 2000 but reduces the position");
    assertThat(result(reducing, RiskCheck.GROSS_EXPOSURE).reason())
        .isEqualTo("order reduces the position in AAA: gross exposure cannot grow");
    assertThat(result(reducing, RiskCheck.MAX_ORDER_NOTIONAL).reason())
        .isEqualTo("notional 100.000000 <= max 100000.000000");
  }

  @Test
  void shouldRunEveryCheckEvenWhenSeveralFail() {
    AccountRiskState latched = flat().engageKillSwitch("manual", T0);
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 5_000, 130.0), latched,
        Optional.empty(), limits(), T0);

    assertThat(verdict.accepted()).isFalse();
    assertThat(verdict.checks()).hasSize(9);
    assertThat(verdict.failedChecks().stream().map(CheckResult::check)).containsExactly(RiskCheck.MAX_ORDER_QUANTITY,
        RiskCheck.MAX_ORDER_NOTIONAL, RiskCheck.POSITION_LIMIT, RiskCheck.GROSS_EXPOSURE, RiskCheck.PRICE_COLLAR,
        RiskCheck.KILL_SWITCH);
    assertThat(RiskDecision.of("o1", verdict).reason())
        .isEqualTo("max_order_quantity,max_order_notional,position_limit,gross_exposure,price_collar,kill_switch");
  }

  @Test
  void shouldPassOrderAtMaxQuantity() {
    CheckResult check = result(evaluate(buy("o1", ACCOUNT, AAA, 1_000, 1.0), flat()), RiskCheck.MAX_ORDER_QUANTITY);
    assertThat(check.passed()).isTrue();
    assertThat(check.reason()).isEqualTo("quantity 1000 <= max 1000");
  }

  @Test
  void shouldRejectOrderOneShareAboveMaxQuantity() {
    CheckResult check = result(evaluate(buy("o1", ACCOUNT, AAA, 1_001, 1.0), flat()), RiskCheck.MAX_ORDER_QUANTITY);
    assertThat(check.passed()).isFalse();
    assertThat(check.reason()).isEqualTo("quantity 1001 > max 1000");
  }

  @ParameterizedTest
  @CsvSource({"500, true", "501, false"})
  void shouldApplyALowerSymbolQuantityLimit(long quantity, boolean passes) {
    RiskLimits limits = limitsBuilder().symbolLimits(AAA, SymbolLimits.NONE.withMaxOrderQuantity(500)).build();
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, quantity, 1.0), flat(), REF_100,
        limits, T0);
    assertThat(result(verdict, RiskCheck.MAX_ORDER_QUANTITY).passed()).isEqualTo(passes);
  }

  @Test
  void shouldKeepTheGlobalQuantityLimitWhenTheSymbolOverrideIsHigher() {
    RiskLimits limits = limitsBuilder().symbolLimits(AAA, SymbolLimits.NONE.withMaxOrderQuantity(5_000)).build();
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 1_001, 1.0), flat(), REF_100,
        limits, T0);
    assertThat(result(verdict, RiskCheck.MAX_ORDER_QUANTITY).passed()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"100000.000000, true", "99999.999999, false"})
  void shouldPassNotionalAtTheLimitAndRejectOneMicroAbove(String limit, boolean passes) {
    RiskLimits limits = limitsBuilder().maxOrderNotional(Money.parse(limit)).build();
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 1_000, 100.0), flat(), REF_100,
        limits, T0);
    CheckResult check = result(verdict, RiskCheck.MAX_ORDER_NOTIONAL);
    assertThat(check.passed()).isEqualTo(passes);
    assertThat(check.reason()).startsWith("notional 100000.000000 ");
  }

  @Test
  void shouldApplyALowerSymbolNotionalLimit() {
    RiskLimits limits = limitsBuilder()
        .symbolLimits(AAA, SymbolLimits.NONE.withMaxOrderNotional(Money.parse("9999.999999"))).build();
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 100, 100.0), flat(), REF_100,
        limits, T0);
    assertThat(result(verdict, RiskCheck.MAX_ORDER_NOTIONAL).reason())
        .isEqualTo("notional 10000.000000 > max 9999.999999");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -1.0})
  void shouldFailThePriceChecksOfAnOrderWithoutAPositiveFinitePrice(double price) {
    RiskVerdict verdict = evaluate(buy("o1", ACCOUNT, AAA, 10, price), flat());

    assertThat(verdict.accepted()).isFalse();
    assertThat(verdict.failedChecks().stream().map(CheckResult::check))
        .containsExactly(RiskCheck.MAX_ORDER_NOTIONAL, RiskCheck.PRICE_COLLAR);
    assertThat(result(verdict, RiskCheck.MAX_ORDER_NOTIONAL).reason())
        .isEqualTo("order price is not a positive finite number: " + price);
  }

  @Test
  void shouldFailTheNotionalCheckOnOverflowInsteadOfThrowing() {
    RiskLimits limits = limitsBuilder().maxOrderQuantity(Long.MAX_VALUE).build();
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, Long.MAX_VALUE / 2, 100.0), flat(),
        REF_100, limits, T0);

    CheckResult check = result(verdict, RiskCheck.MAX_ORDER_NOTIONAL);
    assertThat(check.passed()).isFalse();
    assertThat(check.reason()).startsWith("check failed: ArithmeticException");
    assertThat(verdict.accepted()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"BUY, 500, true", "BUY, 501, false", "SELL, 1000, true", "SELL, 3500, true", "SELL, 3501, false"})
  void shouldPassPositionAtTheLimitAndRejectOneShareAbove(Side side, long quantity, boolean passes) {
    AccountRiskState state = holding(1_500, 1.0, 1.0);
    RiskLimits limits = limitsBuilder().maxOrderQuantity(10_000).build();
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(RiskFixtures.order("o1", ACCOUNT, AAA, side, quantity, 1.0),
        state, reference(1.0, T0), limits, T0);
    assertThat(result(verdict, RiskCheck.POSITION_LIMIT).passed()).isEqualTo(passes);
  }

  @Test
  void shouldLetAReducingOrderThroughAPositionAboveALoweredLimit() {
    AccountRiskState state = holding(2_500, 1.0, 1.0);
    RiskVerdict reducing = evaluate(sell("o1", ACCOUNT, AAA, 100, 1.0), state);
    RiskVerdict increasing = evaluate(buy("o2", ACCOUNT, AAA, 1, 1.0), state);

    assertThat(result(reducing, RiskCheck.POSITION_LIMIT).passed()).isTrue();
    assertThat(result(reducing, RiskCheck.POSITION_LIMIT).reason()).contains("reduces the position");
    assertThat(result(increasing, RiskCheck.POSITION_LIMIT).reason())
        .isEqualTo("position 2500 -> 2501, |2501| > max 2000");
  }

  @ParameterizedTest
  @CsvSource({"300.0, true", "300.000001, false"})
  void shouldPassGrossExposureAtTheLimitAndRejectOneMicroAbove(double referencePrice, boolean passes) {
    // 1,000 BBB marked at 200 = 200,000; buying 1,000 AAA at a reference of 300 adds 300,000: exactly 500,000.
    AccountRiskState state = flat().apply(buy("b", ACCOUNT, BBB, 1_000, 200.0), T0.minusSeconds(3600))
        .mark(BBB, Money.parse("200"), T0);
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 1_000, referencePrice), state,
        reference(referencePrice, T0), limits(), T0);

    CheckResult check = result(verdict, RiskCheck.GROSS_EXPOSURE);
    assertThat(check.passed()).isEqualTo(passes);
    assertThat(check.reason()).startsWith("gross exposure after the order " + (passes ? "500000.000000 <="
        : "500000.001000 >"));
  }

  @Test
  void shouldCountShortPositionsInGrossExposureByTheirAbsoluteValue() {
    AccountRiskState state = flat().apply(sell("b", ACCOUNT, BBB, 1_000, 200.0), T0.minusSeconds(3600))
        .mark(BBB, Money.parse("200"), T0);
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(sell("o1", ACCOUNT, AAA, 1_000, 300.0), state,
        reference(300.000001, T0), limits(), T0);
    assertThat(result(verdict, RiskCheck.GROSS_EXPOSURE).reason())
        .isEqualTo("gross exposure after the order 500000.001000 > max 500000.000000");
  }

  @Test
  void shouldFailGrossExposureWhenAHeldSymbolHasNoMark() {
    AccountRiskState state = flat().apply(buy("b", ACCOUNT, BBB, 10, 20.0), T0.minusSeconds(3600));
    RiskVerdict verdict = evaluate(buy("o1", ACCOUNT, AAA, 10, 100.0), state);
    assertThat(result(verdict, RiskCheck.GROSS_EXPOSURE).reason()).isEqualTo("no mark price for held symbol BBB");
  }

  @Test
  void shouldPassGrossExposureForAReducingOrderEvenAboveTheLimit() {
    AccountRiskState state = holding(2_000, 100.0, 400.0);
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(sell("o1", ACCOUNT, AAA, 10, 400.0), state,
        reference(400.0, T0), limits(), T0);
    assertThat(result(verdict, RiskCheck.GROSS_EXPOSURE).passed()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"100.5, true", "100.500001, false", "99.5, true", "99.499999, false"})
  void shouldPassPriceAtTheCollarAndRejectOneMicroOutside(double price, boolean passes) {
    CheckResult check = result(evaluate(buy("o1", ACCOUNT, AAA, 10, price), flat()), RiskCheck.PRICE_COLLAR);
    assertThat(check.passed()).isEqualTo(passes);
    assertThat(check.reason()).contains(passes ? "deviates 50.00 bps"
        : "deviates 50.00 bps from reference 100.000000 > collar 50");
  }

  @Test
  void shouldPassAReferenceExactlyAtItsMaxAgeAndRejectOneNanosecondOlder() {
    OrderIntent order = buy("o1", ACCOUNT, AAA, 10, 100.0);
    Instant atMaxAge = T0.minusSeconds(5);

    RiskVerdict fresh = PreTradeRiskChecks.evaluate(order, flat(), reference(100.0, atMaxAge), limits(), T0);
    RiskVerdict stale = PreTradeRiskChecks.evaluate(order, flat(), reference(100.0, atMaxAge.minusNanos(1)),
        limits(), T0);

    assertThat(fresh.accepted()).isTrue();
    assertThat(stale.failedChecks().stream().map(CheckResult::check))
        .containsExactly(RiskCheck.GROSS_EXPOSURE, RiskCheck.PRICE_COLLAR);
    assertThat(result(stale, RiskCheck.PRICE_COLLAR).reason())
        .isEqualTo("reference price is stale: as of 2024-03-04T14:29:54.999999999Z, age PT5.000000001S > max PT5S");
  }

  @Test
  void shouldRejectAnOrderWithoutAReferencePrice() {
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 10, 100.0), flat(), Optional.empty(),
        limits(), T0);
    assertThat(verdict.accepted()).isFalse();
    assertThat(result(verdict, RiskCheck.PRICE_COLLAR).reason()).isEqualTo("no reference price for AAA");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, 0.0, -100.0, 1e-7})
  void shouldRejectAnOrderWhoseReferenceIsNotAPositivePrice(double referencePrice) {
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 10, 100.0), flat(),
        reference(referencePrice, T0), limits(), T0);
    assertThat(verdict.accepted()).isFalse();
    assertThat(result(verdict, RiskCheck.PRICE_COLLAR).passed()).isFalse();
  }

  @Test
  void shouldRejectAReferenceFromTheFuture() {
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 10, 100.0), flat(),
        reference(100.0, T0.plusMillis(1)), limits(), T0);
    assertThat(result(verdict, RiskCheck.PRICE_COLLAR).reason()).contains("is in the future");
  }

  @Test
  void shouldRejectTheOrderBeyondTheRateLimitAndForgetOrdersOutsideTheWindow() {
    AccountRiskState state = flat();
    for (int i = 0; i < 5; i++) {
      state = state.apply(buy("r" + i, ACCOUNT, AAA, 1, 100.0), T0.plusMillis(200L * i));
    }
    Instant lastInWindow = T0.plusMillis(999);
    Instant firstAgedOut = T0.plusMillis(1_000);

    CheckResult full = result(PreTradeRiskChecks.evaluate(buy("x", ACCOUNT, AAA, 1, 100.0), state,
        reference(100.0, lastInWindow), limits(), lastInWindow), RiskCheck.ORDER_RATE);
    CheckResult oneFree = result(PreTradeRiskChecks.evaluate(buy("y", ACCOUNT, AAA, 1, 100.0), state,
        reference(100.0, firstAgedOut), limits(), firstAgedOut), RiskCheck.ORDER_RATE);

    assertThat(full.passed()).isFalse();
    assertThat(full.reason()).isEqualTo("5 accepted orders in the last PT1S, max 5");
    assertThat(oneFree.passed()).isTrue();
    assertThat(oneFree.reason()).isEqualTo("4 accepted orders in the last PT1S, max 5");
  }

  @Test
  void shouldRejectARememberedClientOrderIdUntilItsRetentionEnds() {
    AccountRiskState state = flat().rememberClientOrderId("o1", T0);
    Instant lastRemembered = T0.plus(Duration.ofHours(1)).minusNanos(1);
    Instant forgotten = T0.plus(Duration.ofHours(1));

    RiskVerdict duplicate = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 1, 100.0), state,
        reference(100.0, lastRemembered), limits(), lastRemembered);
    RiskVerdict expired = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 1, 100.0), state,
        reference(100.0, forgotten), limits(), forgotten);

    assertThat(result(duplicate, RiskCheck.DUPLICATE_CLIENT_ORDER_ID).reason())
        .isEqualTo("client order id o1 already seen at 2024-03-04T14:30:00Z (remembered for PT1H)");
    assertThat(result(expired, RiskCheck.DUPLICATE_CLIENT_ORDER_ID).passed()).isTrue();
  }

  @Test
  void shouldLatchAtADailyLossOfExactlyTheLimitAndPassOnlyReducingOrders() {
    // Long 1,000 AAA bought at 100, marked at 90: unrealized -10,000 = -limit.
    AccountRiskState state = holding(1_000, 100.0, 90.0);

    RiskVerdict increasing = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 10, 90.0), state,
        reference(90.0, T0), limits(), T0);
    RiskVerdict reducing = PreTradeRiskChecks.evaluate(sell("o2", ACCOUNT, AAA, 10, 90.0), state,
        reference(90.0, T0), limits(), T0);

    assertThat(increasing.accepted()).isFalse();
    assertThat(result(increasing, RiskCheck.DAILY_LOSS).reason())
        .isEqualTo("daily P&L -10000.000000 <= -10000.000000: kill switch latches");
    assertThat(increasing.killSwitchTrigger()).contains(
        "daily loss limit reached on 2024-03-04: P&L -10000.000000 <= -10000.000000");
    assertThat(reducing.accepted()).isTrue();
    assertThat(reducing.killSwitchTrigger()).isPresent();
  }

  @Test
  void shouldNotLatchOneMicroAboveTheDailyLossLimit() {
    AccountRiskState state = holding(1_000, 100.0, 90.0).mark(AAA, Money.parse("90.000001"), T0);
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 10, 90.0), state,
        reference(90.0, T0), limits(), T0);

    assertThat(result(verdict, RiskCheck.DAILY_LOSS).reason()).isEqualTo("daily P&L -9999.999000 > -10000.000000");
    assertThat(verdict.killSwitchTrigger()).isEmpty();
    assertThat(verdict.accepted()).isTrue();
  }

  @Test
  void shouldCountRealizedLossTowardTheDailyLimit() {
    AccountRiskState state = holding(1_000, 100.0, 100.0)
        .apply(sell("s", ACCOUNT, AAA, 1_000, 90.0), T0.minusSeconds(60)).mark(AAA, Money.parse("90"), T0);
    assertThat(state.realizedPnl()).isEqualTo(Money.parse("-10000"));

    RiskVerdict verdict = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 1, 90.0), state,
        reference(90.0, T0), limits(), T0);
    assertThat(result(verdict, RiskCheck.DAILY_LOSS).passed()).isFalse();
  }

  @Test
  void shouldFailRiskIncreasingOrdersWhileTheDailyPnlIsUnknown() {
    AccountRiskState unmarked = flat().apply(buy("b", ACCOUNT, BBB, 10, 20.0), T0.minusSeconds(3600));

    RiskVerdict increasing = evaluate(buy("o1", ACCOUNT, AAA, 10, 100.0), unmarked);
    RiskVerdict reducing = PreTradeRiskChecks.evaluate(sell("o2", ACCOUNT, BBB, 10, 20.0), unmarked,
        reference(20.0, T0), limits(), T0);

    assertThat(result(increasing, RiskCheck.DAILY_LOSS).reason())
        .isEqualTo("daily P&L unknown: no mark price for held symbol BBB");
    assertThat(result(reducing, RiskCheck.DAILY_LOSS).passed()).isTrue();
    assertThat(increasing.killSwitchTrigger()).isEmpty();
  }

  @Test
  void shouldPassOnlyRiskReducingOrdersWhileTheKillSwitchIsEngaged() {
    AccountRiskState state = holding(100, 100.0, 100.0).engageKillSwitch("manual stop", T0);

    assertThat(result(evaluate(sell("o1", ACCOUNT, AAA, 100, 100.0), state), RiskCheck.KILL_SWITCH).passed()).isTrue();
    assertThat(result(evaluate(sell("o2", ACCOUNT, AAA, 40, 100.0), state), RiskCheck.KILL_SWITCH).passed()).isTrue();
    CheckResult crossing = result(evaluate(sell("o3", ACCOUNT, AAA, 101, 100.0), state), RiskCheck.KILL_SWITCH);
    assertThat(crossing.passed()).isFalse();
    assertThat(crossing.reason()).isEqualTo(
        "kill switch engaged since 2024-03-04T14:30:00Z (manual stop): only risk-reducing orders pass");
    assertThat(result(evaluate(buy("o4", ACCOUNT, AAA, 1, 100.0), state), RiskCheck.KILL_SWITCH).passed()).isFalse();
    assertThat(result(evaluate(buy("o5", ACCOUNT, BBB, 1, 100.0), state), RiskCheck.KILL_SWITCH).passed()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"100, -100, true", "100, -1, true", "100, -101, false", "100, 1, false", "0, -1, false", "0, 1, false",
      "-50, 50, true", "-50, 51, false", "-50, -1, false"})
  void shouldCallAnOrderRiskReducingOnlyIfItMovesTowardZeroWithoutCrossing(long position, long signed,
      boolean reducing) {
    assertThat(PreTradeRiskChecks.isRiskReducing(position, signed)).isEqualTo(reducing);
  }

  @Test
  void shouldFailEveryCheckWhenAnInputIsMissingInsteadOfThrowing() {
    RiskVerdict noState = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 1, 100.0), null, REF_100, limits(), T0);
    RiskVerdict noReference = PreTradeRiskChecks.evaluate(buy("o1", ACCOUNT, AAA, 1, 100.0), flat(), null, limits(),
        T0);
    RiskVerdict noOrder = PreTradeRiskChecks.evaluate(null, flat(), REF_100, limits(), T0);

    for (RiskVerdict verdict : List.of(noState, noReference, noOrder)) {
      assertThat(verdict.accepted()).isFalse();
      assertThat(verdict.checks()).hasSize(9).noneMatch(CheckResult::passed);
    }
    assertThat(noState.checks().get(0).reason()).isEqualTo("missing input: account state");
  }

  @Test
  void shouldFailEveryCheckWhenTheStateBelongsToAnotherAccount() {
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(buy("o1", "other", AAA, 1, 100.0), flat(), REF_100, limits(), T0);
    assertThat(verdict.checks()).noneMatch(CheckResult::passed);
    assertThat(verdict.checks().get(8).reason()).isEqualTo("order account other does not match state account acct-1");
  }

  @Test
  void shouldBeAPureFunctionOfItsInputs() {
    AccountRiskState state = holding(300, 100.0, 101.0);
    OrderIntent order = buy("o1", ACCOUNT, AAA, 10, 100.2);

    RiskVerdict first = evaluate(order, state);
    RiskVerdict second = evaluate(order, state);

    assertThat(second).isEqualTo(first);
    assertThat(state).isEqualTo(holding(300, 100.0, 101.0));
  }
}
