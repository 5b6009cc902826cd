package com.tradingml.backtest.sweep;

import com.tradingml.backtest.BarSource;
import com.tradingml.backtest.FillTiming;
import com.tradingml.backtest.SerializableBars;
import com.tradingml.backtest.grid.ParameterGrid;
import com.tradingml.backtest.grid.SweepConfiguration;
import com.tradingml.backtest.grid.SweepPlan;
import com.tradingml.backtest.grid.SweepSummary;
import com.tradingml.backtest.grid.SweepTrial;
import com.tradingml.storage.tables.spark.SparkDriver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.functions;

/**
 * The Spark application behind {@code pipeline sweep}: a parameter grid of a strategy backtested over one bars
 * snapshot, every configuration on the same bars, in parallel on the executors.
 *
 * <ol>
 *   <li>The grid ({@link ParameterGrid} syntax, {@code --grid}) becomes the configurations to run
 *       ({@link SweepPlan}; points with {@code fast >= slow} are skipped and counted) before Spark reads anything.
 *   <li>The bars snapshot ({@code bars.<dataset>}, {@code --bars-snapshot} or the current one; optionally
 *       {@code --from DATE} (first UTC day) and {@code --to DATE} (last UTC day, inclusive), as
 *       {@code pipeline backtest} reads them) is read through the Iceberg catalog, grouped by symbol and sorted by
 *       time, and collected into one {@link BarSource} on the driver, which is broadcast ({@link SerializableBars}):
 *       every executor holds the bars once (10M bars are about 500 MB).
 *   <li>The configurations are spread over the executors; each task runs {@link SweepTrial#run} (the backtest
 *       engine, nothing else) and returns its metrics.
 *   <li>The driver picks the best by Sharpe ratio and computes its Deflated Sharpe Ratio ({@link SweepSummary}),
 *       writes one row per configuration to the Iceberg table {@code backtests.<dataset>__sweeps} (partitioned by
 *       {@code sweep_id}; re-running a sweep replaces its rows, {@link SweepRows}), and writes the result JSON.
 * </ol>
 *
 * <p>Arguments are {@code --name value} pairs: {@code --catalog-properties FILE} (the Iceberg catalog's properties,
 * as {@code Warehouse.catalogProperties} writes them), {@code --catalog NAME} (Spark catalog name, default
 * {@code pipeline}), {@code --dataset NAME}, {@code [--bars-snapshot ID]}, {@code --strategy sma-cross},
 * {@code --grid SPEC}, {@code [--fill next-open|close]} (default next-open, for grids without a fill axis),
 * {@code [--from DATE --to DATE]}, {@code [--sweep-id ID]} (default derived from the inputs), {@code [--code-version V]},
 * {@code [--master local[2]]}, {@code [--partitions N]} (tasks; default 4 per default parallelism, at most one per
 * configuration), {@code --result FILE}. Runs as its own JVM (DESIGN.md: Spark never shares a JVM with the CLI).
 *
 * <p>Result JSON (also printed to stdout), NaN and infinities as null: {@code sweepId}, {@code dataset},
 * {@code barsTable}, {@code barsSnapshotId}, {@code from}, {@code to}, {@code symbols}, {@code bars},
 * {@code strategy}, {@code grid} (canonical), {@code fill}, {@code gridPoints}, {@code configurations} (run),
 * {@code skipped}, {@code resultsTable}, {@code resultsSnapshotId}, {@code resultsLocation}, {@code trials},
 * {@code best} ({@code index}, {@code parameters}, {@code metrics}: every {@code SweepMetric} column),
 * {@code deflatedSharpe} ({@code sharpe}, {@code observations}, {@code skewness}, {@code kurtosis}, {@code trials},
 * {@code trialSharpeVariance}, {@code expectedMaxSharpe}, {@code statistic}, {@code probability}), {@code seconds}.
 */
public final class SweepJob {

