package com.tradingml.model.trainer;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.features.LabeledFeatureStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;

/**
 * Feature matrices computed in memory with core's {@link LabeledFeatureStream}: the same code the Spark
 * job runs, for tests, research and walk-forward retraining over bars already in memory. Rows kept:
 * warm, labelled, and with every model input defined after {@link FeatureSet#prepareModelInputs}.
 */
public final class FeatureMatrices {

  /** One symbol's bars in time order, as primitive arrays. */
  public record SymbolBars(long[] timestamps, double[] open, double[] high, double[] low, double[] close, double[] volume) {}

  private FeatureMatrices() {}

  public static FeatureMatrix fromBars(SortedMap<String, SymbolBars> bars, FeatureSet set, LabelSpec label) {
    List<String> symbols = new ArrayList<>(bars.keySet());
    int width = set.inputColumns().size();
    record Row(int symbol, long ordinal, long micros, double[] inputs, double forward, int label) {}
    List<Row> rows = new ArrayList<>();
    for (int s = 0; s < symbols.size(); s++) {
      SymbolBars series = bars.get(symbols.get(s));
      int symbol = s;
      long[] ordinal = {0};
      LabeledFeatureStream stream = new LabeledFeatureStream(set, label,
          (micros, warm, inputs, references, fwd1, fwd5, fwdH, cls) -> {
            long index = ordinal[0]++;
            if (!warm || cls < 0 || Double.isNaN(fwdH)) {
              return;
            }
            double[] copy = inputs.clone();
            if (set.prepareModelInputs(copy)) {
              rows.add(new Row(symbol, index, micros, copy, fwdH, cls));
            }
          });
      for (int i = 0; i < series.timestamps().length; i++) {
        stream.add(series.timestamps()[i], series.open()[i], series.high()[i], series.low()[i], series.close()[i],
            series.volume()[i]);
      }
      stream.finish();
    }
    rows.sort(Comparator.comparingLong(Row::micros).thenComparingInt(Row::symbol));
    int n = rows.size();
    int[] ids = new int[n];
    long[] ordinals = new long[n];
    long[] timestamps = new long[n];
    double[] inputs = new double[n * width];
    double[] forwards = new double[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      ids[i] = r.symbol();
      ordinals[i] = r.ordinal();
      timestamps[i] = r.micros();
      System.arraycopy(r.inputs(), 0, inputs, i * width, width);
      forwards[i] = r.forward();
      labels[i] = r.label();
    }
    return new FeatureMatrix(set.inputColumns(), symbols, ids, ordinals, timestamps, inputs, forwards, labels);
  }
}
