package com.tradingml.features.spark;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.storage.tables.spark.SparkDriver;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SerializableTable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.plans.physical.KeyGroupedPartitioning;
import org.apache.spark.sql.catalyst.plans.physical.Partitioning;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark application that turns a bars snapshot into a features table snapshot: rows grouped by
 * symbol and sorted by time, core's {@link com.tradingml.core.features.LabeledFeatureStream} per
 * symbol, written as ONE new snapshot of {@code features.<dataset>__<feature set>} (replacing its
 * content: a features snapshot is a pure function of a bars snapshot, a feature set and a label
 * spec, so re-running gives the same rows). The snapshot summary records the lineage: bars snapshot
 * id, feature-set name and hash, label spec, run id, code version.
 *
 * <p>Reading: the driver plans which data files hold each symbol from Iceberg's metadata ({@link BarFilePlan}) and
 * Spark runs a task per symbol that reads them itself ({@link SymbolFilesFunction}); a table whose metadata does not
 * say that (files of several symbols without bounds, row-level deletes) is read through Spark's scan instead,
 * grouped by symbol by Iceberg's key-grouped partitioning or by a shuffle. The result says which ({@code scan}:
 * {@code files} or {@code spark}), and whether rows were shuffled or sorted.
 *
 * <p>Writing: the tasks write the data files themselves with {@link FeatureFileWriter} (column by column from
 * primitive arrays, where Iceberg's Parquet appender went value by value) and return them; the driver commits them
 * through Iceberg's API as one overwrite. The result reports the phases: {@code writeSeconds} (the scan, the features and
 * the files), {@code writeCpuSeconds} (this JVM's CPU meanwhile: with a local master, the tasks') and
 * {@code commitSeconds}.
 *
 * <p>Runs as its own JVM (DESIGN.md: Spark never shares a JVM with the CLI or serving): the CLI
 * starts it with a local master, the Spark operator with a cluster master. Arguments are
 * {@code --name value} pairs; see {@link Params}. Writes its result as JSON to {@code --result}.
 */
public final class FeatureJob {

  private static final Logger LOG = LoggerFactory.getLogger(FeatureJob.class);

