package com.tradingml.features.spark;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.storage.tables.spark.SparkDriver;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.plans.physical.KeyGroupedPartitioning;
import org.apache.spark.sql.catalyst.plans.physical.Partitioning;
import org.apache.spark.sql.functions;

/**
 * The Spark application that turns a bars snapshot into a features table snapshot: rows grouped by
 * symbol and sorted by time, core's {@link com.tradingml.core.features.LabeledFeatureStream} per
 * symbol, written as ONE new snapshot of {@code features.<dataset>__<feature set>} (replacing its
 * content: a features snapshot is a pure function of a bars snapshot, a feature set and a label
 * spec, so re-running gives the same rows). The snapshot summary records the lineage: bars snapshot
 * id, feature-set name and hash, label spec, run id, code version.
 *
 * <p>Runs as its own JVM (DESIGN.md: Spark never shares a JVM with the CLI or serving): the CLI
 * starts it with a local master, the Spark operator with a cluster master. Arguments are
 * {@code --name value} pairs; see {@link Params}. Writes its result as JSON to {@code --result}.
 */
public final class FeatureJob {

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
   * How features files are written. Dictionary encoding is off: feature values are almost all distinct
   * doubles, so Parquet's writer filled a dictionary per column chunk only to throw it away (a third of
   * the job's CPU in a profile). zstd level 1: on 10M rows, level 3 and snappy took the same time within noise.
   */
  static final Map<String, String> WRITE_PROPERTIES = Map.of(
      "write.parquet.compression-codec", "zstd",
      "write.parquet.compression-level", "1",
      "parquet.enable.dictionary", "false");

  private FeatureJob() {}

  public static void main(String[] args) throws Exception {
    Params params = Params.parse(args);
    Map<String, String> catalog = SparkDriver.readProperties(params.catalogProperties());
    SparkDriver.runAndReport("spark features " + params.dataset(), () -> session(params, catalog), params.result(),
        spark -> run(spark, params));
  }

  /** A Spark session whose catalog {@code params.catalogName()} is our Iceberg JDBC catalog. */
  static SparkSession session(Params params, Map<String, String> catalogProperties) {
    return SparkDriver.session("features-" + params.dataset(), params.master(), params.partitions(),
        params.catalogName(), catalogProperties)
        .config("spark.sql.sources.v2.bucketing.enabled", "true")
        .config("spark.sql.iceberg.planning.preserve-data-grouping", "true")
        .getOrCreate();
  }

  /** Computes and writes the features; returns the result summary. */
  static Map<String, Object> run(SparkSession spark, Params params) throws Exception {
    long started = System.nanoTime();
    FeatureSet set = FeatureSet.named(params.featureSet());
    LabelSpec label = new LabelSpec(params.labelHorizon(), params.deadZone());
    String barsTable = params.catalogName() + ".bars." + params.dataset();
    String featuresTable = params.catalogName() + ".features." + params.dataset() + "__" + set.name();

    Table bars = Spark3Util.loadIcebergTable(spark, barsTable);
    long barsSnapshot;
    if (params.barsSnapshotId() != null) {
      if (bars.snapshot(params.barsSnapshotId()) == null) {
        throw new IllegalArgumentException("table " + barsTable + " has no snapshot " + params.barsSnapshotId());
      }
      barsSnapshot = params.barsSnapshotId();
    } else {
      Snapshot current = bars.currentSnapshot();
      if (current == null) {
        throw new IllegalArgumentException("table " + barsTable + " is empty: ingest bars first");
      }
      barsSnapshot = current.snapshotId();
    }

    FeatureColumns columns = new FeatureColumns(set);
    Dataset<Row> input = spark.read().format("iceberg").option("snapshot-id", barsSnapshot).load(barsTable)
        .select("symbol", "timestamp", "open", "high", "low", "close", "volume");
    // Bars tables are partitioned by symbol, so Iceberg can hand each task whole symbols (key-grouped
    // partitioning) and no shuffle is needed; any other layout (an evolved spec) is repartitioned.
    boolean groupedBySymbol = isGroupedBySymbol(input);
    Dataset<Row> bySymbol = groupedBySymbol ? input : input.repartition(params.partitions(), functions.col("symbol"));
    // Catalyst rows in and out (no Row encoders): the sorted scan's RDD, the features as UnsafeRows, and a
    // DataFrame over them with the features table's schema.
    RDD<InternalRow> featureRows = bySymbol
        .sortWithinPartitions("symbol", "timestamp")
        .queryExecution().toRdd().toJavaRDD()
        .mapPartitions(new FeaturePartitionFunction(set.name(), label))
        .rdd();
    Dataset<Row> features = spark.internalCreateDataFrame(featureRows, columns.sparkSchema(), false);

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

    boolean exists = spark.catalog().tableExists(featuresTable);
    if (exists) {
      Table table = Spark3Util.loadIcebergTable(spark, featuresTable);
      if (!WRITE_PROPERTIES.entrySet().stream().allMatch(e -> e.getValue().equals(table.properties().get(e.getKey())))) {
        var update = table.updateProperties();
        WRITE_PROPERTIES.forEach(update::set);
        update.commit(); // tables made by earlier versions get today's file layout
      }
    }
    var writer = features.writeTo(featuresTable);
    for (Map.Entry<String, String> e : lineage.entrySet()) {
      writer = writer.option("snapshot-property." + e.getKey(), e.getValue());
    }
    if (exists) {
      writer.overwrite(functions.lit(true));
    } else {
      var create = writer.partitionedBy(functions.col("symbol"))
          .tableProperty("format-version", "2")
          .tableProperty("write.distribution-mode", "none")
          .tableProperty("pipeline.feature-set-hash", set.hash())
          .tableProperty("pipeline.input-columns", String.join(",", set.inputColumns()));
      for (Map.Entry<String, String> e : WRITE_PROPERTIES.entrySet()) {
        create = create.tableProperty(e.getKey(), e.getValue());
      }
      create.create();
    }

    Table written = Spark3Util.loadIcebergTable(spark, featuresTable);
    Snapshot snapshot = written.currentSnapshot();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("featuresTable", "features." + params.dataset() + "__" + set.name());
    result.put("featuresSnapshotId", snapshot.snapshotId());
    result.put("barsSnapshotId", barsSnapshot);
    result.put("featureSet", set.name());
    result.put("featureSetHash", set.hash());
    result.put("label", label.description());
    result.put("rows", Long.parseLong(snapshot.summary().getOrDefault("total-records", "0")));
    result.put("shuffled", !groupedBySymbol);
    result.put("seconds", (System.nanoTime() - started) / 1e9);
    return result;
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
