package com.tradingml.core.risk;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.BBB;
import static com.tradingml.core.risk.RiskFixtures.T0;
import static com.tradingml.core.risk.RiskFixtures.buy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.market.Symbol;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The valuation each transition carries forward must equal a fresh walk over the state it ends in, and the day's
 * P&amp;L it gives must equal the exact sum (or be unknown, or throw) exactly as the walk over the holdings does.
 */
class HoldingsValuationTest {

  private static final String ACCOUNT = "acct-1";
  private static final LocalDate DAY = LocalDate.of(2024, 3, 4);
  private static final Symbol[] SYMBOLS = {AAA, BBB, Symbol.of("CCC"), Symbol.of("DDD"), Symbol.of("EEE")};

  @Test
  void shouldCarryTheValuationThroughOrdersMarksAndDayRollsAsAFreshWalkComputesIt() {
    Random random = new Random(42);
    AccountRiskState state = AccountRiskState.empty(ACCOUNT).rollTo(DAY);
    Instant now = T0;
    for (int step = 0; step < 5_000; step++) {
      Symbol symbol = SYMBOLS[random.nextInt(SYMBOLS.length)];
      double price = 1 + random.nextInt(20_000) / 100.0;
      switch (random.nextInt(4)) {
        case 0, 1 -> {
          Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
          OrderIntent order = new OrderIntent("o" + step, ACCOUNT, symbol, side, 1 + random.nextInt(300), price, now);
          state = state.apply(order, now);
        }
        case 2 -> state = state.mark(symbol, Money.ofUnits(price), now);
        default -> {
          if (random.nextInt(20) == 0) {
            state = state.rollTo(state.tradingDay().plusDays(1));
          }
        }
      }
      now = now.plusSeconds(1);

      HoldingsValuation carried = state.valuation();
      HoldingsValuation fresh = HoldingsValuation.of(state.holdingMap(), state.markMap());
      assertThat(carried.usable).as("step %d", step).isEqualTo(fresh.usable);
      if (fresh.usable) {
        assertThat(new long[] {carried.market, carried.gross, carried.cost, carried.absoluteCost})
            .as("step %d", step).containsExactly(fresh.market, fresh.gross, fresh.cost, fresh.absoluteCost);
      }
      assertThat(state.dailyPnl()).as("step %d", step).isEqualTo(walkedDailyPnl(state));
    }
  }

  @Test
  void shouldReportAnUnknownDailyPnlWhileAHoldingHasNoMark() {
    AccountRiskState state = AccountRiskState.empty(ACCOUNT).rollTo(DAY)
        .apply(buy("o1", ACCOUNT, AAA, 10, 10.0), T0);

    assertThat(state.valuation().usable).isFalse();
    assertThat(state.dailyPnl()).isEmpty();
    assertThat(state.mark(AAA, Money.parse("11"), T0).dailyPnl()).contains(Money.parse("10"));
  }

  @Test
  void shouldLeaveValuesNearTheOverflowRangeToTheWalkAndThrowAsItDoes() {
    // 2e6 shares x 4e12 micro-units = 8e18: a long, but beyond the valuation's bound.
    AccountRiskState state = AccountRiskState.empty(ACCOUNT).rollTo(DAY)
        .apply(buy("o1", ACCOUNT, AAA, 2_000_000, 4_000_000.0), T0)
        .mark(AAA, Money.parse("4000000"), T0);

    assertThat(state.valuation().usable).isFalse();
    assertThat(state.dailyPnl()).contains(Money.ZERO);

    // 2e6 x 5e12 = 1e19 micro-units: beyond a long.
    AccountRiskState overflowing = state.mark(AAA, Money.parse("5000000"), T0.plusSeconds(1));

    assertThatThrownBy(overflowing::dailyPnl).isInstanceOf(ArithmeticException.class);
  }

  /** The day's P&amp;L as the documented walk defines it, in exact big integers; empty when a holding is unmarked. */
  private static Optional<Money> walkedDailyPnl(AccountRiskState state) {
    BigInteger pnl = BigInteger.valueOf(state.realizedPnl().micros());
    Map<Symbol, Mark> marks = new TreeMap<>(state.marks());
    for (Map.Entry<Symbol, Holding> entry : new TreeMap<>(state.holdings()).entrySet()) {
      Mark mark = marks.get(entry.getKey());
      if (mark == null) {
        return Optional.empty();
      }
      Holding holding = entry.getValue();
      pnl = pnl.add(BigInteger.valueOf(holding.quantity()).multiply(BigInteger.valueOf(mark.price().micros())))
          .subtract(BigInteger.valueOf(holding.dayCost().micros()));
    }
    return Optional.of(Money.ofMicros(pnl.longValueExact()));
  }
}
