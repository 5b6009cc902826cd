package com.tradingml.storage.tables;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.Map;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * The shapes of the tables a dataset owns (DESIGN.md "Storage layout"): {@code bars.NAME} and
 * {@code quarantine.NAME}. Field ids are part of the format: never renumber them.
 */
public final class TableSchemas {

  public static final String BARS_NAMESPACE = "bars";
  public static final String QUARANTINE_NAMESPACE = "quarantine";

  /** Bars exactly as ingested. Timestamps are UTC instants in microseconds; volume null = unknown. */
  public static final Schema BARS = new Schema(
      required(1, "symbol", Types.StringType.get()),
      required(2, "timestamp", Types.TimestampType.withZone()),
      required(3, "open", Types.DoubleType.get()),
      required(4, "high", Types.DoubleType.get()),
      required(5, "low", Types.DoubleType.get()),
      required(6, "close", Types.DoubleType.get()),
      optional(7, "volume", Types.DoubleType.get()));

  public static final int BARS_TIMESTAMP_FIELD_ID = 2;

  /**
   * One partition per symbol, files sorted by time: a per-symbol time-range read opens only that
   * symbol's files and skips row groups by their timestamp bounds.
   */
  public static final PartitionSpec BARS_SPEC = PartitionSpec.builderFor(BARS).identity("symbol").build();

  public static final SortOrder BARS_ORDER = SortOrder.builderFor(BARS).asc("symbol").asc("timestamp").build();

  /** Every rejected input row, with where it came from and why. */
  public static final Schema QUARANTINE = new Schema(
      required(1, "run_id", Types.StringType.get()),
      required(2, "source_file", Types.StringType.get()),
      required(3, "source_sha256", Types.StringType.get()),
      required(4, "line_number", Types.LongType.get()),
      required(5, "reason", Types.StringType.get()),
      required(6, "detail", Types.StringType.get()),
      required(7, "raw_text", Types.StringType.get()));

  /** Properties of every table we create: Iceberg v2, zstd Parquet, bounded row groups (bounded memory). */
  public static final Map<String, String> TABLE_PROPERTIES = Map.of(
      TableProperties.FORMAT_VERSION, "2",
      TableProperties.PARQUET_COMPRESSION, "zstd",
      TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, String.valueOf(8 << 20),
      TableProperties.COMMIT_NUM_RETRIES, "20",
      TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "20",
      TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
      TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "200");

  private static final Pattern DATASET_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private TableSchemas() {}

  /** Dataset names become table names: lower-case letters, digits and underscores, starting with a letter. */
  public static String validateDatasetName(String name) {
    if (name == null || !DATASET_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("dataset name must be lower-case letters, digits and underscores, "
          + "starting with a letter (at most 63 characters), got '" + name + "'");
    }
    return name;
  }

  public static TableIdentifier barsTable(String dataset) {
    return TableIdentifier.of(BARS_NAMESPACE, validateDatasetName(dataset));
  }

  public static TableIdentifier quarantineTable(String dataset) {
    return TableIdentifier.of(QUARANTINE_NAMESPACE, validateDatasetName(dataset));
  }
}
