package com.tradingml.storage.tables;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.config.PipelineConfig;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during an ingest, then the same ingest again: the table holds exactly the rows of one
 * complete ingest, and no partial snapshot was ever visible to a reader polling meanwhile
 * (RELIABILITY.md B1, B3). The ingest runs in a child JVM so it can really be killed.
 */
class IngestCrashIT {

  private static final int SYMBOLS = 20;
  private static final int BARS_PER_SYMBOL = 60_000;
  private static final long ROWS = (long) SYMBOLS * BARS_PER_SYMBOL;

  @TempDir Path home;

  @Test
  void shouldLeaveNoPartialSnapshotWhenKilledAndRecoverByRerunning() throws Exception {
    Path input = writeInput(home.resolve("bars.csv"));
    String catalog = TestWarehouses.uniqueCatalogName();
    PipelineConfig config = PipelineConfig.embedded(home);
    Set<Long> visibleRowCounts = new TreeSet<>();

    Path spool = home.resolve("tmp");
    try (Warehouse reader = Warehouse.open(config, catalog)) {
      // Kill points: during start-up, while data files are being written (spool files exist), and
      // once files have been uploaded to the warehouse but before the commit.
      killAfter(catalog, input, reader, visibleRowCounts, () -> true, 200);
      killAfter(catalog, input, reader, visibleRowCounts, () -> hasFiles(spool), 0);
      killAfter(catalog, input, reader, visibleRowCounts, () -> hasFiles(home.resolve("objects/warehouse/bars/prices/data")), 0);
      assertThat(hasFiles(spool) || hasFiles(home.resolve("objects/warehouse/bars/prices/data")))
          .as("the kills left work behind (spool or data files), so they hit the ingest mid-write").isTrue();
      Process finalRun = startIngest(catalog, input);
      while (finalRun.isAlive()) {
        observe(reader, visibleRowCounts);
        Thread.sleep(20);
      }
      assertThat(finalRun.exitValue()).as(new String(finalRun.getErrorStream().readAllBytes())).isZero();
      observe(reader, visibleRowCounts);

      Table bars = reader.findBarsTable("prices").orElseThrow();
      bars.refresh();
      assertThat(visibleRowCounts).as("row counts any reader ever saw").isSubsetOf(Set.of(0L, ROWS));
      assertThat(bars.snapshots()).as("exactly one committed ingest").hasSize(1);
      assertThat(exportDigest(bars, home.resolve("after-crashes.csv"))).isEqualTo(referenceDigest(input));

      // What the killed attempts wrote is unreferenced; cleaning removes it and the table still reads.
      List<String> deleted = OrphanFiles.deleteUnreferenced(bars, Duration.ZERO);
      assertThat(OrphanFiles.deleteUnreferenced(bars, Duration.ZERO)).isEmpty();
      assertThat(exportDigest(bars, home.resolve("after-clean.csv"))).isEqualTo(referenceDigest(input));
      assertThat(deleted).as("data files uploaded by the killed attempt").isNotEmpty();
      assertThat(hasFiles(spool)).as("spool files of killed writers are removed by the next writer").isFalse();
    }
  }

  private void killAfter(String catalog, Path input, Warehouse reader, Set<Long> counts,
      java.util.function.BooleanSupplier condition, long extraDelayMillis) throws Exception {
    Process child = startIngest(catalog, input);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (child.isAlive() && !condition.getAsBoolean() && System.nanoTime() < deadline) {
      observe(reader, counts);
      Thread.sleep(5);
    }
    Thread.sleep(extraDelayMillis);
    assertThat(child.isAlive()).as("the child must still be running when killed").isTrue();
    child.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
    child.waitFor(30, TimeUnit.SECONDS);
    observe(reader, counts);
  }

  private static boolean hasFiles(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(Files::isRegularFile);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void observe(Warehouse reader, Set<Long> counts) {
    reader.findBarsTable("prices").ifPresent(table -> {
      table.refresh();
      Snapshot current = table.currentSnapshot();
      counts.add(current == null ? 0L : Long.parseLong(current.summary().get("total-records")));
    });
  }

  private Process startIngest(String catalog, Path input) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", classpath, IngestMain.class.getName(), home.toString(), catalog, input.toString()));
    return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static Path writeInput(Path file) throws Exception {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("timestamp,symbol,open,high,low,close,volume\n");
      long start = 1_704_200_000L;
      for (int bar = 0; bar < BARS_PER_SYMBOL; bar++) {
        String ts = java.time.Instant.ofEpochSecond(start + bar * 60L).toString();
        for (int s = 0; s < SYMBOLS; s++) {
          double close = 100 + s + (bar % 100) * 0.01;
          out.write(ts + ",S" + s + "," + close + "," + (close + 0.5) + "," + (close - 0.5) + "," + close + "," + (bar + 1) + "\n");
        }
      }
    }
    return file;
  }

  /** The export of an uninterrupted ingest of the same input into a fresh home. */
  private Path referenceHome;

  private String referenceDigest(Path input) throws Exception {
    if (referenceHome == null) {
      referenceHome = Files.createDirectories(home.resolve("reference"));
    }
    try (Warehouse fresh = Warehouse.open(PipelineConfig.embedded(referenceHome), "reference")) {
      new BarIngestion(fresh).ingest(IngestRequest.of("prices", input));
      return exportDigest(fresh.findBarsTable("prices").orElseThrow(), referenceHome.resolve("reference.csv"));
    }
  }

  private static String exportDigest(Table bars, Path out) throws Exception {
    long rows = TableExport.exportBars(BarsScan.current(bars), out);
    assertThat(rows).isEqualTo(ROWS);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(Files.readAllBytes(out));
    return HexFormat.of().formatHex(digest.digest()) + " " + Map.of("rows", rows);
  }
}
