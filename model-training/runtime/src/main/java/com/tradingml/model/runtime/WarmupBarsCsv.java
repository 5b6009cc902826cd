package com.tradingml.model.runtime;

import com.tradingml.core.ingest.BarColumns;
import com.tradingml.core.ingest.BarRowSink;
import com.tradingml.core.ingest.BarValidator;
import com.tradingml.core.ingest.CsvBarReader;
import com.tradingml.core.ingest.InvalidInputException;
import com.tradingml.core.ingest.PriorBars;
import com.tradingml.core.ingest.ShortestDecimal;
import com.tradingml.core.ingest.ValidationLimits;
import com.tradingml.core.market.Bar;
import com.tradingml.core.market.RejectReason;
import com.tradingml.core.market.Symbol;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code warmup-bars.csv}: the bars serving replays to warm its online features, in the bars input format
 * (DESIGN.md): header {@code timestamp,symbol,open,high,low,close,volume}, LF line ends, timestamps as UTC
 * ISO-8601 ({@link java.time.Instant#toString()}), prices and volume as shortest round-trip decimals, an
 * empty volume when unknown; rows sorted by symbol, then time. Read back with core's ingest reader, so a
 * stored bar comes back exactly as it was; any row it would quarantine makes the file invalid.
 */
final class WarmupBarsCsv {

  /** Bars are sorted by symbol, then timestamp. */
  static final Comparator<Bar> ORDER = Comparator.comparing(Bar::symbol).thenComparing(Bar::timestamp);

  /** No jump check: these bars passed ingestion already, under whatever limits it had. */
  private static final ValidationLimits NO_JUMP_LIMIT = new ValidationLimits(Double.MAX_VALUE);

  private WarmupBarsCsv() {}

  /** Sorted copy of {@code bars}; a repeated (symbol, timestamp) is refused. */
  static List<Bar> canonical(List<Bar> bars) {
    if (bars == null) {
      throw new IllegalArgumentException("warm-up bars must not be null (use List.of() for none)");
    }
    List<Bar> sorted = new ArrayList<>(bars);
    sorted.sort(ORDER);
    for (int i = 1; i < sorted.size(); i++) {
      Bar previous = sorted.get(i - 1);
      Bar bar = sorted.get(i);
      if (previous.symbol().equals(bar.symbol()) && previous.timestamp().equals(bar.timestamp())) {
        throw new IllegalArgumentException("two warm-up bars of " + bar.symbol() + " at " + bar.timestamp());
      }
    }
    return List.copyOf(sorted);
  }

  static byte[] write(List<Bar> bars) {
    StringBuilder text = new StringBuilder(64 + bars.size() * 80);
    text.append(BarColumns.HEADER).append('\n');
    for (Bar bar : bars) {
      text.append(bar.timestamp()).append(',').append(field(bar.symbol().value())).append(',')
          .append(ShortestDecimal.toString(bar.open())).append(',')
          .append(ShortestDecimal.toString(bar.high())).append(',')
          .append(ShortestDecimal.toString(bar.low())).append(',')
          .append(ShortestDecimal.toString(bar.close())).append(',')
          .append(bar.hasVolume() ? ShortestDecimal.toString(bar.volume()) : "").append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** RFC 4180 quoting where needed (a symbol may hold a comma or a quote). */
  private static String field(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  static List<Bar> read(byte[] bytes) {
    String file = ModelPackage.WARMUP_BARS;
    List<Bar> bars = new ArrayList<>();
    BarRowSink sink = new BarRowSink() {
      @Override
      public void accept(String symbol, long epochMicros, double open, double high, double low, double close,
          double volume) {
        bars.add(new Bar(Symbol.of(symbol), Bar.instantOfMicros(epochMicros), open, high, low, close, volume));
      }

      @Override
      public void reject(long lineNumber, RejectReason reason, String detail, String rawText) {
        throw new ModelPackageException(file, "line " + lineNumber + " is not a valid bar (" + reason + ": " + detail
            + "): " + rawText);
      }
    };
    try {
      new CsvBarReader(file, new BarValidator(NO_JUMP_LIMIT, PriorBars.NONE))
          .read(new ByteArrayInputStream(bytes), sink);
    } catch (InvalidInputException e) {
      throw new ModelPackageException(file, e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return canonical(bars);
    } catch (IllegalArgumentException e) {
      throw new ModelPackageException(file, e.getMessage(), e);
    }
  }
}
