package com.tradingml.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestReportTest {

  private static final String[] CHART_IDS = {
    BacktestReport.EQUITY_CHART_ID, BacktestReport.DRAWDOWN_CHART_ID, BacktestReport.ROLLING_SHARPE_CHART_ID,
    BacktestReport.MONTHLY_RETURNS_ID, BacktestReport.TRADE_HISTOGRAM_ID, BacktestReport.SUMMARY_ID,
    BacktestReport.PER_SYMBOL_ID, BacktestReport.TRADES_ID
  };

  @Test
  void shouldEscapeASymbolThatLooksLikeAScript() {
    String html = BacktestReport.render(SampleReports.realistic());

    assertThat(html).doesNotContain("<script>alert(1)");
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void shouldEscapeTheTitleAndSummaryKeysAndValues() {
    ReportData data = ReportData.builder()
        .title("</title><script>alert('t')</script>")
        .summary("<img src=x onerror=alert(2)>", "\"><svg onload=alert(3)>")
        .symbolMetrics("A&B", java.util.Map.of("<b>", "</td>"))
        .build();

    String html = BacktestReport.render(data);

    assertThat(html).doesNotContain("<script>alert", "<img", "<svg onload", "<b>", "</td></td>");
    assertThat(html).contains("&lt;/title&gt;&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(2)&gt;", "&quot;&gt;&lt;svg onload=alert(3)&gt;", "A&amp;B");
  }

  @Test
  void shouldRenderIdenticalBytesForIdenticalInput() {
    byte[] first = BacktestReport.render(SampleReports.realistic()).getBytes(StandardCharsets.UTF_8);
    byte[] second = BacktestReport.render(SampleReports.realistic()).getBytes(StandardCharsets.UTF_8);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void shouldWriteTheRenderedBytesAndNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("runs/bt-1/report.html");

    BacktestReport.write(SampleReports.realistic(), out);
    BacktestReport.write(SampleReports.realistic(), out);

    assertThat(Files.readString(out)).isEqualTo(BacktestReport.render(SampleReports.realistic()));
    assertThat(out.resolveSibling("report.html.tmp")).doesNotExist();
  }

  @Test
  void shouldContainEveryChartAndTable() {
    String html = BacktestReport.render(SampleReports.realistic());

    for (String id : CHART_IDS) {
      assertThat(html).as(id).contains("id=\"" + id + "\"");
    }
    assertThat(html).contains("Rolling Sharpe (63-bar window)", "\u221a252");
    assertThat(count(html, "<td class=\"month")).isEqualTo(3 * 12);
    assertThat(count(html, "<rect class=\"bar ")).isGreaterThan(5);
    // First 25 and last 25 of 150 trades, with a gap row between.
    assertThat(html).contains("\u2026 100 trades not shown \u2026");
    assertThat(html).contains("<td class=\"num\">1</td>", "<td class=\"num\">25</td>", "<td class=\"num\">126</td>",
        "<td class=\"num\">150</td>").doesNotContain("<td class=\"num\">26</td>");
  }

  @Test
  void shouldReferenceNothingOutsideThePage() {
    String html = BacktestReport.render(SampleReports.realistic());

    assertThat(html.toLowerCase(java.util.Locale.ROOT))
        .doesNotContain("http:", "https:", "src=", "href=", "url(", "@import", "//cdn", "<link", "<img", "<iframe");
    assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
  }

  @Test
  void shouldAllowExactlyItsOwnScriptByHash() throws Exception {
    String html = BacktestReport.render(SampleReports.realistic());

    Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
    assertThat(script.find()).isTrue();
    String hash = "sha256-" + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
    assertThat(script.find()).as("one executable script only").isFalse();
    assertThat(BacktestReport.contentSecurityPolicy()).contains("script-src '" + hash + "'");
  }

  @Test
  void shouldRenderASinglePointAndNoTradesGracefully() {
    String html = BacktestReport.render(SampleReports.singlePoint());

    assertThat(html).contains("id=\"chart-equity\"", "<circle class=\"dot s-strategy\"", "No trades",
        "Not enough bars for a 63-bar window", "1 bar", "0 trades");
  }

  @Test
  void shouldRenderAnEmptyReportGracefully() {
    String html = BacktestReport.render(SampleReports.empty());

    for (String id : CHART_IDS) {
      assertThat(html).as(id).contains("id=\"" + id + "\"");
    }
    assertThat(html).contains("No equity data", "No trades.", "No per-symbol metrics.");
  }

  @Test
  void shouldDownsampleALongSeriesForDrawing() {
    ReportData data = SampleReports.minuteBars(50_000);

    String html = BacktestReport.render(data);

    Matcher path = Pattern.compile("<path class=\"line s-strategy\" d=\"([^\"]*)\"").matcher(html);
    assertThat(path.find()).isTrue();
    int points = count(path.group(1), "L") + count(path.group(1), "M");
    assertThat(points).isLessThanOrEqualTo(data.settings().maxChartPoints()).isGreaterThan(1_000);
    assertThat(html.length()).isLessThan(600_000);
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      count++;
    }
    return count;
  }
}
