package com.tradingml.backtest.report;

import java.time.Instant;

/**
 * One closed round-trip trade as the report lists it (the columns of the engine's {@code trades.csv}).
 *
 * <p>Immutable and thread-safe. Prices and returns are {@code double}s for display; the quantity is a whole
 * number of shares, as the engine trades them. Returns are fractions ({@code 0.012} is +1.2%), signed from
 * the position's point of view: a short that fell in price has a positive return. {@code grossReturn} is
 * before costs, {@code netReturn} after commission and slippage.
 */
public record TradeRow(
    String symbol,
    PositionSide side,
    Instant entryTime,
    double entryPrice,
    Instant exitTime,
    double exitPrice,
    long quantity,
    double grossReturn,
    double netReturn) {

  public TradeRow {
    if (symbol == null || symbol.isBlank()) {
      throw new IllegalArgumentException("trade symbol must not be blank, got '" + symbol + "'");
    }
    if (side == null) {
      throw new IllegalArgumentException("trade side of " + symbol + " must not be null");
    }
    if (entryTime == null || exitTime == null) {
      throw new IllegalArgumentException(
          "trade times of " + symbol + " must not be null, got " + entryTime + " -> " + exitTime);
    }
    if (exitTime.isBefore(entryTime)) {
      throw new IllegalArgumentException(
          "trade of " + symbol + " exits before it enters: " + entryTime + " -> " + exitTime);
    }
    requirePositivePrice(symbol, "entry", entryPrice);
    requirePositivePrice(symbol, "exit", exitPrice);
    if (quantity <= 0) {
      throw new IllegalArgumentException(
          "trade quantity of " + symbol + " must be positive (the side carries the sign), got " + quantity);
    }
    if (!Double.isFinite(grossReturn) || !Double.isFinite(netReturn)) {
      throw new IllegalArgumentException("trade returns of " + symbol + " must be finite, got gross "
          + grossReturn + ", net " + netReturn);
    }
  }

  private static void requirePositivePrice(String symbol, String which, double price) {
    if (!(price > 0) || Double.isInfinite(price)) {
      throw new IllegalArgumentException(
          "trade " + which + " price of " + symbol + " must be positive and finite, got " + price);
    }
  }
}