  /** The job's inputs. */
  record Params(Path catalogProperties, String catalogName, String dataset, String featureSet, Long barsSnapshotId,
      int labelHorizon, double deadZone, String runId, String codeVersion, String master, int partitions,
      Path result) {

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
          values.getOrDefault("feature-set", FeatureSet.defaultSet().name()),
          values.containsKey("bars-snapshot") ? Long.valueOf(values.get("bars-snapshot")) : null,
          Integer.parseInt(values.getOrDefault("label-horizon", "1")),
          Double.parseDouble(values.getOrDefault("dead-zone", "0")),
          values.getOrDefault("run-id", "features"),
          values.getOrDefault("code-version", "unknown"),
          values.getOrDefault("master", System.getProperty("spark.master", "local[2]")),
          Integer.parseInt(values.getOrDefault("partitions", "4")),
          values.containsKey("result") ? Path.of(values.get("result")) : null);
    }

    private static String required(Map<String, String> values, String name) {
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException("missing --" + name);
      }
      return value;
    }
  }

  /**
   * How features files are written: zstd level 1 (on 10M rows, level 3 and snappy took the same time within
   * noise, and uncompressed files, a third larger, took longer), on the column chunks it shrinks by at least 15%
   * ({@link FeatureFileWriter.Codec}: the timestamps, labels and calendar columns; most feature doubles are stored
   * plain). {@link FeatureFileWriter} never uses dictionaries (feature values are almost all distinct doubles); the
   * property says so to any other writer.
   */
  static final Map<String, String> WRITE_PROPERTIES = Map.of(
      "write.parquet.compression-codec", "zstd",
      "write.parquet.compression-level", "1",
      "parquet.enable.dictionary", "false");

  private FeatureJob() {}

  public static void main(String[] args) throws Exception {
    Params params = Params.parse(args);
    Map<String, String> catalogProperties = SparkDriver.readProperties(params.catalogProperties());
    int exit = SparkDriver.runAndReport("spark features " + params.dataset(), () -> session(params, catalogProperties),
        params.result(), () -> prepare(params, catalogProperties), (spark, prepared) -> {
          try (prepared) {
            return run(spark, prepared);
          }
        });
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /** A Spark session whose catalog {@code params.catalogName()} is our Iceberg JDBC catalog. */
  static SparkSession session(Params params, Map<String, String> catalogProperties) {
    return SparkDriver.session("features-" + params.dataset(), params.master(), params.partitions(),
        params.catalogName(), catalogProperties)
        .config("spark.sql.sources.v2.bucketing.enabled", "true")
        .config("spark.sql.iceberg.planning.preserve-data-grouping", "true")
        .getOrCreate();
  }

  /**
   * The same Iceberg catalog as the session's {@code catalogName}, built directly, before Spark has started and
   * without Spark's SQL session state (whose first use in a cold JVM costs about a second). The pipeline's FileIO
   * takes its settings from the catalog properties, not from Hadoop's configuration. The caller closes it.
   */
  static Catalog icebergCatalog(String catalogName, Map<String, String> catalogProperties) {
    Map<String, String> properties = new HashMap<>(catalogProperties);
    properties.putIfAbsent("catalog-impl", SparkDriver.CATALOG_IMPL);
    return org.apache.iceberg.CatalogUtil.buildIcebergCatalog(catalogName, properties,
        new org.apache.hadoop.conf.Configuration());
  }

  /**
   * Everything the job reads and decides before it needs Spark: the bars snapshot (checked: a missing dataset or
   * snapshot is rejected here, before Spark is up), the plan of each symbol's files, the features table (created if
   * absent) and the lineage. Closing it closes the catalog.
   */
  record Prepared(Params params, Catalog catalog, FeatureSet set, LabelSpec label, Table bars, long barsSnapshot,
      Optional<List<BarFilePlan.SymbolFiles>> filePlan, Table features, Map<String, String> lineage,
      double prepareSeconds) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      closeCatalog(catalog);
    }
  }

  /** Reads and checks the job's inputs (see {@link Prepared}); bad input is an {@link IllegalArgumentException}. */
  static Prepared prepare(Params params, Map<String, String> catalogProperties) throws Exception {
    long started = System.nanoTime();
    FeatureSet set = FeatureSet.named(params.featureSet());
    LabelSpec label = new LabelSpec(params.labelHorizon(), params.deadZone());
    Catalog catalog = icebergCatalog(params.catalogName(), catalogProperties);
    try {
      TableIdentifier barsId = TableIdentifier.of("bars", params.dataset());
      if (!catalog.tableExists(barsId)) {
        throw new IllegalArgumentException("no dataset '" + params.dataset() + "' (no table bars." + params.dataset()
            + "); ingest one first");
      }
      Table bars = catalog.loadTable(barsId);
      long barsSnapshot;
      if (params.barsSnapshotId() != null) {
        if (bars.snapshot(params.barsSnapshotId()) == null) {
          throw new IllegalArgumentException("table bars." + params.dataset() + " has no snapshot "
              + params.barsSnapshotId());
        }
        barsSnapshot = params.barsSnapshotId();
      } else {
        Snapshot current = bars.currentSnapshot();
        if (current == null) {
          throw new IllegalArgumentException("table bars." + params.dataset() + " is empty: ingest bars first");
        }
        barsSnapshot = current.snapshotId();
      }
      FeatureColumns columns = new FeatureColumns(set);
      // The tasks read each symbol's files themselves when the table's metadata says which files hold which symbol
      // (every bars table this project writes); otherwise Spark's scan groups the rows by symbol.
      Optional<List<BarFilePlan.SymbolFiles>> filePlan = BarFilePlan.of(bars, barsSnapshot);
      Table features = featuresTable(catalog, TableIdentifier.of("features", params.dataset() + "__" + set.name()),
          columns, set);
      return new Prepared(params, catalog, set, label, bars, barsSnapshot, filePlan, features,
          lineage(params, set, label, barsSnapshot), (System.nanoTime() - started) / 1e9);
    } catch (Exception | Error e) {
      closeCatalog(catalog);
      throw e;
    }
  }

  private static void closeCatalog(Catalog catalog) throws Exception {
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  private static Map<String, String> lineage(Params params, FeatureSet set, LabelSpec label, long barsSnapshot) {
    Map<String, String> lineage = new LinkedHashMap<>();
    lineage.put("pipeline.job", "features");
    lineage.put("pipeline.run-id", params.runId());
    lineage.put("pipeline.code-version", params.codeVersion());
    lineage.put("pipeline.bars-table", "bars." + params.dataset());
    lineage.put("pipeline.bars-snapshot-id", Long.toString(barsSnapshot));
    lineage.put("pipeline.feature-set", set.name());
    lineage.put("pipeline.feature-set-version", Integer.toString(set.version()));
    lineage.put("pipeline.feature-set-hash", set.hash());
    lineage.put("pipeline.label", label.description());
    lineage.put("pipeline.label-horizon", Integer.toString(label.horizonBars()));
    lineage.put("pipeline.label-dead-zone", Double.toString(label.deadZone()));
    lineage.put("pipeline.input-columns", String.join(",", set.inputColumns()));
    return lineage;
  }

  /** Computes and writes the features on the started session; returns the result summary. */
  static Map<String, Object> run(SparkSession spark, Prepared prepared) throws Exception {
    // The JVM's uptime when Spark is up: the JVM's start and Spark's (the class-data archive's effect), the
    // preparation having run meanwhile.
    double startupSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
    long started = System.nanoTime();
    Params params = prepared.params();
    FeatureSet set = prepared.set();
    LabelSpec label = prepared.label();
    Table bars = prepared.bars();
    long barsSnapshot = prepared.barsSnapshot();
    Optional<List<BarFilePlan.SymbolFiles>> filePlan = prepared.filePlan();
    Table table = prepared.features();
    String barsTable = params.catalogName() + ".bars." + params.dataset();
    // Bars in, data files out: each task writes its symbols' files itself (FeatureFileWriter), and the driver
    // commits them all as one snapshot replacing the table's content.
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Table> tableForTasks = context.broadcast(SerializableTable.copyOf(table));
    long writeStarted = System.nanoTime();
    long writeCpuStarted = processCpuNanos();
    List<DataFile> files;
    boolean groupedBySymbol = true;
    boolean sorted;
    if (filePlan.isPresent()) {
      Broadcast<Table> barsForTasks = context.broadcast(SerializableTable.copyOf(bars));
      List<BarFilePlan.SymbolFiles> symbols = filePlan.get();
      // A task per symbol, largest first, up to 16 per core (beyond that, Spark's per-task cost would show):
      // the largest symbols start first and the small ones fill in at the end.
      int slices = Math.max(1, Math.min(symbols.size(), 16 * context.defaultParallelism()));
      List<TaskFiles> tasks = context.parallelize(symbols, slices)
          .mapPartitions(new SymbolFilesFunction(set.name(), label, tableForTasks, barsForTasks,
              UUID.randomUUID().toString()))
          .collect();
      files = TaskFiles.filesOf(tasks, table);
      sorted = tasks.stream().anyMatch(TaskFiles::sorted);
    } else {
      Dataset<Row> input = spark.read().format("iceberg").option("snapshot-id", barsSnapshot).load(barsTable)
          .select("symbol", "timestamp", "open", "high", "low", "close", "volume");
      // Bars tables are partitioned by symbol, so Iceberg can hand each task whole symbols (key-grouped
      // partitioning) and no shuffle is needed; any other layout (an evolved spec) is repartitioned.
      groupedBySymbol = isGroupedBySymbol(input);
      Dataset<Row> bySymbol = groupedBySymbol ? input
          : input.repartition(params.partitions(), functions.col("symbol"));
      // The rare path (see BarFilePlan), so always sorted: a scan of several ingests is not in time order.
      files = TaskFiles.filesOf(
          writeFeatureFiles(bySymbol.sortWithinPartitions("symbol", "timestamp"), set, label, tableForTasks), table);
      sorted = true;
    }
    long commitStarted = System.nanoTime();
    long writeCpu = processCpuNanos() - writeCpuStarted;
    commitReplacing(table, files, prepared.lineage());
    long committed = System.nanoTime();

    table.refresh();
    Snapshot snapshot = table.currentSnapshot();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("featuresTable", "features." + params.dataset() + "__" + set.name());
    result.put("featuresSnapshotId", snapshot.snapshotId());
    result.put("barsSnapshotId", barsSnapshot);
    result.put("featureSet", set.name());
    result.put("featureSetHash", set.hash());
    result.put("label", label.description());
    result.put("rows", Long.parseLong(snapshot.summary().getOrDefault("total-records", "0")));
    result.put("scan", filePlan.isPresent() ? "files" : "spark");
    result.put("shuffled", !groupedBySymbol);
    result.put("sorted", sorted);
    result.put("startupSeconds", startupSeconds);
    result.put("prepareSeconds", prepared.prepareSeconds()); // while Spark started
    result.put("seconds", (System.nanoTime() - started) / 1e9);
    result.put("writeSeconds", (commitStarted - writeStarted) / 1e9);
    result.put("commitSeconds", (committed - commitStarted) / 1e9);
    result.put("writeCpuSeconds", writeCpu / 1e9); // this JVM's CPU in the write phase: in a local master, the tasks'

    return result;
  }

  /**
   * The features table, created as this version lays it out if absent (partitioned by symbol, the write
   * properties, the feature set's hash and inputs). A table made by an earlier version gets today's write
   * properties; its schema must hold this feature set's columns (the writer checks each one).
   */
  static Table featuresTable(Catalog catalog, TableIdentifier id, FeatureColumns columns, FeatureSet set) {
    if (!catalog.tableExists(id)) {
      Schema schema = columns.icebergSchema();
      Map<String, String> properties = new LinkedHashMap<>(WRITE_PROPERTIES);
      properties.put("format-version", "2");
      properties.put("write.distribution-mode", "none");
      properties.put("pipeline.feature-set-hash", set.hash());
      properties.put("pipeline.input-columns", String.join(",", set.inputColumns()));
      try {
        return catalog.buildTable(id, schema)
            .withPartitionSpec(PartitionSpec.builderFor(schema).identity(FeatureColumns.SYMBOL).build())
            .withProperties(properties)
            .create();
      } catch (AlreadyExistsException raced) {
        // another run created it in between: use theirs
      }
    }
    Table table = catalog.loadTable(id);
    if (!WRITE_PROPERTIES.entrySet().stream().allMatch(e -> e.getValue().equals(table.properties().get(e.getKey())))) {
      var update = table.updateProperties();
      WRITE_PROPERTIES.forEach(update::set);
      update.commit();
    }
    return table;
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  private static List<TaskFiles> writeFeatureFiles(Dataset<Row> bars, FeatureSet set,
      LabelSpec label, Broadcast<Table> table) {
    return bars.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(new FeatureFilesFunction(set.name(), label, table, UUID.randomUUID().toString()))
        .collect();
  }

  /** Deletes data files that will not be committed; a failure to delete one is logged, not thrown. */
  private static void deleteAll(Table table, List<DataFile> files) {
    for (DataFile file : files) {
      try {
        table.io().deleteFile(file.path().toString());
      } catch (RuntimeException e) {
        LOG.warn("features: could not delete uncommitted file {}", file.path(), e);
      }
    }
  }

  /**
   * One snapshot that replaces every row of {@code table} with {@code files}, its summary carrying
   * {@code lineage}. If the commit fails for sure, the new files are deleted; if its outcome is unknown they
   * are kept (they may be the table's content now).
   */
  static void commitReplacing(Table table, List<DataFile> files, Map<String, String> lineage) {
    OverwriteFiles overwrite = table.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
    files.forEach(overwrite::addFile);
    lineage.forEach(overwrite::set);
    try {
      overwrite.commit();
    } catch (CommitStateUnknownException unknown) {
      throw unknown;
    } catch (RuntimeException e) {
      deleteAll(table, files);
      throw e;
    }
  }

  /**
   * Whether the scan's partitions each hold every row of their symbols: true when Iceberg reports a
   * key-grouped partitioning on {@code symbol} alone (identity partitioning and
   * {@code preserve-data-grouping}); then the feature stream may run per partition without a shuffle.
   */
  static boolean isGroupedBySymbol(Dataset<Row> scan) {
    Partitioning partitioning = scan.queryExecution().executedPlan().outputPartitioning();
    if (!(partitioning instanceof KeyGroupedPartitioning grouped) || grouped.expressions().size() != 1) {
      return false;
    }
    return grouped.expressions().head() instanceof AttributeReference attribute && attribute.name().equals("symbol");
  }
}
