package com.tradingml.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.FeatureState;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.synthetic.SyntheticMarket;
import com.tradingml.core.synthetic.SyntheticMarketSpec;
import com.tradingml.storage.objectstore.S3TestServer;
import com.tradingml.storage.tables.BarIngestion;
import com.tradingml.storage.tables.BarsScan;
import com.tradingml.storage.tables.IngestRequest;
import com.tradingml.storage.tables.TableSchemas;
import com.tradingml.storage.tables.Warehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark feature job (its own JVM, local master, exactly as the CLI runs it) against core's online
 * features fed the same bars: every feature of every warm row equal within 1e-9 relative (in fact
 * bitwise: the same code), on the bundled real data, on generated intraday data, and with the
 * warehouse in S3 (s3proxy on loopback), and on a bars table that is not partitioned by symbol (the job's
 * repartition path instead of the key-grouped scan). Also the forward returns and labels against the bars,
 * and the snapshot lineage.
 */
class FeaturesParityIT {

  private static final Path BUNDLED = Path.of("..", "data", "dj30_daily_1991_2000.csv");

  @TempDir Path home;

  @Test
  void shouldComputeInSparkExactlyWhatCoreComputesOnlineOnTheBundledRealData() throws Exception {
    PipelineConfig config = PipelineConfig.embedded(home);
    Map<String, Object> result = assertParity(config, "dj30", BUNDLED);
    assertThat(result.get("shuffled")).as("bars partitioned by symbol are read key-grouped, no shuffle").isEqualTo(false);
  }

  /** In S3 and with Kryo as Spark's serializer: the cluster's settings (spark-operator/feature-extraction.yaml). */
  @Test
  void shouldComputeInSparkExactlyWhatCoreComputesOnlineOnGeneratedIntradayDataInS3() throws Exception {
    Path generated = home.resolve("generated.csv");
    SyntheticMarket.of(SyntheticMarketSpec.builder().symbols(8).barsPerSymbol(3_000).timeframe("1m").seed(11).build())
        .writeCsv(generated);
    try (S3TestServer server = S3TestServer.start()) {
      PipelineConfig config = PipelineConfig.load(Map.of(
          "PIPELINE_HOME", home.toString(),
          "PIPELINE_OBJECT_STORE_KIND", "s3",
          "PIPELINE_OBJECT_STORE_ENDPOINT", server.endpoint(),
          "PIPELINE_OBJECT_STORE_BUCKET", server.newBucket(),
          "PIPELINE_OBJECT_STORE_REGION", server.region(),
          "PIPELINE_OBJECT_STORE_ACCESS_KEY", server.accessKey(),
          "PIPELINE_OBJECT_STORE_SECRET_KEY", server.secretKey()), null);
      System.setProperty("spark.serializer", "org.apache.spark.serializer.KryoSerializer"); // to the child JVM
      try {
        Map<String, Object> result = assertParity(config, "synthetic", generated);
        assertThat(result.get("scan")).as("the tasks read the bars files through the table's FileIO").isEqualTo("files");
      } finally {
        System.clearProperty("spark.serializer");
      }
    }
  }

  /**
   * A bars table created unpartitioned (as an operator's own layout might be), whose files still hold one symbol
   * each (as ingestion writes them): their column bounds say which, so the tasks read each symbol's files directly,
   * with no shuffle, and compute exactly core's features.
   */
  @Test
  void shouldReadEachSymbolsFilesDirectlyWhenTheirBoundsNameOneSymbolEvenInAnUnpartitionedTable() throws Exception {
    Map<String, Object> result = assertParityOnAnUnpartitionedTable(table -> { });
    assertThat(result.get("scan")).as("the job's own account of its plan").isEqualTo("files");
    assertThat(result.get("shuffled")).isEqualTo(false);
  }

  /**
   * An unpartitioned bars table that keeps no bounds for the symbol column: neither Iceberg's scan grouping nor
   * the files' metadata says where a symbol's bars are, so the job reads through Spark's scan, shuffles by symbol
   * and sorts, and still computes exactly core's features.
   */
  @Test
  void shouldShuffleBySymbolAndStillMatchCoreWhenNothingSaysWhichFilesHoldASymbol() throws Exception {
    Map<String, Object> result = assertParityOnAnUnpartitionedTable(
        table -> table.updateProperties().set("write.metadata.metrics.column.symbol", "none").commit());
    assertThat(result.get("scan")).as("the job's own account of its plan").isEqualTo("spark");
    assertThat(result.get("shuffled")).isEqualTo(true);
  }

