package com.tradingml.storage.tables;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.market.RejectReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet input: the CSV's columns by name, the same checks, timestamps with and without a zone. */
class ParquetInputTest {

  @TempDir Path home;
  private Warehouse warehouse;

  @BeforeEach
  void open() {
    warehouse = Warehouse.open(TestWarehouses.embedded(home), TestWarehouses.uniqueCatalogName());
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void shouldIngestParquetBarsWithTheSameRulesAsCsv() throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType("message bars {"
        + " required binary Symbol (STRING); required int64 timestamp (TIMESTAMP(MICROS,true));"
        + " required double open; required double high; required double low; required double close;"
        + " optional int64 volume; }");
    Path file = home.resolve("bars.parquet");
    SimpleGroupFactory rows = new SimpleGroupFactory(schema);
    long day = 86_400_000_000L;
    long jan2 = 1_704_153_600_000_000L;
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema).build()) {
      writer.write(rows.newGroup().append("Symbol", "IBM").append("timestamp", jan2).append("open", 10.0)
          .append("high", 11.0).append("low", 9.0).append("close", 10.5).append("volume", 100L));
      writer.write(rows.newGroup().append("Symbol", "IBM").append("timestamp", jan2 + day).append("open", 10.0)
          .append("high", 9.0).append("low", 11.0).append("close", 10.5).append("volume", 100L));
      writer.write(rows.newGroup().append("Symbol", "IBM").append("timestamp", jan2 + 2 * day).append("open", 10.0)
          .append("high", 11.0).append("low", 9.0).append("close", 10.25));
    }

    IngestReport report = new BarIngestion(warehouse).ingest(new IngestRequest("prices", List.of(file), 0.5, null, null,
        "test"));

    assertThat(report.rowsRead()).isEqualTo(3);
    assertThat(report.quarantinedByReason()).containsExactly(Map.entry(RejectReason.HIGH_LT_LOW, 1L));
    Path out = home.resolve("out.csv");
    TableExport.exportBars(BarsScan.current(warehouse.findBarsTable("prices").orElseThrow()), out);
    assertThat(Files.readAllLines(out)).isEqualTo(List.of(
        "timestamp,symbol,open,high,low,close,volume",
        "2024-01-02T00:00:00Z,IBM,10,11,9,10.5,100",
        "2024-01-04T00:00:00Z,IBM,10,11,9,10.25,"));
  }

  @Test
  void shouldQuarantineParquetTimestampsWithoutAZone() throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType("message bars {"
        + " required binary symbol (STRING); required int64 timestamp (TIMESTAMP(MILLIS,false));"
        + " required double open; required double high; required double low; required double close; }");
    Path file = home.resolve("local.parquet");
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema).build()) {
      writer.write(new SimpleGroupFactory(schema).newGroup().append("symbol", "IBM").append("timestamp", 1_704_153_600_000L)
          .append("open", 10.0).append("high", 11.0).append("low", 9.0).append("close", 10.5));
    }
    IngestRequest request = new IngestRequest("prices", List.of(file), 1.0, null, null, "test");
    IngestReport report = new BarIngestion(warehouse).ingest(request);
    assertThat(report.quarantinedByReason()).containsExactly(Map.entry(RejectReason.BAD_TIMESTAMP, 1L));
  }
}
