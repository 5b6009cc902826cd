package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.Money;
import com.tradingml.core.risk.RiskLimits;
import com.tradingml.core.risk.Side;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fills, costs, slippage, the participation cap and short selling, on hand-computed cases. */
class ExecutionModelTest {

  private static final double NO_VOLUME = Double.NaN;

  /** bar0 o100 h101 l99 c100; bar1 o102 h104 l101 c103; bar2 o105 h106 l100 c101; bar3 o101 h102 l90 c90. */
  private static BarSource threeDays(double volume) {
    return BarSource.of(List.of(TestData.bars("A",
        new double[] {100, 101, 99, 100, volume},
        new double[] {102, 104, 101, 103, volume},
        new double[] {105, 106, 100, 101, volume},
        new double[] {101, 102, 90, 90, volume})));
  }

  @Test
  void shouldChargeCommissionAndSlippageExactlyAsHandComputed() {
    BacktestConfig config = BacktestConfig.builder()
        .commission(CommissionModel.of(new BigDecimal("10"), Money.parse("0.01")))
        .slippage(SlippageModel.bps(5))
        .build();
    Scripted script = new Scripted(1).at(0, 0, 10).at(0, 1, -10);

    BacktestResult result = BacktestEngine.run(threeDays(NO_VOLUME), script, config);

    // Buy 10 at bar 1's open 102, +5 bps: 102.051; notional 1020.51; fee 10 bps = 1.02051 + 10 x 0.01 = 1.12051.
    // Sell 10 at bar 2's open 105, -5 bps: 104.9475; notional 1049.475; fee 1.049475 + 0.1 = 1.149475.
    assertThat(result.fills()).hasSize(2);
    Fill buy = result.fills().get(0);
    assertThat(buy.barIndex()).isEqualTo(1);
    assertThat(buy.priceMicros()).isEqualTo(102_051_000L);
    assertThat(buy.feeMicros()).isEqualTo(1_120_510L);
    Fill sell = result.fills().get(1);
    assertThat(sell.barIndex()).isEqualTo(2);
    assertThat(sell.priceMicros()).isEqualTo(104_947_500L);
    assertThat(sell.feeMicros()).isEqualTo(1_149_475L);

    Trade trade = result.trades().get(0);
    assertThat(trade.closed()).isTrue();
    assertThat(trade.grossPnlMicros()).isEqualTo(28_965_000L);
    assertThat(trade.feesMicros()).isEqualTo(2_269_985L);
    assertThat(trade.netPnlMicros()).isEqualTo(26_695_015L);
    assertThat(trade.grossReturn()).isEqualTo(28_965_000.0 / 1_020_510_000.0);
    assertThat(trade.netReturn()).isEqualTo(26_695_015.0 / 1_020_510_000.0);
    assertThat(result.finalEquityMicros()).isEqualTo(1_000_026_695_015L);
    assertThat(result.feesMicros()).isEqualTo(2_269_985L);
  }

  @Test
  void shouldSlipByAFractionOfTheFillBarsRangeAtTheClose() {
    BacktestConfig config = BacktestConfig.builder().fill(FillTiming.SIGNAL_CLOSE)
        .slippage(SlippageModel.rangeFraction(0.25)).build();
    Scripted script = new Scripted(1).at(0, 1, 4).at(0, 3, -4);

    BacktestResult result = BacktestEngine.run(threeDays(NO_VOLUME), script, config);

    // Buy at bar 1's close 103 + 0.25 x (104 - 101) = 103.75; sell at bar 3's close 90 - 0.25 x (102 - 90) = 87.
    assertThat(result.fills()).extracting(Fill::priceMicros).containsExactly(103_750_000L, 87_000_000L);
    assertThat(result.fills()).extracting(Fill::barIndex).containsExactly(1, 3);
    assertThat(result.trades().get(0).grossPnlMicros()).isEqualTo(4 * (87_000_000L - 103_750_000L));
  }

