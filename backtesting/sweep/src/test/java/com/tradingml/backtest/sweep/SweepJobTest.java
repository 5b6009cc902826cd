package com.tradingml.backtest.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradingml.backtest.BacktestEngine;
import com.tradingml.backtest.BacktestResult;
import com.tradingml.backtest.BarSource;
import com.tradingml.backtest.FillTiming;
import com.tradingml.backtest.grid.ParameterGrid;
import com.tradingml.backtest.grid.SweepConfiguration;
import com.tradingml.backtest.grid.SweepMetric;
import com.tradingml.backtest.grid.SweepPlan;
import com.tradingml.backtest.grid.SweepTrial;
import com.tradingml.backtest.stats.DeflatedSharpe;
import com.tradingml.core.market.Bar;
import com.tradingml.core.synthetic.SyntheticMarket;
import com.tradingml.core.synthetic.SyntheticMarketSpec;
import com.tradingml.storage.tables.spark.SparkDriver;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep application in local mode against a real Iceberg catalog (JDBC on an H2 file, our object-store FileIO
 * on a local directory), on a bars table made with Spark SQL: every result is the engine's run on the same bars
 * with the same parameters, bit for bit; the best is the max Sharpe; the DSR is the formula's. With Kryo as Spark's
 * serializer, as the cluster's SparkApplications set it: the configurations (records) reach the tasks and the trials
 * come back through it.
 */
class SweepJobTest {

  private static final String GRID = "fast=5:15:5,slow=10|30,cost-bps=0|10";

  @TempDir static Path temp;
  private static SparkSession spark;
  private static Path catalogFile;
  private static List<Bar> firstBatch;
  private static long firstSnapshot;

  @BeforeAll
  static void createBarsTable() throws Exception {
    Path store = Files.createDirectories(temp.resolve("store"));
    Properties catalog = new Properties();
    catalog.setProperty("uri", "jdbc:h2:file:" + temp.resolve("catalog").toAbsolutePath() + ";DATABASE_TO_UPPER=FALSE");
    catalog.setProperty("jdbc.user", "sa");
    catalog.setProperty("jdbc.password", "");
    catalog.setProperty("jdbc.schema-version", "V1");
    catalog.setProperty("io-impl", "com.tradingml.storage.tables.fileio.ObjectStoreFileIO");
    catalog.setProperty("pipeline.object-store.kind", "local");
    catalog.setProperty("pipeline.object-store.directory", store.toAbsolutePath().toString());
    catalog.setProperty("pipeline.spool-directory", Files.createDirectories(temp.resolve("spool")).toString());
    catalog.setProperty("warehouse",
        store.toAbsolutePath().toUri().toString().replaceFirst("^file:///", "file:/") + "warehouse");
    catalogFile = temp.resolve("catalog.properties");
    try (Writer writer = Files.newBufferedWriter(catalogFile, StandardCharsets.UTF_8)) {
      catalog.store(writer, "test catalog");
    }
    SweepJob.Params params = SweepJob.Params.parse(args("syn", GRID));
    System.setProperty("spark.serializer", "org.apache.spark.serializer.KryoSerializer"); // read by the SparkConf
    spark = SweepJob.session(params, SparkDriver.readProperties(catalogFile));
    assertThat(spark.sparkContext().getConf().get("spark.serializer")).endsWith("KryoSerializer");

    spark.sql("CREATE NAMESPACE IF NOT EXISTS pipeline.bars");
    spark.sql("CREATE TABLE pipeline.bars.syn (symbol STRING NOT NULL, timestamp TIMESTAMP NOT NULL, "
        + "open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL, volume DOUBLE) "
        + "USING iceberg PARTITIONED BY (symbol)");
    List<Bar> all = new ArrayList<>();
    SyntheticMarketSpec spec = SyntheticMarketSpec.builder().symbols(3).barsPerSymbol(500).seed(7).signal(0.3)
        .startDate(LocalDate.of(2020, 1, 6)).monteCarloStates(1).monteCarloPaths(2).build();
    SyntheticMarket.of(spec).generate((symbol, micros, o, h, l, c, v) -> all.add(new Bar(
        com.tradingml.core.market.Symbol.of(symbol), Bar.instantOfMicros(micros), o, h, l, c,
        // Some unknown volumes: the table's nulls must come back as NaN.
        micros % 7 == 0 ? Bar.UNKNOWN_VOLUME : v)));
    // Two commits: the first 400 days of each symbol, then the rest; sweeps can pin the first snapshot.
    long cut = all.stream().map(Bar::epochMicros).distinct().sorted().skip(400).findFirst().orElseThrow();
    firstBatch = all.stream().filter(b -> b.epochMicros() < cut).toList();
    insert(firstBatch);
    firstSnapshot = spark.sql("SELECT snapshot_id FROM pipeline.bars.syn.snapshots").first().getLong(0);
    insert(all.stream().filter(b -> b.epochMicros() >= cut).toList());
  }

