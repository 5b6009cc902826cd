package com.tradingml.backtest;

import com.tradingml.core.ingest.CsvText;
import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.CheckResult;
import com.tradingml.core.risk.RiskDecision;
import com.tradingml.core.risk.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One backtest run: the replay loop and the portfolio. Created and used by {@link BacktestEngine}, by one thread.
 *
 * <p>Per bar of symbol {@code s} at time {@code t}, in replay order:
 * <ol>
 *   <li>if {@code t} starts a new timestamp, the previous one's equity point is recorded; a new trading day is
 *       announced to the risk gate; a configured kill switch engages when its time has come;
 *   <li>the symbol's working next-open order fills at this bar's open (with slippage, commission, participation
 *       cap; the unfilled rest is cancelled and released from the risk state);
 *   <li>the position is marked at this bar's close (portfolio and risk state);
 *   <li>the strategy sees the bar, and its orders go through the risk gate; close fills happen right away.
 * </ol>
 *
 * <p>The hot path is primitive: per-symbol {@code long} and {@code double} arrays, incremental portfolio
 * values in exact micro-units, no allocation per bar (only per order and fill).
 */
final class EngineRun {

  private static final int BENCHMARK_RESUM_INTERVAL = 4096;

  private final BacktestConfig config;
  private final SymbolSeries[] series;
  private final Symbol[] symbols;
  private final int n;
  private final int warmupBars;
  private final StrategyRun strategy;
  private final BarContext context;
  private final RiskGate risk;
  private final TradeBook book;
  private final EquityCurve.Recorder curve = new EquityCurve.Recorder();

  private final boolean closeFills;
  private final long commissionMicroBps;
  private final CommissionModel commission;
  private final SlippageModel slippage;
  private final double slippageFactor;
  private final boolean slippageUsesRange;
  private final boolean capped;
  private final double cap;

  private final int[] seen;
  private final long[] position;
  private final long[] markMicros;
  private final long[] pendingQty;
  private final String[] pendingId;
  /** The bar a working order was placed at: its close is the order's decision price. */
  private final int[] pendingBar;
  private final long[] pendingSignalTime;

  private long cash;
  private long netValue;
  private long grossValue;
  private long groupTime = Long.MIN_VALUE;
  private long groups;

  private final double benchmarkShare;
  private final double[] benchmarkUnits;
  private final boolean[] benchmarkStarted;
  private double benchmarkValue;

  private final boolean killSwitchScheduled;
  private final long killSwitchAt;
  private boolean killSwitchDone;

  private boolean inBar;
  private long orderSequence;
  private final List<Fill> fills = new ArrayList<>();
  private final FillLog fillLog = new FillLog();
  private final List<OrderRejection> rejections = new ArrayList<>();
  final RunCounts counts = new RunCounts();

  EngineRun(BarSource source, Strategy definition, BacktestConfig config) {
    this.config = config;
    this.n = source.symbolCount();
    this.series = new SymbolSeries[n];
    this.symbols = new Symbol[n];
    for (int s = 0; s < n; s++) {
      series[s] = source.series(s);
      symbols[s] = series[s].symbol();
    }
    this.warmupBars = definition.warmupBars();
    if (warmupBars < 1) {
      throw new IllegalArgumentException("strategy " + definition.name() + " declares " + warmupBars
          + " warm-up bars; at least 1");
    }
    this.context = new BarContext(this);
    this.risk = new RiskGate(config, symbols);
    this.book = new TradeBook(symbols);
    ExecutionModel execution = config.execution();
    this.closeFills = execution.timing() == FillTiming.SIGNAL_CLOSE;
    this.commission = execution.commission();
    this.commissionMicroBps = commission.microBps();
    this.slippage = execution.slippage();
    this.slippageFactor = slippage.factor();
    this.slippageUsesRange = slippage.usesRange();
    this.capped = execution.participationCap().isPresent();
    this.cap = capped ? execution.participationCap().getAsDouble() : Double.NaN;
    seen = new int[n];
    position = new long[n];
    markMicros = new long[n];
    pendingQty = new long[n];
    pendingId = new String[n];
    pendingBar = new int[n];
    pendingSignalTime = new long[n];
    cash = config.initialCash().micros();
    benchmarkShare = n == 0 ? 0 : config.initialCash().toUnits() / n;
    benchmarkUnits = new double[n];
    benchmarkStarted = new boolean[n];
    benchmarkValue = config.initialCash().toUnits();
    killSwitchScheduled = config.killSwitchAt().isPresent();
    killSwitchAt = killSwitchScheduled ? Micros.ofInstant(config.killSwitchAt().get()) : Long.MAX_VALUE;
    this.strategy = definition.start(new Universe(List.of(symbols), config.initialCash()));
  }

