package com.tradingml.backtest;

import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.Side;
import java.time.Instant;

/**
 * One execution: {@code quantity} shares of {@code symbol} bought or sold at {@code priceMicros} on bar
 * {@code barIndex} (of the symbol's own series) at {@code timeMicros}, paying {@code feeMicros} commission.
 *
 * <p>Money is exact micro-units: the price is the fill bar's open or close with slippage, converted once
 * ({@code Money.ofUnits} rounding); notional {@code quantity x price} and the fee are exact. {@code orderId} is
 * the client order id the risk gate accepted; {@code orderQuantity} what the order asked for (more than
 * {@code quantity} when a participation cap cut it); {@code signalTimeMicros} the bar the decision was made on.
 * Immutable and thread-safe.
 */
public record Fill(Symbol symbol, int barIndex, long timeMicros, Side side, long quantity, long priceMicros,
    long feeMicros, String orderId, long orderQuantity, long signalTimeMicros) {

  public Fill {
    if (symbol == null || side == null || orderId == null) {
      throw new IllegalArgumentException("fill needs a symbol, side and order id");
    }
    if (quantity <= 0 || priceMicros <= 0 || feeMicros < 0 || orderQuantity < quantity) {
      throw new IllegalArgumentException("invalid fill of " + symbol + ": quantity " + quantity + " of "
          + orderQuantity + " at " + priceMicros + " micros, fee " + feeMicros);
    }
  }

  public Instant time() {
    return Bar.instantOfMicros(timeMicros);
  }

  public double price() {
    return Micros.toUnits(priceMicros);
  }

  /** {@code quantity x price}, exact micro-units. */
  public long notionalMicros() {
    return Math.multiplyExact(quantity, priceMicros);
  }

  /** The change of the signed position: {@code +quantity} for a buy. */
  public long signedQuantity() {
    return side.signed(quantity);
  }
}