  /** The job's inputs. */
  record Params(Path catalogProperties, String catalogName, String dataset, Long barsSnapshotId, String strategy,
      String grid, FillTiming fill, LocalDate from, LocalDate to, String sweepId, String codeVersion, String master,
      Integer partitions, Path result) {

    static Params parse(String[] args) {
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < args.length; i += 2) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("arguments are --name value pairs; bad at '" + args[i] + "'");
        }
        values.put(args[i].substring(2), args[i + 1]);
      }
      return new Params(
          Path.of(required(values, "catalog-properties")),
          values.getOrDefault("catalog", "pipeline"),
          required(values, "dataset"),
          values.containsKey("bars-snapshot") ? Long.valueOf(values.get("bars-snapshot")) : null,
          required(values, "strategy"),
          required(values, "grid"),
          FillTiming.parse(values.getOrDefault("fill", FillTiming.NEXT_OPEN.id())),
          values.containsKey("from") ? LocalDate.parse(values.get("from")) : null,
          values.containsKey("to") ? LocalDate.parse(values.get("to")) : null,
          values.get("sweep-id"),
          values.getOrDefault("code-version", "unknown"),
          values.getOrDefault("master", System.getProperty("spark.master", "local[2]")),
          values.containsKey("partitions") ? Integer.valueOf(values.get("partitions")) : null,
          values.containsKey("result") ? Path.of(values.get("result")) : null);
    }

    private static String required(Map<String, String> values, String name) {
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException("missing --" + name);
      }
      return value;
    }

    /** Epoch microseconds of the first bar kept (inclusive), Long.MIN_VALUE when open. */
    long fromMicros() {
      return from == null ? Long.MIN_VALUE : from.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
    }

    /** Epoch microseconds after the last bar kept (exclusive: the day after {@code to}), Long.MAX_VALUE when open. */
    long toMicrosExclusive() {
      return to == null ? Long.MAX_VALUE : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
    }
  }

  private SweepJob() {}

  public static void main(String[] args) throws Exception {
    Params params = Params.parse(args);
    Map<String, String> catalog = SparkDriver.readProperties(params.catalogProperties());
    SparkDriver.runAndReport("spark sweep " + params.dataset(), () -> session(params, catalog), params.result(),
        spark -> run(spark, params));
  }

  /** A Spark session whose catalog {@code params.catalogName()} is our Iceberg JDBC catalog. */
  static SparkSession session(Params params, Map<String, String> catalogProperties) {
    return SparkDriver.session("sweep-" + params.dataset(), params.master(), params.partitions() == null ? 4 : params.partitions(),
        params.catalogName(), catalogProperties)
        .getOrCreate();
  }

  /** Runs the sweep and writes its results table; returns the result summary. */
  static Map<String, Object> run(SparkSession spark, Params params) throws Exception {
    long started = System.nanoTime();
    SweepPlan plan = SweepPlan.of(params.strategy(), ParameterGrid.parse(params.grid()), params.fill());
    if (plan.configurations().isEmpty()) {
      throw new IllegalArgumentException("the grid " + plan.grid().canonical() + " has no configuration to run ("
          + plan.skipped() + " skipped: fast >= slow)");
    }
    String barsTable = params.catalogName() + ".bars." + params.dataset();
    Table bars = Spark3Util.loadIcebergTable(spark, barsTable);
    long barsSnapshot = snapshot(bars, barsTable, params.barsSnapshotId());
    String sweepId = params.sweepId() != null ? params.sweepId() : sweepId(params, plan, barsSnapshot);
    if (!sweepId.matches("[A-Za-z0-9._-]{1,128}")) {
      throw new IllegalArgumentException("sweep id must be 1 to 128 letters, digits, '.', '_' or '-': '" + sweepId + "'");
    }

    BarSource source = readBars(spark, barsTable, barsSnapshot, params);
    if (source.barCount() == 0) {
      throw new IllegalArgumentException(barsTable + " has no bars in snapshot " + barsSnapshot
          + (params.from() != null || params.to() != null ? " between " + params.from() + " and " + params.to() : ""));
    }
    System.err.printf("sweep %s: %d configurations (%d skipped) over %d bars of %d symbols%n", sweepId,
        plan.configurations().size(), plan.skipped(), source.barCount(), source.symbolCount());

    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableBars> broadcast = context.broadcast(SerializableBars.of(source));
    List<SweepTrial> trials;
    try {
      int slices = params.partitions() != null ? params.partitions() : 4 * context.defaultParallelism();
      slices = Math.max(1, Math.min(slices, plan.configurations().size()));
      trials = context.parallelize(plan.configurations(), slices).map(new RunTrial(broadcast)).collect();
    } finally {
      broadcast.destroy();
    }
    SweepSummary summary = SweepSummary.of(trials);

    String resultsTable = "backtests." + params.dataset() + "__sweeps";
    Map<String, String> lineage = new LinkedHashMap<>();
    lineage.put("pipeline.job", "sweep");
    lineage.put("pipeline.sweep-id", sweepId);
    lineage.put("pipeline.code-version", params.codeVersion());
    lineage.put("pipeline.bars-table", "bars." + params.dataset());
    lineage.put("pipeline.bars-snapshot-id", Long.toString(barsSnapshot));
    lineage.put("pipeline.strategy", plan.strategy());
    lineage.put("pipeline.grid", plan.grid().canonical());
    Dataset<Row> rows = SweepRows.dataFrame(spark, sweepId, params.dataset(), barsSnapshot, plan.strategy(), summary);
    Table written = SweepRows.write(spark, params.catalogName() + "." + resultsTable, sweepId, rows, lineage);
    Snapshot snapshot = written.currentSnapshot();

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("sweepId", sweepId);
    result.put("dataset", params.dataset());
    result.put("barsTable", "bars." + params.dataset());
    result.put("barsSnapshotId", barsSnapshot);
    result.put("from", params.from() == null ? null : params.from().toString());
    result.put("to", params.to() == null ? null : params.to().toString());
    result.put("symbols", source.symbolCount());
    result.put("bars", source.barCount());
    result.put("strategy", plan.strategy());
    result.put("grid", plan.grid().canonical());
    result.put("fill", params.fill().id());
    result.put("gridPoints", plan.gridPoints());
    result.put("configurations", plan.configurations().size());
    result.put("skipped", plan.skipped());
    result.put("resultsTable", resultsTable);
    result.put("resultsSnapshotId", snapshot.snapshotId());
    result.put("resultsLocation", written.location());
    result.putAll(summary.toMap());
    result.put("seconds", (System.nanoTime() - started) / 1e9);
    return finite(result);
  }

  /** One configuration on the broadcast bars: the task's whole work. */
  private static final class RunTrial implements Function<SweepConfiguration, SweepTrial> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<SerializableBars> bars;

    RunTrial(Broadcast<SerializableBars> bars) {
      this.bars = bars;
    }

    @Override
    public SweepTrial call(SweepConfiguration configuration) {
      return SweepTrial.run(bars.value().source(), configuration);
    }
  }

  private static long snapshot(Table bars, String name, Long requested) {
    if (requested != null) {
      if (bars.snapshot(requested) == null) {
        throw new IllegalArgumentException("table " + name + " has no snapshot " + requested);
      }
      return requested;
    }
    Snapshot current = bars.currentSnapshot();
    if (current == null) {
      throw new IllegalArgumentException("table " + name + " is empty: ingest bars first");
    }
    return current.snapshotId();
  }

  /**
   * The snapshot's bars within the window, one symbol at a time in time order (a symbol's rows in one partition,
   * sorted), streamed to the driver partition by partition.
   */
  static BarSource readBars(SparkSession spark, String table, long snapshot, Params params) {
    Dataset<Row> input = spark.read().format("iceberg").option("snapshot-id", snapshot).load(table)
        .select("symbol", "timestamp", "open", "high", "low", "close", "volume");
    Column time = functions.col("timestamp");
    if (params.from() != null) {
      input = input.filter(time.geq(functions.lit(Instant.ofEpochSecond(params.fromMicros() / 1_000_000L))));
    }
    if (params.to() != null) {
      input = input.filter(time.lt(functions.lit(Instant.ofEpochSecond(params.toMicrosExclusive() / 1_000_000L))));
    }
    int partitions = params.partitions() != null ? params.partitions() : 4;
    Iterator<Row> rows = input.repartition(partitions, functions.col("symbol"))
        .sortWithinPartitions("symbol", "timestamp").toLocalIterator();
    BarSource.Builder builder = BarSource.builder();
    while (rows.hasNext()) {
      Row row = rows.next();
      Instant t = row.getAs(1);
      long micros = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
      builder.add(row.getString(0), micros, row.getDouble(2), row.getDouble(3), row.getDouble(4), row.getDouble(5),
          row.isNullAt(6) ? Double.NaN : row.getDouble(6));
    }
    return builder.build();
  }

  /** {@code sw-} and 16 hex digits of the SHA-256 of what decides the results: the same sweep, the same id. */
  static String sweepId(Params params, SweepPlan plan, long barsSnapshot) {
    String inputs = String.join("\n", "dataset=" + params.dataset(), "bars-snapshot=" + barsSnapshot,
        "from=" + params.from(), "to=" + params.to(), "strategy=" + plan.strategy(), "grid=" + plan.grid().canonical(),
        "fill=" + params.fill().id(), "code-version=" + params.codeVersion());
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(inputs.getBytes(StandardCharsets.UTF_8));
      return "sw-" + HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** A copy of JSON data with NaN and infinities as null (JSON has neither). */
  @SuppressWarnings("unchecked")
  static <T> T finite(T value) {
    if (value instanceof Double d) {
      return Double.isFinite(d) ? value : null;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, finite(v)));
      return (T) out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(finite(v)));
      return (T) out;
    }
    return value;
  }

  /** Whether {@code e} (or a cause) says the table exists: another sweep created it first. */
  static boolean isAlreadyExists(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TableAlreadyExistsException) {
        return true;
      }
    }
    return false;
  }
}
