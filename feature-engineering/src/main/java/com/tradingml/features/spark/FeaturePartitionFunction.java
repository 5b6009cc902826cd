package com.tradingml.features.spark;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.features.LabeledFeatureStream;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Runs core's {@link LabeledFeatureStream} over one Spark partition whose rows are grouped by symbol
 * and sorted by time: the same code the serving service runs bar by bar, so batch and online features
 * cannot drift apart. Lazy: pulls input rows only as output rows are consumed (memory: the label delay).
 *
 * <p>Works on Spark's internal rows on both sides: the input is the scan's
 * {@code (symbol, timestamp, open, high, low, close, volume)} as Catalyst values (timestamps in epoch
 * microseconds), the output is written straight into {@link UnsafeRow}s of {@link FeatureColumns}'s
 * schema. Going through external {@code Row}s instead boxed every value and converted every row twice,
 * a quarter of the job's CPU. Input rows may be reused by the scan, so nothing is kept from them but
 * primitives and a copy of the symbol.
 */
final class FeaturePartitionFunction implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {

  private static final long serialVersionUID = 1L;

  private final String featureSetName;
  private final int labelHorizon;
  private final double deadZone;

  FeaturePartitionFunction(String featureSetName, LabelSpec label) {
    this.featureSetName = featureSetName;
    this.labelHorizon = label.horizonBars();
    this.deadZone = label.deadZone();
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> bars) {
    FeatureSet set = FeatureSet.named(featureSetName);
    LabelSpec label = new LabelSpec(labelHorizon, deadZone);
    FeatureColumns columns = new FeatureColumns(set);
    UnsafeRowWriter writer = new UnsafeRowWriter(columns.width(), 64);
    return new Iterator<>() {
      private final ArrayDeque<InternalRow> ready = new ArrayDeque<>();
      private UTF8String symbol;
      private LabeledFeatureStream stream;
      private long lastMicros = Long.MIN_VALUE;
      private boolean inputDone;

      private void startSymbol(UTF8String next) {
        symbol = next.clone(); // the scan may reuse the bytes behind its row
        lastMicros = Long.MIN_VALUE;
        UTF8String rowSymbol = symbol;
        stream = new LabeledFeatureStream(set, label, (epochMicros, warm, inputs, references, fwd1, fwd5, fwdH, cls) ->
            ready.add(toRow(writer, columns, rowSymbol, epochMicros, warm, inputs, references, fwd1, fwd5, fwdH, cls)));
      }

      private void fill() {
        while (ready.isEmpty() && !inputDone) {
          if (!bars.hasNext()) {
            if (stream != null) {
              stream.finish();
              stream = null;
            }
            inputDone = true;
            return;
          }
          InternalRow bar = bars.next();
          UTF8String barSymbol = bar.getUTF8String(0);
          if (!barSymbol.equals(symbol)) {
            if (stream != null) {
              stream.finish();
            }
            startSymbol(barSymbol);
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
      }

      @Override
      public boolean hasNext() {
        fill();
        return !ready.isEmpty();
      }

      @Override
      public InternalRow next() {
        fill();
        if (ready.isEmpty()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  /** One output row in {@link FeatureColumns}'s order; a copy, since rows wait in the label-delay queue. */
  static UnsafeRow toRow(UnsafeRowWriter writer, FeatureColumns columns, UTF8String symbol, long epochMicros,
      boolean warm, double[] inputs, double[] references, double fwd1, double fwd5, double fwdH, int labelClass) {
    writer.reset();
    writer.zeroOutNullBytes();
    int k = 0;
    writer.write(k++, symbol);
    writer.write(k++, epochMicros);
    writer.write(k++, warm);
    for (double input : inputs) {
      writer.write(k++, input);
    }
    for (int i = 0; i < references.length; i++) {
      if (columns.referenceInputIndex[i] < 0) {
        writer.write(k++, references[i]);
      }
    }
    writer.write(k++, fwd1);
    writer.write(k++, fwd5);
    writer.write(k++, fwdH);
    writer.write(k, labelClass);
    return writer.getRow().copy();
  }
}
