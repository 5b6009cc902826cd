package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.time.Instant;

/**
 * An order the decision policy wants to send, as the pre-trade risk gate sees it.
 *
 * <p>Immutable and thread-safe. {@code quantity} is a whole number of shares, always positive; the
 * direction is {@link #side()}. {@code price} is the decision's expected fill price in currency units, a
 * {@code double} because it comes from market data and the model; the risk checks convert it to exact
 * {@link Money} themselves. The constructor deliberately does <b>not</b> reject a NaN, infinite or
 * non-positive price: such an intent must reach the checks and come back rejected with a reason
 * (DESIGN.md principle 5, RELIABILITY.md R8), not blow up as an exception where the intent is built.
 * Identifiers, side, quantity and time are structural and validated here.
 *
 * <p>{@code clientOrderId} is the idempotency key (R7): a retried request carries the same id and gets the
 * original decision back. {@code time} is when the decision was made (audit); the risk gate's own clock is
 * the {@code now} passed to it, which every time-based rule uses.
 */
public record OrderIntent(
    String clientOrderId, String account, Symbol symbol, Side side, long quantity, double price, Instant time) {

  /** Longest accepted client order id (FIX ClOrdID values are far shorter in practice). */
  public static final int MAX_ID_LENGTH = 128;

  public OrderIntent {
    requireId("client order id", clientOrderId);
    requireId("account", account);
    if (symbol == null) {
      throw new IllegalArgumentException("order symbol must not be null (" + clientOrderId + ")");
    }
    if (side == null) {
      throw new IllegalArgumentException("order side must not be null (" + clientOrderId + ")");
    }
    if (quantity <= 0) {
      throw new IllegalArgumentException("order quantity must be positive: " + quantity + " (" + clientOrderId + ")");
    }
    if (time == null) {
      throw new IllegalArgumentException("order time must not be null (" + clientOrderId + ")");
    }
  }

  public static OrderIntent of(String clientOrderId, String account, String symbol, Side side, long quantity,
      double price, Instant time) {
    return new OrderIntent(clientOrderId, account, Symbol.of(symbol), side, quantity, price, time);
  }

  /** The change this order makes to the signed position: {@code +quantity} to buy, {@code -quantity} to sell. */
  public long signedQuantity() {
    return side.signed(quantity);
  }

  /**
   * Whether {@code other} is the same order (a retry): same account, symbol, side, quantity and price (bit
   * for bit). The decision time is not compared, because a client may re-stamp a retried request.
   */
  public boolean sameOrderAs(OrderIntent other) {
    return account.equals(other.account) && symbol.equals(other.symbol) && side == other.side
        && quantity == other.quantity && Double.compare(price, other.price) == 0;
  }

  static void requireId(String what, String value) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (value.isBlank() || value.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(what + " must be 1 to " + MAX_ID_LENGTH + " characters: '" + value + "'");
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch > ' ' && ch < 0x7F) {
        continue; // printable ASCII (the usual id): neither whitespace nor a control character
      }
      if (Character.isWhitespace(ch) || Character.isISOControl(ch)) {
        throw new IllegalArgumentException(what + " contains whitespace or a control character: '" + value + "'");
      }
    }
  }
}
