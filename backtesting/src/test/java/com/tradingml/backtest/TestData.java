package com.tradingml.backtest;

import com.tradingml.core.ingest.BarValidator;
import com.tradingml.core.ingest.CsvBarReader;
import com.tradingml.core.ingest.PriorBars;
import com.tradingml.core.ingest.ValidationLimits;
import com.tradingml.core.ingest.BarRowSink;
import com.tradingml.core.market.Bar;
import com.tradingml.core.market.RejectReason;
import com.tradingml.core.synthetic.RowOrder;
import com.tradingml.core.synthetic.SyntheticMarket;
import com.tradingml.core.synthetic.SyntheticMarketSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Bars for the tests: the bundled DJ30 file, synthetic markets, and small hand-made series. */
final class TestData {

  static final Path DJ30 = Path.of("..", "data", "dj30_daily_1991_2000.csv");

  private static BarSource dj30;

  private TestData() {}

  /** The bundled real data, read and validated as ingest does (5 symbols x 2,529 daily close-only bars). */
  static synchronized BarSource dj30() {
    if (dj30 == null) {
      BarSource.Builder builder = BarSource.builder();
      List<String> rejected = new ArrayList<>();
      try (InputStream in = Files.newInputStream(DJ30)) {
        new CsvBarReader("dj30", new BarValidator(ValidationLimits.DEFAULT, PriorBars.NONE)).read(in,
            new BarRowSink() {
              @Override
              public void accept(String symbol, long epochMicros, double open, double high, double low, double close,
                  double volume) {
                builder.add(symbol, epochMicros, open, high, low, close, volume);
              }

              @Override
              public void reject(long lineNumber, RejectReason reason, String detail, String rawText) {
                rejected.add(lineNumber + " " + reason + " " + detail);
              }
            });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!rejected.isEmpty()) {
        throw new IllegalStateException("the bundled data has rejected rows: " + rejected);
      }
      dj30 = builder.build();
    }
    return dj30;
  }

  /** A synthetic market of {@code symbols} x {@code bars} in memory. */
  static BarSource synthetic(int symbols, long bars, String timeframe, long seed) {
    SyntheticMarketSpec spec = SyntheticMarketSpec.builder().symbols(symbols).barsPerSymbol(bars)
        .timeframe(timeframe).seed(seed).signal(0.3).rowOrder(RowOrder.SYMBOL_MAJOR)
        .startDate(LocalDate.of(2024, 1, 2)).monteCarloStates(1).monteCarloPaths(2).build();
    BarSource.Builder builder = BarSource.builder();
    SyntheticMarket.of(spec).generate(builder::add);
    return builder.build();
  }

  /** Micros of an ISO instant. */
  static long micros(String instant) {
    return Micros.ofInstant(Instant.parse(instant));
  }

  /** A series of daily close-only bars (open = high = low = close, no volume) from 2024-01-01 00:00Z. */
  static SymbolSeries closes(String symbol, double... closes) {
    SymbolSeries.Builder b = SymbolSeries.builder(com.tradingml.core.market.Symbol.of(symbol));
    long t = micros("2024-01-01T00:00:00Z");
    for (double c : closes) {
      b.add(t, c, c, c, c, Bar.UNKNOWN_VOLUME);
      t += 86_400_000_000L;
    }
    return b.build();
  }

  /** Daily OHLCV bars from 2024-01-01 00:00Z; each row {open, high, low, close, volume}. */
  static SymbolSeries bars(String symbol, double[]... rows) {
    SymbolSeries.Builder b = SymbolSeries.builder(com.tradingml.core.market.Symbol.of(symbol));
    long t = micros("2024-01-01T00:00:00Z");
    for (double[] r : rows) {
      b.add(t, r[0], r[1], r[2], r[3], r[4]);
      t += 86_400_000_000L;
    }
    return b.build();
  }
}
