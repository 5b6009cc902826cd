package com.tradingml.core.features;

import com.tradingml.core.ingest.BarRowSink;
import com.tradingml.core.ingest.BarValidator;
import com.tradingml.core.ingest.CsvBarReader;
import com.tradingml.core.ingest.PriorBars;
import com.tradingml.core.ingest.ValidationLimits;
import com.tradingml.core.market.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Bars of one symbol as parallel arrays, and the series the feature tests run on. */
record TestBars(String symbol, long[] time, double[] open, double[] high, double[] low, double[] close,
    double[] volume) {

  /** The bundled real data (close-only: open = high = low = close, no volume), relative to the core module. */
  static final Path DJ30 = Path.of("../data/dj30_daily_1991_2000.csv");

  int size() {
    return time.length;
  }

  @Override
  public String toString() {
    return symbol + " (" + size() + " bars)";
  }

  void feed(FeatureState state, int index) {
    state.update(time[index], open[index], high[index], low[index], close[index], volume[index]);
  }

  void add(LabeledFeatureStream stream, int index) {
    stream.add(time[index], open[index], high[index], low[index], close[index], volume[index]);
  }

  /** The DJ30 file, per symbol in file order, read through ingestion like every other input. */
  static Map<String, TestBars> dj30() {
    try (InputStream in = Files.newInputStream(DJ30)) {
      return read(DJ30.toString(), in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TestBars resource(String name) {
    try (InputStream in = TestBars.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      Map<String, TestBars> bySymbol = read(name, in);
      if (bySymbol.size() != 1) {
        throw new IllegalStateException(name + " should hold one symbol, holds " + bySymbol.keySet());
      }
      return bySymbol.values().iterator().next();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, TestBars> read(String source, InputStream in) throws IOException {
    Map<String, List<double[]>> rows = new LinkedHashMap<>();
    List<String> rejected = new ArrayList<>();
    new CsvBarReader(source, new BarValidator(ValidationLimits.DEFAULT, PriorBars.NONE)).read(in, new BarRowSink() {
      @Override
      public void accept(String symbol, long epochMicros, double open, double high, double low, double close,
          double volume) {
        rows.computeIfAbsent(symbol, s -> new ArrayList<>())
            .add(new double[] {Double.longBitsToDouble(epochMicros), open, high, low, close, volume});
      }

      @Override
      public void reject(long lineNumber, RejectReason reason, String detail, String rawText) {
        rejected.add(lineNumber + ": " + reason + " " + detail);
      }
    });
    if (!rejected.isEmpty()) {
      throw new IllegalStateException(source + " has rejected rows: " + rejected);
    }
    Map<String, TestBars> out = new LinkedHashMap<>();
    rows.forEach((symbol, list) -> {
      int n = list.size();
      long[] t = new long[n];
      double[][] columns = new double[5][n];
      for (int i = 0; i < n; i++) {
        double[] r = list.get(i);
        t[i] = Double.doubleToRawLongBits(r[0]);
        for (int c = 0; c < 5; c++) {
          columns[c][i] = r[c + 1];
        }
      }
      out.put(symbol, new TestBars(symbol, t, columns[0], columns[1], columns[2], columns[3], columns[4]));
    });
    return out;
  }

  /**
   * A geometric random walk of hourly OHLCV bars (every tenth volume unknown when {@code someUnknownVolume}),
   * starting 2020-01-01T00:00Z: well formed, so every bar is accepted.
   */
  static TestBars randomWalk(long seed, int n, boolean someUnknownVolume) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] t = new long[n];
    double[] o = new double[n];
    double[] h = new double[n];
    double[] l = new double[n];
    double[] c = new double[n];
    double[] v = new double[n];
    long time = 1_577_836_800_000_000L;
    double price = 50.0;
    for (int i = 0; i < n; i++) {
      time += 3_600_000_000L;
      t[i] = time;
      o[i] = price * Math.exp(0.002 * gaussian(random));
      price = o[i] * Math.exp(0.01 * gaussian(random));
      c[i] = price;
      h[i] = Math.max(o[i], c[i]) * (1 + 0.005 * random.nextDouble());
      l[i] = Math.min(o[i], c[i]) * (1 - 0.005 * random.nextDouble());
      v[i] = someUnknownVolume && i % 10 == 3 ? Double.NaN : 1_000 + random.nextInt(100_000);
    }
    return new TestBars("RW" + seed, t, o, h, l, c, v);
  }

  /**
   * This series up to and including {@code last}, then {@code size() - last - 1} wild but well-formed bars:
   * prices anywhere in [1e-3, 1e6], later timestamps at random spacing, volumes random or unknown.
   */
  TestBars withGarbageAfter(int last, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = size();
    long[] t = Arrays.copyOf(time, n);
    double[] o = Arrays.copyOf(open, n);
    double[] h = Arrays.copyOf(high, n);
    double[] l = Arrays.copyOf(low, n);
    double[] c = Arrays.copyOf(close, n);
    double[] v = Arrays.copyOf(volume, n);
    for (int i = last + 1; i < n; i++) {
      t[i] = t[i - 1] + 1 + random.nextLong(86_400_000_000L * 7);
      double a = Math.exp(random.nextDouble(Math.log(1e-3), Math.log(1e6)));
      double b = Math.exp(random.nextDouble(Math.log(1e-3), Math.log(1e6)));
      l[i] = Math.min(a, b);
      h[i] = Math.max(a, b);
      o[i] = l[i] + random.nextDouble() * (h[i] - l[i]);
      c[i] = l[i] + random.nextDouble() * (h[i] - l[i]);
      v[i] = random.nextInt(4) == 0 ? Double.NaN : 1 + random.nextDouble() * 1e9;
    }
    return new TestBars(symbol, t, o, h, l, c, v);
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: deterministic for a seed, no shared state.
    double u = 1.0 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
