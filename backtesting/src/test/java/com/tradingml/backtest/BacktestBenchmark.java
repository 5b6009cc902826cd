package com.tradingml.backtest;

import com.sun.management.OperatingSystemMXBean;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.policy.DecisionPolicy;
import com.tradingml.core.policy.PositionMode;
import com.tradingml.core.synthetic.RowOrder;
import com.tradingml.core.synthetic.SyntheticMarket;
import com.tradingml.core.synthetic.SyntheticMarketSpec;
import com.tradingml.model.runtime.ModelPackage;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.Position;
import org.ta4j.core.TradingRecord;
import org.ta4j.core.analysis.cost.LinearTransactionCostModel;
import org.ta4j.core.analysis.cost.ZeroCostModel;
import org.ta4j.core.backtest.BarSeriesManager;
import org.ta4j.core.backtest.TradeOnNextOpenModel;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DecimalNum;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;
import org.ta4j.core.rules.CrossedDownIndicatorRule;
import org.ta4j.core.rules.CrossedUpIndicatorRule;

/**
 * Bar-events per second of the SMA(10)/SMA(50) crossover with costs over 100 symbols x 100,000 one-minute bars
 * (10M bars, core's SyntheticMarket, in memory), in one run: this engine (risk gate, execution model, portfolio,
 * equity curve, metrics), ta4j 0.17's BarSeriesManager (per-symbol series, DoubleNum, and DecimalNum on a tenth of
 * the symbols), and a hand-written primitive-array loop of the same strategy; then the model-driven strategy on a
 * small MLP. Prints figures, asserts nothing (shared/STYLE.md habit 11). Rates are given per wall second, per second
 * of this thread's CPU time, and per second of the whole process's CPU time (the per-core figure on a machine shared
 * with other work: it includes the collector's and the compiler's threads). The engine is measured twice: a first run
 * after a short warm-up on a tenth of the data, and its steady state (warm-up runs of the whole data, then measured
 * runs, totals), the figure a sweep sees.
 *
 * <p>The serial collector: a single-threaded backtest on a small machine (and each worker of a sweep that runs one
 * backtest per core) has no use for parallel collector threads competing with it for the same cores.
 *
 * <pre>
 * cd /work/main && mvn -B -q -o -pl backtesting test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/bt.cp
 * OMP_NUM_THREADS=1 java -Xms6g -Xmx6g -XX:+UseSerialGC -cp backtesting/target/test-classes:backtesting/target/classes:$(cat /tmp/bt.cp) \
 *     com.tradingml.backtest.BacktestBenchmark [symbols] [barsPerSymbol]
 * </pre>
 */
public final class BacktestBenchmark {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean PROCESS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final int FAST = 10;
  private static final int SLOW = 50;
  private static final long QUANTITY = 10;
  private static final double COMMISSION_BPS = 5;
  private static final double SLIPPAGE_BPS = 1;

  private BacktestBenchmark() {}

  /**
   * Wall, this thread's CPU and the whole process's CPU (every thread: the garbage collector's and the JIT
   * compiler's work included) of a piece of work, in nanoseconds. The process figure is the honest per-core cost of
   * a single-threaded run: a collector or compiler thread works for it on another core.
   */
  private record Timing(long wallNanos, long cpuNanos, long processCpuNanos, long runs) {
    static Timing of(Runnable work) {
      long process = PROCESS.getProcessCpuTime();
      long cpu = THREADS.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      work.run();
      return new Timing(System.nanoTime() - wall, THREADS.getCurrentThreadCpuTime() - cpu,
          PROCESS.getProcessCpuTime() - process, 1);
    }

