package com.tradingml.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/**
 * The peer of the Spark feature job in the feature benchmark: the same bars (the bars table's Parquet
 * data files), the features that SQL window functions can express, written to Parquet, in DuckDB with
 * all its threads. EMA-based features (EMA, MACD and its signal, Wilder's RSI and ATR) are recursive and
 * have no window-function form; they are left out, which favours DuckDB. Prints rows/s.
 *
 * <p>Usage: {@code DuckDbFeatureBaseline <glob of bars parquet files> <output.parquet>}
 */
public final class DuckDbFeatureBaseline {

  private DuckDbFeatureBaseline() {}

  public static void main(String[] args) throws Exception {
    String input = args[0];
    Path output = Path.of(args[1]);
    Files.deleteIfExists(output);
    long started = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads TO " + Runtime.getRuntime().availableProcessors());
      String sql = """
          COPY (
            WITH b AS (
              SELECT symbol, "timestamp", open, high, low, close, volume,
                     ln(close / lag(close, 1) OVER w) AS logret_1
              FROM read_parquet('%s')
              WINDOW w AS (PARTITION BY symbol ORDER BY "timestamp")
            )
            SELECT symbol, "timestamp",
              logret_1,
              ln(close / lag(close, 5) OVER w) AS logret_5,
              ln(close / lag(close, 20) OVER w) AS logret_20,
              stddev_samp(logret_1) OVER w20 AS realized_vol_20,
              close / avg(close) OVER w20 - 1 AS sma_20_dist,
              (close - (avg(close) OVER w20 - 2 * stddev_pop(close) OVER w20))
                / nullif(4 * stddev_pop(close) OVER w20, 0) AS bb_pct_b_20_2,
              4 * stddev_pop(close) OVER w20 / avg(close) OVER w20 AS bb_bandwidth_20_2,
              (volume - avg(volume) OVER w20) / nullif(stddev_samp(volume) OVER w20, 0) AS volume_z_20,
              (high - low) / close AS range_rel,
              sin(2 * pi() * (isodow("timestamp") - 1) / 7) AS dow_sin,
              cos(2 * pi() * (isodow("timestamp") - 1) / 7) AS dow_cos,
              sin(2 * pi() * (hour("timestamp") * 60 + minute("timestamp")) / 1440) AS tod_sin,
              cos(2 * pi() * (hour("timestamp") * 60 + minute("timestamp")) / 1440) AS tod_cos,
              close,
              avg(close) OVER w20 AS sma_20,
              avg(close) OVER w20 + 2 * stddev_pop(close) OVER w20 AS bb_upper_20_2,
              avg(close) OVER w20 - 2 * stddev_pop(close) OVER w20 AS bb_lower_20_2,
              ln(lead(close, 1) OVER w / close) AS fwd_logret_1,
              ln(lead(close, 5) OVER w / close) AS fwd_logret_5,
              row_number() OVER w >= 34 AS warm
            FROM b
            WINDOW w AS (PARTITION BY symbol ORDER BY "timestamp"),
                   w20 AS (PARTITION BY symbol ORDER BY "timestamp" ROWS BETWEEN 19 PRECEDING AND CURRENT ROW)
          ) TO '%s' (FORMAT PARQUET, COMPRESSION ZSTD)
          """.formatted(input.replace("'", "''"), output.toString().replace("'", "''"));
      s.execute(sql);
      long rows;
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + output + "')")) {
        rs.next();
        rows = rs.getLong(1);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(Locale.ROOT, "duckdb features: %,d rows in %.2fs = %.2fM rows/s (%d threads; window-function "
          + "features only: no EMA/MACD/RSI/ATR)%n", rows, seconds, rows / seconds / 1e6,
          Runtime.getRuntime().availableProcessors());
    }
  }
}