  private static void insert(List<Bar> bars) {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("symbol", DataTypes.StringType, false),
        DataTypes.createStructField("timestamp", DataTypes.TimestampType, false),
        DataTypes.createStructField("open", DataTypes.DoubleType, false),
        DataTypes.createStructField("high", DataTypes.DoubleType, false),
        DataTypes.createStructField("low", DataTypes.DoubleType, false),
        DataTypes.createStructField("close", DataTypes.DoubleType, false),
        DataTypes.createStructField("volume", DataTypes.DoubleType, true)));
    List<Row> rows = bars.stream().map(b -> RowFactory.create(b.symbol().value(), b.timestamp(), b.open(), b.high(),
        b.low(), b.close(), Double.isNaN(b.volume()) ? null : b.volume())).toList();
    try {
      spark.createDataFrame(rows, schema).writeTo("pipeline.bars.syn").append();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    System.clearProperty("spark.serializer");
    if (spark != null) {
      spark.stop();
    }
  }

  private static String[] args(String dataset, String grid, String... more) {
    List<String> args = new ArrayList<>(List.of("--catalog-properties", catalogFile == null ? "none"
        : catalogFile.toString(), "--dataset", dataset, "--strategy", "sma-cross", "--grid", grid, "--master",
        "local[2]", "--code-version", "test"));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  /** The bars the sweep should have read: the first commit, within the dates. */
  private static BarSource expectedBars(LocalDate from, LocalDate to) {
    long fromMicros = from.toEpochDay() * 86_400_000_000L;
    long toMicros = to.plusDays(1).toEpochDay() * 86_400_000_000L;
    BarSource.Builder builder = BarSource.builder();
    firstBatch.stream().filter(b -> b.epochMicros() >= fromMicros && b.epochMicros() < toMicros)
        .sorted(Comparator.comparing(Bar::timestamp)).forEach(builder::add);
    return builder.build();
  }

  @Test
  void shouldRunEveryConfigurationExactlyAsTheEngineAndDeflateTheBest() throws Exception {
    LocalDate from = LocalDate.of(2020, 2, 3);
    LocalDate to = LocalDate.of(2021, 3, 31);
    SweepJob.Params params = SweepJob.Params.parse(args("syn", GRID, "--bars-snapshot", Long.toString(firstSnapshot),
        "--from", from.toString(), "--to", to.toString(), "--fill", "next-open"));

    Map<String, Object> result = SweepJob.run(spark, params);

    // 3 fast x 2 slow x 2 costs = 12 points; fast 10 and 15 against slow 10 are skipped.
    assertThat(result).containsEntry("gridPoints", 12).containsEntry("configurations", 8).containsEntry("skipped", 4)
        .containsEntry("trials", 8).containsEntry("barsSnapshotId", firstSnapshot)
        .containsEntry("resultsTable", "backtests.syn__sweeps").containsEntry("symbols", 3);
    BarSource bars = expectedBars(from, to);
    assertThat(result.get("bars")).isEqualTo(bars.barCount());
    String sweepId = (String) result.get("sweepId");
    List<Row> rows = spark.table("pipeline.backtests.syn__sweeps").filter(functions.col("sweep_id").equalTo(sweepId))
        .orderBy("config_index").collectAsList();
    assertThat(rows).hasSize(8);

    SweepPlan plan = SweepPlan.of("sma-cross", ParameterGrid.parse(GRID), FillTiming.NEXT_OPEN);
    for (Row row : rows) {
      SweepConfiguration c = plan.configurations().get(row.<Integer>getAs("config_index"));
      assertThat(List.of(row.<Integer>getAs("fast"), row.<Integer>getAs("slow"))).containsExactly(c.fast(), c.slow());
      assertThat(row.<Double>getAs("cost_bps")).isEqualTo(c.costBps().doubleValue());
      BacktestResult direct = BacktestEngine.run(bars, c.strategy(), c.backtestConfig());
      SweepTrial expected = SweepTrial.of(c, direct);
      for (SweepMetric metric : SweepMetric.values()) {
        Object stored = row.getAs(metric.column());
        double value = metric.integral() ? ((Long) stored).doubleValue() : (Double) stored;
        assertThat(Double.doubleToLongBits(value)).as("%s of configuration %d", metric.column(), c.index())
            .isEqualTo(Double.doubleToLongBits(expected.value(metric)));
      }
      assertThat(row.<Double>getAs("sharpe")).isEqualTo(direct.metrics().total().sharpe());
      assertThat(row.<Long>getAs("trades")).isEqualTo(direct.metrics().total().trades());
    }

    Row best = rows.stream().filter(r -> !Double.isNaN(r.<Double>getAs("sharpe")))
        .max(Comparator.comparingDouble(r -> r.<Double>getAs("sharpe"))).orElseThrow();
    assertThat(rows.stream().filter(r -> r.<Boolean>getAs("best")).toList()).containsExactly(best);
    @SuppressWarnings("unchecked")
    Map<String, Object> bestJson = (Map<String, Object>) result.get("best");
    assertThat(bestJson.get("index")).isEqualTo(best.<Integer>getAs("config_index"));
    @SuppressWarnings("unchecked")
    Map<String, Object> dsr = (Map<String, Object>) result.get("deflatedSharpe");
    double probability = (Double) dsr.get("probability");
    assertThat(probability).isBetween(0.0, 1.0);
    double[] trialSharpes = rows.stream().mapToDouble(r -> r.<Double>getAs("sharpe_per_period")).toArray();
    DeflatedSharpe.Estimate formula = DeflatedSharpe.deflated(best.<Double>getAs("sharpe_per_period"),
        best.<Long>getAs("periods"), best.<Double>getAs("skewness"), best.<Double>getAs("kurtosis"), 8,
        DeflatedSharpe.sampleVariance(trialSharpes));
    assertThat(probability).isEqualTo(formula.probability());
    assertThat(dsr.get("expectedMaxSharpe")).isEqualTo(formula.expectedMaxSharpe());
    assertThat(dsr.get("trials")).isEqualTo(8L);

    String json = new ObjectMapper().writeValueAsString(result);
    Map<String, Object> parsed = new ObjectMapper().readValue(json, new TypeReference<Map<String, Object>>() { });
    assertThat(parsed).containsKeys("best", "deflatedSharpe", "resultsLocation");

    // The same sweep again: the same id, its rows replaced (not duplicated), the same figures.
    Map<String, Object> again = SweepJob.run(spark, params);
    assertThat(again.get("sweepId")).isEqualTo(sweepId);
    assertThat(again.get("best")).isEqualTo(result.get("best"));
    List<Row> rerun = spark.table("pipeline.backtests.syn__sweeps").filter(functions.col("sweep_id").equalTo(sweepId))
        .orderBy("config_index").collectAsList();
    assertThat(rerun).isEqualTo(rows);
  }

  @Test
  void shouldReadTheCurrentSnapshotByDefaultAndKeepOtherSweepsRows() throws Exception {
    Map<String, Object> result = SweepJob.run(spark, SweepJob.Params.parse(args("syn", "fast=5,slow=20|40",
        "--fill", "close", "--sweep-id", "current-close")));

    assertThat(result).containsEntry("configurations", 2).containsEntry("sweepId", "current-close")
        .containsEntry("bars", 1_500L).containsEntry("fill", "close");
    long total = spark.table("pipeline.backtests.syn__sweeps").count();
    assertThat(total).isGreaterThanOrEqualTo(2);
    assertThat(spark.table("pipeline.backtests.syn__sweeps").filter(functions.col("sweep_id").equalTo("current-close"))
        .filter(functions.col("fill").equalTo("close")).count()).isEqualTo(2);
  }

  @Test
  void shouldRefuseAGridWithNothingToRunBeforeReadingAnyBars() {
    assertThatThrownBy(() -> SweepJob.run(spark, SweepJob.Params.parse(args("missing", "fast=30,slow=10"))))
        .hasMessageContaining("no configuration to run");
    assertThatThrownBy(() -> SweepJob.run(spark, SweepJob.Params.parse(args("missing", "fast=3,slow=10,speed=1"))))
        .hasMessageContaining("unknown grid key 'speed'");
  }
}
