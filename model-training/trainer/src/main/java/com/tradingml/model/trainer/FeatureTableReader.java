package com.tradingml.model.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Loads a features table snapshot into a {@link FeatureMatrix}: only warm rows with a known label,
 * the requested input columns, sorted by timestamp then symbol. Bar ordinals count every row of the
 * symbol's series (warm-up rows included) in time order, which is what purging counts in.
 */
public final class FeatureTableReader {

  /** What was read, and how many rows were left out and why. */
  public record Result(FeatureMatrix matrix, long rowsRead, long notWarm, long unlabelled, long withMissingInputs) {}

  private FeatureTableReader() {}

  public static Result read(Table features, long snapshotId, com.tradingml.core.features.FeatureSet set) {
    List<String> inputColumns = set.inputColumns();
    if (features.snapshot(snapshotId) == null) {
      throw new IllegalArgumentException("table " + features.name() + " has no snapshot " + snapshotId);
    }
    for (String column : inputColumns) {
      if (features.schema().findField(column) == null) {
        throw new IllegalArgumentException("features table " + features.name() + " has no column '" + column + "'");
      }
    }
    TreeMap<String, List<Record>> bySymbol = new TreeMap<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(features).useSnapshot(snapshotId).build()) {
      for (Record r : rows) {
        bySymbol.computeIfAbsent((String) r.getField("symbol"), s -> new ArrayList<>()).add(r.copy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> symbols = new ArrayList<>(bySymbol.keySet());
    Map<String, Integer> symbolIds = new HashMap<>();
    for (int i = 0; i < symbols.size(); i++) {
      symbolIds.put(symbols.get(i), i);
    }
    record Kept(int symbol, long ordinal, long micros, double[] inputs, double forward, int label) {}
    List<Kept> kept = new ArrayList<>();
    long read = 0;
    long notWarm = 0;
    long unlabelled = 0;
    long missing = 0;
    for (Map.Entry<String, List<Record>> entry : bySymbol.entrySet()) {
      List<Record> series = entry.getValue();
      series.sort(Comparator.comparing(r -> (OffsetDateTime) r.getField("timestamp")));
      int symbol = symbolIds.get(entry.getKey());
      for (int ordinal = 0; ordinal < series.size(); ordinal++) {
        Record r = series.get(ordinal);
        read++;
        if (!Boolean.TRUE.equals(r.getField("warm"))) {
          notWarm++;
          continue;
        }
        int label = (Integer) r.getField("label");
        double forward = (Double) r.getField("label_fwd_logret");
        if (label < 0 || Double.isNaN(forward)) {
          unlabelled++;
          continue;
        }
        double[] inputs = new double[inputColumns.size()];
        for (int c = 0; c < inputs.length; c++) {
          Double value = (Double) r.getField(inputColumns.get(c));
          inputs[c] = value == null ? Double.NaN : value;
        }
        if (!set.prepareModelInputs(inputs)) {
          missing++;
          continue;
        }
        OffsetDateTime ts = (OffsetDateTime) r.getField("timestamp");
        long micros = ts.toInstant().getEpochSecond() * 1_000_000L + ts.toInstant().getNano() / 1_000;
        kept.add(new Kept(symbol, ordinal, micros, inputs, forward, label));
      }
    }
    kept.sort(Comparator.comparingLong(Kept::micros).thenComparingInt(Kept::symbol));
    int n = kept.size();
    int width = inputColumns.size();
    int[] ids = new int[n];
    long[] ordinals = new long[n];
    long[] timestamps = new long[n];
    double[] inputs = new double[n * width];
    double[] forwards = new double[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      Kept k = kept.get(i);
      ids[i] = k.symbol();
      ordinals[i] = k.ordinal();
      timestamps[i] = k.micros();
      System.arraycopy(k.inputs(), 0, inputs, i * width, width);
      forwards[i] = k.forward();
      labels[i] = k.label();
    }
    return new Result(new FeatureMatrix(inputColumns, symbols, ids, ordinals, timestamps, inputs, forwards, labels),
        read, notWarm, unlabelled, missing);
  }
}
