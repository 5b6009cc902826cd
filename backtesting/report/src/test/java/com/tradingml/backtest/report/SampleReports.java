package com.tradingml.backtest.report;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Deterministic report inputs for tests: seeded random walks, never the clock. */
final class SampleReports {
  static final String EVIL_SYMBOL = "<script>alert(1)</script>";
  private static final String[] SYMBOLS = {"AAPL", "MSFT", "JPM", EVIL_SYMBOL};

  private SampleReports() {}

  /** About three years of weekday bars from 2021-01-04, with a flat stretch, four symbols and ~150 trades. */
  static ReportData realistic() {
    SplittableRandom random = new SplittableRandom(42);
    List<EquityPoint> equity = new ArrayList<>();
    double strategy = 100_000;
    double benchmark = 100_000;
    LocalDate day = LocalDate.of(2021, 1, 4);
    int bar = 0;
    while (day.isBefore(LocalDate.of(2023, 12, 30))) {
      if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
        if (bar > 0) {
          double market = 0.0003 + 0.011 * random.nextGaussian();
          benchmark *= 1 + market;
          boolean flat = bar >= 300 && bar < 380; // out of the market: zero returns
          strategy *= flat ? 1 : 1 + 0.6 * market + 0.0004 + 0.006 * random.nextGaussian();
        }
        equity.add(EquityPoint.of(day.atStartOfDay(ZoneOffset.UTC).toInstant(), strategy, benchmark));
        bar++;
      }
      day = day.plusDays(1);
    }
    List<TradeRow> trades = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      EquityPoint entry = equity.get(2 + i * 4);
      EquityPoint exit = equity.get(4 + i * 4 + random.nextInt(3));
      String symbol = SYMBOLS[i % SYMBOLS.length];
      PositionSide side = i % 5 == 0 ? PositionSide.SHORT : PositionSide.LONG;
      double entryPrice = 50 + 100 * random.nextDouble();
      double gross = 0.002 + 0.03 * random.nextGaussian();
      double exitPrice = side == PositionSide.LONG ? entryPrice * (1 + gross) : entryPrice * (1 - gross);
      trades.add(new TradeRow(symbol, side, entry.time(), round(entryPrice), exit.time(), round(exitPrice),
          10 + random.nextInt(300), gross, gross - 0.002));
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("strategy", "sma-crossover(fast=10, slow=50)");
    inputs.put("data snapshot", 8_213_004_117_322_590_211L);
    inputs.put("model version", null);
    inputs.put("fill", "next-open");
    inputs.put("commission bps", 1.0);
    inputs.put("symbols", List.of(SYMBOLS));
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("total return", 0.4213);
    metrics.put("annualized return", 0.1245);
    metrics.put("sharpe", 1.0732);
    metrics.put("max drawdown", -0.1482);
    metrics.put("trades", 150);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("run id", "bt-2024-demo");
    summary.put("code version", "0.1.0-SNAPSHOT (a1b2c3d)");
    summary.put("inputs", inputs);
    summary.put("metrics", metrics);
    ReportData.Builder builder = ReportData.builder()
        .title("SMA(10/50) crossover on DJ30 \u2014 demo")
        .summary(summary)
        .equity(equity)
        .trades(trades);
    for (String symbol : SYMBOLS) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("trades", trades.stream().filter(t -> t.symbol().equals(symbol)).count());
      m.put("total return", 0.05 + symbol.length() / 100.0);
      m.put("sharpe", 0.4 + symbol.length() / 20.0);
      m.put("hit rate", 0.52);
      builder.symbolMetrics(symbol, m);
    }
    return builder.build();
  }

  /** {@code n} one-minute bars from 2024-03-01, no benchmark, a few trades. */
  static ReportData minuteBars(int n) {
    SplittableRandom random = new SplittableRandom(7);
    List<EquityPoint> equity = new ArrayList<>(n);
    Instant start = Instant.parse("2024-03-01T14:30:00Z");
    double value = 1_000_000;
    for (int i = 0; i < n; i++) {
      value *= 1 + 0.00001 + 0.0008 * random.nextGaussian();
      equity.add(EquityPoint.of(start.plusSeconds(60L * i), value));
    }
    List<TradeRow> trades = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      trades.add(new TradeRow("ES", PositionSide.LONG, start.plusSeconds(600L * i), 5000 + i,
          start.plusSeconds(600L * i + 300), 5001 + i, 2, 0.0002 * (i - 3), 0.0002 * (i - 3) - 0.0001));
    }
    return ReportData.builder().title("Minute bars").equity(equity).trades(trades)
        .settings(ReportSettings.defaults().withPeriodsPerYear(252 * 390).withRollingWindow(390)).build();
  }

  /** One equity point, no trades, no benchmark, no metrics. */
  static ReportData singlePoint() {
    return ReportData.builder().title("Single point")
        .equityPoint(EquityPoint.of(Instant.parse("2024-01-02T00:00:00Z"), 100_000)).build();
  }

  /** Nothing at all but a title. */
  static ReportData empty() {
    return ReportData.builder().title("Empty").build();
  }

  private static double round(double price) {
    return Math.round(price * 100) / 100.0;
  }
}
