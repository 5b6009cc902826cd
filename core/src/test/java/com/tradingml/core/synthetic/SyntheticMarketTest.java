package com.tradingml.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.ingest.BarRowSink;
import com.tradingml.core.ingest.BarValidator;
import com.tradingml.core.ingest.CsvBarReader;
import com.tradingml.core.ingest.PriorBars;
import com.tradingml.core.ingest.ValidationLimits;
import com.tradingml.core.market.BarRules;
import com.tradingml.core.market.RejectReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticMarketTest {

  private static final SyntheticMarketSpec MINUTES = SyntheticMarketSpec.builder().timeframe("1m").symbols(7)
      .barsPerSymbol(2_000).seed(11).build();
  private static final SyntheticMarketSpec DAYS = SyntheticMarketSpec.builder().timeframe("1d").symbols(5)
      .barsPerSymbol(3_000).seed(12).build();

  /** One generated bar, as the consumer saw it. */
  record Row(String symbol, long micros, double open, double high, double low, double close, double volume) {}

  private static List<Row> rows(SyntheticMarketSpec spec) {
    List<Row> rows = new ArrayList<>();
    SyntheticMarket.of(spec).generate((s, t, o, h, l, c, v) -> rows.add(new Row(s, t, o, h, l, c, v)));
    return rows;
  }

  private static byte[] csv(SyntheticMarketSpec spec) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SyntheticMarket.of(spec).writeCsv(out);
    return out.toByteArray();
  }

  @Test
  void shouldWriteByteIdenticalCsvForTheSameSpecAndDifferentCsvForAnotherSeed() throws Exception {
    byte[] first = csv(MINUTES);
    assertThat(csv(MINUTES)).isEqualTo(first);
    assertThat(csv(MINUTES.toBuilder().seed(12).build())).isNotEqualTo(first);
    assertThat(csv(MINUTES.toBuilder().signal(0.0).build())).isNotEqualTo(first);
  }

  @Test
  void shouldWriteTheSameBytesToAFileAsToAStream(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bars.csv");
    GenerationReport fromFile = SyntheticMarket.of(DAYS).writeCsv(file);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GenerationReport fromStream = SyntheticMarket.of(DAYS).writeCsv(out);
    assertThat(Files.readAllBytes(file)).isEqualTo(out.toByteArray());
    assertThat(fromFile).isEqualTo(fromStream);
  }

  @Test
  void shouldSatisfyTheOhlcInvariantsWithPositiveWholeVolumes() {
    for (SyntheticMarketSpec spec : List.of(MINUTES, DAYS)) {
      List<Row> rows = rows(spec);
      assertThat(rows).hasSize((int) spec.rows());
      for (Row r : rows) {
        assertThat(BarRules.firstViolation(r.open(), r.high(), r.low(), r.close(), r.volume())).as("%s", r).isNull();
        assertThat(r.low()).isLessThanOrEqualTo(Math.min(r.open(), r.close())).isPositive();
        assertThat(r.high()).isGreaterThanOrEqualTo(Math.max(r.open(), r.close()));
        assertThat(r.volume()).isGreaterThanOrEqualTo(1.0).isEqualTo(Math.rint(r.volume()));
      }
    }
  }

  @Test
  void shouldOpenAtThePreviousCloseInsideASessionAndGapOnlyAtSessionOpens() {
    Map<String, Row> previous = new HashMap<>();
    int gaps = 0;
    for (Row r : rows(MINUTES)) {
      Row before = previous.put(r.symbol(), r);
      boolean sessionOpen = (r.micros() / 1_000_000L) % 86_400L == 14 * 3600 + 30 * 60;
      if (before != null && !sessionOpen) {
        assertThat(r.open()).isEqualTo(before.close());
      } else if (before != null) {
        assertThat(Math.abs(Math.log(r.open() / before.close()))).isLessThan(0.01);
        gaps += r.open() != before.close() ? 1 : 0;
      }
    }
    assertThat(gaps).isEqualTo(MINUTES.symbols() * 5);
  }

  @Test
  void shouldSortRowsByTimestampThenSymbolOrBySymbolThenTimestamp() {
    List<Row> timeMajor = rows(MINUTES);
    for (int i = 1; i < timeMajor.size(); i++) {
      Row a = timeMajor.get(i - 1);
      Row b = timeMajor.get(i);
      assertThat(a.micros() < b.micros() || a.micros() == b.micros() && a.symbol().compareTo(b.symbol()) < 0)
          .as("row %d after row %d", i, i - 1).isTrue();
    }
    List<Row> symbolMajor = rows(MINUTES.toBuilder().rowOrder(RowOrder.SYMBOL_MAJOR).build());
    for (int i = 1; i < symbolMajor.size(); i++) {
      Row a = symbolMajor.get(i - 1);
      Row b = symbolMajor.get(i);
      assertThat(a.symbol().compareTo(b.symbol()) < 0 || a.symbol().equals(b.symbol()) && a.micros() < b.micros())
          .as("row %d after row %d", i, i - 1).isTrue();
    }
    assertThat(symbolMajor).containsExactlyInAnyOrderElementsOf(timeMajor);
  }

  @Test
  void shouldReportTheSameWhateverTheRowOrder() {
    for (int horizon : new int[] {1, 4}) {
      SyntheticMarketSpec spec = DAYS.toBuilder().horizon(horizon).monteCarloStates(500).monteCarloPaths(64).build();
      GenerationReport timeMajor = SyntheticMarket.of(spec).generate((s, t, o, h, l, c, v) -> { });
      GenerationReport symbolMajor = SyntheticMarket.of(spec.toBuilder().rowOrder(RowOrder.SYMBOL_MAJOR).build())
          .generate((s, t, o, h, l, c, v) -> { });
      assertThat(symbolMajor).isEqualTo(timeMajor);
    }
  }

  @Test
  void shouldGiveEachSymbolTheSameSeriesWhateverTheNumberOfSymbols() {
    List<Row> few = rows(DAYS.toBuilder().symbols(2).build());
    List<Row> many = rows(DAYS.toBuilder().symbols(5).build());
    assertThat(many.stream().filter(r -> r.symbol().equals("SYN001")).toList())
        .isEqualTo(few.stream().filter(r -> r.symbol().equals("SYN001")).toList());
  }

  @Test
  void shouldParseBackThroughIngestionWithEveryRowKeptAndEveryValueExact() throws Exception {
    for (SyntheticMarketSpec spec : List.of(MINUTES, DAYS)) {
      List<Row> generated = rows(spec);
      byte[] csv = csv(spec);
      assertThat(new String(csv, 0, 43, StandardCharsets.US_ASCII)).isEqualTo("timestamp,symbol,open,high,low,close,volume");
      assertThat(csv[43]).isEqualTo((byte) '\n');
      List<Row> parsed = new ArrayList<>();
      List<String> rejected = new ArrayList<>();
      new CsvBarReader("synthetic.csv", new BarValidator(ValidationLimits.DEFAULT, PriorBars.NONE))
          .read(new ByteArrayInputStream(csv), new BarRowSink() {
            @Override
            public void accept(String symbol, long epochMicros, double open, double high, double low, double close,
                double volume) {
              parsed.add(new Row(symbol, epochMicros, open, high, low, close, volume));
            }

            @Override
            public void reject(long lineNumber, RejectReason reason, String detail, String rawText) {
              rejected.add(lineNumber + ": " + reason + " " + detail);
            }
          });
      assertThat(rejected).isEmpty();
      assertThat(parsed).isEqualTo(generated);
    }
  }

  @Test
  void shouldReportTheRunItDescribes() {
    GenerationReport report = SyntheticMarket.of(MINUTES).generate((s, t, o, h, l, c, v) -> { });
    assertThat(report.rows()).isEqualTo(14_000);
    assertThat(report.symbols()).isEqualTo(7);
    assertThat(report.labelledBars()).isEqualTo(7 * 1_999);
    assertThat(report.lowVolatilityFraction() + report.highVolatilityFraction()).isEqualTo(1.0);
    assertThat(report.process()).contains("tanh(z[t])").contains("s = 0.3").contains("h = 1");
    Map<String, Object> map = report.toMap();
    assertThat(map).containsEntry("rows", 14_000L).containsEntry("timeframe", "1m")
        .containsEntry("firstTimestamp", "2024-01-02T14:30:00Z").containsEntry("bayesOptimalStandardError", 0.0)
        .containsKey("process");
    assertThat(map.keySet()).startsWith("rows", "symbols", "barsPerSymbol");
    GenerationReport longer = SyntheticMarket.of(DAYS.toBuilder().horizon(3).monteCarloStates(100).build())
        .generate((s, t, o, h, l, c, v) -> { });
    assertThat(longer.toMap()).containsEntry("nextRegimeKnownAccuracy", null).containsEntry("bayesStates", 100L);
  }
}