  void replay(ReplaySchedule schedule) {
    long[] steps = schedule.steps();
    if (schedule.aligned()) {
      // One calendar: bar i of every symbol has the same time, read once.
      int bars = schedule.barsPerSymbol();
      long[] times = n == 0 ? null : series[0].time;
      int k = 0;
      for (int i = 0; i < bars; i++) {
        long t = times[i];
        for (int s = 0; s < n; s++) {
          event(s, i, t, steps, k);
          k += 2;
        }
      }
    } else {
      int[] order = schedule.order();
      for (int k = 0; k < order.length; k++) {
        int s = order[k];
        int i = seen[s];
        event(s, i, series[s].time[i], steps, 2 * k);
      }
    }
    finish();
  }

  /**
   * Bar {@code i} of symbol {@code s} at {@code t}; {@code steps[step]} holds its close in micro-units and
   * {@code steps[step + 1]} its open (the schedule's replay-order copy, {@link ReplaySchedule#steps()}). The high, low
   * and volume are read only when an order fills and the execution model uses them.
   */
  private void event(int s, int i, long t, long[] steps, int step) {
    if (t != groupTime) {
      newTime(t);
    }
    long mark = steps[step];
    if (pendingQty[s] != 0) {
      fillPending(s, series[s], i, t, Double.longBitsToDouble(steps[step + 1]));
    }
    long move = mark - markMicros[s];
    // Unconditional (a flat symbol adds 0): whether a symbol holds a position changes from one symbol to the next in
    // the replay, a branch the CPU mispredicts often (in a micro-benchmark of this step, the branch-free form took half
    // the time).
    long p = position[s];
    netValue = Math.addExact(netValue, Math.multiplyExact(p, move));
    grossValue = Math.addExact(grossValue, Math.multiplyExact(Math.abs(p), move));
    if (benchmarkStarted[s]) {
      benchmarkValue += benchmarkUnits[s] * move * 1e-6;
    } else {
      benchmarkStarted[s] = true;
      benchmarkUnits[s] = benchmarkShare / (mark * 1e-6);
    }
    markMicros[s] = mark;
    risk.onBar(s, mark * 1e-6, t);
    seen[s] = i + 1;
    context.at(series[s], s, i, mark);
    inBar = true;
    strategy.onBar(context);
    inBar = false;
  }

  private void newTime(long t) {
    if (groupTime != Long.MIN_VALUE) {
      recordPoint();
    }
    groupTime = t;
    risk.onTime(t);
    if (killSwitchScheduled && !killSwitchDone && t >= killSwitchAt) {
      killSwitchDone = true;
      risk.engageKillSwitch("engaged by the backtest configuration (kill_switch_at " + config.killSwitchAt().get()
          + ")", t);
    }
  }

  private void recordPoint() {
    if (++groups % BENCHMARK_RESUM_INTERVAL == 0) {
      double exact = 0;
      for (int s = 0; s < n; s++) {
        exact += benchmarkStarted[s] ? benchmarkUnits[s] * (markMicros[s] * 1e-6) : benchmarkShare;
      }
      benchmarkValue = exact;
    }
    curve.add(groupTime, Math.addExact(cash, netValue), cash, grossValue, benchmarkValue);
  }

