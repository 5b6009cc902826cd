package com.tradingml.backtest.report;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link ReportData} with every series its charts need computed: the resolved form of the report, as the
 * page draws it. See each calculator for its definition: {@link Drawdowns}, {@link RollingSharpe},
 * {@link MonthlyReturns}, {@link ReturnHistogram}.
 *
 * <p>Immutable and thread-safe: arrays are copied on the way out (the page, in this package, reads the
 * fields directly rather than copy series of millions of points). Series are aligned with
 * {@link ReportData#equity()}; times are epoch milliseconds (charts need no finer resolution).
 */
public final class ResolvedReport {
  private final ReportData data;
  final long[] times;
  final double[] equity;
  final double[] benchmark;
  final boolean hasBenchmark;
  final double[] drawdown;
  final double[] benchmarkDrawdown;
  final double[] rollingSharpe;
  final double[] benchmarkRollingSharpe;
  final MonthlyReturns monthlyReturns;
  final MonthlyReturns benchmarkMonthlyReturns;
  final ReturnHistogram histogram;
  final TradeStats tradeStats;

  /**
   * Summary statistics of the trades' net returns (fractions); NaN when there are no trades.
   *
   * @param count trades
   * @param wins trades with a net return above zero
   * @param mean arithmetic mean net return
   * @param median median net return (mean of the middle two for an even count)
   * @param best highest net return
   * @param worst lowest net return
   */
  public record TradeStats(int count, int wins, double mean, double median, double best, double worst) {
    /** Wins over trades, NaN without trades. */
    public double winRate() {
      return count == 0 ? Double.NaN : (double) wins / count;
    }

    static TradeStats of(double[] netReturns) {
      int n = netReturns.length;
      if (n == 0) {
        return new TradeStats(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      double[] sorted = netReturns.clone();
      Arrays.sort(sorted);
      double sum = 0;
      int wins = 0;
      for (double r : netReturns) {
        sum += r;
        if (r > 0) {
          wins++;
        }
      }
      double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      return new TradeStats(n, wins, sum / n, median, sorted[n - 1], sorted[0]);
    }
  }

  private ResolvedReport(ReportData data) {
    this.data = data;
    ReportSettings settings = data.settings();
    List<EquityPoint> points = data.equity();
    int n = points.size();
    times = new long[n];
    equity = new double[n];
    benchmark = new double[n];
    boolean anyBenchmark = false;
    for (int i = 0; i < n; i++) {
      EquityPoint p = points.get(i);
      times[i] = toEpochMillis(p.time());
      equity[i] = p.equity();
      benchmark[i] = p.benchmark();
      anyBenchmark |= p.hasBenchmark();
    }
    hasBenchmark = anyBenchmark;
    drawdown = Drawdowns.of(equity);
    benchmarkDrawdown = Drawdowns.of(benchmark);
    rollingSharpe = RollingSharpe.of(equity, settings.rollingWindow(), settings.periodsPerYear());
    benchmarkRollingSharpe = RollingSharpe.of(benchmark, settings.rollingWindow(), settings.periodsPerYear());
    monthlyReturns = MonthlyReturns.of(times, equity);
    benchmarkMonthlyReturns = MonthlyReturns.of(times, benchmark);
    double[] net = data.trades().stream().mapToDouble(TradeRow::netReturn).toArray();
    int bins = settings.histogramBins() > 0 ? settings.histogramBins() : ReturnHistogram.automaticBins(net.length);
    histogram = ReturnHistogram.of(net, bins);
    tradeStats = TradeStats.of(net);
  }

  public static ResolvedReport of(ReportData data) {
    return new ResolvedReport(data);
  }

  /** Milliseconds since the epoch, rounded down (sub-millisecond bars keep their order for drawing). */
  private static long toEpochMillis(Instant time) {
    return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1000L), time.getNano() / 1_000_000);
  }

  public ReportData data() {
    return data;
  }

  public long[] times() {
    return times.clone();
  }

  public double[] equity() {
    return equity.clone();
  }

  /** The benchmark series, NaN where absent. */
  public double[] benchmark() {
    return benchmark.clone();
  }

  /** True if at least one point has a benchmark value. */
  public boolean hasBenchmark() {
    return hasBenchmark;
  }

  public double[] drawdown() {
    return drawdown.clone();
  }

  public double[] benchmarkDrawdown() {
    return benchmarkDrawdown.clone();
  }

  public double[] rollingSharpe() {
    return rollingSharpe.clone();
  }

  public double[] benchmarkRollingSharpe() {
    return benchmarkRollingSharpe.clone();
  }

  public MonthlyReturns monthlyReturns() {
    return monthlyReturns;
  }

  public MonthlyReturns benchmarkMonthlyReturns() {
    return benchmarkMonthlyReturns;
  }

  public ReturnHistogram histogram() {
    return histogram;
  }

  public TradeStats tradeStats() {
    return tradeStats;
  }

  /** Strategy total return: last over first equity, minus one. */
  public double totalReturn() {
    return Returns.total(equity);
  }

  public double benchmarkTotalReturn() {
    return Returns.total(benchmark);
  }

  public double maxDrawdown() {
    return Drawdowns.max(drawdown);
  }

  public double benchmarkMaxDrawdown() {
    return Drawdowns.max(benchmarkDrawdown);
  }
}
