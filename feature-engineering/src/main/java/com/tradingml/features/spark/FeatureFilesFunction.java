package com.tradingml.features.spark;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.features.LabeledFeatureStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Runs core's {@link LabeledFeatureStream} over one Spark partition whose rows are grouped by symbol and sorted
 * by time (the same code the serving service runs bar by bar, so batch and online features cannot drift apart)
 * and writes each symbol's rows straight into data files of the features table with {@link FeatureFileWriter}.
 * Returns the data files; the driver commits them all as one snapshot, so nothing is visible before that.
 *
 * <p>The input is the scan's {@code (symbol, timestamp, open, high, low, close, volume)} as Catalyst values
 * (timestamps in epoch microseconds). Input rows may be reused by the scan, so nothing is kept from them but
 * primitives and a copy of the symbol. Memory: one row group of one symbol at a time.
 *
 * <p>Sorting: when the job sorted the partition ({@code inputSorted}), rows out of order are an error (equal
 * timestamps of a symbol: duplicates). When it did not (a key-grouped scan of a table written by one ingest is
 * already in order, and Spark's sort was a large part of the job), the function checks the order instead: each
 * symbol's rows contiguous with strictly increasing timestamps give exactly the sorted result, since symbols are
 * computed independently. At the first row that breaks it, the task deletes its files and reports
 * {@link TaskFiles#unsortedAt}, and the driver runs the job again with the sort.
 *
 * <p>File names carry the partition, the task attempt and the job's id, so no two attempts write the same
 * object; a failing task deletes what it wrote before rethrowing.
 */
final class FeatureFilesFunction implements FlatMapFunction<Iterator<InternalRow>, FeatureFilesFunction.TaskFiles> {

  /**
   * What one task wrote, or, on input it was told is sorted but is not, where the order broke (and no files). A
   * class rather than a record: the cluster's Kryo serializer cannot write records (it needs field offsets Java
   * refuses for them), and an ArrayList rather than an immutable list, which Kryo could not rebuild.
   */
  static final class TaskFiles implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ArrayList<DataFile> files;
    private final String unsortedAt;

    TaskFiles(List<DataFile> files, String unsortedAt) {
      this.files = new ArrayList<>(files);
      this.unsortedAt = unsortedAt;
    }

    /** The data files of every task. */
    static List<DataFile> filesOf(List<TaskFiles> tasks) {
      return tasks.stream().flatMap(task -> task.files.stream()).toList();
    }

    /** A task that found its input out of order and wrote nothing. */
    static TaskFiles unsorted(String where) {
      return new TaskFiles(List.of(), where);
    }

    List<DataFile> files() {
      return files;
    }

    /** Where the order broke, or null. */
    String unsortedAt() {
      return unsortedAt;
    }
  }

  private static final long serialVersionUID = 1L;

  private final String featureSetName;
  private final int labelHorizon;
  private final double deadZone;
  private final Broadcast<Table> table;
  private final String jobId;
  private final boolean inputSorted;

  FeatureFilesFunction(String featureSetName, LabelSpec label, Broadcast<Table> table, String jobId,
      boolean inputSorted) {
    this.featureSetName = featureSetName;
    this.labelHorizon = label.horizonBars();
    this.deadZone = label.deadZone();
    this.table = table;
    this.jobId = jobId;
    this.inputSorted = inputSorted;
  }

  @Override
  public Iterator<TaskFiles> call(Iterator<InternalRow> bars) {
    TaskContext task = TaskContext.get();
    FeatureSet set = FeatureSet.named(featureSetName);
    Files files = new Files(table.value(), new FeatureColumns(set),
        String.format(Locale.ROOT, "%05d-%d-%s", task == null ? 0 : task.partitionId(),
            task == null ? 0 : task.taskAttemptId(), jobId));
    try {
      LabelSpec label = new LabelSpec(labelHorizon, deadZone);
      LabeledFeatureStream stream = null;
      String symbol = null;
      UTF8String symbolBytes = null;
      long lastMicros = Long.MIN_VALUE;
      Set<String> symbolsDone = new HashSet<>();
      while (bars.hasNext()) {
        InternalRow bar = bars.next();
        UTF8String barSymbol = bar.getUTF8String(0);
        if (!sameSymbol(barSymbol, symbolBytes)) {
          if (stream != null) {
            stream.finish();
            files.finishSymbol();
            symbolsDone.add(symbol);
          }
          symbolBytes = barSymbol.clone(); // the scan may reuse the bytes behind its row
          symbol = symbolBytes.toString();
          if (!inputSorted && symbolsDone.contains(symbol)) {
            return unsorted(files, "the rows of " + symbol + " are not contiguous");
          }
          files.startSymbol(symbol);
          lastMicros = Long.MIN_VALUE;
          stream = new LabeledFeatureStream(set, label, files::row);
        }
        long micros = bar.getLong(1);
        if (micros <= lastMicros) {
          if (!inputSorted) {
            return unsorted(files, "a bar of " + symbol + " at " + micros + " us since the epoch follows one at "
                + lastMicros);
          }
          throw new IllegalStateException("bars of " + symbol + " reached the feature stream out of order at "
              + micros + " us since the epoch: the partition must be sorted by symbol and timestamp");
        }
        lastMicros = micros;
        double volume = bar.isNullAt(6) ? Double.NaN : bar.getDouble(6);
        stream.add(micros, bar.getDouble(2), bar.getDouble(3), bar.getDouble(4), bar.getDouble(5), volume);
      }
      if (stream != null) {
        stream.finish();
        files.finishSymbol();
      }
      return List.of(new TaskFiles(files.written, null)).iterator();
    } catch (RuntimeException | Error e) {
      files.abort(e);
      throw e;
    }
  }

  /**
   * {@code a.equals(b)}, cheaper for the usual symbol of up to 8 bytes: the length and the 8-byte prefix (the one
   * Spark's sort uses) decide it; longer ones are compared whole. Per row, this was a tenth of the task's time.
   */
  static boolean sameSymbol(UTF8String a, UTF8String b) {
    if (b == null || a.numBytes() != b.numBytes() || a.getPrefix() != b.getPrefix()) {
      return false;
    }
    return a.numBytes() <= 8 || a.equals(b);
  }

  private static Iterator<TaskFiles> unsorted(Files files, String where) {
    RuntimeException failures = new IllegalStateException("deleting the files of an unsorted partition");
    files.abort(failures);
    if (failures.getSuppressed().length > 0) {
      throw failures; // files that could not be deleted: fail rather than leave them behind silently
    }
    return List.of(TaskFiles.unsorted(where)).iterator();
  }

  /** The files of one task: the open one (one symbol's rows), and those finished. */
  private static final class Files {
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
    private final List<DataFile> written = new ArrayList<>();
    private String symbol;
    private FeatureFileWriter writer;
    private StructLike writerPartition;
    private int fileCount;

    Files(Table table, FeatureColumns columns, String namePrefix) {
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
      written.add(finishing.finish(spec, writerPartition));
    }

    /**
     * Deletes every file this task wrote, the open one included, and forgets them; a failure to delete is added to
     * {@code cause}.
     */
    void abort(Throwable cause) {
      List<String> locations = new ArrayList<>();
      written.forEach(file -> locations.add(file.path().toString()));
      if (writer != null) {
        locations.add(writer.location());
        try {
          writer.close();
        } catch (RuntimeException e) {
          cause.addSuppressed(e);
        }
      }
      written.clear();
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
}