  private void finish() {
    for (int s = 0; s < n; s++) {
      if (pendingQty[s] != 0) {
        long qty = pendingQty[s];
        Side side = qty > 0 ? Side.BUY : Side.SELL;
        long t = Math.max(groupTime, pendingSignalTime[s]);
        double decisionPrice = series[s].close[pendingBar[s]];
        reject(t, s, side, Math.abs(qty), decisionPrice, OrderRejection.Stage.EXECUTION,
            OrderRejection.NO_NEXT_BAR, "order " + pendingId[s] + " to " + side + " " + Math.abs(qty)
                + " had no next bar to fill at: the data ends");
        counts.cancelledShares += Math.abs(qty);
        risk.cancel(s, side, Math.abs(qty), decisionPrice, t);
        pendingQty[s] = 0;
      }
    }
    if (groupTime != Long.MIN_VALUE) {
      recordPoint();
    }
  }

  /** Fills the working order of symbol {@code s} at {@code open}, the open of its bar {@code i}. */
  private void fillPending(int s, SymbolSeries ser, int i, long t, double open) {
    long qty = pendingQty[s];
    pendingQty[s] = 0;
    execute(s, ser, i, t, qty, open, pendingId[s], pendingBar[s], pendingSignalTime[s]);
    pendingId[s] = null;
  }

  /**
   * Fills up to {@code signedQty} at {@code referencePrice} of bar {@code i}, cancelling what the cap cuts; the order
   * was placed at bar {@code decisionBar}, whose close is its decision price.
   */
  private void execute(int s, SymbolSeries ser, int i, long t, long signedQty, double referencePrice, String id,
      int decisionBar, long signalTime) {
    long wanted = Math.abs(signedQty);
    int sign = signedQty > 0 ? 1 : -1;
    Side side = sign > 0 ? Side.BUY : Side.SELL;
    long quantity = wanted;
    // The fill bar's volume, high and low are read only when the cap or the slippage model uses them: each is a
    // cache miss (another symbol's column at this bar).
    double volume = capped ? ser.volume[i] : Double.NaN;
    if (capped && !Double.isNaN(volume)) {
      long allowed = (long) Math.floor(cap * volume);
      if (allowed < quantity) {
        quantity = Math.max(0, allowed);
      }
    }
    if (quantity > 0) {
      double range = slippageUsesRange ? ser.high[i] - ser.low[i] : 0;
      double price = slippage.apply(referencePrice, sign, range, slippageFactor);
      fill(s, i, t, side, quantity, Micros.ofPrice(price), id, wanted, signalTime);
    }
    if (quantity < wanted) {
      long unfilled = wanted - quantity;
      double decisionPrice = ser.close[decisionBar];
      reject(t, s, side, unfilled, decisionPrice, OrderRejection.Stage.EXECUTION, OrderRejection.PARTICIPATION_CAP,
          "order " + id + ": filled " + quantity + " of " + wanted + "; cap " + cap + " x volume "
              + CsvText.number(volume) + " of the fill bar allows " + (long) Math.floor(cap * volume));
      counts.cancelledShares += unfilled;
      risk.cancel(s, side, unfilled, decisionPrice, t);
    }
  }

  private void fill(int s, int i, long t, Side side, long quantity, long priceMicros, String id, long wanted,
      long signalTime) {
    long notional = Math.multiplyExact(quantity, priceMicros);
    long fee = commission.feeMicros(notional, quantity, commissionMicroBps);
    long signed = side.signed(quantity);
    cash = Math.subtractExact(cash, Math.addExact(side == Side.BUY ? notional : -notional, fee));
    long before = position[s];
    long after = Math.addExact(before, signed);
    long mark = markMicros[s];
    netValue = Math.addExact(netValue, Math.multiplyExact(signed, mark));
    grossValue = Math.addExact(grossValue, Math.multiplyExact(Math.abs(after) - Math.abs(before), mark));
    position[s] = after;
    counts.tradedNotionalMicros = Math.addExact(counts.tradedNotionalMicros, notional);
    counts.feesMicros = Math.addExact(counts.feesMicros, fee);
    fills.add(new Fill(symbols[s], i, t, side, quantity, priceMicros, fee, id, wanted, signalTime));
    fillLog.add(s, i, signed, notional, fee);
    book.onFill(s, i, t, signed, priceMicros, fee);
  }

