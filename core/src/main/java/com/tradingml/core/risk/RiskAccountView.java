package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What {@link PreTradeRiskChecks} read of an account: the one definition of the rules runs over either form of the
 * state, the immutable {@link AccountRiskState} (serving, any shared store) or the mutable
 * {@link SingleWriterRiskAccount} (a backtest's one thread). Both answer every question with the same values for
 * the same history; {@code SingleWriterRiskAccountTest} replays random histories through both and compares.
 */
interface RiskAccountView {

  String account();

  LocalDate tradingDay();

  KillSwitch killSwitch();

  /**
   * This account as of {@code now} under {@code limits}: rolled to the trading day of {@code now} and pruned
   * ({@link AccountRiskState#advanceTo}). The immutable state returns a new snapshot; the single writer advances
   * itself and returns itself.
   */
  RiskAccountView advancedTo(Instant now, RiskLimits limits);

  /** The signed position in {@code symbol} (0 when flat). */
  long positionOf(Symbol symbol);

  /**
   * {@code sum over held symbols other than symbol of |quantity x mark|}, exact micro-units.
   *
   * @throws UnmarkedHolding when such a held symbol has no mark (the first one in symbol order)
   * @throws ArithmeticException on overflow
   */
  long grossExposureExcept(Symbol symbol);

  /** {@link AccountRiskState#dailyPnl()}. */
  Optional<Money> dailyPnl();

  /** {@link AccountRiskState#firstUnmarkedHolding()}. */
  Optional<Symbol> firstUnmarkedHolding();

  /** {@link AccountRiskState#ordersInWindow}. */
  int ordersInWindow(Instant now, Duration window);

  /** When {@code clientOrderId} was first seen, if remembered at {@code now} ({@code t > now - retention}); or null. */
  Instant seenAt(String clientOrderId, Instant now, Duration retention);

  /** A held symbol without a mark, met while summing gross exposure. */
  final class UnmarkedHolding extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient Symbol symbol;

    UnmarkedHolding(Symbol symbol) {
      super("no mark price for held symbol " + symbol, null, false, false);
      this.symbol = symbol;
    }
  }
}
