package com.tradingml.core.risk;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Optional per-symbol overrides of {@link RiskLimits}. An override can only tighten: the limit applied to
 * an order is the lowest of the global limit and the symbol's override (RELIABILITY.md R2), so a typo in an
 * override can never loosen the global control.
 *
 * <p>Immutable and thread-safe. Units as in {@link RiskLimits}: shares and exact {@link Money}.
 */
public record SymbolLimits(OptionalLong maxOrderQuantity, Optional<Money> maxOrderNotional, OptionalLong maxPosition) {

  public static final SymbolLimits NONE = new SymbolLimits(OptionalLong.empty(), Optional.empty(),
      OptionalLong.empty());

  public SymbolLimits {
    if (maxOrderQuantity == null || maxOrderNotional == null || maxPosition == null) {
      throw new IllegalArgumentException("symbol limits must not hold null; use empty optionals");
    }
    if (maxOrderQuantity.isPresent() && maxOrderQuantity.getAsLong() <= 0) {
      throw new IllegalArgumentException("symbol max order quantity must be positive: " + maxOrderQuantity.getAsLong());
    }
    if (maxOrderNotional.isPresent() && maxOrderNotional.get().signum() <= 0) {
      throw new IllegalArgumentException("symbol max order notional must be positive: " + maxOrderNotional.get());
    }
    if (maxPosition.isPresent() && maxPosition.getAsLong() < 0) {
      throw new IllegalArgumentException("symbol max position must not be negative: " + maxPosition.getAsLong());
    }
  }

  public SymbolLimits withMaxOrderQuantity(long shares) {
    return new SymbolLimits(OptionalLong.of(shares), maxOrderNotional, maxPosition);
  }

  public SymbolLimits withMaxOrderNotional(Money notional) {
    return new SymbolLimits(maxOrderQuantity, Optional.of(notional), maxPosition);
  }

  public SymbolLimits withMaxPosition(long shares) {
    return new SymbolLimits(maxOrderQuantity, maxOrderNotional, OptionalLong.of(shares));
  }
}