  /**
   * Bars ingested in two runs, each symbol's every other bar first, then the bars between them (a backfill): each
   * symbol's bars but one are in two files whose rows interleave in time, which the files' time bounds show. The
   * job must sort those symbols' rows (its account: {@code sorted}) and still compute exactly core's features, and
   * leave no data file in the table's folder that the snapshot does not hold.
   */
  @Test
  void shouldSortAndStillMatchCoreWhenASymbolsBarsComeFromSeveralIngestsOutOfTimeOrder() throws Exception {
    Path generated = home.resolve("generated.csv");
    SyntheticMarket.of(SyntheticMarketSpec.builder().symbols(4).barsPerSymbol(1_500).timeframe("1m").seed(31).build())
        .writeCsv(generated);
    List<String> lines = java.nio.file.Files.readAllLines(generated); // time order, symbols interleaved
    List<String> everyOther = new ArrayList<>(List.of(lines.get(0)));
    List<String> between = new ArrayList<>(List.of(lines.get(0)));
    Map<String, Integer> seen = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String symbol = line.split(",")[1];
      int index = seen.merge(symbol, 1, Integer::sum);
      // SYN003 whole in the first ingest: its task finds its bars in order and writes its files, which the
      // driver must then delete itself when the other tasks report disorder.
      (symbol.equals("SYN003") || index % 2 == 1 ? everyOther : between).add(line);
    }
    assertThat(lines.get(1).split(",")[1]).as("the symbol is the second column").startsWith("SYN");
    Path first = java.nio.file.Files.write(home.resolve("every-other.csv"), everyOther);
    Path second = java.nio.file.Files.write(home.resolve("between.csv"), between);
    Path[] parts = {first, second};
    PipelineConfig config = PipelineConfig.embedded(home);
    Map<String, Object> result = assertParity(config, "backfilled", parts);
    assertThat(result.get("scan")).as("each symbol's files read directly").isEqualTo("files");
    assertThat(result.get("sorted")).as("the job's own account: it found the files overlap and sorted").isEqualTo(true);
    try (Warehouse warehouse = Warehouse.open(config)) {
      Table features = warehouse.findFeaturesTable("backfilled", FeatureSet.defaultSet().name()).orElseThrow();
      Set<String> committed = new HashSet<>();
      try (CloseableIterable<FileScanTask> tasks = features.newScan().planFiles()) {
        tasks.forEach(task -> committed.add(task.file().path().toString()));
      }
      Path dataDir = Path.of(java.net.URI.create(features.location() + "/data"));
      try (Stream<Path> files = java.nio.file.Files.walk(dataDir)) {
        List<String> onDisk = files.filter(f -> f.toString().endsWith(".parquet")).map(f -> f.toUri().toString())
            .toList();
        assertThat(onDisk).as("files of the abandoned unsorted pass are deleted").hasSize(committed.size());
      }
    }
  }

  /** Generated bars of 5 symbols ingested into an unpartitioned bars table, set up by {@code adjust} first. */
  private Map<String, Object> assertParityOnAnUnpartitionedTable(java.util.function.Consumer<Table> adjust)
      throws Exception {
    Path generated = home.resolve("generated.csv");
    SyntheticMarket.of(SyntheticMarketSpec.builder().symbols(5).barsPerSymbol(2_000).timeframe("1m").seed(23).build())
        .writeCsv(generated);
    PipelineConfig config = PipelineConfig.embedded(home);
    try (Warehouse warehouse = Warehouse.open(config)) {
      adjust.accept(warehouse.createIfAbsent(TableSchemas.barsTable("flat"), TableSchemas.BARS,
          PartitionSpec.unpartitioned(), TableSchemas.BARS_ORDER));
    }
    return assertParity(config, "flat", generated);
  }

  private Map<String, Object> assertParity(PipelineConfig config, String dataset, Path... barFiles) throws Exception {
    FeatureSet set = FeatureSet.defaultSet();
    LabelSpec labelSpec = LabelSpec.defaultSpec();
    long barsSnapshot = -1;
    try (Warehouse warehouse = Warehouse.open(config)) {
      for (Path input : barFiles) {
        barsSnapshot = new BarIngestion(warehouse).ingest(IngestRequest.of(dataset, input)).snapshotId();
      }
    }
    StringWriter log = new StringWriter();
    Map<String, Object> result;
    try {
      result = FeaturesCommand.compute(config, dataset, set, null, labelSpec, "parity-test", new PrintWriter(log, true));
    } catch (Exception failed) {
      throw new AssertionError("the feature job failed; its log:\n" + log, failed);
    }
    assertThat(result.get("barsSnapshotId")).as(log.toString()).isEqualTo(barsSnapshot);

    try (Warehouse warehouse = Warehouse.open(config)) {
      Table features = warehouse.findFeaturesTable(dataset, set.name()).orElseThrow();
      Snapshot snapshot = features.currentSnapshot();
      assertThat(snapshot.summary())
          .containsEntry("pipeline.bars-snapshot-id", Long.toString(barsSnapshot))
          .containsEntry("pipeline.feature-set-hash", set.hash())
          .containsEntry("pipeline.job", "features");

      Map<String, Map<Long, Record>> sparkRows = new HashMap<>();
      try (CloseableIterable<Record> rows = IcebergGenerics.read(features).build()) {
        for (Record r : rows) {
          OffsetDateTime ts = (OffsetDateTime) r.getField("timestamp");
          long micros = ts.toInstant().getEpochSecond() * 1_000_000L + ts.toInstant().getNano() / 1_000;
          sparkRows.computeIfAbsent((String) r.getField("symbol"), s -> new HashMap<>()).put(micros, r.copy());
        }
      }

      Table bars = warehouse.findBarsTable(dataset).orElseThrow();
      BarsScan scan = BarsScan.atSnapshot(bars, barsSnapshot);
      long compared = 0;
      long total = 0;
      List<String> inputs = set.inputColumns();
      List<String> references = FeatureSet.referenceColumns();
      for (String symbol : scan.symbolNames()) {
        FeatureState online = set.newState();
        double[] in = new double[inputs.size()];
        double[] ref = new double[references.size()];
        List<long[]> order = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        scan.forEach(symbol, Long.MIN_VALUE, Long.MAX_VALUE, (s, ts, o, h, l, c, v) -> {
          order.add(new long[] {ts});
          values.add(new double[] {o, h, l, c, v});
        });
        Integer[] sorted = new Integer[order.size()];
        for (int i = 0; i < sorted.length; i++) {
          sorted[i] = i;
        }
        java.util.Arrays.sort(sorted, java.util.Comparator.comparingLong(i -> order.get(i)[0]));
        double[] closes = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
          closes[i] = values.get(sorted[i])[3];
        }
        for (int i = 0; i < sorted.length; i++) {
          int idx = sorted[i];
          long ts = order.get(idx)[0];
          double[] bar = values.get(idx);
          online.update(ts, bar[0], bar[1], bar[2], bar[3], bar[4]);
          Record spark = sparkRows.getOrDefault(symbol, Map.of()).get(ts);
          assertThat(spark).as("Spark row for %s at %d", symbol, ts).isNotNull();
          total++;
          // Forward returns and the label, from the bars themselves: only the future, NaN past the end.
          double label = forwardLogReturn(closes, i, labelSpec.horizonBars());
          assertClose(symbol, ts, "fwd_logret_1", (Double) spark.getField("fwd_logret_1"), forwardLogReturn(closes, i, 1));
          assertClose(symbol, ts, "fwd_logret_5", (Double) spark.getField("fwd_logret_5"), forwardLogReturn(closes, i, 5));
          assertClose(symbol, ts, "label_fwd_logret", (Double) spark.getField("label_fwd_logret"), label);
          assertThat(spark.getField("label")).as("label of %s at %d", symbol, ts)
              .isEqualTo(Double.isNaN(label) ? LabelSpec.UNKNOWN : labelSpec.classOf(label));
          assertThat(spark.getField("warm")).as("warm flag of %s at %d", symbol, ts).isEqualTo(online.isWarm());
          if (!online.isWarm()) {
            continue;
          }
          online.inputs(in);
          online.references(ref);
          for (int k = 0; k < inputs.size(); k++) {
            assertClose(symbol, ts, inputs.get(k), (Double) spark.getField(inputs.get(k)), in[k]);
          }
          for (int k = 0; k < references.size(); k++) {
            assertClose(symbol, ts, references.get(k), (Double) spark.getField(references.get(k)), ref[k]);
          }
          compared++;
        }
      }
      assertThat(total).isEqualTo(sparkRows.values().stream().mapToLong(Map::size).sum());
      assertThat(compared).as("warm rows compared").isGreaterThan(total / 2);
    }
    return result;
  }

  private static double forwardLogReturn(double[] closes, int row, int bars) {
    return row + bars < closes.length ? Math.log(closes[row + bars] / closes[row]) : Double.NaN;
  }

  private static void assertClose(String symbol, long ts, String column, double spark, double online) {
    if (Double.isNaN(online) || Double.isNaN(spark)) {
      assertThat(Double.isNaN(spark)).as("%s of %s at %d: NaN in one engine only", column, symbol, ts)
          .isEqualTo(Double.isNaN(online));
      return;
    }
    double scale = Math.max(Math.abs(online), 1e-300);
    assertThat(Math.abs(spark - online) / scale).as("%s of %s at %d: spark %s online %s", column, symbol, ts, spark, online)
        .isLessThanOrEqualTo(1e-9);
  }
}
