package com.tradingml.backtest;

import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.KillSwitch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a backtest produced, for writers ({@link BacktestWriter}), reports and callers:
 *
 * <ul>
 *   <li>{@link #equityCurve()}: equity, cash, gross exposure and the buy-and-hold benchmark per timestamp;
 *   <li>{@link #trades()}: round trips by entry time, then symbol ({@link #closedTrades()} without the open ones);
 *   <li>{@link #fills()}: every execution in replay order; {@link #rejections()}: the rejection log;
 *   <li>{@link #metrics()}: total, benchmark and per-symbol metrics ({@link BacktestMetrics#toMap()} as data);
 *   <li>{@link #summary()}: the content of {@code summary.json}: inputs (data, strategy, model, config, code
 *       version), results (cash, orders, kill switch, strategy statistics) and metrics;
 *   <li>{@link #runId()}: given in {@link RunInfo} or derived from the inputs.
 * </ul>
 * Immutable and thread-safe (lists are unmodifiable).
 */
public final class BacktestResult {

  public static final String FORMAT = "tradingml-backtest/1";

  private final RunInfo info;
  private final String strategyName;
  private final Map<String, Object> strategyParameters;
  private final BacktestConfig config;
  private final List<Symbol> symbols;
  private final long bars;
  private final long firstBarMicros;
  private final long lastBarMicros;
  private final EquityCurve equity;
  private final List<Trade> trades;
  private final List<Fill> fills;
  private final List<OrderRejection> rejections;
  private final BacktestMetrics metrics;
  private final KillSwitch killSwitch;
  private final SortedMap<String, Long> strategyStatistics;
  private final OrderCounts orders;
  private final long feesMicros;
  private final long tradedNotionalMicros;
  private final EngineStatistics engineStatistics;
  private final Map<String, Object> inputs;
  private final String runId;

  BacktestResult(RunInfo info, Strategy strategy, BacktestConfig config, List<Symbol> symbols, long bars,
      long firstBarMicros, long lastBarMicros, EquityCurve equity, List<Trade> trades, List<Fill> fills,
      List<OrderRejection> rejections, BacktestMetrics metrics, KillSwitch killSwitch,
      Map<String, Long> strategyStatistics, OrderCounts orders, long feesMicros, long tradedNotionalMicros,
      EngineStatistics engineStatistics) {
    this.info = info;
    this.strategyName = strategy.name();
    this.strategyParameters = new LinkedHashMap<>(strategy.parameters());
    this.config = config;
    this.symbols = List.copyOf(symbols);
    this.bars = bars;
    this.firstBarMicros = firstBarMicros;
    this.lastBarMicros = lastBarMicros;
    this.equity = equity;
    this.trades = List.copyOf(trades);
    this.fills = List.copyOf(fills);
    this.rejections = List.copyOf(rejections);
    this.metrics = metrics;
    this.killSwitch = killSwitch;
    this.strategyStatistics = new TreeMap<>(strategyStatistics);
    this.orders = orders;
    this.feesMicros = feesMicros;
    this.tradedNotionalMicros = tradedNotionalMicros;
    this.engineStatistics = engineStatistics;
    this.inputs = describeInputs();
    this.runId = info.runId().orElseGet(() -> "bt-" + sha256(Json.write(inputs)).substring(0, 16));
  }

  public String runId() {
    return runId;
  }

  public RunInfo runInfo() {
    return info;
  }

  public String strategyName() {
    return strategyName;
  }

  public Map<String, Object> strategyParameters() {
    return java.util.Collections.unmodifiableMap(strategyParameters);
  }

  public BacktestConfig config() {
    return config;
  }

  public List<Symbol> symbols() {
    return symbols;
  }

  public EquityCurve equityCurve() {
    return equity;
  }

  public List<Trade> trades() {
    return trades;
  }

  public List<Trade> closedTrades() {
    return trades.stream().filter(Trade::closed).toList();
  }

  public List<Fill> fills() {
    return fills;
  }

  public List<OrderRejection> rejections() {
    return rejections;
  }

  public BacktestMetrics metrics() {
    return metrics;
  }

  /** The account's kill switch as the risk state held it at the end. */
  public KillSwitch killSwitch() {
    return killSwitch;
  }

  public SortedMap<String, Long> strategyStatistics() {
    return java.util.Collections.unmodifiableSortedMap(strategyStatistics);
  }

  public OrderCounts orders() {
    return orders;
  }

  public long feesMicros() {
    return feesMicros;
  }

  public long tradedNotionalMicros() {
    return tradedNotionalMicros;
  }

  public long finalEquityMicros() {
    return equity.finalEquityMicros();
  }

  /** Not part of the outputs (holds wall-clock time). */
  public EngineStatistics engineStatistics() {
    return engineStatistics;
  }

  /** The {@code inputs} part of the summary: what the run read and how it was configured. */
  public Map<String, Object> inputs() {
    return java.util.Collections.unmodifiableMap(inputs);
  }

  private Map<String, Object> describeInputs() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("snapshots", new LinkedHashMap<>(info.dataSnapshots()));
    data.put("labels", new LinkedHashMap<>(info.dataLabels()));
    data.put("symbols", symbols.stream().map(Symbol::value).toList());
    data.put("bars", bars);
    data.put("first_bar", bars == 0 ? null : Bar.instantOfMicros(firstBarMicros));
    data.put("last_bar", bars == 0 ? null : Bar.instantOfMicros(lastBarMicros));
    Map<String, Object> strategy = new LinkedHashMap<>();
    strategy.put("name", strategyName);
    strategy.put("parameters", strategyParameters);
    Map<String, Object> model = null;
    if (info.modelRef().isPresent() || info.modelVersion().isPresent()) {
      model = new LinkedHashMap<>();
      model.put("ref", info.modelRef().orElse(null));
      model.put("version", info.modelVersion().orElse(null));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("data", data);
    out.put("strategy", strategy);
    out.put("model", model);
    out.put("config", config.describe());
    out.put("code_version", info.codeVersion());
    return out;
  }

  /** The content of {@code summary.json}, as ordered JSON data. */
  public Map<String, Object> summary() {
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("initial_cash", config.initialCash().toBigDecimal());
    results.put("final_equity", java.math.BigDecimal.valueOf(finalEquityMicros(), 6));
    results.put("net_pnl", java.math.BigDecimal.valueOf(finalEquityMicros() - config.initialCash().micros(), 6));
    results.put("fees", java.math.BigDecimal.valueOf(feesMicros, 6));
    results.put("traded_notional", java.math.BigDecimal.valueOf(tradedNotionalMicros, 6));
    Map<String, Object> orderCounts = new LinkedHashMap<>();
    orderCounts.put("placed", orders.placed());
    orderCounts.put("refused_by_engine", orders.refused());
    orderCounts.put("submitted_to_risk", orders.submitted());
    orderCounts.put("accepted", orders.accepted());
    orderCounts.put("rejected_by_risk", orders.rejectedByRisk());
    orderCounts.put("fills", orders.fills());
    orderCounts.put("cancelled_shares", orders.cancelledShares());
    results.put("orders", orderCounts);
    Map<String, Long> reasons = new TreeMap<>();
    for (OrderRejection r : rejections) {
      reasons.merge(r.stage().id() + ":" + r.reason(), 1L, Long::sum);
    }
    results.put("rejections_by_reason", new LinkedHashMap<>(reasons));
    results.put("trades_closed", trades.stream().filter(Trade::closed).count());
    results.put("trades_open", trades.stream().filter(t -> !t.closed()).count());
    Map<String, Object> latch = new LinkedHashMap<>();
    latch.put("engaged", killSwitch.engaged());
    latch.put("since", killSwitch.engaged() ? killSwitch.since() : null);
    latch.put("reason", killSwitch.engaged() ? killSwitch.reason() : null);
    results.put("kill_switch", latch);
    results.put("strategy_statistics", new LinkedHashMap<>(strategyStatistics));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("format", FORMAT);
    out.put("run_id", runId);
    out.put("inputs", inputs);
    out.put("results", results);
    out.put("metrics", metrics.toMap());
    return out;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "BacktestResult[" + runId + ", " + strategyName + ", " + symbols.size() + " symbols, " + bars + " bars, "
        + trades.size() + " trades, final equity " + Micros.text(finalEquityMicros()) + "]";
  }
}
