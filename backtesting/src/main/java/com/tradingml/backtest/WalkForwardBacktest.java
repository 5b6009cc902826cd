package com.tradingml.backtest;

import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.KillSwitch;
import com.tradingml.core.risk.Money;
import com.tradingml.model.runtime.ModelPackage;
import com.tradingml.model.trainer.FeatureMatrices;
import com.tradingml.model.trainer.FeatureMatrix;
import com.tradingml.model.trainer.TrainedModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The honest picture of nightly retraining: retrain every N bars on the trailing window with the same trainer, trade
 * the next N bars out of sample with that model, and stitch the out-of-sample windows into one backtest.
 *
 * <p><b>Windows</b> ({@link #plan}). The global timeline is the sorted distinct bar timestamps over all symbols.
 * Window k trades timeline bars {@code [L + kR, min(L + (k+1)R, end))} with the model fitted on the
 * {@code L = trainingBars} timeline bars just before them ({@code R = retrainEveryBars}); the first window starts
 * after the first full training window.
 *
 * <p><b>Training</b> ({@link #train}). The training window's bars, per symbol, through core's feature and label
 * code ({@link FeatureMatrices#fromBars}: the batch definition), into {@link TrainedModel#fit} with the configured
 * {@link com.tradingml.model.trainer.TrainingConfig} (its own walk-forward train / validation / test split, purge
 * and embargo inside the window). Labels are computed from the window's bars only, so the last rows of each symbol
 * (whose forward return would need a bar of the trading window) have none and are left out: no bar at or after the
 * window's first traded timestamp reaches a model, as a feature or as a label.
 *
 * <p><b>Trading.</b> Each window is its own engine run of {@link ModelStrategy} (the serving path: online features,
 * the package's predictor, the {@link com.tradingml.core.policy.DecisionPolicy}, the risk gate) over the window's bars,
 * each symbol preceded by its {@code featureSet.warmupBars() - 1} bars before the window: the online features are
 * warm on the window's first bar and the engine refuses orders on every earlier bar, so warm-up bars are never
 * traded. On a symbol's last bar of the window the position is closed (filled at the next bar's open, the first
 * bar after the window, or at that close with close fills); the last window keeps its positions at the end, like
 * any backtest. A window starts flat with the previous window's final equity as cash (exact micro-units) and a
 * fresh risk state; the configured risk limits stay as configured.
 *
 * <p><b>Stitching.</b> One {@link BacktestResult} over the traded bars: the windows' equity points inside their
 * trading ranges in time order (warm-up points dropped), their fills, trades and rejections (bar indexes renumbered
 * to the out-of-sample series, order ids prefixed {@code wK-}), summed order counts, fees and strategy statistics
 * (plus {@code window_exits}), and metrics computed over the stitched curve exactly as the engine computes them; the
 * benchmark column is the equal-weight buy-and-hold over the same bars. Known approximation: when a symbol has no
 * bar at a window's end time its exit fills later, and the stitched curve shows that exit's value from the window's
 * end on (the next window starts from the equity that includes it).
 *
 * <p>Deterministic: the same bars, config and run info give identical models (set {@code OMP_NUM_THREADS=1}),
 * trades and outputs. Windows run one after the other (each starts from the previous equity).
 */
public final class WalkForwardBacktest {

  private static final String NAME = "walk_forward";

  private WalkForwardBacktest() {}

  /** The global timeline: every distinct bar timestamp of {@code source}, ascending. */
  public static long[] timeline(BarSource source) {
    long total = source.barCount();
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many bars for one walk-forward timeline: " + total);
    }
    long[] all = new long[(int) total];
    int n = 0;
    for (int s = 0; s < source.symbolCount(); s++) {
      SymbolSeries series = source.series(s);
      System.arraycopy(series.time, 0, all, n, series.size());
      n += series.size();
    }
    Arrays.sort(all);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (distinct == 0 || all[i] != all[distinct - 1]) {
        all[distinct++] = all[i];
      }
    }
    return Arrays.copyOf(all, distinct);
  }

  /** The windows of a walk-forward over {@code source}; refused when the data is not longer than one training window. */
  public static List<WalkForwardWindow> plan(BarSource source, WalkForwardConfig config) {
    long[] t = timeline(source);
    int training = config.trainingBars();
    if (t.length <= training) {
      throw new IllegalArgumentException("the bars span " + t.length + " distinct timestamps; a walk-forward with "
          + training + " training bars needs more");
    }
    List<WalkForwardWindow> windows = new ArrayList<>();
    for (long from = training; from < t.length; from += config.retrainEveryBars()) {
      int tradeFrom = (int) from;
      int tradeTo = (int) Math.min(from + config.retrainEveryBars(), t.length);
      long toMicros = tradeTo < t.length ? t[tradeTo] : t[t.length - 1] + 1;
      windows.add(new WalkForwardWindow(windows.size(), tradeFrom - training, tradeFrom, tradeTo, t[tradeFrom - training],
          t[tradeFrom], toMicros));
    }
    return List.copyOf(windows);
  }

  /** Fits window {@code window}'s model on its training bars (what {@link #run} does for each window). */
  public static TrainedModel train(BarSource source, WalkForwardWindow window, WalkForwardConfig config) {
    return fit(source, window, config).trained();
  }

  /** {@link #run(BarSource, WalkForwardConfig, RunInfo, Consumer)} without progress reports. */
  public static WalkForwardResult run(BarSource source, WalkForwardConfig config, RunInfo info) {
    return run(source, config, info, window -> { });
  }

  /**
   * Plans, trains and trades every window, then stitches them (see the class comment). {@code info} describes the
   * data for the record (snapshots, labels, code version) and goes into each model's lineage and the stitched
   * result; {@code progress} hears about each window when it is done (for a progress bar).
   */
  public static WalkForwardResult run(BarSource source, WalkForwardConfig config, RunInfo info,
      Consumer<WalkForwardWindowResult> progress) {
    if (source == null || config == null || info == null || progress == null) {
      throw new IllegalArgumentException("a walk-forward needs bars, a config, run info and a progress listener");
    }
    List<WalkForwardWindow> windows = plan(source, config);
    int warmup = config.featureSet().warmupBars() - 1;
    BarSource outOfSample = source.between(windows.get(0).tradeFromMicros(), Long.MAX_VALUE);
    Stitch stitch = new Stitch(source, outOfSample, windows.get(0).tradeFromMicros());
    long equity = config.backtest().initialCash().micros();
    List<WalkForwardWindowResult> results = new ArrayList<>();
    List<Map<String, Object>> models = new ArrayList<>();
    for (WalkForwardWindow window : windows) {
      Fitted fitted;
      try {
        fitted = fit(source, window, config);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("walk-forward window " + window.index() + " (training bars from "
            + Bar.instantOfMicros(window.trainFromMicros()) + " to " + Bar.instantOfMicros(window.tradeFromMicros())
            + "): " + e.getMessage(), e);
      }
      ModelPackage model = fitted.trained().toPackage(lineage(window, config, info), List.of());
      String modelId = modelId(model);
      String modelRef = config.modelName() + "@w" + window.index();
      ModelStrategy strategy = ModelStrategy.of(model, config.policy(), modelRef, modelId);
      boolean last = window.index() == windows.size() - 1;
      Slice slice = slice(source, window, warmup, last);
      BacktestConfig windowConfig = config.backtest().toBuilder().initialCash(Money.ofMicros(equity)).build();
      BacktestResult run = BacktestEngine.run(slice.source(), last ? strategy : new WindowExit(strategy, slice.lastBar()),
          windowConfig, RunInfo.none());
      long[] fillRange = stitch.add(window, last, run, slice.offsets());
      WalkForwardWindowResult result = windowResult(window, modelRef, modelId, model, fitted, equity, run, fillRange);
      equity = run.finalEquityMicros();
      results.add(result);
      Map<String, Object> described = new LinkedHashMap<>(window.toMap());
      described.put("model_ref", modelRef);
      described.put("model_id", modelId);
      models.add(described);
      progress.accept(result);
    }
    Map<String, Object> parameters = new LinkedHashMap<>(config.describe());
    parameters.put("windows", models);
    BacktestResult stitched = stitch.result(info, new Descriptor(parameters, config.featureSet().warmupBars()),
        config.backtest());
    return new WalkForwardResult(stitched, results);
  }

  // ------------------------------------------------------------------------------------------------ training

  /** A fitted window model with the times of the rows it learned from. */
  private record Fitted(TrainedModel trained, long lastBar, long lastTrainRow, long lastValidationRow,
      long lastTestRow) {}

  private static Fitted fit(BarSource source, WalkForwardWindow window, WalkForwardConfig config) {
    SortedMap<String, FeatureMatrices.SymbolBars> bars = new TreeMap<>();
    long lastBar = Long.MIN_VALUE;
    for (int s = 0; s < source.symbolCount(); s++) {
      SymbolSeries slice = source.series(s).between(window.trainFromMicros(), window.tradeFromMicros());
      if (slice.size() > 0) {
        bars.put(slice.symbol().value(), new FeatureMatrices.SymbolBars(slice.time, slice.open, slice.high, slice.low,
            slice.close, slice.volume));
        lastBar = Math.max(lastBar, slice.time[slice.size() - 1]);
      }
    }
    FeatureMatrix matrix = FeatureMatrices.fromBars(bars, config.featureSet(), config.label());
    TrainedModel trained = TrainedModel.fit(matrix, config.featureSet(), config.label(), config.training());
    return new Fitted(trained, lastBar, lastTime(matrix, trained.split().train()),
        lastTime(matrix, trained.split().validation()), lastTime(matrix, trained.split().test()));
  }

  private static long lastTime(FeatureMatrix matrix, int[] rows) {
    long last = Long.MIN_VALUE;
    for (int row : rows) {
      last = Math.max(last, matrix.timestamps()[row]);
    }
    return last;
  }

  private static Map<String, Object> lineage(WalkForwardWindow window, WalkForwardConfig config, RunInfo info) {
    Map<String, Object> lineage = new LinkedHashMap<>();
    lineage.put("walkForward", config.modelName());
    lineage.put("window", window.index());
    lineage.put("trainFrom", Bar.instantOfMicros(window.trainFromMicros()).toString());
    lineage.put("trainToExclusive", Bar.instantOfMicros(window.tradeFromMicros()).toString());
    lineage.put("trainingBars", window.tradeFrom() - window.trainFrom());
    lineage.put("dataSnapshots", new LinkedHashMap<>(info.dataSnapshots()));
    lineage.put("dataLabels", new LinkedHashMap<>(info.dataLabels()));
    lineage.put("codeVersion", info.codeVersion());
    return lineage;
  }

  private static String modelId(ModelPackage model) {
    StringBuilder files = new StringBuilder();
    model.sha256().forEach((name, digest) -> files.append(name).append('=').append(digest).append('\n'));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(files.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  // ------------------------------------------------------------------------------------------------ trading

  /**
   * A window's bars: per symbol with bars in the window, its {@code warmup} bars before it, its bars in it and (but
   * for the last window) its first bar after it. {@code offsets}: per symbol, the index in the full series of the
   * slice's first bar; {@code lastBar}: the slice index of the symbol's last bar inside the window.
   */
  private record Slice(BarSource source, Map<Symbol, Integer> offsets, Map<Symbol, Integer> lastBar) {}

  private static Slice slice(BarSource source, WalkForwardWindow window, int warmup, boolean last) {
    List<SymbolSeries> series = new ArrayList<>();
    Map<Symbol, Integer> offsets = new HashMap<>();
    Map<Symbol, Integer> lastBar = new HashMap<>();
    for (int s = 0; s < source.symbolCount(); s++) {
      SymbolSeries full = source.series(s);
      int first = lowerBound(full.time, window.tradeFromMicros());
      int end = lowerBound(full.time, window.tradeToMicros());
      if (end <= first) {
        continue;
      }
      int from = Math.max(0, first - warmup);
      int to = last ? end : Math.min(full.size(), end + 1);
      series.add(full.between(full.time[from], to < full.size() ? full.time[to] : Long.MAX_VALUE));
      offsets.put(full.symbol(), from);
      lastBar.put(full.symbol(), end - 1 - from);
    }
    return new Slice(BarSource.of(series), offsets, lastBar);
  }

  private static int lowerBound(long[] times, long micros) {
    int index = Arrays.binarySearch(times, micros);
    return index >= 0 ? index : -index - 1;
  }

  private static WalkForwardWindowResult windowResult(WalkForwardWindow window, String modelRef, String modelId,
      ModelPackage model, Fitted fitted, long startEquity, BacktestResult run, long[] fillRange) {
    TrainedModel trained = fitted.trained();
    int closed = 0;
    int wins = 0;
    for (Trade trade : run.trades()) {
      if (trade.closed()) {
        closed++;
        if (trade.netPnlMicros() > 0) {
          wins++;
        }
      }
    }
    return new WalkForwardWindowResult(window, modelRef, modelId, model, trained.model(), trained.majority(),
        trained.logistic(), trained.beatsBaselines(), trained.split().train().length,
        trained.split().validation().length, trained.split().test().length, fitted.lastBar(), fitted.lastTrainRow(),
        fitted.lastValidationRow(), fitted.lastTestRow(), startEquity, run.finalEquityMicros(), run.trades().size(),
        closed, closed == 0 ? Double.NaN : wins / (double) closed, run.fills().size(), fillRange[0], fillRange[1],
        run.rejections().size(), run.strategyStatistics());
  }

  /** Collects the windows' pieces into one result. Not thread-safe. */
  private static final class Stitch {
    private final BarSource outOfSample;
    private final Map<Symbol, Integer> outOfSampleOffsets = new HashMap<>();
    private final EquityCurve.Recorder curve = new EquityCurve.Recorder();
    private final List<Fill> fills = new ArrayList<>();
    private final List<Trade> trades = new ArrayList<>();
    private final List<OrderRejection> rejections = new ArrayList<>();
    private final SortedMap<String, Long> statistics = new TreeMap<>();
    private long placed;
    private long refused;
    private long submitted;
    private long accepted;
    private long rejectedByRisk;
    private long cancelledShares;
    private long fees;
    private long notional;
    private long marks;
    private long riskNanos;
    private long replayNanos;
    private long metricsNanos;
    private long prepareNanos;
    private KillSwitch killSwitch;

    Stitch(BarSource full, BarSource outOfSample, long from) {
      this.outOfSample = outOfSample;
      for (int s = 0; s < full.symbolCount(); s++) {
        SymbolSeries series = full.series(s);
        outOfSampleOffsets.put(series.symbol(), lowerBound(series.time, from));
      }
    }

    /** Adds a window's run; returns the first and last fill time (Long.MIN_VALUE both when none). */
    long[] add(WalkForwardWindow window, boolean last, BacktestResult run, Map<Symbol, Integer> offsets) {
      EquityCurve c = run.equityCurve();
      for (int i = 0; i < c.size(); i++) {
        long t = c.timeMicros(i);
        if (t >= window.tradeFromMicros() && (last || t < window.tradeToMicros())) {
          curve.add(t, c.equityMicros(i), c.cashMicros(i), c.grossExposureMicros(i), Double.NaN);
        }
      }
      String prefix = "w" + window.index() + "-";
      long firstFill = Long.MIN_VALUE;
      long lastFill = Long.MIN_VALUE;
      for (Fill f : run.fills()) {
        if (f.timeMicros() < window.tradeFromMicros()) {
          throw new IllegalStateException("window " + window.index() + " filled " + f + " before its first bar "
              + Bar.instantOfMicros(window.tradeFromMicros()) + ": warm-up bars must never trade");
        }
        firstFill = firstFill == Long.MIN_VALUE ? f.timeMicros() : Math.min(firstFill, f.timeMicros());
        lastFill = Math.max(lastFill, f.timeMicros());
        fills.add(new Fill(f.symbol(), renumber(f.symbol(), f.barIndex(), offsets), f.timeMicros(), f.side(),
            f.quantity(), f.priceMicros(), f.feeMicros(), prefix + f.orderId(), f.orderQuantity(),
            f.signalTimeMicros()));
      }
      for (Trade t : run.trades()) {
        trades.add(new Trade(t.symbol(), t.side(), t.entryTimeMicros(), renumber(t.symbol(), t.entryBarIndex(), offsets),
            t.quantity(), t.entryNotionalMicros(), t.exitTimeMicros(),
            t.exitBarIndex() < 0 ? t.exitBarIndex() : renumber(t.symbol(), t.exitBarIndex(), offsets), t.exitQuantity(),
            t.exitNotionalMicros(), t.feesMicros(), t.closed()));
      }
      rejections.addAll(run.rejections());
      run.strategyStatistics().forEach((key, value) -> statistics.merge(key, value, Long::sum));
      OrderCounts o = run.orders();
      placed += o.placed();
      refused += o.refused();
      submitted += o.submitted();
      accepted += o.accepted();
      rejectedByRisk += o.rejectedByRisk();
      cancelledShares += o.cancelledShares();
      fees = Math.addExact(fees, run.feesMicros());
      notional = Math.addExact(notional, run.tradedNotionalMicros());
      EngineStatistics e = run.engineStatistics();
      marks += e.riskMarksSent();
      riskNanos += e.riskStoreNanos();
      replayNanos += e.replayNanos();
      metricsNanos += e.metricsNanos();
      prepareNanos += e.prepareNanos();
      killSwitch = run.killSwitch();
      return new long[] {firstFill, lastFill};
    }

    private int renumber(Symbol symbol, int windowIndex, Map<Symbol, Integer> offsets) {
      return offsets.get(symbol) + windowIndex - outOfSampleOffsets.get(symbol);
    }

    BacktestResult result(RunInfo info, Strategy descriptor, BacktestConfig config) {
      // The benchmark over the same bars and points: a run that never trades (the engine's own definition).
      EquityCurve benchmark = BacktestEngine.run(outOfSample, new Idle(), config, RunInfo.none()).equityCurve();
      EquityCurve points = curve.build(config.initialCash().micros());
      if (benchmark.size() != points.size()) {
        throw new IllegalStateException("the stitched curve has " + points.size() + " points, the out-of-sample bars "
            + benchmark.size() + " timestamps");
      }
      int n = points.size();
      long[] time = new long[n];
      long[] equity = new long[n];
      long[] cash = new long[n];
      long[] gross = new long[n];
      double[] bench = new double[n];
      for (int i = 0; i < n; i++) {
        if (points.timeMicros(i) != benchmark.timeMicros(i)) {
          throw new IllegalStateException("stitched point " + i + " at " + points.time(i) + " is not the bars' "
              + benchmark.time(i));
        }
        time[i] = points.timeMicros(i);
        equity[i] = points.equityMicros(i);
        cash[i] = points.cashMicros(i);
        gross[i] = points.grossExposureMicros(i);
        bench[i] = benchmark.benchmark(i);
      }
      EquityCurve stitched = new EquityCurve(time, equity, cash, gross, bench, n, config.initialCash().micros());
      List<Fill> ordered = new ArrayList<>(fills);
      ordered.sort(Comparator.comparingLong(Fill::timeMicros));
      SymbolSeries[] series = new SymbolSeries[outOfSample.symbolCount()];
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (int s = 0; s < series.length; s++) {
        series[s] = outOfSample.series(s);
        first = Math.min(first, series[s].time[0]);
        last = Math.max(last, series[s].time[series[s].size() - 1]);
      }
      Map<Symbol, Integer> index = new HashMap<>();
      for (int s = 0; s < series.length; s++) {
        index.put(series[s].symbol(), s);
      }
      BacktestMetrics metrics = BacktestMetrics.compute(config, series, stitched, FillLog.of(ordered, index),
          TradeLog.of(trades, index), notional);
      OrderCounts orders = new OrderCounts(placed, refused, submitted, accepted, rejectedByRisk, ordered.size(),
          cancelledShares);
      EngineStatistics engine = new EngineStatistics(outOfSample.barCount(), marks, riskNanos, replayNanos,
          metricsNanos, prepareNanos);
      return new BacktestResult(info, descriptor, config, outOfSample.symbols(), outOfSample.barCount(), first, last,
          stitched, trades, ordered, rejections, metrics, killSwitch, statistics, orders, fees, notional, engine);
    }
  }

  /** Names the stitched run in its summary: {@code walk_forward} with the configuration and the windows' models. */
  private record Descriptor(Map<String, Object> parameters, int warmupBars) implements Strategy {

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public StrategyRun start(Universe universe) {
      throw new UnsupportedOperationException("a walk-forward's stitched result is not a strategy to run again; "
          + "run WalkForwardBacktest.run");
    }
  }

  /** Never trades: the benchmark's run. */
  private static final class Idle implements Strategy {
    @Override
    public String name() {
      return "idle";
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of();
    }

    @Override
    public int warmupBars() {
      return 1;
    }

    @Override
    public StrategyRun start(Universe universe) {
      return bar -> { };
    }
  }
}
