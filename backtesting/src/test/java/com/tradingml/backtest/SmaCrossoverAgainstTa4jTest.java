package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.market.Symbol;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.Position;
import org.ta4j.core.TradingRecord;
import org.ta4j.core.analysis.cost.CostModel;
import org.ta4j.core.analysis.cost.LinearTransactionCostModel;
import org.ta4j.core.analysis.cost.ZeroCostModel;
import org.ta4j.core.backtest.BarSeriesManager;
import org.ta4j.core.backtest.TradeExecutionModel;
import org.ta4j.core.backtest.TradeOnCurrentCloseModel;
import org.ta4j.core.backtest.TradeOnNextOpenModel;
import org.ta4j.core.criteria.pnl.ProfitLossPercentageCriterion;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.Num;
import org.ta4j.core.rules.CrossedDownIndicatorRule;
import org.ta4j.core.rules.CrossedUpIndicatorRule;

/**
 * The SMA(10)/SMA(50) crossover on the bundled DJ30 data, long only, one share per trade, against ta4j 0.17's
 * {@link BarSeriesManager} with {@link CrossedUpIndicatorRule}/{@link CrossedDownIndicatorRule} on
 * {@link SMAIndicator}s (DecimalNum), fill at the close ({@link TradeOnCurrentCloseModel}) and at the next open
 * ({@link TradeOnNextOpenModel}), without costs and with 10 bps per side ({@link LinearTransactionCostModel}).
 *
 * <p>The one alignment: ta4j's SMA is defined from the first bar (a partial mean), ours only once full, so the ta4j
 * strategy gets {@code unstableBars = slow} (its first operation at bar index 50, where our first signal can be).
 * Everything else is compared as is: every trade's entry and exit bar index, time and price, its gross and net
 * P&amp;L (exact decimals on both sides, compared exactly) and its net return (ta4j's
 * {@link ProfitLossPercentageCriterion} / 100), and the position left open at the end.
 */
class SmaCrossoverAgainstTa4jTest {

  static Stream<Arguments> conventions() {
    return Stream.of(
        Arguments.of(FillTiming.SIGNAL_CLOSE, 0.0),
        Arguments.of(FillTiming.SIGNAL_CLOSE, 10.0),
        Arguments.of(FillTiming.NEXT_OPEN, 0.0),
        Arguments.of(FillTiming.NEXT_OPEN, 10.0));
  }

