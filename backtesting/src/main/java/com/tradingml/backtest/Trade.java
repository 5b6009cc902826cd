package com.tradingml.backtest;

import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import java.time.Instant;

/**
 * A round trip in one symbol: from a flat position to a position (the entry fills) and back to flat (the exit
 * fills). Adding to the position adds entry fills, reducing it adds exit fills; an order through zero closes the
 * trade with its closing part and opens the next one with the rest (its commission split pro rata by shares,
 * rounded half-even, the remainder to the new trade).
 *
 * <ul>
 *   <li>{@code entryPrice} / {@code exitPrice}: volume-weighted over the entry / exit fills (fill prices include
 *       slippage, exclude commission).
 *   <li>{@code quantity}: shares entered in total (for a simple trade, its size).
 *   <li>{@code grossPnl}: {@code sign x (exit notional - entry notional)}, exact micro-units (closed trades).
 *   <li>{@code fees}: commissions of the entry and exit fills.
 *   <li>{@code grossReturn} = {@code grossPnl / entry notional}; {@code netReturn} =
 *       {@code (grossPnl - fees) / entry notional}. For one entry and one exit fill of a long trade, gross is
 *       {@code exit / entry - 1}, net is {@code (exit - entry - entryFee - exitFee) / entry}: ta4j's
 *       {@code Position.getProfit() / entry value} (its {@code ProfitLossPercentageCriterion} / 100).
 * </ul>
 * A trade still open when the data ends has {@code closed == false}, no exit time and NaN returns (it is marked to
 * market in the equity curve, never closed by a fill the data does not hold). Times are epoch microseconds; bar
 * indexes are positions in the symbol's own series. Immutable and thread-safe.
 */
public record Trade(Symbol symbol, TradeSide side, long entryTimeMicros, int entryBarIndex, long quantity,
    long entryNotionalMicros, long exitTimeMicros, int exitBarIndex, long exitQuantity, long exitNotionalMicros,
    long feesMicros, boolean closed) {

  public Trade {
    if (symbol == null || side == null) {
      throw new IllegalArgumentException("trade needs a symbol and a side");
    }
    if (quantity <= 0 || entryNotionalMicros <= 0 || exitQuantity < 0 || exitQuantity > quantity || feesMicros < 0) {
      throw new IllegalArgumentException("invalid trade of " + symbol + ": quantity " + quantity + ", exited "
          + exitQuantity + ", entry notional " + entryNotionalMicros + ", fees " + feesMicros);
    }
    if (closed && (exitQuantity != quantity || exitTimeMicros < entryTimeMicros)) {
      throw new IllegalArgumentException("a closed trade of " + symbol + " exits all " + quantity + " shares after"
          + " its entry: exited " + exitQuantity + " at " + exitTimeMicros);
    }
  }

  public Instant entryTime() {
    return Bar.instantOfMicros(entryTimeMicros);
  }

  /** The exit time of a closed trade, else null. */
  public Instant exitTime() {
    return closed ? Bar.instantOfMicros(exitTimeMicros) : null;
  }

  public double entryPrice() {
    return entryNotionalMicros / (double) quantity / Micros.PER_UNIT;
  }

  /** NaN while nothing was exited. */
  public double exitPrice() {
    return exitQuantity == 0 ? Double.NaN : exitNotionalMicros / (double) exitQuantity / Micros.PER_UNIT;
  }

  /** Exact micro-units; 0 for an open trade. */
  public long grossPnlMicros() {
    return closed ? Math.multiplyExact(side.sign(), Math.subtractExact(exitNotionalMicros, entryNotionalMicros)) : 0;
  }

  /** Exact micro-units; 0 for an open trade. */
  public long netPnlMicros() {
    return closed ? Math.subtractExact(grossPnlMicros(), feesMicros) : 0;
  }

  /** NaN for an open trade. */
  public double grossReturn() {
    return closed ? grossPnlMicros() / (double) entryNotionalMicros : Double.NaN;
  }

  /** NaN for an open trade. */
  public double netReturn() {
    return closed ? netPnlMicros() / (double) entryNotionalMicros : Double.NaN;
  }
}
