package com.tradingml.backtest.grid;

import com.tradingml.backtest.BacktestResult;
import com.tradingml.backtest.PerformanceMetrics;
import com.tradingml.backtest.stats.ReturnMoments;

/**
 * The figures a sweep records per configuration: the portfolio's {@link PerformanceMetrics} (same names and
 * definitions), costs, the buy-and-hold benchmark's return and Sharpe ratio, and the per-period return moments the
 * Deflated Sharpe Ratio reads ({@link ReturnMoments} of the equity curve's period returns). {@code column()} is
 * the snake_case name in the results table and JSON; integral figures are whole numbers.
 */
public enum SweepMetric {
  PERIODS("periods", true),
  PERIODS_PER_YEAR("periods_per_year", false),
  START_VALUE("start_value", false),
  END_VALUE("end_value", false),
  NET_PNL("net_pnl", false),
  TOTAL_RETURN("total_return", false),
  ANNUALIZED_RETURN("annualized_return", false),
  ANNUALIZED_VOLATILITY("annualized_volatility", false),
  SHARPE("sharpe", false),
  SORTINO("sortino", false),
  MAX_DRAWDOWN("max_drawdown", false),
  MAX_DRAWDOWN_PERIODS("max_drawdown_periods", true),
  MAX_DRAWDOWN_DAYS("max_drawdown_days", false),
  CALMAR("calmar", false),
  TURNOVER("turnover", false),
  TRADES("trades", true),
  HIT_RATE("hit_rate", false),
  AVERAGE_WIN("average_win", false),
  AVERAGE_LOSS("average_loss", false),
  EXPOSURE("exposure", false),
  FEES("fees", false),
  FILLS("fills", true),
  BENCHMARK_TOTAL_RETURN("benchmark_total_return", false),
  BENCHMARK_SHARPE("benchmark_sharpe", false),
  /** mean / sample deviation of the period returns: the Sharpe ratio before annualization. */
  SHARPE_PER_PERIOD("sharpe_per_period", false),
  /** Population skewness of the period returns. */
  SKEWNESS("skewness", false),
  /** Population (plain, not excess) kurtosis of the period returns. */
  KURTOSIS("kurtosis", false);

  private final String column;
  private final boolean integral;

  SweepMetric(String column, boolean integral) {
    this.column = column;
    this.integral = integral;
  }

  public String column() {
    return column;
  }

  /** Whole numbers (counts), stored as {@code long}. */
  public boolean integral() {
    return integral;
  }

  double of(BacktestResult result, ReturnMoments moments) {
    PerformanceMetrics m = result.metrics().total();
    PerformanceMetrics b = result.metrics().benchmark();
    return switch (this) {
      case PERIODS -> m.periods();
      case PERIODS_PER_YEAR -> result.metrics().periodsPerYear();
      case START_VALUE -> m.startValue();
      case END_VALUE -> m.endValue();
      case NET_PNL -> m.netPnl();
      case TOTAL_RETURN -> m.totalReturn();
      case ANNUALIZED_RETURN -> m.annualizedReturn();
      case ANNUALIZED_VOLATILITY -> m.annualizedVolatility();
      case SHARPE -> m.sharpe();
      case SORTINO -> m.sortino();
      case MAX_DRAWDOWN -> m.maxDrawdown();
      case MAX_DRAWDOWN_PERIODS -> m.maxDrawdownPeriods();
      case MAX_DRAWDOWN_DAYS -> m.maxDrawdownDays();
      case CALMAR -> m.calmar();
      case TURNOVER -> m.turnover();
      case TRADES -> m.trades();
      case HIT_RATE -> m.hitRate();
      case AVERAGE_WIN -> m.averageWin();
      case AVERAGE_LOSS -> m.averageLoss();
      case EXPOSURE -> m.exposure();
      case FEES -> result.feesMicros() / 1e6;
      case FILLS -> result.fills().size();
      case BENCHMARK_TOTAL_RETURN -> b.totalReturn();
      case BENCHMARK_SHARPE -> b.sharpe();
      case SHARPE_PER_PERIOD -> moments.sharpe();
      case SKEWNESS -> moments.skewness();
      case KURTOSIS -> moments.kurtosis();
    };
  }
}
