package com.tradingml.serving;

import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.OrderIntent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The request bodies of the API as Jackson binds them (boxed, so that a missing value is told from a zero), and
 * their validation into domain values. Every refusal is a {@link RequestException} naming the field.
 */
final class Requests {

  private Requests() {}

  /** Largest accepted {@code bars} array in one {@code POST /v1/bars}. */
  static final int MAX_BARS_PER_REQUEST = 1_000;

  /** A bar in a decision request (its symbol is the request's). */
  record BarBody(String timestamp, Double open, Double high, Double low, Double close, Double volume) {}

  /** A bar in {@code POST /v1/bars}. */
  record SymbolBarBody(String symbol, String timestamp, Double open, Double high, Double low, Double close,
      Double volume) {}

  /** {@code POST /v1/decisions}. */
  record DecisionBody(String symbol, String account, String clientOrderId, Long position, BarBody bar) {

    Decide validate() throws RequestException {
      Symbol s = LiveBar.symbol("symbol", symbol);
      id("account", account);
      id("clientOrderId", clientOrderId);
      if (position == null) {
        throw RequestException.invalid("position", "is required (the current signed position in shares; 0 when flat)");
      }
      Optional<LiveBar> parsed = Optional.empty();
      if (bar != null) {
        parsed = Optional.of(LiveBar.parse("bar", s, bar.timestamp(), bar.open(), bar.high(), bar.low(), bar.close(),
            bar.volume()));
      }
      return new Decide(s, account, clientOrderId, position, parsed);
    }
  }

  /** A validated decision request. */
  record Decide(Symbol symbol, String account, String clientOrderId, long position, Optional<LiveBar> bar) {}

  /** {@code POST /v1/bars}. */
  record BarsBody(List<SymbolBarBody> bars) {

    List<LiveBar> validate() throws RequestException {
      if (bars == null) {
        throw RequestException.invalid("bars", "is required (an array of bars)");
      }
      if (bars.isEmpty() || bars.size() > MAX_BARS_PER_REQUEST) {
        throw RequestException.invalid("bars", "must hold 1 to " + MAX_BARS_PER_REQUEST + " bars, got " + bars.size());
      }
      List<LiveBar> parsed = new ArrayList<>(bars.size());
      for (int i = 0; i < bars.size(); i++) {
        SymbolBarBody b = bars.get(i);
        String prefix = "bars[" + i + "]";
        if (b == null) {
          throw RequestException.invalid(prefix, "must be a bar object");
        }
        Symbol symbol = LiveBar.symbol(prefix + ".symbol", b.symbol());
        parsed.add(LiveBar.parse(prefix, symbol, b.timestamp(), b.open(), b.high(), b.low(), b.close(), b.volume()));
      }
      return parsed;
    }
  }

  /** {@code POST /v1/admin/kill-switch}. */
  record KillSwitchBody(String account, String action, String reason) {

    /** Validates; returns whether to engage (true) or reset (false). */
    boolean validate() throws RequestException {
      id("account", account);
      if (action == null) {
        throw RequestException.invalid("action", "is required: engage or reset");
      }
      boolean engage = switch (action) {
        case "engage" -> true;
        case "reset" -> false;
        default -> throw RequestException.invalid("action", "must be engage or reset, got '" + LiveBar.clip(action)
            + "'");
      };
      if (reason == null || reason.isBlank() || reason.length() > 500) {
        throw RequestException.invalid("reason", "is required: 1 to 500 characters saying why");
      }
      return engage;
    }
  }

  /** An account or client order id, by the rules of {@link OrderIntent}. */
  private static void id(String field, String value) throws RequestException {
    if (value == null) {
      throw RequestException.invalid(field, "is required");
    }
    if (value.isBlank() || value.length() > OrderIntent.MAX_ID_LENGTH) {
      throw RequestException.invalid(field, "must be 1 to " + OrderIntent.MAX_ID_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (Character.isWhitespace(ch) || Character.isISOControl(ch)) {
        throw RequestException.invalid(field, "must not contain whitespace or control characters");
      }
    }
  }
}
