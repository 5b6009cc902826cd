package com.tradingml.backtest.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a backtest's {@code report.html}: one self-contained page with the equity curve against the
 * benchmark, drawdown, rolling Sharpe, monthly returns heatmap and trade return histogram, the summary and
 * per-symbol tables and the first and last trades.
 *
 * <p>Self-contained means no network, ever: CSS and the one script are inline, charts are SVG generated
 * here, fonts are the system's, and a Content-Security-Policy ({@code default-src 'none'}, the script
 * allowed by its SHA-256 only) makes the browser refuse any fetch or any other script, even if one slipped
 * in. Every caller-supplied string is escaped. The script only adds hover read-outs; without it every chart
 * is complete.
 *
 * <p>Deterministic: the same {@link ReportData} gives the same bytes (no clock, no random ids, number
 * formatting independent of the machine's locale, maps in their given order). Thread-safe: stateless.
 */
public final class BacktestReport {
  /** Ids of the page's charts, for tests and for anyone linking into the page. */
  public static final String EQUITY_CHART_ID = "chart-equity";
  public static final String DRAWDOWN_CHART_ID = "chart-drawdown";
  public static final String ROLLING_SHARPE_CHART_ID = "chart-rolling-sharpe";
  public static final String MONTHLY_RETURNS_ID = "chart-monthly-returns";
  public static final String TRADE_HISTOGRAM_ID = "chart-trade-returns";
  public static final String SUMMARY_ID = "table-summary";
  public static final String PER_SYMBOL_ID = "table-per-symbol";
  public static final String TRADES_ID = "table-trades";

  private static final String CSS = resource("report.css");
  private static final String SCRIPT = resource("report.js");
  private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; "
      + "script-src '" + sha256(SCRIPT) + "'; img-src data:; base-uri 'none'; form-action 'none'";

  private BacktestReport() {}

  /**
   * Renders the report and writes it to {@code out} (UTF-8) through {@code out + ".tmp"}, replacing
   * {@code out} atomically where the file system can, so a reader never sees half a page.
   */
  public static void write(ReportData data, Path out) throws IOException {
    byte[] bytes = render(data).getBytes(StandardCharsets.UTF_8);
    Path absolute = out.toAbsolutePath();
    Path directory = absolute.getParent();
    Files.createDirectories(directory);
    // A sibling, so the move stays on one file system; created like any file (the umask applies).
    Path temporary = directory.resolve(absolute.getFileName() + ".tmp");
    try {
      Files.write(temporary, bytes);
      try {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The report as one HTML document. */
  public static String render(ReportData data) {
    return render(ResolvedReport.of(data));
  }

  /** The report of already resolved data (lets a caller reuse the computed series). */
  public static String render(ResolvedReport report) {
    return new Page(report).html();
  }

  /** The page's Content-Security-Policy, as written into its {@code <meta http-equiv>}. */
  public static String contentSecurityPolicy() {
    return CONTENT_SECURITY_POLICY;
  }

  /** One rendering: the resolved report and the page being built. */
  private static final class Page {
    private final ResolvedReport report;
    private final ReportData data;
    private final ReportSettings settings;
    private final boolean dailyBars;
    private final StringBuilder html = new StringBuilder(256 * 1024);
    private final List<String> hoverData = new ArrayList<>();

    Page(ResolvedReport report) {
      this.report = report;
      this.data = report.data();
      this.settings = data.settings();
      this.dailyBars = Formats.allMidnight(data.equity().stream().map(EquityPoint::time)::iterator);
    }

    String html() {
      String title = Html.escape(data.title());
      html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CONTENT_SECURITY_POLICY)
          .append("\">\n<meta name=\"generator\" content=\"tradingml backtest-report\">\n<title>").append(title)
          .append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
      header(title);
      html.append("<main>\n");
      equityChart();
      drawdownChart();
      rollingSharpeChart();
      monthlyReturns();
      tradeDistribution();
      summaryTables();
      perSymbolTable();
      tradesTable();
      definitions();
      html.append("</main>\n<div id=\"tooltip\" class=\"tooltip\" hidden></div>\n")
          .append("<script type=\"application/json\" id=\"hover-data\">[")
          .append(String.join(",", hoverData)).append("]</script>\n<script>").append(SCRIPT)
          .append("</script>\n</body>\n</html>\n");
      return html.toString();
    }

    private void header(String title) {
      html.append("<header class=\"page-header\">\n<h1>").append(title).append("</h1>\n<p class=\"period\">");
      List<EquityPoint> equity = data.equity();
      if (equity.isEmpty()) {
        html.append("No equity data");
      } else {
        html.append(time(equity.get(0).time())).append(" \u2192 ").append(time(equity.get(equity.size() - 1).time()))
            .append(" \u00b7 ").append(Formats.integer(equity.size())).append(equity.size() == 1 ? " bar" : " bars");
      }
      html.append(" \u00b7 ").append(Formats.integer(data.trades().size()))
          .append(data.trades().size() == 1 ? " trade" : " trades").append(dailyBars ? "" : " \u00b7 times in UTC")
          .append("</p>\n<div class=\"kpis\">");
      double[] equitySeries = report.equity;
      kpi("Total return", Formats.signedPercent(report.totalReturn()), tone(report.totalReturn()));
      if (report.hasBenchmark) {
        kpi("Benchmark return", Formats.signedPercent(report.benchmarkTotalReturn()),
            tone(report.benchmarkTotalReturn()));
      }
      kpi("Max drawdown", Formats.percent(report.maxDrawdown(), 2, false),
          report.maxDrawdown() < 0 ? "negative" : "");
      kpi("Final equity",
          equitySeries.length == 0 ? Formats.UNDEFINED : Formats.number(equitySeries[equitySeries.length - 1]), "");
      kpi("Trades", Formats.integer(report.tradeStats.count()), "");
      kpi("Win rate", Formats.percent(report.tradeStats.winRate(), 1, false), "");
      html.append("</div>\n</header>\n");
    }

    private void kpi(String label, String value, String tone) {
      html.append("<div class=\"kpi\"><div class=\"kpi-label\">").append(label)
          .append("</div><div class=\"kpi-value").append(tone.isEmpty() ? "" : " " + tone).append("\">")
          .append(value).append("</div></div>");
    }

    private static String tone(double value) {
      return value > 0 ? "positive" : value < 0 ? "negative" : "";
    }

    private void equityChart() {
      List<LineChart.Series> series = new ArrayList<>();
      if (report.hasBenchmark) {
        series.add(new LineChart.Series("benchmark", "Benchmark", report.benchmark, false));
      }
      series.add(new LineChart.Series("strategy", "Strategy", report.equity, false));
      section("section-equity", report.hasBenchmark ? "Equity vs benchmark" : "Equity", "Portfolio value at each bar", series,
          LineChart.render(EQUITY_CHART_ID, "Strategy equity and benchmark equity over time", 340, report.times,
              series, ValueAxis.Style.COMPACT, false, settings.maxChartPoints(), dailyBars, "No equity data"));
    }

    private void drawdownChart() {
      List<LineChart.Series> series = new ArrayList<>();
      if (report.hasBenchmark) {
        series.add(new LineChart.Series("benchmark", "Benchmark", report.benchmarkDrawdown, false));
      }
      series.add(new LineChart.Series("drawdown", "Strategy", report.drawdown, true));
      section("section-drawdown", "Drawdown", "Distance below the running peak of equity", series,
          LineChart.render(DRAWDOWN_CHART_ID, "Drawdown of strategy and benchmark over time", 240, report.times,
              series, ValueAxis.Style.PERCENT, true, settings.maxChartPoints(), dailyBars, "No equity data"));
    }

    private void rollingSharpeChart() {
      List<LineChart.Series> series = new ArrayList<>();
      if (report.hasBenchmark) {
        series.add(new LineChart.Series("benchmark", "Benchmark", report.benchmarkRollingSharpe, false));
      }
      series.add(new LineChart.Series("strategy", "Strategy", report.rollingSharpe, false));
      String window = Formats.integer(settings.rollingWindow()) + "-bar";
      section("section-rolling-sharpe", "Rolling Sharpe (" + window + " window)",
          "Annualised with \u221a" + Formats.integer(settings.periodsPerYear())
              + " periods a year, zero risk-free rate; gaps where undefined",
          series,
          LineChart.render(ROLLING_SHARPE_CHART_ID, "Rolling " + window + " Sharpe ratio over time", 240,
              report.times, series, ValueAxis.Style.NUMBER, true, settings.maxChartPoints(), dailyBars,
              "Not enough bars for a " + window + " window"));
    }

    private void section(String id, String heading, String note, List<LineChart.Series> series,
        LineChart.Rendered chart) {
      html.append("<section class=\"card\" id=\"").append(id).append("\">\n<div class=\"card-head\"><h2>")
          .append(Html.escape(heading)).append("</h2><p class=\"note\">").append(Html.escape(note))
          .append("</p><div class=\"legend\">");
      // Series are drawn back to front (the strategy on top); the legend lists them front to back.
      for (int k = series.size() - 1; k >= 0; k--) {
        LineChart.Series s = series.get(k);
        html.append("<span class=\"key\"><span class=\"swatch s-").append(s.key()).append("\"></span>")
            .append(Html.escape(s.label())).append("</span>");
      }
      html.append("</div></div>\n").append(chart.svg()).append("\n</section>\n");
      if (chart.hoverJson() != null) {
        hoverData.add(chart.hoverJson());
      }
    }

    private void monthlyReturns() {
      html.append("<section class=\"card\" id=\"section-monthly-returns\">\n<div class=\"card-head\">")
          .append("<h2>Monthly returns</h2><p class=\"note\">Calendar months in UTC, from month-end equity; ")
          .append("first and last months are partial</p></div>\n<div class=\"table-wrap\">")
          .append(MonthlyHeatmap.render(MONTHLY_RETURNS_ID, report.monthlyReturns, report.benchmarkMonthlyReturns,
              report.hasBenchmark))
          .append("</div>\n</section>\n");
    }

    private void tradeDistribution() {
      ResolvedReport.TradeStats stats = report.tradeStats;
      html.append("<section class=\"card\" id=\"section-trade-returns\">\n<div class=\"card-head\">")
          .append("<h2>Trade P&amp;L distribution</h2><p class=\"note\">Net return per trade, after costs");
      if (stats.count() > 0) {
        ReturnHistogram h = report.histogram;
        html.append("; bins of ").append(Formats.percent(h.width(), Formats.percentDecimals(h.width()), false));
      }
      html.append("</p><div class=\"legend\"><span class=\"key\"><span class=\"swatch loss\"></span>loss</span>")
          .append("<span class=\"key\"><span class=\"swatch win\"></span>gain or zero</span></div></div>\n");
      if (stats.count() > 0) {
        html.append("<dl class=\"stats\">");
        stat("Trades", Formats.integer(stats.count()));
        stat("Win rate", Formats.percent(stats.winRate(), 1, false));
        stat("Mean", Formats.signedPercent(stats.mean()));
        stat("Median", Formats.signedPercent(stats.median()));
        stat("Best", Formats.signedPercent(stats.best()));
        stat("Worst", Formats.signedPercent(stats.worst()));
        html.append("</dl>\n");
      }
      html.append(HistogramChart.render(TRADE_HISTOGRAM_ID, 280, report.histogram, stats.mean()))
          .append("\n</section>\n");
    }

    private void stat(String label, String value) {
      html.append("<div><dt>").append(label).append("</dt><dd>").append(value).append("</dd></div>");
    }

    private void summaryTables() {
      Map<String, Object> scalars = new LinkedHashMap<>();
      Map<String, Map<?, ?>> groups = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : data.summary().entrySet()) {
        if (e.getValue() instanceof Map<?, ?> group) {
          groups.put(e.getKey(), group);
        } else {
          scalars.put(e.getKey(), e.getValue());
        }
      }
      html.append("<section class=\"card\" id=\"section-summary\">\n<div class=\"card-head\"><h2>Summary</h2>")
          .append("<p class=\"note\">Inputs and metrics as the backtest recorded them</p></div>\n")
          .append("<div class=\"summary-grid\" id=\"").append(SUMMARY_ID).append("\">");
      if (scalars.isEmpty() && groups.isEmpty()) {
        html.append("<p class=\"empty-note\">No summary entries.</p>");
      }
      if (!scalars.isEmpty()) {
        keyValueTable("Run", scalars);
      }
      for (Map.Entry<String, Map<?, ?>> group : groups.entrySet()) {
        keyValueTable(group.getKey(), group.getValue());
      }
      html.append("</div>\n</section>\n");
    }

    private void keyValueTable(String heading, Map<?, ?> entries) {
      html.append("<div class=\"kv\"><h3>").append(Html.escape(heading)).append("</h3>");
      appendKeyValues(entries);
      html.append("</div>");
    }

    private void appendKeyValues(Map<?, ?> entries) {
      html.append("<table class=\"kv-table\"><tbody>");
      for (Map.Entry<?, ?> e : entries.entrySet()) {
        html.append("<tr><th scope=\"row\">").append(Html.escape(String.valueOf(e.getKey()))).append("</th>");
        Object value = e.getValue();
        if (value instanceof Map<?, ?> nested) {
          html.append("<td>");
          appendKeyValues(nested);
          html.append("</td>");
        } else {
          html.append("<td>").append(cellText(value)).append("</td>");
        }
        html.append("</tr>");
      }
      html.append("</tbody></table>");
    }

    private static String cellText(Object value) {
      if (value instanceof Collection<?> items) {
        List<String> texts = new ArrayList<>();
        for (Object item : items) {
          texts.add(item instanceof Map<?, ?> || item instanceof Collection<?> ? String.valueOf(item)
              : Formats.value(item));
        }
        return Html.escape(String.join(", ", texts));
      }
      return Html.escape(Formats.value(value));
    }

    private void perSymbolTable() {
      Map<String, Map<String, Object>> symbols = data.perSymbolMetrics();
      Set<String> columns = new LinkedHashSet<>();
      symbols.values().forEach(metrics -> columns.addAll(metrics.keySet()));
      html.append("<section class=\"card\" id=\"section-per-symbol\">\n<div class=\"card-head\">")
          .append("<h2>Per symbol</h2></div>\n<div class=\"table-wrap\"><table id=\"").append(PER_SYMBOL_ID)
          .append("\" class=\"data\"><thead><tr><th scope=\"col\">Symbol</th>");
      for (String column : columns) {
        html.append("<th scope=\"col\" class=\"num\">").append(Html.escape(column)).append("</th>");
      }
      html.append("</tr></thead><tbody>");
      if (symbols.isEmpty()) {
        html.append("<tr><td class=\"empty-note\">No per-symbol metrics.</td></tr>");
      }
      for (Map.Entry<String, Map<String, Object>> row : symbols.entrySet()) {
        html.append("<tr><th scope=\"row\">").append(Html.escape(row.getKey())).append("</th>");
        for (String column : columns) {
          Object value = row.getValue().get(column);
          html.append("<td class=\"num\">").append(row.getValue().containsKey(column) ? cellText(value) : "")
              .append("</td>");
        }
        html.append("</tr>");
      }
      html.append("</tbody></table></div>\n</section>\n");
    }

    private void tradesTable() {
      List<TradeRow> trades = data.trades();
      int each = settings.tradesEachEnd();
      boolean all = trades.size() <= 2 * each;
      boolean dailyTrades = Formats.allMidnight(
          trades.stream().flatMap(t -> Stream.of(t.entryTime(), t.exitTime()))::iterator);
      html.append("<section class=\"card\" id=\"section-trades\">\n<div class=\"card-head\"><h2>Trades</h2>")
          .append("<p class=\"note\">");
      if (trades.isEmpty()) {
        html.append("No trades");
      } else if (all) {
        html.append("All ").append(Formats.integer(trades.size())).append(trades.size() == 1 ? " trade" : " trades");
      } else {
        html.append("First ").append(each).append(" and last ").append(each).append(" of ")
            .append(Formats.integer(trades.size())).append(" trades");
      }
      html.append(dailyTrades ? "" : "; times in UTC").append("</p></div>\n<div class=\"table-wrap\"><table id=\"")
          .append(TRADES_ID).append("\" class=\"data trades\"><thead><tr><th scope=\"col\" class=\"num\">#</th>")
          .append("<th scope=\"col\">Symbol</th><th scope=\"col\">Side</th><th scope=\"col\">Entry</th>")
          .append("<th scope=\"col\" class=\"num\">Entry price</th><th scope=\"col\">Exit</th>")
          .append("<th scope=\"col\" class=\"num\">Exit price</th><th scope=\"col\" class=\"num\">Quantity</th>")
          .append("<th scope=\"col\" class=\"num\">Gross</th><th scope=\"col\" class=\"num\">Net</th>")
          .append("</tr></thead><tbody>");
      if (trades.isEmpty()) {
        html.append("<tr><td colspan=\"10\" class=\"empty-note\">No trades.</td></tr>");
      }
      for (int i = 0; i < trades.size(); i++) {
        if (!all && i == each) {
          int hidden = trades.size() - 2 * each;
          html.append("<tr class=\"gap\"><td colspan=\"10\">\u2026 ").append(Formats.integer(hidden))
              .append(hidden == 1 ? " trade" : " trades").append(" not shown \u2026</td></tr>");
          i = trades.size() - each;
        }
        tradeRow(i + 1, trades.get(i), dailyTrades);
      }
      html.append("</tbody></table></div>\n</section>\n");
    }

    private void tradeRow(int number, TradeRow t, boolean dailyTrades) {
      html.append("<tr><td class=\"num\">").append(Formats.integer(number)).append("</td><td>")
          .append(Html.escape(t.symbol())).append("</td><td class=\"side ").append(t.side() == PositionSide.LONG
              ? "long\">long" : "short\">short").append("</td><td>")
          .append(dailyTrades ? Formats.date(t.entryTime()) : Formats.dateTime(t.entryTime()))
          .append("</td><td class=\"num\">").append(Formats.price(t.entryPrice())).append("</td><td>")
          .append(dailyTrades ? Formats.date(t.exitTime()) : Formats.dateTime(t.exitTime()))
          .append("</td><td class=\"num\">").append(Formats.price(t.exitPrice())).append("</td><td class=\"num\">")
          .append(Formats.integer(t.quantity())).append("</td><td class=\"num ").append(tone(t.grossReturn()))
          .append("\">").append(Formats.signedPercent(t.grossReturn())).append("</td><td class=\"num ")
          .append(tone(t.netReturn())).append("\">").append(Formats.signedPercent(t.netReturn()))
          .append("</td></tr>");
    }

    private void definitions() {
      String window = Formats.integer(settings.rollingWindow());
      String periods = Formats.integer(settings.periodsPerYear());
      html.append("<section class=\"card definitions\" id=\"section-definitions\">\n<div class=\"card-head\">")
          .append("<h2>How the charts are computed</h2></div>\n<dl>")
          .append("<dt>Returns</dt><dd>Per bar, simple: equity[t] / equity[t\u22121] \u2212 1.</dd>")
          .append("<dt>Drawdown</dt><dd>equity[t] / max(equity[0..t]) \u2212 1: how far below its running peak ")
          .append("the portfolio is.</dd>")
          .append("<dt>Rolling Sharpe</dt><dd>Over the last ").append(window).append(" bar returns: mean / ")
          .append("sample standard deviation \u00d7 \u221a").append(periods).append(", zero risk-free rate. ")
          .append("Undefined for the first ").append(window).append(" bars, and where the window's returns are ")
          .append("all equal (e.g. flat, out of the market).</dd>")
          .append("<dt>Monthly returns</dt><dd>Each calendar month (UTC): its last equity over the previous ")
          .append("month's last equity, minus one; the first month starts from the first equity point. Year ")
          .append("columns compound the same way over calendar years.</dd>")
          .append("<dt>Trade P&amp;L distribution</dt><dd>Net returns of closed trades in bins of a round ")
          .append("width, with zero on a bin edge; bins are left-closed: [lower, upper).</dd>")
          .append("<dt>Charts of long series</dt><dd>Lines longer than ")
          .append(Formats.integer(settings.maxChartPoints())).append(" points keep the lowest and highest ")
          .append("value of each of about ").append(Formats.integer((settings.maxChartPoints() - 2) / 3))
          .append(" equal slices of the series, so peaks and troughs remain; the figures above use every ")
          .append("point.</dd></dl>\n</section>\n");
    }

    private String time(Instant time) {
      return dailyBars ? Formats.date(time) : Formats.dateTime(time);
    }
  }

  private static String resource(String name) {
    try (InputStream in = BacktestReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("report resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read report resource " + name, e);
    }
  }

  private static String sha256(String script) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