  OrderOutcome order(BarContext bar, long signedQty) {
    if (bar != context || !inBar) {
      throw new IllegalStateException("orders are placed during StrategyRun.onBar, through its bar");
    }
    if (signedQty == 0) {
      return OrderOutcome.NONE;
    }
    int s = bar.symbolIndex();
    int i = bar.barIndex();
    SymbolSeries ser = series[s];
    long t = groupTime; // the current bar's time (orders are placed only during its onBar)
    // The risk gate gets the close as the marks give it (micro-units x 1e-6: the risk state converts it back to the
    // same micro-units as the close itself). The close as read (the decision price that rejections and close fills
    // record) is read from the symbol's column only where it is used: usually a cache miss, since other symbols' bars
    // were replayed since this one's columns were last read.
    double riskPrice = bar.closeMicros() * 1e-6;
    Side side = signedQty > 0 ? Side.BUY : Side.SELL;
    long quantity = Math.abs(signedQty);
    counts.ordersPlaced++;
    if (i + 1 < warmupBars) {
      counts.refused++;
      reject(t, s, side, quantity, ser.close[i], OrderRejection.Stage.ENGINE, OrderRejection.WARMUP, symbols[s] + " has "
          + (i + 1) + " of the " + warmupBars + " bars the strategy needs before trading");
      return OrderOutcome.REFUSED;
    }
    if (pendingQty[s] != 0) {
      counts.refused++;
      reject(t, s, side, quantity, ser.close[i], OrderRejection.Stage.ENGINE, OrderRejection.ORDER_PENDING, symbols[s]
          + " already has working order " + pendingId[s] + " for " + pendingQty[s]);
      return OrderOutcome.REFUSED;
    }
    String id = "o" + (++orderSequence);
    counts.ordersSubmitted++;
    RiskDecision decision = risk.submit(s, side, quantity, riskPrice, t, id);
    if (!decision.accepted()) {
      counts.riskRejected++;
      String detail = decision.failedChecks().stream().map(CheckResult::toString).collect(Collectors.joining("; "));
      reject(t, s, side, quantity, ser.close[i], OrderRejection.Stage.RISK, decision.reason(), detail);
      return OrderOutcome.REJECTED_BY_RISK;
    }
    counts.ordersAccepted++;
    if (closeFills) {
      execute(s, ser, i, t, signedQty, ser.close[i], id, i, t);
    } else {
      pendingQty[s] = signedQty;
      pendingId[s] = id;
      pendingBar[s] = i;
      pendingSignalTime[s] = t;
    }
    return OrderOutcome.ACCEPTED;
  }

  private void reject(long t, int s, Side side, long quantity, double price, OrderRejection.Stage stage,
      String reason, String detail) {
    rejections.add(new OrderRejection(t, symbols[s], side, quantity, price, stage, reason, detail));
  }

  int warmupBars() {
    return warmupBars;
  }

  int barsSeen(int s) {
    return seen[s];
  }

  double latestClose(int s) {
    return seen[s] == 0 ? Double.NaN : series[s].close[seen[s] - 1];
  }

  long latestTime(int s) {
    return seen[s] == 0 ? Long.MIN_VALUE : series[s].time[seen[s] - 1];
  }

  long position(int s) {
    return position[s];
  }

  long pendingQuantity(int s) {
    return pendingQty[s];
  }

  long cashMicros() {
    return cash;
  }

  long equityMicros() {
    return Math.addExact(cash, netValue);
  }

  EquityCurve equityCurve() {
    return curve.build(config.initialCash().micros());
  }

  List<Fill> fills() {
    return fills;
  }

  FillLog fillLog() {
    return fillLog;
  }

  List<OrderRejection> rejections() {
    return rejections;
  }

  List<Trade> trades() {
    return book.trades();
  }

  /** The metrics' columns of {@code trades}, the list {@link #trades()} returned. */
  TradeLog tradeLog(List<Trade> trades) {
    return book.log(trades);
  }

  StrategyRun strategy() {
    return strategy;
  }

  RiskGate risk() {
    return risk;
  }

  SymbolSeries[] series() {
    return series;
  }

  /** What happened to orders in a run. */
  static final class RunCounts {
    long ordersPlaced;
    long refused;
    long ordersSubmitted;
    long ordersAccepted;
    long riskRejected;
    long cancelledShares;
    long tradedNotionalMicros;
    long feesMicros;
  }
}
