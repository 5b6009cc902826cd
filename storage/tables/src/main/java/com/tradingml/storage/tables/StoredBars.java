package com.tradingml.storage.tables;

import com.tradingml.core.ingest.PriorBars;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link PriorBars} backed by one snapshot of a bars table. Latest timestamps come from file metadata
 * (no data read); a symbol's timestamps are loaded only when a row at or before its latest stored bar
 * arrives (a backfill or a re-delivery), so appending new bars never reads history. Not thread-safe.
 */
final class StoredBars implements PriorBars {

  private final BarsScan scan;
  private final TreeMap<String, BarsScan.SymbolFiles> files;
  private final Map<String, long[]> loadedTimestamps = new HashMap<>();
  private final Map<String, Double> latestCloses = new HashMap<>();

  StoredBars(BarsScan scan) {
    this.scan = scan;
    this.files = scan.symbols();
  }

  @Override
  public long latestTimestamp(String symbol) {
    BarsScan.SymbolFiles symbolFiles = files.get(symbol);
    return symbolFiles == null ? Long.MIN_VALUE : symbolFiles.maxMicros();
  }

  @Override
  public double latestClose(String symbol) {
    BarsScan.SymbolFiles symbolFiles = files.get(symbol);
    if (symbolFiles == null) {
      return Double.NaN;
    }
    return latestCloses.computeIfAbsent(symbol, s -> {
      double[] close = {Double.NaN};
      long latest = symbolFiles.maxMicros();
      scan.forEach(s, latest, latest, (sym, ts, o, h, l, c, v) -> close[0] = c);
      return close[0];
    });
  }

  @Override
  public boolean contains(String symbol, long epochMicros) {
    if (!files.containsKey(symbol)) {
      return false;
    }
    long[] timestamps = loadedTimestamps.computeIfAbsent(symbol, scan::timestamps);
    return Arrays.binarySearch(timestamps, epochMicros) >= 0;
  }
}
