package com.tradingml.backtest.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradingml.backtest.grid.SweepConfiguration;
import com.tradingml.backtest.grid.SweepMetric;
import com.tradingml.backtest.grid.SweepSummary;
import com.tradingml.backtest.grid.SweepTrial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The results table {@code backtests.<dataset>__sweeps}: one row per configuration run, every sweep of the dataset
 * in one table, partitioned by {@code sweep_id}.
 *
 * <p>Columns: {@code sweep_id}, {@code config_index}, {@code dataset}, {@code bars_snapshot_id}, {@code strategy},
 * the parameters ({@code fast}, {@code slow}, {@code quantity}, {@code position_mode}, {@code fill},
 * {@code cost_bps}, {@code slippage_bps}; the exact decimals also in {@code parameters}, a JSON object keyed as in
 * the grid syntax), every {@link SweepMetric} by its column name ({@code long} for counts, {@code double} otherwise;
 * NaN where undefined, as the engine reports it), and {@code best} (true on the selected configuration's row). A
 * re-run of a sweep id replaces that sweep's rows in one commit (an overwrite of its partition); other sweeps are
 * untouched. The snapshot summary records the lineage (sweep id, bars snapshot, grid, code version).
 */
final class SweepRows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SweepRows() {}

  static StructType schema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("sweep_id", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("config_index", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("dataset", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("bars_snapshot_id", DataTypes.LongType, false));
    fields.add(DataTypes.createStructField("strategy", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("fast", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("slow", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("quantity", DataTypes.LongType, false));
    fields.add(DataTypes.createStructField("position_mode", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("fill", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("cost_bps", DataTypes.DoubleType, false));
    fields.add(DataTypes.createStructField("slippage_bps", DataTypes.DoubleType, false));
    fields.add(DataTypes.createStructField("parameters", DataTypes.StringType, false));
    for (SweepMetric metric : SweepMetric.values()) {
      fields.add(DataTypes.createStructField(metric.column(),
          metric.integral() ? DataTypes.LongType : DataTypes.DoubleType, false));
    }
    fields.add(DataTypes.createStructField("best", DataTypes.BooleanType, false));
    return DataTypes.createStructType(fields);
  }

  static Dataset<Row> dataFrame(SparkSession spark, String sweepId, String dataset, long barsSnapshot, String strategy,
      SweepSummary summary) throws JsonProcessingException {
    int best = summary.best().map(t -> t.configuration().index()).orElse(-1);
    List<Row> rows = new ArrayList<>();
    for (SweepTrial trial : summary.trials()) {
      SweepConfiguration c = trial.configuration();
      List<Object> values = new ArrayList<>();
      values.add(sweepId);
      values.add(c.index());
      values.add(dataset);
      values.add(barsSnapshot);
      values.add(strategy);
      values.add(c.fast());
      values.add(c.slow());
      values.add(c.quantity());
      values.add(c.parameters().get("position-mode"));
      values.add(c.fill().id());
      values.add(c.costBps().doubleValue());
      values.add(c.slippageBps().doubleValue());
      values.add(JSON.writeValueAsString(c.parameters()));
      for (SweepMetric metric : SweepMetric.values()) {
        double v = trial.value(metric);
        values.add(metric.integral() ? (Object) (long) v : (Object) v);
      }
      values.add(c.index() == best);
      rows.add(RowFactory.create(values.toArray()));
    }
    return spark.createDataFrame(rows, schema()).coalesce(1);
  }

  /** Replaces sweep {@code sweepId}'s rows in {@code table} (created on first use); returns the table after. */
  static Table write(SparkSession spark, String table, String sweepId, Dataset<Row> rows, Map<String, String> lineage)
      throws Exception {
    String namespace = table.substring(0, table.lastIndexOf('.'));
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + namespace);
    boolean created = false;
    if (!spark.catalog().tableExists(table)) {
      try {
        var writer = rows.writeTo(table);
        for (Map.Entry<String, String> e : lineage.entrySet()) {
          writer = writer.option("snapshot-property." + e.getKey(), e.getValue());
        }
        writer.partitionedBy(functions.col("sweep_id"))
            .tableProperty("format-version", "2")
            .tableProperty("write.parquet.compression-codec", "zstd")
            .tableProperty("write.distribution-mode", "none")
            .create();
        created = true;
      } catch (Exception e) {
        if (!SweepJob.isAlreadyExists(e)) {
          throw e;
        }
      }
    }
    if (!created) {
      var writer = rows.writeTo(table);
      for (Map.Entry<String, String> e : lineage.entrySet()) {
        writer = writer.option("snapshot-property." + e.getKey(), e.getValue());
      }
      writer.overwrite(functions.col("sweep_id").equalTo(functions.lit(sweepId)));
    }
    return Spark3Util.loadIcebergTable(spark, table);
  }
}
