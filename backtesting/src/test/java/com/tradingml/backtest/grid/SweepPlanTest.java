package com.tradingml.backtest.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.backtest.CommissionModel;
import com.tradingml.backtest.FillTiming;
import com.tradingml.backtest.SlippageModel;
import com.tradingml.core.policy.PositionMode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SweepPlanTest {

  @Test
  void shouldSkipAndCountPointsWhereFastIsNotBelowSlow() {
    SweepPlan plan = SweepPlan.of("sma-cross", ParameterGrid.parse("fast=10:40:10,slow=20|40,cost-bps=0|5"),
        FillTiming.NEXT_OPEN);

    // fast 10 < 20, 40; fast 20 < 40; fast 30 < 40; fast 40 none: 4 pairs x 2 costs.
    assertThat(plan.gridPoints()).isEqualTo(16);
    assertThat(plan.configurations()).hasSize(8);
    assertThat(plan.skipped()).isEqualTo(8);
    assertThat(plan.configurations()).extracting(SweepConfiguration::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(plan.configurations()).extracting(c -> c.fast() + "/" + c.slow() + "/" + c.costBps())
        .containsExactly("10/20/0", "10/20/5", "10/40/0", "10/40/5", "20/40/0", "20/40/5", "30/40/0", "30/40/5");
    assertThat(plan.describe()).containsEntry("configurations", 8).containsEntry("skipped", 8)
        .containsEntry("grid", "fast=10|20|30|40,slow=20|40,cost-bps=0|5");
  }

  @Test
  void shouldBuildTheSameStrategyAndConfigAsTheBacktestCommand() {
    SweepPlan plan = SweepPlan.of("sma-cross",
        ParameterGrid.parse("fast=10,slow=50,cost-bps=2.5,slippage-bps=1,position-mode=long-short,fill=close"),
        FillTiming.NEXT_OPEN);

    SweepConfiguration c = plan.configurations().get(0);
    assertThat(c.quantity()).isEqualTo(SweepPlan.DEFAULT_QUANTITY);
    assertThat(c.positionMode()).isEqualTo(PositionMode.LONG_SHORT);
    assertThat(c.fill()).isEqualTo(FillTiming.SIGNAL_CLOSE);
    assertThat(c.strategy().parameters()).containsEntry("fast", 10).containsEntry("slow", 50)
        .containsEntry("quantity", 100L).containsEntry("position_mode", "long_short");
    assertThat(c.backtestConfig().execution().commission()).isEqualTo(CommissionModel.bps(2.5));
    assertThat(c.backtestConfig().execution().slippage()).isEqualTo(SlippageModel.bps(1));
    assertThat(c.parameters()).containsEntry("cost-bps", new BigDecimal("2.5")).containsEntry("fill", "close")
        .containsEntry("position-mode", "long-short");
    SweepConfiguration free = SweepPlan.of("sma-cross", ParameterGrid.parse("fast=1,slow=2"), FillTiming.NEXT_OPEN)
        .configurations().get(0);
    assertThat(free.backtestConfig().execution().slippage()).isEqualTo(SlippageModel.NONE);
    assertThat(free.fill()).isEqualTo(FillTiming.NEXT_OPEN);
  }

  @Test
  void shouldRejectTheWholeGridForABadValue() {
    assertThatThrownBy(() -> plan("fast=5,slow=50,speed=3")).hasMessageContaining("unknown grid key 'speed'");
    assertThatThrownBy(() -> plan("fast=5")).hasMessageContaining("needs a 'slow' axis");
    assertThatThrownBy(() -> plan("fast=2.5,slow=50")).hasMessageContaining("whole numbers");
    assertThatThrownBy(() -> plan("fast=0,slow=50")).hasMessageContaining("fast 0");
    assertThatThrownBy(() -> plan("fast=5,slow=50,cost-bps=-1")).hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> plan("fast=5,slow=50,position-mode=short")).hasMessageContaining("long-only or long-short");
    assertThatThrownBy(() -> plan("fast=5,slow=50,fill=open")).hasMessageContaining("next-open or close");
    assertThatThrownBy(() -> SweepPlan.of("buy-and-hold", ParameterGrid.parse("fast=5,slow=50"), FillTiming.NEXT_OPEN))
        .hasMessageContaining("sma-cross");
  }

  private static SweepPlan plan(String grid) {
    return SweepPlan.of("sma-cross", ParameterGrid.parse(grid), FillTiming.NEXT_OPEN);
  }
}
