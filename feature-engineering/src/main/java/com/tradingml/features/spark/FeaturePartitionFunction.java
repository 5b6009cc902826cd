package com.tradingml.features.spark;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.features.LabeledFeatureStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Runs core's {@link LabeledFeatureStream} over one Spark partition whose rows are grouped by symbol
 * and sorted by time: the same code the serving service runs bar by bar, so batch and online features
 * cannot drift apart. Lazy: pulls input rows only as output rows are consumed (memory: the label delay).
 */
final class FeaturePartitionFunction implements MapPartitionsFunction<Row, Row> {

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
  public Iterator<Row> call(Iterator<Row> bars) {
    FeatureSet set = FeatureSet.named(featureSetName);
    LabelSpec label = new LabelSpec(labelHorizon, deadZone);
    FeatureColumns columns = new FeatureColumns(set);
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();
      private String symbol;
      private LabeledFeatureStream stream;
      private long lastMicros = Long.MIN_VALUE;
      private boolean inputDone;

      private void startSymbol(String next) {
        symbol = next;
        lastMicros = Long.MIN_VALUE;
        String rowSymbol = next;
        stream = new LabeledFeatureStream(set, label, (epochMicros, warm, inputs, references, fwd1, fwd5, fwdH, cls) ->
            ready.add(toRow(columns, rowSymbol, epochMicros, warm, inputs, references, fwd1, fwd5, fwdH, cls)));
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
          Row bar = bars.next();
          String barSymbol = bar.getString(0);
          if (!barSymbol.equals(symbol)) {
            if (stream != null) {
              stream.finish();
            }
            startSymbol(barSymbol);
          }
          long micros = toMicros(bar.getAs(1));
          if (micros <= lastMicros) {
            throw new IllegalStateException("bars of " + barSymbol + " reached the feature stream out of order at "
                + bar.getAs(1) + ": the partition must be sorted by symbol and timestamp");
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
      public Row next() {
        fill();
        if (ready.isEmpty()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  static long toMicros(Object timestamp) {
    if (timestamp instanceof Instant instant) {
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
    if (timestamp instanceof java.sql.Timestamp ts) {
      return toMicros(ts.toInstant());
    }
    throw new IllegalArgumentException("unexpected timestamp value " + timestamp);
  }

  static Row toRow(FeatureColumns columns, String symbol, long epochMicros, boolean warm, double[] inputs,
      double[] references, double fwd1, double fwd5, double fwdH, int labelClass) {
    Object[] values = new Object[columns.width()];
    int k = 0;
    values[k++] = symbol;
    values[k++] = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    values[k++] = warm;
    for (double input : inputs) {
      values[k++] = input;
    }
    for (int i = 0; i < references.length; i++) {
      if (columns.referenceInputIndex[i] < 0) {
        values[k++] = references[i];
      }
    }
    values[k++] = fwd1;
    values[k++] = fwd5;
    values[k++] = fwdH;
    values[k] = labelClass;
    return RowFactory.create(values);
  }
}