  @ParameterizedTest(name = "fill {0}, {1} bps per side")
  @MethodSource("conventions")
  void shouldMakeTheSameTradesAsTa4jBarSeriesManager(FillTiming timing, double bps) {
    BarSource data = TestData.dj30();
    BacktestConfig config = BacktestConfig.builder().fill(timing).commission(CommissionModel.bps(bps)).build();
    BacktestResult result = BacktestEngine.run(data, SmaCrossover.of(10, 50), config);

    int compared = 0;
    for (int s = 0; s < data.symbolCount(); s++) {
      SymbolSeries ours = data.series(s);
      BarSeries series = ta4jSeries(ours);
      TradingRecord record = ta4jRun(series, timing, bps);
      List<Trade> trades = tradesOf(result, ours.symbol());
      List<Trade> closed = trades.stream().filter(Trade::closed).toList();
      List<Position> positions = record.getPositions();

      assertThat(closed).as("closed trades of %s", ours.symbol()).hasSameSizeAs(positions);
      for (int k = 0; k < positions.size(); k++) {
        Position position = positions.get(k);
        Trade trade = closed.get(k);
        String what = ours.symbol() + " trade " + k;
        int entry = position.getEntry().getIndex();
        int exit = position.getExit().getIndex();
        assertThat(trade.entryBarIndex()).as("%s entry bar", what).isEqualTo(entry);
        assertThat(trade.exitBarIndex()).as("%s exit bar", what).isEqualTo(exit);
        assertThat(trade.entryTime()).as("%s entry time", what)
            .isEqualTo(series.getBar(entry).getEndTime().toInstant());
        assertThat(trade.exitTime()).as("%s exit time", what).isEqualTo(series.getBar(exit).getEndTime().toInstant());
        assertThat(decimal(trade.entryNotionalMicros())).as("%s entry price", what)
            .isEqualByComparingTo(big(position.getEntry().getPricePerAsset()));
        assertThat(decimal(trade.exitNotionalMicros())).as("%s exit price", what)
            .isEqualByComparingTo(big(position.getExit().getPricePerAsset()));
        assertThat(trade.side()).isEqualTo(TradeSide.LONG);
        assertThat(trade.quantity()).isEqualTo(1);
        assertThat(decimal(trade.grossPnlMicros())).as("%s gross P&L", what)
            .isEqualByComparingTo(big(position.getGrossProfit()));
        assertThat(decimal(trade.netPnlMicros())).as("%s net P&L", what)
            .isEqualByComparingTo(big(position.getProfit()));
        double ta4jNetReturn = new ProfitLossPercentageCriterion().calculate(series, position).doubleValue() / 100;
        assertThat(trade.netReturn()).as("%s net return", what).isCloseTo(ta4jNetReturn, within(trade.netReturn()));
        double ta4jGrossReturn = position.getGrossReturn().doubleValue() - 1;
        assertThat(trade.grossReturn()).as("%s gross return", what)
            .isCloseTo(ta4jGrossReturn, within(trade.grossReturn()));
        compared++;
      }
      Position current = record.getCurrentPosition();
      List<Trade> open = trades.stream().filter(t -> !t.closed()).toList();
      if (current.isOpened()) {
        assertThat(open).as("open trade of %s", ours.symbol()).hasSize(1);
        assertThat(open.get(0).entryBarIndex()).isEqualTo(current.getEntry().getIndex());
      } else {
        assertThat(open).as("open trade of %s", ours.symbol()).isEmpty();
      }
    }
    assertThat(compared).as("round trips compared over the five symbols").isGreaterThan(100);
    if (bps > 0) {
      assertThat(result.feesMicros()).isPositive();
    } else {
      assertThat(result.feesMicros()).isZero();
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double value) {
    return org.assertj.core.data.Offset.offset(1e-15 + Math.abs(value) * 1e-14);
  }

  static BarSeries ta4jSeries(SymbolSeries ours) {
    BarSeries series = new BaseBarSeriesBuilder().withName(ours.symbol().value()).build();
    for (int i = 0; i < ours.size(); i++) {
      ZonedDateTime end = ZonedDateTime.ofInstant(Micros.instant(ours.time(i)), ZoneOffset.UTC);
      double volume = Double.isNaN(ours.volume(i)) ? 0 : ours.volume(i);
      series.addBar(end, ours.open(i), ours.high(i), ours.low(i), ours.close(i), volume);
    }
    return series;
  }

  static TradingRecord ta4jRun(BarSeries series, FillTiming timing, double bps) {
    ClosePriceIndicator close = new ClosePriceIndicator(series);
    SMAIndicator fast = new SMAIndicator(close, 10);
    SMAIndicator slow = new SMAIndicator(close, 50);
    BaseStrategy strategy = new BaseStrategy(new CrossedUpIndicatorRule(fast, slow),
        new CrossedDownIndicatorRule(fast, slow), 50);
    CostModel cost = bps == 0 ? new ZeroCostModel() : new LinearTransactionCostModel(bps / 10_000);
    TradeExecutionModel execution = timing == FillTiming.SIGNAL_CLOSE ? new TradeOnCurrentCloseModel()
        : new TradeOnNextOpenModel();
    return new BarSeriesManager(series, cost, new ZeroCostModel(), execution).run(strategy);
  }

  private static List<Trade> tradesOf(BacktestResult result, Symbol symbol) {
    List<Trade> out = new ArrayList<>();
    for (Trade trade : result.trades()) {
      if (trade.symbol().equals(symbol)) {
        out.add(trade);
      }
    }
    out.sort(java.util.Comparator.comparingLong(Trade::entryTimeMicros));
    return out;
  }

  private static BigDecimal decimal(long micros) {
    return BigDecimal.valueOf(micros, 6);
  }

  private static BigDecimal big(Num num) {
    return new BigDecimal(num.toString());
  }
}
