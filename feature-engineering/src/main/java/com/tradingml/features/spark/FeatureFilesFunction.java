package com.tradingml.features.spark;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.features.LabeledFeatureStream;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import org.apache.iceberg.Table;
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
final class FeatureFilesFunction implements FlatMapFunction<Iterator<InternalRow>, TaskFiles> {

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
    TaskFeatureFiles files = new TaskFeatureFiles(table.value(), new FeatureColumns(set),
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
      return List.of(new TaskFiles(files.written(), null)).iterator();
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

  private static Iterator<TaskFiles> unsorted(TaskFeatureFiles files, String where) {
    RuntimeException failures = new IllegalStateException("deleting the files of an unsorted partition");
    files.abort(failures);
    if (failures.getSuppressed().length > 0) {
      throw failures; // files that could not be deleted: fail rather than leave them behind silently
    }
    return List.of(TaskFiles.unsorted(where)).iterator();
  }
}
