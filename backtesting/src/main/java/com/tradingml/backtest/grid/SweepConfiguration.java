package com.tradingml.backtest.grid;

import com.tradingml.backtest.BacktestConfig;
import com.tradingml.backtest.CommissionModel;
import com.tradingml.backtest.FillTiming;
import com.tradingml.backtest.SlippageModel;
import com.tradingml.backtest.SmaCrossover;
import com.tradingml.core.policy.PositionMode;
import com.tradingml.core.risk.Money;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One point of an SMA-crossover sweep, as the engine runs it: {@link SmaCrossover#of(int, int, long, PositionMode)}
 * with {@code fast}, {@code slow}, {@code quantity}, {@code positionMode}, and a {@link BacktestConfig} with the
 * fill timing, {@code costBps} commission per side ({@link CommissionModel}, nothing per share) and
 * {@code slippageBps} ({@link SlippageModel#NONE} at 0), everything else at the engine's defaults: the same run as
 * {@code pipeline backtest --strategy sma-cross} with these options.
 *
 * <p>{@code index} numbers the configurations a sweep runs, from 0, in grid order. Serializable (shipped to Spark
 * executors), immutable and thread-safe; validated on construction.
 */
public record SweepConfiguration(int index, int fast, int slow, long quantity, PositionMode positionMode,
    FillTiming fill, BigDecimal costBps, BigDecimal slippageBps) implements Serializable {

  private static final long serialVersionUID = 1L;

  public SweepConfiguration {
    if (index < 0) {
      throw new IllegalArgumentException("configuration index must be >= 0, got " + index);
    }
    if (positionMode == null || fill == null || costBps == null || slippageBps == null) {
      throw new IllegalArgumentException("a sweep configuration needs a position mode, a fill timing and costs");
    }
    SmaCrossover.of(fast, slow, quantity, positionMode);
    CommissionModel.of(costBps, Money.ZERO);
    slippage(slippageBps);
  }

  /** The strategy definition. */
  public SmaCrossover strategy() {
    return SmaCrossover.of(fast, slow, quantity, positionMode);
  }

  /** The engine configuration. */
  public BacktestConfig backtestConfig() {
    return BacktestConfig.builder()
        .fill(fill)
        .commission(CommissionModel.of(costBps, Money.ZERO))
        .slippage(slippage(slippageBps))
        .build();
  }

  private static SlippageModel slippage(BigDecimal bps) {
    return bps.signum() == 0 ? SlippageModel.NONE : new SlippageModel(SlippageModel.Kind.BPS, bps);
  }

  /** The parameters as ordered JSON data, keyed as in the grid syntax. */
  public Map<String, Object> parameters() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("fast", fast);
    out.put("slow", slow);
    out.put("quantity", quantity);
    out.put("position-mode", positionMode.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    out.put("fill", fill.id());
    out.put("cost-bps", costBps);
    out.put("slippage-bps", slippageBps);
    return out;
  }
}