    /**
     * {@code work} run {@code warmups} times unmeasured, then {@code measured} times; the totals of the measured runs
     * (a JMH-style steady state: the JIT settled, and the collections the runs cause are counted in the process CPU).
     */
    static Timing steady(Runnable work, int warmups, int measured) {
      for (int i = 0; i < warmups; i++) {
        work.run();
      }
      Timing total = new Timing(0, 0, 0, 0);
      for (int i = 0; i < measured; i++) {
        total = total.plus(of(work));
      }
      return total;
    }

    Timing plus(Timing other) {
      return new Timing(wallNanos + other.wallNanos, cpuNanos + other.cpuNanos, processCpuNanos
          + other.processCpuNanos, runs + other.runs);
    }

    /** Rates for {@code events} bar-events per run. */
    String rate(long events) {
      double total = (double) events * runs;
      return String.format(Locale.ROOT, "%,.0f bar-events/s wall (%.2f s), %,.0f per CPU-second of this thread"
          + " (%.2f s), %,.0f per CPU-second of the process (%.2f s)%s", total / (wallNanos / 1e9), wallNanos / 1e9,
          total / (cpuNanos / 1e9), cpuNanos / 1e9, total / (processCpuNanos / 1e9), processCpuNanos / 1e9,
          runs == 1 ? "" : " over " + runs + " runs");
    }
  }

