package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The files' formats: headers, exact money, ISO-8601 UTC times, the summary's inputs and metrics. */
class BacktestWriterTest {

  private static BacktestResult result() {
    BarSource data = BarSource.of(List.of(
        TestData.bars("IBM", new double[] {100, 101, 99, 100, 1e6}, new double[] {102, 104, 101, 103, 1e6},
            new double[] {105, 106, 100, 101, 1e6}, new double[] {101, 102, 90, 90, 1e6}),
        TestData.closes("KO", 40, 41, 42, 43)));
    BacktestConfig config = BacktestConfig.builder().commission(CommissionModel.bps(10)).periodsPerYear(252)
        .build();
    Scripted script = new Scripted(1).at(0, 0, 10).at(0, 1, -10).at(1, 0, 5).at(1, 1, 60_000);
    RunInfo info = RunInfo.builder().runId("demo-1").snapshot("bars.dj30", "42").label("dataset", "dj30")
        .model("m@production", "m@3").codeVersion("0123abc").build();
    return BacktestEngine.run(data, script, config, info);
  }

  private static String text(Map<String, byte[]> files, String name) {
    return new String(files.get(name), StandardCharsets.UTF_8);
  }

  @Test
  void shouldWriteTradesWithTheRequiredColumnsExactPricesAndUtcTimes() {
    String trades = text(BacktestWriter.files(result()), "trades.csv");

    assertThat(trades.lines().toList()).containsExactly(
        "symbol,side,entry_time,entry_price,exit_time,exit_price,quantity,gross_return,net_return,entry_bar,"
            + "exit_bar,fees,net_pnl,status",
        "IBM,long,2024-01-02T00:00:00Z,102,2024-01-03T00:00:00Z,105,10,"
            + CsvNumber.of(30_000_000.0 / 1_020_000_000.0) + "," + CsvNumber.of((30_000_000.0 - 2_070_000) / 1_020_000_000.0)
            + ",1,2,2.07,27.93,closed",
        "KO,long,2024-01-02T00:00:00Z,41,,,5,,,1,,0.205,,open");
  }

  @Test
  void shouldWriteTheEquityCurveWithExactMoneyAndTheBenchmark() {
    List<String> lines = text(BacktestWriter.files(result()), "equity.csv").lines().toList();

    assertThat(lines.get(0)).isEqualTo("timestamp,equity,cash,gross_exposure,benchmark_equity");
    assertThat(lines.get(1)).isEqualTo("2024-01-01T00:00:00Z,1000000,1000000,0,1000000");
    // Day 2: IBM 10 bought at 102 (fee 1.02), KO 5 at 41 (fee 0.205): cash 1000000 - 1020 - 1.02 - 205 - 0.205.
    // Marked at the day's closes: IBM 10 x 103 + KO 5 x 41 = 1235. Benchmark: 500000 x 103/100 + 500000 x 41/40.
    assertThat(lines.get(2)).isEqualTo("2024-01-02T00:00:00Z,1000008.775,998773.775,1235,1027500");
    assertThat(lines).hasSize(5);
  }

  @Test
  void shouldRecordInputsResultsAndMetricsInTheSummary() {
    BacktestResult result = result();
    Map<String, Object> summary = result.summary();
    String json = text(BacktestWriter.files(result), "summary.json");

    assertThat(summary.get("run_id")).isEqualTo("demo-1");
    assertThat(json).startsWith("{\n  \"format\": \"tradingml-backtest/1\",\n  \"run_id\": \"demo-1\",\n");
    assertThat(json).contains("\"snapshots\": {\n        \"bars.dj30\": \"42\"\n      }");
    assertThat(json).contains("\"model\": {\n      \"ref\": \"m@production\",\n      \"version\": \"m@3\"\n    }");
    assertThat(json).contains("\"code_version\": \"0123abc\"");
    assertThat(json).contains("\"fill\": \"next-open\"", "\"commission_bps\": 10", "\"max_daily_loss\": 1000000.000000");
    assertThat(json).contains("\"first_bar\": \"2024-01-01T00:00:00Z\"", "\"symbols\": [\"IBM\", \"KO\"]");
    assertThat(json).contains("\"rejected_by_risk\": 1", "\"risk:max_order_notional,gross_exposure\": 1");
    assertThat(json).contains("\"periods_per_year\": 252", "\"periods_per_year_source\": \"config\"");
    assertThat(json).contains("\"hit_rate\": 1,").contains("\"average_loss\": null");
    assertThat(json).endsWith("}\n").doesNotContain("NaN").doesNotContain("E-").doesNotContain("E+");
    Map<?, ?> results = (Map<?, ?>) summary.get("results");
    assertThat(results.get("fees")).isEqualTo(new BigDecimal("2.275000"));
    assertThat(result.killSwitch().engaged()).isFalse();
    assertThat(result.equityCurve().time(0)).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
  }

  @Test
  void shouldWriteTheRejectionLogWithStageReasonAndQuotedDetail() {
    List<String> lines = text(BacktestWriter.files(result()), "rejections.csv").lines().toList();

    assertThat(lines.get(0)).isEqualTo("timestamp,symbol,side,quantity,price,stage,reason,detail");
    assertThat(lines.get(1)).startsWith("2024-01-02T00:00:00Z,KO,BUY,60000,41,risk,"
        + "\"max_order_notional,gross_exposure\",max_order_notional FAILED: notional 2460000.000000 > max"
        + " 2000000.000000; gross_exposure FAILED:");
    assertThat(lines).hasSize(2);
  }

  /** The CSV text of a double, as the writer prints it. */
  static final class CsvNumber {
    static String of(double value) {
      return com.tradingml.core.ingest.CsvText.number(value);
    }
  }
}
