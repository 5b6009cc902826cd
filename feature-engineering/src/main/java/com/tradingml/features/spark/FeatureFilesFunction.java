package com.tradingml.features.spark;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.features.LabeledFeatureStream;
import java.util.Iterator;
import java.util.List;
import org.apache.iceberg.Table;
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
 * <p>The job sorts the partition first; rows out of order are then an error (equal timestamps of a symbol:
 * duplicates). This is the path of tables whose metadata cannot say which files hold a symbol ({@link BarFilePlan});
 * the usual one is {@link SymbolFilesFunction}.
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

  FeatureFilesFunction(String featureSetName, LabelSpec label, Broadcast<Table> table, String jobId) {
    this.featureSetName = featureSetName;
    this.labelHorizon = label.horizonBars();
    this.deadZone = label.deadZone();
    this.table = table;
    this.jobId = jobId;
  }

  @Override
  public Iterator<TaskFiles> call(Iterator<InternalRow> bars) {
    FeatureSet set = FeatureSet.named(featureSetName);
    TaskFeatureFiles files = TaskFeatureFiles.forThisTask(table.value(), set, jobId);
    try {
      LabelSpec label = new LabelSpec(labelHorizon, deadZone);
      LabeledFeatureStream stream = null;
      String symbol = null;
      UTF8String symbolBytes = null;
      long lastMicros = Long.MIN_VALUE;
      while (bars.hasNext()) {
        InternalRow bar = bars.next();
        UTF8String barSymbol = bar.getUTF8String(0);
        if (!sameSymbol(barSymbol, symbolBytes)) {
          if (stream != null) {
            stream.finish();
            files.finishSymbol();
          }
          symbolBytes = barSymbol.clone(); // the scan may reuse the bytes behind its row
          symbol = symbolBytes.toString();
          files.startSymbol(symbol);
          lastMicros = Long.MIN_VALUE;
          stream = new LabeledFeatureStream(set, label, files::row);
        }
        long micros = bar.getLong(1);
        if (micros <= lastMicros) {
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
      return List.of(files.result(true)).iterator();
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
}