  @Test
  void shouldRoundCommissionHalfEvenToTheMicroUnit() {
    CommissionModel tenBps = CommissionModel.bps(10);
    long microBps = tenBps.microBps();
    // 1.000005 x 10 bps = 0.0010000050: the tie at the 7th decimal goes to the even 0.001000.
    assertThat(tenBps.feeMicros(1_000_005L, 1, microBps)).isEqualTo(1_000L);
    // 1.000015 x 10 bps = 0.0010000150: a tie again, to the even 0.001000 (not ...001 or ...002).
    assertThat(tenBps.feeMicros(1_000_015L, 1, microBps)).isEqualTo(1_000L);
    // 1.000025 x 10 bps = 0.0010000250 -> 0.001000 (even); 1.000035 -> 0.001000035 -> 0.001000; just above the tie:
    assertThat(tenBps.feeMicros(1_000_501L, 1, microBps)).isEqualTo(1_001L);
    assertThat(tenBps.feeMicros(1_001_500L, 1, microBps)).isEqualTo(1_002L);
    assertThat(tenBps.feeMicros(1_002_500L, 1, microBps)).isEqualTo(1_002L);
  }

  @Test
  void shouldAccountForAShortSaleAndItsCoverExactly() {
    BacktestConfig config = BacktestConfig.builder().fill(FillTiming.SIGNAL_CLOSE).build();
    Scripted script = new Scripted(1).at(0, 0, -5).at(0, 3, 5);

    BacktestResult result = BacktestEngine.run(threeDays(NO_VOLUME), script, config);

    Trade trade = result.trades().get(0);
    assertThat(trade.side()).isEqualTo(TradeSide.SHORT);
    assertThat(trade.entryPrice()).isEqualTo(100.0);
    assertThat(trade.exitPrice()).isEqualTo(90.0);
    assertThat(trade.grossPnlMicros()).isEqualTo(50_000_000L);
    assertThat(trade.grossReturn()).isEqualTo(0.1);
    EquityCurve curve = result.equityCurve();
    long initial = 1_000_000_000_000L;
    // Short 5 at 100: cash +500, marked at each close: equity = initial + 5 x (100 - close).
    assertThat(curve.cashMicros(0)).isEqualTo(initial + 500_000_000L);
    assertThat(curve.equityMicros(1)).isEqualTo(initial - 15_000_000L);
    assertThat(curve.grossExposureMicros(1)).isEqualTo(515_000_000L);
    assertThat(curve.equityMicros(2)).isEqualTo(initial - 5_000_000L);
    assertThat(curve.equityMicros(3)).isEqualTo(initial + 50_000_000L);
    assertThat(curve.grossExposureMicros(3)).isZero();
  }

  @Test
  void shouldCapAFillAtTheParticipationLimitAndReleaseTheCancelledRestFromTheRiskState() {
    RiskLimits limits = BacktestConfig.permissiveLimits(BacktestConfig.DEFAULT_INITIAL_CASH).toBuilder()
        .maxPosition(300).build();
    BacktestConfig config = BacktestConfig.builder().participationCap(0.1).riskLimits(limits).build();
    // Volume 1000 x cap 0.1 = 100 shares per fill bar: 250 ordered on bar 0 fills 100 at bar 1, 150 cancelled.
    // Then 200 more on bar 1: the risk state must count 100 + 200 = 300 <= max 300 (not 250 + 200 = 450); it fills
    // 100 at bar 2 and 100 are cancelled.
    Scripted script = new Scripted(1).at(0, 0, 250).at(0, 1, 200);

    BacktestResult result = BacktestEngine.run(threeDays(1000), script, config);

    assertThat(script.outcomes).as("rejections %s", result.rejections())
        .containsExactly(OrderOutcome.ACCEPTED, OrderOutcome.ACCEPTED);
    assertThat(result.fills()).extracting(Fill::quantity).containsExactly(100L, 100L);
    assertThat(result.fills()).extracting(Fill::orderQuantity).containsExactly(250L, 200L);
    assertThat(result.rejections()).hasSize(2).allSatisfy(r -> {
      assertThat(r.stage()).isEqualTo(OrderRejection.Stage.EXECUTION);
      assertThat(r.reason()).isEqualTo(OrderRejection.PARTICIPATION_CAP);
      assertThat(r.side()).isEqualTo(Side.BUY);
    });
    assertThat(result.rejections()).extracting(OrderRejection::quantity).containsExactly(150L, 100L);
    assertThat(result.orders().cancelledShares()).isEqualTo(250);
  }

