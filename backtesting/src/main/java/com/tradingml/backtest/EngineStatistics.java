package com.tradingml.backtest;

/**
 * How a run spent its time, for benchmarks and tuning; never written to the outputs (wall-clock times differ
 * between identical runs). {@code barsReplayed} bar events; {@code riskMarksSent} calls of {@code RiskState.mark};
 * {@code riskStoreNanos}: wall time inside the risk state's calls (submit, mark, cancel); {@code replayNanos}: the
 * replay (risk calls included); {@code metricsNanos}: the metrics pass after it; {@code prepareNanos}: preparing the
 * source for replay before it (its closes in micro-units and in replay order; zero when an earlier run over the same
 * source had done it, as in a sweep). Measured with {@link System#nanoTime()} (cheap; thread-CPU clocks would cost a
 * system call per order).
 */
public record EngineStatistics(long barsReplayed, long riskMarksSent, long riskStoreNanos, long replayNanos,
    long metricsNanos, long prepareNanos) {
}
