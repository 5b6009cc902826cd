package com.tradingml.backtest;

import java.util.OptionalDouble;

/**
 * How an order the risk gate accepted becomes a fill: when ({@link FillTiming}), at what price
 * ({@link SlippageModel}), at what cost ({@link CommissionModel}), and how much of it.
 *
 * <p><b>Participation cap</b>: when present and the fill bar's volume is known, a fill takes at most
 * {@code floor(participationCap x volume)} shares; the unfilled remainder is cancelled (never carried to a later
 * bar), logged as an {@code execution} rejection with reason {@code participation_cap}, and released from the
 * risk state's position. A bar without volume (NaN: unknown, as in close-only sources) is not capped.
 *
 * <p>Immutable and thread-safe.
 */
public record ExecutionModel(FillTiming timing, CommissionModel commission, SlippageModel slippage,
    OptionalDouble participationCap) {

  /** Next open, no commission, no slippage, no cap. */
  public static final ExecutionModel DEFAULT = new ExecutionModel(FillTiming.NEXT_OPEN, CommissionModel.NONE,
      SlippageModel.NONE, OptionalDouble.empty());

  public ExecutionModel {
    if (timing == null || commission == null || slippage == null || participationCap == null) {
      throw new IllegalArgumentException("execution model needs timing, commission, slippage and cap (use empty)");
    }
    if (participationCap.isPresent()) {
      double cap = participationCap.getAsDouble();
      if (!(cap > 0 && cap <= 1)) {
        throw new IllegalArgumentException("participation cap must be in (0, 1]: " + cap);
      }
    }
  }

  public ExecutionModel withTiming(FillTiming value) {
    return new ExecutionModel(value, commission, slippage, participationCap);
  }

  public ExecutionModel withCommission(CommissionModel value) {
    return new ExecutionModel(timing, value, slippage, participationCap);
  }

  public ExecutionModel withSlippage(SlippageModel value) {
    return new ExecutionModel(timing, commission, value, participationCap);
  }

  public ExecutionModel withParticipationCap(double cap) {
    return new ExecutionModel(timing, commission, slippage, OptionalDouble.of(cap));
  }
}
