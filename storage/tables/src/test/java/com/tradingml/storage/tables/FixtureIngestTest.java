package com.tradingml.storage.tables;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.ingest.ValidationLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adversarial fixtures of core (core/src/test/resources/ingest, format in its README) ingested end
 * to end into Iceberg tables: the bars table holds exactly the expected kept rows with their exact
 * values, and the quarantine table exactly the expected lines with their reason codes and raw text.
 */
class FixtureIngestTest {

  private static final Path FIXTURES = Path.of("..", "..", "core", "src", "test", "resources", "ingest");

  @TempDir Path home;

  static Stream<Path> fixtures() throws Exception {
    try (Stream<Path> files = Files.list(FIXTURES)) {
      List<Path> csvs = files.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
      assertThat(csvs).as("fixtures found in " + FIXTURES.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(4);
      return csvs.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void shouldStoreExactlyTheExpectedBarsAndQuarantineExactlyTheExpectedLines(Path csv) throws Exception {
    List<String> expectedKept = new ArrayList<>();
    List<String> expectedQuarantine = new ArrayList<>();
    Path expectedFile = Path.of(csv.toString().replaceFirst("\\.csv$", ".expected"));
    for (String line : Files.readAllLines(expectedFile, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.trim().split(" ");
      if (parts[1].equals("KEEP")) {
        expectedKept.add(String.join(" ", Instant.parse(parts[2]).toString(), parts[3], canonical(parts[4]),
            canonical(parts[5]), canonical(parts[6]), canonical(parts[7]), parts[8].equals("-") ? "-" : canonical(parts[8])));
      } else {
        expectedQuarantine.add(parts[0] + " " + parts[1]);
      }
    }

    try (Warehouse warehouse = Warehouse.open(TestWarehouses.embedded(home), TestWarehouses.uniqueCatalogName())) {
      IngestReport report = new BarIngestion(warehouse).ingest(new IngestRequest("fixture", List.of(csv), 1.0,
          ValidationLimits.DEFAULT, null, "test"));

      List<String> stored = new ArrayList<>();
      BarsScan.current(warehouse.findBarsTable("fixture").orElseThrow()).forEach((symbol, ts, o, h, l, c, v) ->
          stored.add(String.join(" ", com.tradingml.core.market.Bar.instantOfMicros(ts).toString(), symbol,
              canonical(o), canonical(h), canonical(l), canonical(c), Double.isNaN(v) ? "-" : canonical(v))));
      assertThat(stored).containsExactlyInAnyOrderElementsOf(expectedKept);

      List<String> quarantined = new ArrayList<>();
      Table quarantine = warehouse.findQuarantineTable("fixture").orElseThrow();
      List<String> sourceLines = physicalLines(csv);
      if (quarantine.currentSnapshot() != null) {
        try (CloseableIterable<Record> rows = IcebergGenerics.read(quarantine).build()) {
          for (Record r : rows) {
            long line = (Long) r.getField("line_number");
            quarantined.add(line + " " + r.getField("reason"));
            assertThat((String) r.getField("raw_text")).as("raw text of line " + line)
                .startsWith(sourceLines.get((int) line - 1).substring(0, Math.min(20, sourceLines.get((int) line - 1).length())));
            assertThat((String) r.getField("source_sha256")).isEqualTo(BarIngestion.sha256(csv));
          }
        }
      }
      assertThat(quarantined).containsExactlyInAnyOrderElementsOf(expectedQuarantine);
      assertThat(report.rowsRead()).isEqualTo(expectedKept.size() + expectedQuarantine.size());
    }
  }

  private static String canonical(String decimal) {
    return canonical(Double.parseDouble(decimal));
  }

  private static String canonical(double value) {
    return Double.toString(value);
  }

  /** The file's physical lines (LF, CRLF or CR), without a leading byte-order mark. */
  private static List<String> physicalLines(Path csv) throws Exception {
    String text = Files.readString(csv, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return List.of(text.split("\r\n|\n|\r", -1));
  }
}
