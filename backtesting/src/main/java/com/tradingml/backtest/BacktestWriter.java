package com.tradingml.backtest;

import com.tradingml.core.ingest.CsvText;
import com.tradingml.storage.objectstore.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link BacktestResult} as files, byte-identical for identical results: no clock, rows in the result's
 * order, numbers through core's {@link CsvText} (shortest round-trip decimals, never exponents), money as exact
 * decimals of its micro-units, times ISO-8601 UTC, {@code \n} line ends, UTF-8.
 *
 * <ul>
 *   <li>{@value #SUMMARY}: {@link BacktestResult#summary()} as JSON.
 *   <li>{@value #TRADES}: {@code symbol,side,entry_time,entry_price,exit_time,exit_price,quantity,gross_return,
 *       net_return,entry_bar,exit_bar,fees,net_pnl,status}; side {@code long}/{@code short}, status
 *       {@code closed}/{@code open} (an open trade's exit fields and returns are empty), bars are indexes in the
 *       symbol's series.
 *   <li>{@value #EQUITY}: {@code timestamp,equity,cash,gross_exposure,benchmark_equity}.
 *   <li>{@value #FILLS}: {@code timestamp,symbol,side,quantity,price,notional,fee,order_id,order_quantity,
 *       signal_time,bar}.
 *   <li>{@value #REJECTIONS}: {@code timestamp,symbol,side,quantity,price,stage,reason,detail}.
 * </ul>
 * In the object store they go under {@code backtests/<run-id>/}, {@value #SUMMARY} last, so that a summary's
 * presence means the run's files are complete. Thread-safe (stateless).
 */
public final class BacktestWriter {

  public static final String PREFIX = "backtests/";
  public static final String SUMMARY = "summary.json";
  public static final String TRADES = "trades.csv";
  public static final String EQUITY = "equity.csv";
  public static final String FILLS = "fills.csv";
  public static final String REJECTIONS = "rejections.csv";

  private BacktestWriter() {}

  /** File name to bytes, in writing order (summary last). */
  public static Map<String, byte[]> files(BacktestResult result) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(TRADES, utf8(trades(result)));
    files.put(EQUITY, utf8(equity(result)));
    files.put(FILLS, utf8(fills(result)));
    files.put(REJECTIONS, utf8(rejections(result)));
    files.put(BacktestReports.REPORT, utf8(BacktestReports.render(result)));
    files.put(SUMMARY, utf8(Json.write(result.summary())));
    return files;
  }

  /** The key prefix of a run: {@code backtests/<run-id>/}. */
  public static String prefix(BacktestResult result) {
    return PREFIX + result.runId() + "/";
  }

  /** Stores the files under {@code backtests/<run-id>/}; returns that prefix. */
  public static String write(BacktestResult result, ObjectStore store) {
    String prefix = prefix(result);
    for (Map.Entry<String, byte[]> file : files(result).entrySet()) {
      store.put(prefix + file.getKey(), file.getValue());
    }
    return prefix;
  }

  /** Writes the files into {@code directory} (created if needed), each atomically; returns the paths. */
  public static Map<String, Path> write(BacktestResult result, Path directory) {
    Map<String, Path> written = new LinkedHashMap<>();
    try {
      Files.createDirectories(directory);
      for (Map.Entry<String, byte[]> file : files(result).entrySet()) {
        Path target = directory.resolve(file.getKey());
        Path temporary = directory.resolve("." + file.getKey() + ".tmp");
        Files.write(temporary, file.getValue());
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        written.put(file.getKey(), target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write backtest " + result.runId() + " to " + directory, e);
    }
    return written;
  }

  static String trades(BacktestResult result) {
    StringBuilder out = new StringBuilder(128 + result.trades().size() * 160);
    out.append("symbol,side,entry_time,entry_price,exit_time,exit_price,quantity,gross_return,net_return,entry_bar,"
        + "exit_bar,fees,net_pnl,status\n");
    for (Trade t : result.trades()) {
      out.append(CsvText.field(t.symbol().value())).append(',')
          .append(t.side().id()).append(',')
          .append(CsvText.timestamp(t.entryTimeMicros())).append(',')
          .append(average(t.entryNotionalMicros(), t.quantity())).append(',')
          .append(t.closed() ? CsvText.timestamp(t.exitTimeMicros()) : "").append(',')
          .append(t.closed() ? average(t.exitNotionalMicros(), t.exitQuantity()) : "").append(',')
          .append(t.quantity()).append(',')
          .append(CsvText.number(t.grossReturn())).append(',')
          .append(CsvText.number(t.netReturn())).append(',')
          .append(t.entryBarIndex()).append(',')
          .append(t.closed() ? Integer.toString(t.exitBarIndex()) : "").append(',')
          .append(Micros.text(t.feesMicros())).append(',')
          .append(t.closed() ? Micros.text(t.netPnlMicros()) : "").append(',')
          .append(t.closed() ? "closed" : "open").append('\n');
    }
    return out.toString();
  }

  /** An average price: exact when the micro-units divide evenly, else the shortest decimal of the double. */
  private static String average(long notionalMicros, long quantity) {
    if (notionalMicros % quantity == 0) {
      return Micros.text(notionalMicros / quantity);
    }
    return CsvText.number(notionalMicros / (double) quantity / Micros.PER_UNIT);
  }

  static String equity(BacktestResult result) {
    EquityCurve curve = result.equityCurve();
    StringBuilder out = new StringBuilder(64 + curve.size() * 80);
    out.append("timestamp,equity,cash,gross_exposure,benchmark_equity\n");
    for (int i = 0; i < curve.size(); i++) {
      out.append(CsvText.timestamp(curve.timeMicros(i))).append(',')
          .append(Micros.text(curve.equityMicros(i))).append(',')
          .append(Micros.text(curve.cashMicros(i))).append(',')
          .append(Micros.text(curve.grossExposureMicros(i))).append(',')
          .append(CsvText.number(curve.benchmark(i))).append('\n');
    }
    return out.toString();
  }

  static String fills(BacktestResult result) {
    StringBuilder out = new StringBuilder(128 + result.fills().size() * 120);
    out.append("timestamp,symbol,side,quantity,price,notional,fee,order_id,order_quantity,signal_time,bar\n");
    for (Fill f : result.fills()) {
      out.append(CsvText.timestamp(f.timeMicros())).append(',')
          .append(CsvText.field(f.symbol().value())).append(',')
          .append(f.side()).append(',')
          .append(f.quantity()).append(',')
          .append(Micros.text(f.priceMicros())).append(',')
          .append(Micros.text(f.notionalMicros())).append(',')
          .append(Micros.text(f.feeMicros())).append(',')
          .append(CsvText.field(f.orderId())).append(',')
          .append(f.orderQuantity()).append(',')
          .append(CsvText.timestamp(f.signalTimeMicros())).append(',')
          .append(f.barIndex()).append('\n');
    }
    return out.toString();
  }

  static String rejections(BacktestResult result) {
    StringBuilder out = new StringBuilder(128 + result.rejections().size() * 160);
    out.append("timestamp,symbol,side,quantity,price,stage,reason,detail\n");
    for (OrderRejection r : result.rejections()) {
      out.append(CsvText.timestamp(r.timeMicros())).append(',')
          .append(CsvText.field(r.symbol().value())).append(',')
          .append(r.side()).append(',')
          .append(r.quantity()).append(',')
          .append(CsvText.number(r.price())).append(',')
          .append(r.stage().id()).append(',')
          .append(CsvText.field(r.reason())).append(',')
          .append(CsvText.field(r.detail())).append('\n');
    }
    return out.toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
