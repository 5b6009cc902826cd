package com.tradingml.backtest;

import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.Side;
import java.time.Instant;

/**
 * An order, or part of one, that did not trade, and why: the rejection log of a backtest.
 *
 * <ul>
 *   <li>{@link Stage#RISK}: core's pre-trade checks rejected it; {@code reason} is the risk decision's reason
 *       (the failed checks' names, comma-separated in check order, e.g. {@code kill_switch} or
 *       {@code position_limit,gross_exposure}); {@code detail} the failed checks' own words.
 *   <li>{@link Stage#ENGINE}: the engine refused it before the risk gate: {@code warmup} (the symbol's bars do not
 *       yet cover the strategy's warm-up), {@code order_pending} (the symbol already has a working order).
 *   <li>{@link Stage#EXECUTION}: accepted, but (partly) not filled: {@code participation_cap} (the remainder above
 *       the cap, {@code quantity} is the cancelled part) or {@code no_next_bar} (the data ended before the fill).
 * </ul>
 * {@code timeMicros} is when it happened, {@code price} the order's decision price. Immutable and thread-safe.
 */
public record OrderRejection(long timeMicros, Symbol symbol, Side side, long quantity, double price, Stage stage,
    String reason, String detail) {

  public static final String WARMUP = "warmup";
  public static final String ORDER_PENDING = "order_pending";
  public static final String PARTICIPATION_CAP = "participation_cap";
  public static final String NO_NEXT_BAR = "no_next_bar";

  /** Where in the order's path it stopped. */
  public enum Stage {
    RISK("risk"), ENGINE("engine"), EXECUTION("execution");

    private final String id;

    Stage(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public OrderRejection {
    if (symbol == null || side == null || stage == null || reason == null || detail == null || quantity <= 0) {
      throw new IllegalArgumentException("incomplete order rejection: " + symbol + " " + side + " " + quantity + " "
          + stage + " " + reason);
    }
  }

  public Instant time() {
    return Bar.instantOfMicros(timeMicros);
  }
}
