package com.tradingml.features.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;

/**
 * The features files one task writes: the open one (one symbol's rows, rolled at the table's target file size) and
 * those finished. File names carry the task's prefix (partition, attempt, job id) and a counter, so no two attempts
 * write the same object.
 */
final class TaskFeatureFiles {
  private final Table table;
  private final FeatureColumns columns;
  private final String namePrefix;
  private final PartitionSpec spec;
  private final FeatureFileWriter.Codec codec;
  private final FeatureFileWriter.Layout layout;
  private final MetricsConfig metricsConfig;
  private final long targetFileBytes;
  private final double[] values;
  /** Per thread rather than per task: a task is often a single symbol, and its buffers would be grown anew. */
  private static final ThreadLocal<FeatureFileWriter.Buffers> BUFFERS =
      ThreadLocal.withInitial(FeatureFileWriter.Buffers::new);
  private final FeatureFileWriter.Buffers buffers = BUFFERS.get();
  /**
   * Files whose content is written, being closed (the store's durable put: on local disk an fsync of ~20 MB) by
   * {@link #CLOSERS} while this task computes its next symbol; in the order they were finished.
   */
  private final List<Closing> closing = new ArrayList<>();
  private String symbol;
  private FeatureFileWriter writer;
  private StructLike writerPartition;
  private int fileCount;

  /**
   * The files of the running Spark task (outside one, partition and attempt 0): names start with the partition, the
   * attempt and the job's id, so no two attempts write the same object.
   */
  static TaskFeatureFiles forThisTask(Table table, com.tradingml.core.features.FeatureSet set, String jobId) {
    org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
    return new TaskFeatureFiles(table, new FeatureColumns(set), String.format(Locale.ROOT, "%05d-%d-%s",
        task == null ? 0 : task.partitionId(), task == null ? 0 : task.taskAttemptId(), jobId));
  }

  TaskFeatureFiles(Table table, FeatureColumns columns, String namePrefix) {
    this.table = table;
    this.columns = columns;
    this.namePrefix = namePrefix;
    this.spec = table.spec();
    this.codec = FeatureFileWriter.Codec.fromTableProperties(table.properties());
    this.layout = FeatureFileWriter.Layout.fromTableProperties(table.properties());
    this.metricsConfig = MetricsConfig.forTable(table);
    this.targetFileBytes = Long.parseLong(table.properties().getOrDefault(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
        Long.toString(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT)));
    this.values = new double[columns.doubleCount()];
    checkSpec(spec);
  }

  /** This writer partitions by the symbol alone (as the job creates the table), or not at all. */
  static void checkSpec(PartitionSpec spec) {
    if (spec.isUnpartitioned()) {
      return;
    }
    List<PartitionField> fields = spec.fields();
    if (fields.size() != 1 || !fields.get(0).transform().isIdentity()
        || !spec.schema().findColumnName(fields.get(0).sourceId()).equals(FeatureColumns.SYMBOL)) {
      throw new IllegalArgumentException("the features table must be partitioned by identity(symbol) or not at all;"
          + " it is partitioned by " + spec + ": drop it to let the job recreate it");
    }
  }

  /**
   * Completes the files on as many threads per JVM as it has cores (at least two): a task would otherwise wait on
   * each file's fsync, or its upload to S3, and on a 2-core machine's disk (~350 MB/s) two tasks waiting on 2 GB of
   * features left a third of the cores idle. The closers mostly wait on storage, so they take little CPU.
   */
  private static final ExecutorService CLOSERS = Executors.newFixedThreadPool(
      Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
    Thread thread = new Thread(runnable, "features-file-closer");
    thread.setDaemon(true);
    return thread;
  });

  private record Closing(String location, Future<DataFile> file) {}

  /** Waits until every finished file is durable; returns them as the task's result. */
  TaskFiles result(boolean sorted) {
    return new TaskFiles(written(), sorted, table.specs());
  }

  /** Waits until every finished file is durable; returns them in the order they were finished. */
  List<DataFile> written() {
    List<DataFile> files = new ArrayList<>(closing.size());
    for (Closing file : closing) {
      files.add(await(file));
    }
    return files;
  }

  private static DataFile await(Closing file) {
    try {
      return file.file().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while closing " + file.location(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("closing " + file.location() + " failed", e.getCause());
    }
  }

  void startSymbol(String next) {
    symbol = next;
  }

  void row(long epochMicros, boolean warm, double[] inputs, double[] references, double fwd1, double fwd5,
      double fwdLabel, int labelClass) {
    if (writer == null) {
      open();
    }
    columns.doubleValues(inputs, references, fwd1, fwd5, fwdLabel, values);
    writer.add(epochMicros, warm, values, labelClass);
    if (writer.length() >= targetFileBytes) {
      closeFile();
    }
  }

  private void open() {
    writerPartition = partition();
    String name = String.format(Locale.ROOT, "%s-%05d.parquet", namePrefix, ++fileCount);
    String location = table.locationProvider().newDataLocation(spec, writerPartition, name);
    writer = new FeatureFileWriter(table.io().newOutputFile(location), table.schema(), columns, symbol, codec, layout,
        metricsConfig, buffers);
  }

  private StructLike partition() {
    if (spec.isUnpartitioned()) {
      return null;
    }
    GenericRecord partition = GenericRecord.create(spec.partitionType());
    partition.set(0, symbol);
    return partition;
  }

  void finishSymbol() {
    if (writer != null) {
      closeFile();
    }
  }

  private void closeFile() {
    FeatureFileWriter finishing = writer;
    writer = null;
    Supplier<DataFile> close = finishing.finishContent(spec, writerPartition);
    closing.add(new Closing(finishing.location(), CLOSERS.submit(close::get)));
  }

  /**
   * Deletes every file this task wrote, the open one included, and forgets them; a failure to delete is added to
   * {@code cause}.
   */
  void abort(Throwable cause) {
    List<String> locations = new ArrayList<>();
    for (Closing file : closing) {
      locations.add(file.location());
      try {
        await(file); // a file may only be deleted once its put has ended
      } catch (RuntimeException e) {
        if (e != cause) { // the failed put may be the very failure being handled
          cause.addSuppressed(e);
        }
      }
    }
    if (writer != null) {
      locations.add(writer.location());
      try {
        writer.close();
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
    closing.clear();
    writer = null;
    for (String location : locations) {
      try {
        table.io().deleteFile(location);
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