  @Test
  void shouldRejectWhatTheRiskStateWouldCountOverTheLimitWithoutTheRelease() {
    RiskLimits limits = BacktestConfig.permissiveLimits(BacktestConfig.DEFAULT_INITIAL_CASH).toBuilder()
        .maxPosition(300).build();
    BacktestConfig config = BacktestConfig.builder().participationCap(0.1).riskLimits(limits).build();
    // Control for the test above: 201 more would make 301 > 300 even with the release.
    Scripted script = new Scripted(1).at(0, 0, 250).at(0, 1, 201);

    BacktestResult result = BacktestEngine.run(threeDays(1000), script, config);

    assertThat(script.outcomes).containsExactly(OrderOutcome.ACCEPTED, OrderOutcome.REJECTED_BY_RISK);
    assertThat(result.rejections()).extracting(OrderRejection::reason)
        .containsExactly(OrderRejection.PARTICIPATION_CAP, "position_limit");
  }

  @Test
  void shouldNotCapWhenTheFillBarHasNoVolume() {
    BacktestConfig config = BacktestConfig.builder().participationCap(0.1).build();
    Scripted script = new Scripted(1).at(0, 0, 250);

    BacktestResult result = BacktestEngine.run(threeDays(NO_VOLUME), script, config);

    assertThat(result.fills()).extracting(Fill::quantity).containsExactly(250L);
    assertThat(result.rejections()).isEmpty();
  }

  @Test
  void shouldCancelANextOpenOrderWhenTheDataEnds() {
    Scripted script = new Scripted(1).at(0, 3, 7);

    BacktestResult result = BacktestEngine.run(threeDays(NO_VOLUME), script, BacktestConfig.builder().build());

    assertThat(result.fills()).isEmpty();
    assertThat(result.rejections()).singleElement().satisfies(r -> {
      assertThat(r.reason()).isEqualTo(OrderRejection.NO_NEXT_BAR);
      assertThat(r.quantity()).isEqualTo(7);
    });
    assertThat(result.finalEquityMicros()).isEqualTo(BacktestConfig.DEFAULT_INITIAL_CASH.micros());
  }

  @Test
  void shouldSplitAFillThroughZeroIntoACloseAndANewTradeWithProRataCommission() {
    BacktestConfig config = BacktestConfig.builder().fill(FillTiming.SIGNAL_CLOSE)
        .commission(CommissionModel.of(BigDecimal.ZERO, Money.parse("0.03"))).build();
    Scripted script = new Scripted(1).at(0, 0, 2).at(0, 1, -3).at(0, 2, 1);

    BacktestResult result = BacktestEngine.run(threeDays(NO_VOLUME), script, config);

    assertThat(result.trades()).hasSize(2);
    Trade first = result.trades().get(0);
    Trade second = result.trades().get(1);
    assertThat(first.side()).isEqualTo(TradeSide.LONG);
    // Fees: entry 2 x 0.03 = 0.06; the flip's 0.09 splits 2/3 = 0.06 to the close, 0.03 to the short.
    assertThat(first.feesMicros()).isEqualTo(120_000L);
    assertThat(first.grossPnlMicros()).isEqualTo(2 * (103_000_000L - 100_000_000L));
    assertThat(second.side()).isEqualTo(TradeSide.SHORT);
    assertThat(second.quantity()).isEqualTo(1);
    assertThat(second.entryPrice()).isEqualTo(103.0);
    assertThat(second.feesMicros()).isEqualTo(30_000L + 30_000L);
    assertThat(second.grossPnlMicros()).isEqualTo(103_000_000L - 101_000_000L);
    assertThat(result.symbols()).containsExactly(Symbol.of("A"));
  }
}
