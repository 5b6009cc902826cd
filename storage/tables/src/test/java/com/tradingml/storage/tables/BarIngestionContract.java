package com.tradingml.storage.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.ingest.ValidationLimits;
import com.tradingml.core.market.RejectReason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ingestion into bars tables promises, run against every catalog and object store backend
 * (subclasses pick the backend).
 */
abstract class BarIngestionContract {

  @TempDir Path home;
  protected Warehouse warehouse;
  protected PipelineConfig config;

  /** The configuration of the backend under test, with state under {@code home}. */
  protected abstract PipelineConfig config(Path home);

  @BeforeEach
  void openWarehouse() {
    config = config(home);
    warehouse = Warehouse.open(config, TestWarehouses.uniqueCatalogName());
  }

  @AfterEach
  void closeWarehouse() {
    warehouse.close();
  }

  protected Path csv(String name, String... lines) throws Exception {
    Path file = home.resolve("input").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "timestamp,symbol,open,high,low,close,volume\n" + String.join("\n", lines) + "\n",
        StandardCharsets.UTF_8);
    return file;
  }

  protected IngestReport ingest(Path... inputs) {
    return new BarIngestion(warehouse).ingest(new IngestRequest("prices", List.of(inputs), 0.5,
        ValidationLimits.DEFAULT, null, "test"));
  }

  protected List<String> exportedBars(Long snapshotId) throws Exception {
    Table bars = warehouse.findBarsTable("prices").orElseThrow();
    Path out = home.resolve("export-" + System.nanoTime() + ".csv");
    TableExport.exportBars(snapshotId == null ? BarsScan.current(bars) : BarsScan.atSnapshot(bars, snapshotId), out);
    return Files.readAllLines(out);
  }

  @Test
  void shouldKeepValidRowsExactlyAndQuarantineBadOnesWithReasonLineAndText() throws Exception {
    Path input = csv("a.csv",
        "2024-01-02T00:00:00Z,IBM,10.5,11.25,10,11,1000",
        "2024-01-03T00:00:00Z,IBM,11,10,12,11,1000",
        "2024-01-02,MSFT,300.1,301,299.5,300.75,",
        "2024-01-03T09:30:00-05:00,MSFT,301,302,300,301.5,2500.5");
    IngestReport report = ingest(input);

    assertThat(report.rowsRead()).isEqualTo(4);
    assertThat(report.rowsKept()).isEqualTo(3);
    assertThat(report.quarantinedByReason()).containsExactly(Map.entry(RejectReason.HIGH_LT_LOW, 1L));
    assertThat(exportedBars(null)).containsExactly(
        "timestamp,symbol,open,high,low,close,volume",
        "2024-01-02T00:00:00Z,IBM,10.5,11.25,10,11,1000",
        "2024-01-02T00:00:00Z,MSFT,300.1,301,299.5,300.75,",
        "2024-01-03T14:30:00Z,MSFT,301,302,300,301.5,2500.5");

    Path quarantineOut = home.resolve("q.csv");
    TableExport.exportQuarantine(warehouse.findQuarantineTable("prices").orElseThrow(), null, quarantineOut);
    List<String> quarantine = Files.readAllLines(quarantineOut);
    assertThat(quarantine).hasSize(2);
    assertThat(quarantine.get(1)).startsWith(input + ",3,HIGH_LT_LOW,")
        .contains("\"2024-01-03T00:00:00Z,IBM,11,10,12,11,1000\"");
  }

  @Test
  void shouldSkipAFileAlreadyIngestedAndAddNoRows() throws Exception {
    Path input = csv("a.csv", "2024-01-02T00:00:00Z,IBM,10,11,9,10.5,100");
    IngestReport first = ingest(input);
    IngestReport second = ingest(input);

    assertThat(first.committed()).isTrue();
    assertThat(second.committed()).isFalse();
    assertThat(second.skipped()).extracting(IngestReport.InputFileInfo::path).containsExactly(input.toString());
    assertThat(second.snapshotId()).isEqualTo(first.snapshotId());
    assertThat(exportedBars(null)).hasSize(2);
  }

  @Test
  void shouldQuarantineRowsRepeatingStoredBarsAndAcceptNewerAndBackfilledOnes() throws Exception {
    ingest(csv("a.csv", "2024-01-03T00:00:00Z,IBM,10,11,9,10.5,100", "2024-01-04T00:00:00Z,IBM,10,11,9,10.5,100"));
    IngestReport report = ingest(csv("b.csv",
        "2024-01-02T00:00:00Z,IBM,10,11,9,10.5,100",
        "2024-01-03T00:00:00Z,IBM,99,99,99,99,100",
        "2024-01-05T00:00:00Z,IBM,10,11,9,10.5,100"));

    assertThat(report.rowsKept()).isEqualTo(2);
    assertThat(report.quarantinedByReason()).containsExactly(Map.entry(RejectReason.DUPLICATE_TIMESTAMP, 1L));
    assertThat(exportedBars(null)).containsExactly(
        "timestamp,symbol,open,high,low,close,volume",
        "2024-01-02T00:00:00Z,IBM,10,11,9,10.5,100",
        "2024-01-03T00:00:00Z,IBM,10,11,9,10.5,100",
        "2024-01-04T00:00:00Z,IBM,10,11,9,10.5,100",
        "2024-01-05T00:00:00Z,IBM,10,11,9,10.5,100");
  }

  @Test
  void shouldFailWithoutCommittingAnythingWhenTooManyRowsAreBad() throws Exception {
    ingest(csv("good.csv", "2024-01-02T00:00:00Z,IBM,10,11,9,10.5,100"));
    Table bars = warehouse.findBarsTable("prices").orElseThrow();
    long before = bars.currentSnapshot().snapshotId();
    int filesBefore = dataObjects(bars).size();
    Path bad = csv("bad.csv", "2024-01-03T00:00:00Z,IBM,10,11,9,10.5,100", "garbage", "more,garbage");

    assertThatThrownBy(() -> new BarIngestion(warehouse).ingest(new IngestRequest("prices", List.of(bad), 0.5,
        ValidationLimits.DEFAULT, null, "test")))
        .isInstanceOf(QuarantineRatioExceededException.class)
        .hasMessageContaining("2 of 3 rows")
        .hasMessageContaining("nothing was committed");
    bars.refresh();
    assertThat(bars.currentSnapshot().snapshotId()).isEqualTo(before);
    assertThat(warehouse.findQuarantineTable("prices").orElseThrow().currentSnapshot()).isNull();
    assertThat(dataObjects(bars)).hasSize(filesBefore);
  }

  private List<String> dataObjects(Table bars) {
    List<String> files = new ArrayList<>();
    warehouse.io().listPrefix(bars.location() + "/data").forEach(f -> files.add(f.location()));
    return files;
  }

  @Test
  void shouldKeepEveryEarlierSnapshotReadableById() throws Exception {
    IngestReport first = ingest(csv("a.csv", "2024-01-02T00:00:00Z,IBM,10,11,9,10.5,100"));
    IngestReport second = ingest(csv("b.csv", "2024-01-03T00:00:00Z,IBM,10,11,9,10.6,100"));

    assertThat(exportedBars(first.snapshotId())).hasSize(2);
    assertThat(exportedBars(second.snapshotId())).hasSize(3);
    assertThatThrownBy(() -> exportedBars(42L)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no snapshot 42");
  }

  @Test
  void shouldRecordLineageInTheSnapshotSummary() throws Exception {
    Path input = csv("a.csv", "2024-01-02T00:00:00Z,IBM,10,11,9,10.5,100", "bad");
    IngestReport report = ingest(input);
    Snapshot snapshot = warehouse.findBarsTable("prices").orElseThrow().snapshot(report.snapshotId());

    assertThat(snapshot.summary())
        .containsEntry("pipeline.job", "ingest")
        .containsEntry("pipeline.run-id", report.runId())
        .containsEntry("pipeline.rows-read", "2")
        .containsEntry("pipeline.rows-kept", "1")
        .containsEntry("pipeline.rows-quarantined", "1")
        .containsEntry("pipeline.input-sha256", BarIngestion.sha256(input))
        .containsEntry("pipeline.quarantine-snapshot-id", String.valueOf(report.quarantineSnapshotId()))
        .containsKey("pipeline.inputs");
    assertThat(snapshot.summary().get("pipeline.inputs")).contains(BarIngestion.sha256(input)).contains("\"rows\":2");
  }

  @Test
  void shouldIngestADirectoryOfFilesInNameOrderAsOneSnapshot() throws Exception {
    csv("2024-01-03.csv", "2024-01-03T00:00:00Z,IBM,10,11,9,10.6,100");
    csv("2024-01-02.csv", "2024-01-02T00:00:00Z,IBM,10,11,9,10.5,100");
    IngestReport report = ingest(home.resolve("input"));

    assertThat(report.rowsKept()).isEqualTo(2);
    assertThat(report.quarantinedByReason()).isEmpty();
    assertThat(warehouse.findBarsTable("prices").orElseThrow().snapshots()).hasSize(1);
  }

  @Test
  void shouldCommitBothOfTwoConcurrentIngestsWithoutLosingRows() throws Exception {
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int day = 0; day < 300; day++) {
      String date = java.time.LocalDate.of(2020, 1, 1).plusDays(day).toString();
      a.append(date).append(",AAA,10,11,9,10,100\n");
      b.append(date).append(",BBB,20,21,19,20,100\n");
    }
    Path fileA = csv("a.csv", a.toString().strip().split("\n"));
    Path fileB = csv("b.csv", b.toString().strip().split("\n"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<IngestReport> first = pool.submit(() -> ingest(fileA));
      Future<IngestReport> second = pool.submit(() -> ingest(fileB));
      assertThat(first.get().committed()).isTrue();
      assertThat(second.get().committed()).isTrue();
    } finally {
      pool.shutdownNow();
    }
    assertThat(exportedBars(null)).hasSize(601);
    assertThat(warehouse.findBarsTable("prices").orElseThrow().snapshots()).hasSize(2);
  }

  @Test
  void shouldNotDuplicateBarsWhenTheSameFileIsIngestedConcurrently() throws Exception {
    StringBuilder a = new StringBuilder();
    for (int day = 0; day < 300; day++) {
      a.append(java.time.LocalDate.of(2020, 1, 1).plusDays(day)).append(",AAA,10,11,9,10,100\n");
    }
    Path file = csv("a.csv", a.toString().strip().split("\n"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<IngestReport> first = pool.submit(() -> ingest(file));
      Future<IngestReport> second = pool.submit(() -> ingest(file));
      first.get();
      second.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(exportedBars(null)).hasSize(301);
  }

  @Test
  void shouldRejectAnInputWithoutAHeaderAsBadInput() throws Exception {
    Path file = home.resolve("noheader.csv");
    Files.writeString(file, "2024-01-02T00:00:00Z,IBM,10,11,9,10.5,100\n");
    assertThatThrownBy(() -> ingest(file))
        .isInstanceOf(com.tradingml.core.ingest.InvalidInputException.class)
        .hasMessageContaining("unexpected column '2024-01-02T00:00:00Z'");
    assertThat(warehouse.findBarsTable("prices").orElseThrow().currentSnapshot()).isNull();
  }
}
