package com.tradingml.backtest.grid;

import com.tradingml.backtest.BacktestEngine;
import com.tradingml.backtest.BacktestResult;
import com.tradingml.backtest.BarSource;
import com.tradingml.backtest.EquityCurve;
import com.tradingml.backtest.RunInfo;
import com.tradingml.backtest.stats.ReturnMoments;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One configuration of a sweep, run: its {@link SweepConfiguration} and every {@link SweepMetric}. What a Spark task
 * sends back to the driver (serializable, a few hundred bytes). Immutable and thread-safe.
 */
public final class SweepTrial implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final SweepMetric[] METRICS = SweepMetric.values();

  private final SweepConfiguration configuration;
  private final double[] values;

  private SweepTrial(SweepConfiguration configuration, double[] values) {
    this.configuration = configuration;
    this.values = values;
  }

  /**
   * Runs {@code configuration} over {@code bars} with {@link BacktestEngine} (nothing else: the result is the
   * engine's, bit for bit) and records its metrics.
   */
  public static SweepTrial run(BarSource bars, SweepConfiguration configuration) {
    BacktestResult result = BacktestEngine.run(bars, configuration.strategy(), configuration.backtestConfig(),
        RunInfo.none());
    return of(configuration, result);
  }

  /** The metrics of a run of {@code configuration}. */
  public static SweepTrial of(SweepConfiguration configuration, BacktestResult result) {
    ReturnMoments moments = ReturnMoments.of(periodReturns(result.equityCurve()));
    double[] values = new double[METRICS.length];
    for (SweepMetric metric : METRICS) {
      values[metric.ordinal()] = metric.of(result, moments);
    }
    return new SweepTrial(configuration, values);
  }

  /**
   * The equity curve's period returns {@code r_k = V_k / V_{k-1} - 1}, {@code V_0} the initial cash: the returns
   * {@code PerformanceMetrics} is defined on.
   */
  public static double[] periodReturns(EquityCurve curve) {
    double[] returns = new double[curve.size()];
    double previous = curve.initialCashMicros() / 1e6;
    for (int k = 0; k < returns.length; k++) {
      double value = curve.equity(k);
      returns[k] = value / previous - 1;
      previous = value;
    }
    return returns;
  }

  public SweepConfiguration configuration() {
    return configuration;
  }

  public double value(SweepMetric metric) {
    return values[metric.ordinal()];
  }

  public double sharpe() {
    return value(SweepMetric.SHARPE);
  }

  /** Ordered JSON data: every metric by its column name, integral ones as {@code long}. */
  public Map<String, Object> metrics() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (SweepMetric metric : METRICS) {
      double v = values[metric.ordinal()];
      out.put(metric.column(), metric.integral() ? (Object) (long) v : (Object) v);
    }
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SweepTrial trial && trial.configuration.equals(configuration)
        && Arrays.equals(trial.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * configuration.hashCode() + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "SweepTrial[" + configuration + ", sharpe " + sharpe() + "]";
  }
}
