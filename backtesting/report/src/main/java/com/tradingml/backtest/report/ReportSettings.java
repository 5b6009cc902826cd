package com.tradingml.backtest.report;

/**
 * How the report computes and shows its series: the annualisation factor, the rolling-Sharpe window, the
 * histogram's bin count, how many trades it lists and how many points a chart line may have.
 *
 * <p>Immutable and thread-safe. Start from {@link #defaults()} (daily bars) and change what differs with the
 * {@code with...} methods; every value is checked in the constructor.
 *
 * @param periodsPerYear bars per year, for annualising: 252 for daily bars, 252 x 390 for US-equity minutes
 * @param rollingWindow the rolling Sharpe's window in bars (63 daily bars: about three months)
 * @param histogramBins the trade-return histogram's target bin count, or 0 for automatic
 *     ({@code ceil(sqrt(trades))}, clamped to 5..30)
 * @param tradesEachEnd how many trades the table lists from each end (first N and last N)
 * @param maxChartPoints the most points one chart line keeps; longer series are downsampled (min-max per
 *     bucket, see {@link Downsampler})
 */
public record ReportSettings(
    int periodsPerYear, int rollingWindow, int histogramBins, int tradesEachEnd, int maxChartPoints) {

  public static final int DEFAULT_PERIODS_PER_YEAR = 252;
  public static final int DEFAULT_ROLLING_WINDOW = 63;
  public static final int DEFAULT_TRADES_EACH_END = 25;
  public static final int DEFAULT_MAX_CHART_POINTS = 3000;
  /** Below this a downsampled line would lose its shape; min-max buckets need room. */
  public static final int MIN_CHART_POINTS = 32;

  public ReportSettings {
    if (periodsPerYear < 1) {
      throw new IllegalArgumentException("periodsPerYear must be at least 1, got " + periodsPerYear);
    }
    if (rollingWindow < 2) {
      throw new IllegalArgumentException("rollingWindow must be at least 2 bars, got " + rollingWindow);
    }
    if (histogramBins < 0 || histogramBins > 1000) {
      throw new IllegalArgumentException("histogramBins must be 0 (automatic) to 1000, got " + histogramBins);
    }
    if (tradesEachEnd < 1) {
      throw new IllegalArgumentException("tradesEachEnd must be at least 1, got " + tradesEachEnd);
    }
    if (maxChartPoints < MIN_CHART_POINTS) {
      throw new IllegalArgumentException(
          "maxChartPoints must be at least " + MIN_CHART_POINTS + ", got " + maxChartPoints);
    }
  }

  /** Daily bars: 252 periods a year, a 63-bar rolling Sharpe, automatic bins, 25 trades from each end. */
  public static ReportSettings defaults() {
    return new ReportSettings(DEFAULT_PERIODS_PER_YEAR, DEFAULT_ROLLING_WINDOW, 0, DEFAULT_TRADES_EACH_END,
        DEFAULT_MAX_CHART_POINTS);
  }

  public ReportSettings withPeriodsPerYear(int value) {
    return new ReportSettings(value, rollingWindow, histogramBins, tradesEachEnd, maxChartPoints);
  }

  public ReportSettings withRollingWindow(int value) {
    return new ReportSettings(periodsPerYear, value, histogramBins, tradesEachEnd, maxChartPoints);
  }

  public ReportSettings withHistogramBins(int value) {
    return new ReportSettings(periodsPerYear, rollingWindow, value, tradesEachEnd, maxChartPoints);
  }

  public ReportSettings withTradesEachEnd(int value) {
    return new ReportSettings(periodsPerYear, rollingWindow, histogramBins, value, maxChartPoints);
  }

  public ReportSettings withMaxChartPoints(int value) {
    return new ReportSettings(periodsPerYear, rollingWindow, histogramBins, tradesEachEnd, value);
  }
}