  /** Collection count and time so far, over every collector. */
  private static long[] collections() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, collector.getCollectionCount());
      millis += Math.max(0, collector.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  public static void main(String[] args) {
    int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    long bars = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
    System.out.printf(Locale.ROOT, "Backtest benchmark: %d symbols x %,d 1m bars, SMA(%d)/SMA(%d) crossover, %d shares,"
        + " %.0f bps commission + %.0f bps slippage, next-open fills; java %s, %d processors%n", symbols, bars, FAST,
        SLOW, QUANTITY, COMMISSION_BPS, SLIPPAGE_BPS, System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());

    BarSource[] holder = new BarSource[1];
    Timing generation = Timing.of(() -> holder[0] = generate(symbols, bars, 7));
    BarSource data = holder[0];
    long events = data.barCount();
    System.out.printf(Locale.ROOT, "generated %,d bars in %.2f s%n", events, generation.wallNanos / 1e9);

    BacktestConfig config = BacktestConfig.builder().commission(CommissionModel.bps(COMMISSION_BPS))
        .slippage(SlippageModel.bps(SLIPPAGE_BPS)).build();
    Strategy sma = SmaCrossover.of(FAST, SLOW, QUANTITY, PositionMode.LONG_ONLY);

    // Warm the JIT on a tenth of the data, then measure the whole. Five runs: after two (the warm-up until 2026-12-01)
    // C2 was still compiling the replay's hot path during the measured run, which then ran partly in profiled C1 code
    // (in three alternating rounds on one machine, 2026-12-01, the first run took 1.26-1.61 s of CPU after five warm-up
    // runs and 1.41-1.72 s after two).
    BarSource warm = subset(data, Math.max(1, symbols / 10));
    for (int w = 0; w < 5; w++) {
      BacktestEngine.run(warm, sma, config);
    }
    BacktestResult[] result = new BacktestResult[1];
    Timing engine = Timing.of(() -> result[0] = BacktestEngine.run(data, sma, config));
    BacktestResult r = result[0];
    EngineStatistics stats = r.engineStatistics();
    System.out.println("engine (risk gate, execution, portfolio, equity curve, metrics): " + engine.rate(events));
    System.out.printf(Locale.ROOT, "  orders submitted %,d (%,d fills, %,d closed trades), risk-state marks %,d;"
        + " final equity %s%n", r.orders().submitted(), r.fills().size(), r.closedTrades().size(),
        stats.riskMarksSent(), Micros.text(r.finalEquityMicros()));
    double busy = (double) engine.cpuNanos / engine.wallNanos;
    System.out.printf(Locale.ROOT, "  wall: preparing the source (closes in micro-units and in replay order, once per"
            + " source) %.2f s; replay %.2f s, of which inside core's risk state (SingleWriterRiskAccount) %.2f s (%.1f us"
            + " per submit or mark); metrics pass %.2f s; this thread was on a CPU %.0f%% of the wall time%n",
        stats.prepareNanos() / 1e9, stats.replayNanos() / 1e9, stats.riskStoreNanos() / 1e9, stats.riskStoreNanos() / 1e3
            / Math.max(1, r.orders().submitted() + stats.riskMarksSent()), stats.metricsNanos() / 1e9, 100 * busy);
    long outsideRisk = engine.wallNanos - stats.riskStoreNanos();
    System.out.printf(Locale.ROOT, "  engine without the time inside the risk state: %,.0f bar-events/s wall%n",
        events / (outsideRisk / 1e9));

    // A sweep runs many backtests in one JVM: the engine's throughput there is its steady state, measured as JVM
    // benchmarks are (JMH): warm-up runs of the whole workload, then measured runs, totals (not the best run). The
    // process CPU counts the collections these runs cause.
    // One full collection first settles what earlier phases left in the young generation (the generated source, the
    // first run's result): copying those once is the cost of loading data, not of the runs measured here (on
    // 2026-12-01 it fell into the measured runs as two young collections of 2.6 s and 0.9 s).
    System.gc();
    long[] gcBefore = collections();
    Timing steady = Timing.steady(() -> BacktestEngine.run(data, sma, config), 3, 10);
    long[] gcAfter = collections();
    System.out.println("engine, steady state (as in a sweep: 3 warm-up runs of the whole data, then 10 measured): "
        + steady.rate(events));
    System.out.printf(Locale.ROOT, "  collections during those 13 runs: %d, %d ms%n", gcAfter[0] - gcBefore[0],
        gcAfter[1] - gcBefore[1]);

    // The engine's own per-bar path, with orders out of the picture: the same data, a strategy that reads every bar
    // and never trades (so no risk call), and the crossover on slow averages that trades ten times less.
    Strategy silent = new Strategy() {
      @Override
      public String name() {
        return "silent";
      }

      @Override
      public java.util.Map<String, Object> parameters() {
        return new java.util.LinkedHashMap<>();
      }

      @Override
      public int warmupBars() {
        return 1;
      }

      @Override
      public StrategyRun start(Universe universe) {
        return bar -> { };
      }
    };
    BacktestEngine.run(warm, silent, config);
    Timing idle = Timing.of(() -> BacktestEngine.run(data, silent, config));
    System.out.println("engine bar path (a strategy that never trades: replay, marks, equity curve, metrics): "
        + idle.rate(events));
    Strategy slow = SmaCrossover.of(50, 400, QUANTITY, PositionMode.LONG_ONLY);
    BacktestResult[] slowResult = new BacktestResult[1];
    Timing slowTiming = Timing.of(() -> slowResult[0] = BacktestEngine.run(data, slow, config));
    System.out.printf(Locale.ROOT, "engine, SMA(50)/SMA(400) crossover (%,d orders, %.2f s inside the risk state):"
        + " %s%n", slowResult[0].orders().submitted(), slowResult[0].engineStatistics().riskStoreNanos() / 1e9,
        slowTiming.rate(events));

    double[] loopResult = new double[2];
    Timing loop = Timing.steady(() -> handLoop(data, loopResult), 3, 10);
    System.out.println("hand-written primitive loop (same signals, fills and costs; no risk, no curve), steady state"
        + " (3 warm-up runs, 10 measured): " + loop.rate(events));
    System.out.printf(Locale.ROOT, "  fills %,.0f, net P&L %.6f (engine: %s)%n", loopResult[0], loopResult[1],
        Micros.text(r.finalEquityMicros() - config.initialCash().micros()));

    // ta4j's figures sum its manager's runs over the symbols (each its own series), after a warm-up pass over a tenth of
    // them: warm as well, so the ratios compare steady states.
    int decimalSymbols = Math.max(1, symbols / 10);
    ta4j(subset(data, decimalSymbols), decimalSymbols, true, new ArrayList<>());
    Ta4jOutcome doubles = ta4j(data, symbols, true, new ArrayList<>());
    System.out.println("ta4j 0.17 BarSeriesManager, DoubleNum, per-symbol series (run only, warm): "
        + doubles.timing.rate(events) + "; " + doubles.positions + " closed positions");
    ta4j(subset(data, 1), 1, false, new ArrayList<>());
    BarSource decimalData = subset(data, decimalSymbols);
    Ta4jOutcome decimals = ta4j(decimalData, decimalSymbols, false, new ArrayList<>());
    System.out.println("ta4j 0.17 BarSeriesManager, DecimalNum (its default), " + decimalSymbols + " symbols (run only,"
        + " warm): " + decimals.timing.rate(decimalData.barCount()));
    double engineRate = (double) events * steady.runs / steady.processCpuNanos;
    double doubleRate = (double) events / doubles.timing.processCpuNanos;
    double decimalRate = (double) decimalData.barCount() / decimals.timing.processCpuNanos;
    System.out.printf(Locale.ROOT, "per CPU-second of the process, steady state: engine %.2fx ta4j DoubleNum and %.1fx"
        + " ta4j DecimalNum (its default); the first run above %.2fx and %.1fx%n", engineRate / doubleRate,
        engineRate / decimalRate, (double) events / engine.processCpuNanos / doubleRate,
        (double) events / engine.processCpuNanos / decimalRate);

    model(data, symbols);
  }

  static BarSource generate(int symbols, long bars, long seed) {
    SyntheticMarketSpec spec = SyntheticMarketSpec.builder().symbols(symbols).barsPerSymbol(bars).timeframe("1m")
        .seed(seed).signal(0.3).rowOrder(RowOrder.SYMBOL_MAJOR).startDate(LocalDate.of(2024, 1, 2))
        .monteCarloStates(1).monteCarloPaths(2).build();
    BarSource.Builder builder = BarSource.builder();
    SyntheticMarket.of(spec).generate(builder::add);
    return builder.build();
  }

  static BarSource subset(BarSource data, int symbols) {
    List<SymbolSeries> series = new ArrayList<>();
    for (int s = 0; s < symbols; s++) {
      series.add(data.series(s));
    }
    return BarSource.of(series);
  }

  /** The same strategy, signals, fills and costs, per symbol over primitive arrays; results into {@code out}. */
  static void handLoop(BarSource data, double[] out) {
    double fills = 0;
    double pnl = 0;
    double slip = SLIPPAGE_BPS / 10_000;
    double fee = COMMISSION_BPS / 10_000;
    long[] ring = new long[SLOW];
    for (int s = 0; s < data.symbolCount(); s++) {
      SymbolSeries series = data.series(s);
      double[] open = series.open;
      double[] close = series.close;
      long sumFast = 0;
      long sumSlow = 0;
      int last = 0;
      long position = 0;
      long pending = 0;
      double cash = 0;
      int n = series.size();
      for (int i = 0; i < n; i++) {
        if (pending != 0) {
          double price = Micros.ofPrice(open[i] * (1 + Long.signum(pending) * slip)) / 1e6;
          double notional = Math.abs(pending) * price;
          cash -= Long.signum(pending) * notional + notional * fee;
          position += pending;
          pending = 0;
          fills++;
        }
        long p = Micros.ofPrice(close[i]);
        if (i >= FAST) {
          sumFast -= ring[(i - FAST) % SLOW];
        }
        int slot = i % SLOW;
        if (i >= SLOW) {
          sumSlow -= ring[slot];
        }
        ring[slot] = p;
        sumFast += p;
        sumSlow += p;
        if (i + 1 < SLOW) {
          continue;
        }
        int relation = Micros.compareProducts(sumFast, SLOW, sumSlow, FAST);
        if (relation != 0) {
          if (last != 0 && relation != last) {
            pending = (relation > 0 ? QUANTITY : 0) - position;
          }
          last = relation;
        }
      }
      pnl += cash + position * close[n - 1];
    }
    out[0] = fills;
    out[1] = pnl;
  }

  private record Ta4jOutcome(Timing timing, long positions) {}

  static Ta4jOutcome ta4j(BarSource data, int symbols, boolean doubles, List<TradingRecord> keep) {
    Timing total = new Timing(0, 0, 0, 1);
    long positions = 0;
    for (int s = 0; s < symbols; s++) {
      SymbolSeries ours = data.series(s);
      BaseBarSeriesBuilder builder = new BaseBarSeriesBuilder().withName(ours.symbol().value());
      BarSeries series = (doubles ? builder.withNumTypeOf(DoubleNum.class) : builder.withNumTypeOf(DecimalNum.class))
          .build();
      for (int i = 0; i < ours.size(); i++) {
        series.addBar(ZonedDateTime.ofInstant(Micros.instant(ours.time(i)), ZoneOffset.UTC), ours.open(i),
            ours.high(i), ours.low(i), ours.close(i), ours.volume(i));
      }
      ClosePriceIndicator close = new ClosePriceIndicator(series);
      SMAIndicator fast = new SMAIndicator(close, FAST);
      SMAIndicator slow = new SMAIndicator(close, SLOW);
      BaseStrategy strategy = new BaseStrategy(new CrossedUpIndicatorRule(fast, slow),
          new CrossedDownIndicatorRule(fast, slow), SLOW);
      BarSeriesManager manager = new BarSeriesManager(series,
          new LinearTransactionCostModel(COMMISSION_BPS / 10_000), new ZeroCostModel(), new TradeOnNextOpenModel());
      Num amount = series.numOf(QUANTITY);
      TradingRecord[] record = new TradingRecord[1];
      Timing t = Timing.of(() -> record[0] = manager.run(strategy, org.ta4j.core.Trade.TradeType.BUY, amount));
      total = new Timing(total.wallNanos + t.wallNanos, total.cpuNanos + t.cpuNanos,
          total.processCpuNanos + t.processCpuNanos, 1);
      positions += record[0].getPositions().stream().filter(Position::isClosed).count();
    }
    return new Ta4jOutcome(total, positions);
  }

  static void model(BarSource data, int symbols) {
    int modelSymbols = Math.max(1, symbols / 10);
    BarSource subset = subset(data, modelSymbols);
    List<double[]> rows = TestModels.featureRows(subset(data, 1), FeatureSet.defaultSet());
    ModelPackage model = TestModels.mlp(11, new int[] {64, 32}, rows, 1.0);
    DecisionPolicy policy = DecisionPolicy.builder().minProbability(0.45).minEdge(0.1).scaledByEdge()
        .maxPosition(1_000).lotSize(10).positionMode(PositionMode.LONG_SHORT).build();
    ModelStrategy strategy = ModelStrategy.of(model, policy, "bench@1", "bench@1");
    BacktestConfig config = BacktestConfig.builder().commission(CommissionModel.bps(COMMISSION_BPS)).build();
    BacktestEngine.run(subset(data, 1), strategy, config);
    BacktestResult[] result = new BacktestResult[1];
    Timing timing = Timing.of(() -> result[0] = BacktestEngine.run(subset, strategy, config));
    System.out.println("model strategy (" + model + ", online features + predict + policy per bar, "
        + modelSymbols + " symbols): " + timing.rate(subset.barCount()));
    System.out.printf(Locale.ROOT, "  decisions %,d, orders %,d, %.2f s inside the risk state%n",
        result[0].strategyStatistics().get("decisions"), result[0].orders().submitted(),
        result[0].engineStatistics().riskStoreNanos() / 1e9);
  }
}
