package com.tradingml.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Opens generated reports in Debian's headless Chromium (DevTools protocol) and checks that every chart
 * rendered, that no script failed, nothing was logged as an error and nothing but the file itself was
 * requested; takes a full-page screenshot of the realistic report ({@code target/browser-it/report.png}).
 *
 * <p>Skipped when {@code /usr/bin/chromium} is absent (install Debian's {@code chromium} package).
 */
class BacktestReportBrowserIT {
  private static final Path OUT = Path.of("target", "browser-it").toAbsolutePath();
  private static final List<String> LINE_CHARTS = List.of(
      BacktestReport.EQUITY_CHART_ID, BacktestReport.DRAWDOWN_CHART_ID, BacktestReport.ROLLING_SHARPE_CHART_ID);
  /** Reads back what the browser built: the charts' drawn geometry, the heatmap, the tables. */
  private static final String DOM_PROBE = """
      JSON.stringify({
        lines: %s.map(id => {
          const svg = document.getElementById(id);
          const path = svg && svg.querySelector('path.line.s-strategy, path.line.s-drawdown');
          const box = path ? path.getBBox() : null;
          return {id, tag: svg && svg.tagName, width: svg ? svg.getBoundingClientRect().width : 0,
                  height: svg ? svg.getBoundingClientRect().height : 0,
                  pathWidth: box ? box.width : 0, pathHeight: box ? box.height : 0,
                  pathLength: path ? path.getTotalLength() : 0,
                  ticks: svg ? svg.querySelectorAll('.ticks text').length : 0};
        }),
        histogram: (() => {
          const svg = document.getElementById('chart-trade-returns');
          const bars = [...svg.querySelectorAll('rect.bar')];
          return {tag: svg.tagName, bars: bars.length,
                  tallest: Math.max(0, ...bars.map(b => b.getBBox().height)),
                  empty: svg.querySelectorAll('.empty-message').length};
        })(),
        monthCells: document.querySelectorAll('#chart-monthly-returns td.month').length,
        coloredMonthCells: [...document.querySelectorAll('#chart-monthly-returns td.month')]
            .filter(td => getComputedStyle(td).backgroundColor !== 'rgba(0, 0, 0, 0)'
                && td.textContent.length > 0).length,
        symbols: [...document.querySelectorAll('#table-per-symbol tbody th')].map(th => th.textContent),
        tradeRows: document.querySelectorAll('#table-trades tbody tr').length,
        scripts: document.scripts.length,
        scriptReady: document.documentElement.getAttribute('data-report-script')
      })""".formatted(toJsArray(LINE_CHARTS));

  private static HeadlessChromium browser;

  @BeforeAll
  static void startBrowser() throws Exception {
    if (!Files.isExecutable(HeadlessChromium.EXECUTABLE)) {
      return; // every test is skipped by requireBrowser(), each with the reason
    }
    Files.createDirectories(OUT);
    BacktestReport.write(SampleReports.realistic(), OUT.resolve("report.html"));
    BacktestReport.write(SampleReports.minuteBars(50_000), OUT.resolve("minutes.html"));
    BacktestReport.write(SampleReports.singlePoint(), OUT.resolve("single-point.html"));
    BacktestReport.write(SampleReports.empty(), OUT.resolve("empty.html"));
    browser = HeadlessChromium.launch(Files.createTempDirectory("chromium-profile"));
  }

  /** A per-test assumption, so that every skipped test is reported with its reason. */
  @BeforeEach
  void requireBrowser() {
    assumeTrue(browser != null, HeadlessChromium.EXECUTABLE + " is absent: install Debian's chromium package "
        + "(apt-get install -y chromium) to run the browser test");
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void shouldRenderEveryChartWithoutErrorsOrRequests() throws Exception {
    Path file = OUT.resolve("report.html");
    String session = browser.open();
    browser.navigate(session, file.toUri().toString());

    JsonNode dom = readJson(browser.evaluate(session, DOM_PROBE));

    assertCleanVisit(session, file);
    for (JsonNode line : dom.get("lines")) {
      assertThat(line.get("tag").asText()).as(line.toString()).isEqualToIgnoringCase("svg");
      assertThat(line.get("width").asDouble()).as(line.toString()).isGreaterThan(1000);
      assertThat(line.get("pathWidth").asDouble()).as(line.toString()).isGreaterThan(800);
      assertThat(line.get("pathHeight").asDouble()).as(line.toString()).isGreaterThan(50);
      assertThat(line.get("pathLength").asDouble()).as(line.toString()).isGreaterThan(1000);
      assertThat(line.get("ticks").asInt()).as(line.toString()).isGreaterThanOrEqualTo(6);
    }
    assertThat(dom.at("/histogram/bars").asInt()).isGreaterThanOrEqualTo(8);
    assertThat(dom.at("/histogram/tallest").asDouble()).isGreaterThan(100);
    assertThat(dom.get("monthCells").asInt()).isEqualTo(36);
    assertThat(dom.get("coloredMonthCells").asInt()).isEqualTo(36);
    assertThat(dom.get("symbols")).extracting(JsonNode::asText).contains(SampleReports.EVIL_SYMBOL);
    assertThat(dom.get("tradeRows").asInt()).isEqualTo(51);
    assertThat(dom.get("scripts").asInt()).as("the hover script and its JSON data, nothing injected").isEqualTo(2);
    assertThat(dom.get("scriptReady").asText()).isEqualTo("ready");
  }

  @Test
  void shouldShowAHoverReadOutOverTheEquityChart() throws Exception {
    String session = browser.open();
    browser.navigate(session, OUT.resolve("report.html").toUri().toString());
    JsonNode box = readJson(browser.evaluate(session,
        "JSON.stringify(document.getElementById('chart-equity').getBoundingClientRect())"));

    browser.call(session, "Input.dispatchMouseEvent", Map.of("type", "mouseMoved",
        "x", box.get("x").asDouble() + box.get("width").asDouble() / 2,
        "y", box.get("y").asDouble() + box.get("height").asDouble() / 2));
    JsonNode hover = readJson(browser.evaluate(session, """
        JSON.stringify({hidden: document.getElementById('tooltip').hidden,
          text: document.getElementById('tooltip').textContent,
          marks: document.querySelector('#chart-equity .hover').getAttribute('display')})"""));

    assertThat(hover.get("hidden").asBoolean()).isFalse();
    assertThat(hover.get("marks").asText()).isEqualTo("inline");
    assertThat(hover.get("text").asText()).matches("20\\d\\d-\\d\\d-\\d\\dStrategy[\\d,]+Benchmark[\\d,]+");
    assertCleanVisit(session, OUT.resolve("report.html"));
  }

  @Test
  void shouldRenderLongSinglePointAndEmptyReportsWithoutErrors() throws Exception {
    for (String name : List.of("minutes.html", "single-point.html", "empty.html")) {
      Path file = OUT.resolve(name);
      String session = browser.open();
      browser.navigate(session, file.toUri().toString());

      JsonNode dom = readJson(browser.evaluate(session, DOM_PROBE));

      assertCleanVisit(session, file);
      assertThat(dom.get("lines")).as(name).allSatisfy(line -> assertThat(line.get("tag").asText())
          .isEqualToIgnoringCase("svg"));
      assertThat(dom.get("scriptReady").asText()).as(name).isEqualTo("ready");
      switch (name) {
        case "minutes.html" -> {
          assertThat(dom.at("/lines/0/pathWidth").asDouble()).isGreaterThan(800);
          assertThat(dom.at("/histogram/bars").asInt()).isPositive();
        }
        case "single-point.html" -> assertThat(dom.at("/histogram/empty").asInt()).isEqualTo(1);
        default -> assertThat(dom.at("/lines/0/pathLength").asDouble()).isZero();
      }
    }
  }

  @Test
  void shouldTakeAReadableFullPageScreenshot() throws Exception {
    String session = browser.open();
    browser.navigate(session, OUT.resolve("report.html").toUri().toString());
    JsonNode size = browser.call(session, "Page.getLayoutMetrics", Map.of()).get("cssContentSize");

    JsonNode shot = browser.call(session, "Page.captureScreenshot", Map.of("format", "png",
        "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", 1400,
            "height", size.get("height").asDouble(), "scale", 1)));
    byte[] png = Base64.getDecoder().decode(shot.get("data").asText());
    Path screenshot = OUT.resolve("report.png");
    Files.write(screenshot, png);

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(1400);
    assertThat(image.getHeight()).isGreaterThan(3000);
    Set<Integer> colors = new HashSet<>();
    int strategyBlue = 0;
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colors.add(rgb);
        strategyBlue += near(rgb, 0x2563eb) ? 1 : 0;
      }
    }
    assertThat(colors.size()).as("distinct colors: not a blank page").isGreaterThan(200);
    assertThat(strategyBlue).as("pixels of the strategy's line color").isGreaterThan(100);
    assertCleanVisit(session, OUT.resolve("report.html"));
  }

  /** The harness itself must see what it guards against: a script error, a console error and a request. */
  @Test
  void shouldDetectScriptErrorsConsoleErrorsAndRequestsInAFaultyPage() throws Exception {
    Path faulty = OUT.resolve("faulty.html");
    Files.writeString(faulty, "<!DOCTYPE html><html><body><p>faulty</p>"
        + "<img src=\"http://127.0.0.1:9/pixel.png\"><script>console.error('boom'); undefinedFunction();</script>"
        + "</body></html>");
    String session = browser.open();
    browser.navigate(session, faulty.toUri().toString());

    Visit visit = Visit.of(browser.events(session), faulty);

    assertThat(visit.exceptions()).isNotEmpty();
    assertThat(visit.errors()).isNotEmpty();
    assertThat(visit.foreignRequests()).anyMatch(url -> url.startsWith("http://127.0.0.1:9/"));
  }

  private static void assertCleanVisit(String session, Path file) {
    Visit visit = Visit.of(browser.events(session), file);
    assertThat(visit.exceptions()).as("uncaught script exceptions").isEmpty();
    assertThat(visit.errors()).as("console and log errors or warnings").isEmpty();
    assertThat(visit.foreignRequests()).as("requests other than the report itself").isEmpty();
    assertThat(visit.dialogs()).as("dialogs (alert, confirm)").isEmpty();
    assertThat(visit.documentRequests()).as("the report itself was loaded").isPositive();
  }

  /** What a page did, from its DevTools events. */
  private record Visit(List<String> exceptions, List<String> errors, List<String> foreignRequests,
      List<String> dialogs, int documentRequests) {

    static Visit of(List<JsonNode> events, Path file) {
      String own = file.toUri().toString();
      List<String> exceptions = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      List<String> foreign = new ArrayList<>();
      List<String> dialogs = new ArrayList<>();
      int document = 0;
      for (JsonNode event : events) {
        JsonNode params = event.path("params");
        switch (event.path("method").asText()) {
          case "Runtime.exceptionThrown" -> exceptions.add(params.path("exceptionDetails").toString());
          case "Runtime.consoleAPICalled" -> {
            String type = params.path("type").asText();
            if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
              errors.add(type + ": " + params.path("args"));
            }
          }
          case "Log.entryAdded" -> {
            String level = params.path("entry").path("level").asText();
            if (level.equals("error") || level.equals("warning")) {
              errors.add(level + ": " + params.path("entry").path("text").asText());
            }
          }
          case "Network.requestWillBeSent" -> {
            String url = params.path("request").path("url").asText();
            if (url.equals(own)) {
              document++;
            } else {
              foreign.add(url);
            }
          }
          case "Page.javascriptDialogOpening" -> dialogs.add(params.path("message").asText());
          default -> { }
        }
      }
      return new Visit(exceptions, errors, foreign, dialogs, document);
    }
  }

  private static boolean near(int rgb, int target) {
    int dr = ((rgb >> 16) & 0xff) - ((target >> 16) & 0xff);
    int dg = ((rgb >> 8) & 0xff) - ((target >> 8) & 0xff);
    int db = (rgb & 0xff) - (target & 0xff);
    return dr * dr + dg * dg + db * db < 40 * 40;
  }

  private static JsonNode readJson(JsonNode text) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text.asText());
  }

  private static String toJsArray(List<String> ids) {
    return ids.stream().map(id -> "'" + id + "'").reduce((a, b) -> a + ", " + b).map(s -> "[" + s + "]")
        .orElse("[]");
  }
}
