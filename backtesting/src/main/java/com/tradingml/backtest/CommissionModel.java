package com.tradingml.backtest;

import com.tradingml.core.risk.Money;
import java.math.BigDecimal;

/**
 * Commission per fill: {@code bps} basis points of the fill's notional plus {@code perShare} per share, as exact
 * micro-units ({@link Money}): {@code fee = round_half_even(notional x bps / 10000) + perShare x quantity}, with
 * the notional itself exact ({@code quantity x price}, the price in micro-units). Charged on every fill, both
 * sides (so "10 bps per side" is {@code bps = 10}).
 *
 * <p>Immutable and thread-safe. {@code bps} is a decimal with at most six decimals, in {@code [0, 10000]}.
 */
public record CommissionModel(BigDecimal bps, Money perShare) {

  public static final CommissionModel NONE = new CommissionModel(BigDecimal.ZERO, Money.ZERO);

  public CommissionModel {
    if (bps == null || perShare == null) {
      throw new IllegalArgumentException("commission needs bps and perShare (use 0)");
    }
    if (bps.signum() < 0 || bps.compareTo(BigDecimal.valueOf(10_000)) > 0) {
      throw new IllegalArgumentException("commission bps must be in [0, 10000]: " + bps.toPlainString());
    }
    if (bps.stripTrailingZeros().scale() > 6) {
      throw new IllegalArgumentException("commission bps has more than six decimals: " + bps.toPlainString());
    }
    if (perShare.signum() < 0) {
      throw new IllegalArgumentException("commission per share must not be negative: " + perShare);
    }
    bps = bps.stripTrailingZeros();
    if (bps.scale() < 0) {
      bps = bps.setScale(0);
    }
  }

  /** {@code bps} basis points of notional, nothing per share. */
  public static CommissionModel bps(double bps) {
    return new CommissionModel(new BigDecimal(Double.toString(bps)), Money.ZERO);
  }

  public static CommissionModel of(BigDecimal bps, Money perShare) {
    return new CommissionModel(bps, perShare);
  }

  /** The bps in micro-basis-points (exact: at most six decimals). */
  long microBps() {
    return bps.movePointRight(6).longValueExact();
  }

  /** The fee of a fill of {@code quantity > 0} shares with notional {@code notionalMicros >= 0}. */
  long feeMicros(long notionalMicros, long quantity, long microBps) {
    long proportional = microBps == 0 ? 0 : Micros.mulDivHalfEven(notionalMicros, microBps, 10_000_000_000L);
    return Math.addExact(proportional, Math.multiplyExact(perShare.micros(), quantity));
  }
}
