package com.tradingml.backtest;

/**
 * What became of a run's orders: placed by the strategy ({@code placed}), refused by the engine ({@code refused}:
 * warm-up, working order), submitted to the risk gate ({@code submitted}), accepted or rejected there, filled
 * ({@code fills} executions), and shares cancelled after acceptance ({@code cancelledShares}: participation cap, no
 * next bar). {@code placed = refused + submitted}, {@code submitted = accepted + rejectedByRisk}. Immutable.
 */
public record OrderCounts(long placed, long refused, long submitted, long accepted, long rejectedByRisk, long fills,
    long cancelledShares) {
}
