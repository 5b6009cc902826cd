package com.tradingml.model.trainer;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.synthetic.GenerationReport;
import com.tradingml.core.synthetic.SyntheticMarket;
import com.tradingml.core.synthetic.SyntheticMarketSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Generated bars with a known answer, turned into a feature matrix by core's code. */
final class SyntheticData {

  record Generated(FeatureMatrix matrix, GenerationReport report) {}

  private SyntheticData() {}

  static Generated generate(int symbols, long barsPerSymbol, double signal, long seed, FeatureSet set, LabelSpec label) {
    SyntheticMarketSpec spec = SyntheticMarketSpec.builder().symbols(symbols).barsPerSymbol(barsPerSymbol).timeframe("1m")
        .seed(seed).signal(signal).horizon(label.horizonBars()).build();
    TreeMap<String, List<double[]>> bars = new TreeMap<>();
    GenerationReport report = SyntheticMarket.of(spec).generate((symbol, micros, o, h, l, c, v) ->
        bars.computeIfAbsent(symbol, s -> new ArrayList<>()).add(new double[] {micros, o, h, l, c, v}));
    TreeMap<String, FeatureMatrices.SymbolBars> series = new TreeMap<>();
    bars.forEach((symbol, rows) -> {
      int n = rows.size();
      long[] ts = new long[n];
      double[] o = new double[n];
      double[] h = new double[n];
      double[] l = new double[n];
      double[] c = new double[n];
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        double[] r = rows.get(i);
        ts[i] = (long) r[0];
        o[i] = r[1];
        h[i] = r[2];
        l[i] = r[3];
        c[i] = r[4];
        v[i] = r[5];
      }
      series.put(symbol, new FeatureMatrices.SymbolBars(ts, o, h, l, c, v));
    });
    return new Generated(FeatureMatrices.fromBars(series, set, label), report);
  }
}
