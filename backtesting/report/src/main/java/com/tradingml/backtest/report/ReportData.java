package com.tradingml.backtest.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a backtest report shows, as the engine hands it over: the definition that
 * {@link ResolvedReport} turns into chart series.
 *
 * <p>Immutable and thread-safe (collections are copied; map values should themselves be immutable: numbers,
 * strings, instants, nested maps or lists of those). Order is kept as given: pass ordered maps
 * ({@link LinkedHashMap}, {@code TreeMap}) so the page, and its bytes, are stable.
 *
 * @param title the page's title, shown as text (escaped)
 * @param summary inputs and metrics in display order; a value that is itself a {@code Map} becomes its own
 *     titled table (e.g. {@code "inputs" -> {...}}, {@code "metrics" -> {...}})
 * @param equity the equity curve, one point per bar, strictly increasing in time; may be empty
 * @param trades closed trades in the engine's order (usually by exit time); may be empty
 * @param perSymbolMetrics symbol -> metric name -> value; the table's columns are the union of metric names
 *     in first-seen order
 * @param settings annualisation, windows and display limits
 */
public record ReportData(
    String title,
    Map<String, Object> summary,
    List<EquityPoint> equity,
    List<TradeRow> trades,
    Map<String, Map<String, Object>> perSymbolMetrics,
    ReportSettings settings) {

  public ReportData {
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("report title must not be blank, got '" + title + "'");
    }
    if (summary == null || equity == null || trades == null || perSymbolMetrics == null || settings == null) {
      throw new IllegalArgumentException("report '" + title + "' is missing a part: summary " + (summary != null)
          + ", equity " + (equity != null) + ", trades " + (trades != null) + ", perSymbolMetrics "
          + (perSymbolMetrics != null) + ", settings " + (settings != null));
    }
    summary = Collections.unmodifiableMap(copyKeys(summary, "summary"));
    equity = List.copyOf(equity);
    trades = List.copyOf(trades);
    Map<String, Map<String, Object>> symbols = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Object>> e : perSymbolMetrics.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("perSymbolMetrics has a null symbol or metrics map: " + e.getKey());
      }
      symbols.put(e.getKey(), Collections.unmodifiableMap(copyKeys(e.getValue(), "metrics of " + e.getKey())));
    }
    perSymbolMetrics = Collections.unmodifiableMap(symbols);
    for (int i = 1; i < equity.size(); i++) {
      EquityPoint previous = equity.get(i - 1);
      EquityPoint current = equity.get(i);
      if (!current.time().isAfter(previous.time())) {
        throw new IllegalArgumentException("equity times must be strictly increasing: point " + i + " at "
            + current.time() + " does not follow " + previous.time());
      }
    }
  }

  /** A report with {@link ReportSettings#defaults()} (daily bars). */
  public static ReportData of(String title, Map<String, Object> summary, List<EquityPoint> equity,
      List<TradeRow> trades, Map<String, Map<String, Object>> perSymbolMetrics) {
    return new ReportData(title, summary, equity, trades, perSymbolMetrics, ReportSettings.defaults());
  }

  public static Builder builder() {
    return new Builder();
  }

  private static Map<String, Object> copyKeys(Map<String, Object> source, String what) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : source.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException(what + " has a null key");
      }
      copy.put(e.getKey(), e.getValue());
    }
    return copy;
  }

  /**
   * Collects a report's parts; {@link #build()} validates (through the record's constructor). Summary and
   * per-symbol metrics default to empty, settings to {@link ReportSettings#defaults()}.
   */
  public static final class Builder {
    private String title;
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final List<EquityPoint> equity = new ArrayList<>();
    private final List<TradeRow> trades = new ArrayList<>();
    private final Map<String, Map<String, Object>> perSymbolMetrics = new LinkedHashMap<>();
    private ReportSettings settings = ReportSettings.defaults();

    private Builder() {}

    public Builder title(String value) {
      this.title = value;
      return this;
    }

    /** Adds one summary entry, after those added before. */
    public Builder summary(String key, Object value) {
      summary.put(key, value);
      return this;
    }

    public Builder summary(Map<String, Object> entries) {
      summary.putAll(entries);
      return this;
    }

    public Builder equity(List<EquityPoint> points) {
      equity.addAll(points);
      return this;
    }

    public Builder equityPoint(EquityPoint point) {
      equity.add(point);
      return this;
    }

    public Builder trades(List<TradeRow> rows) {
      trades.addAll(rows);
      return this;
    }

    public Builder trade(TradeRow row) {
      trades.add(row);
      return this;
    }

    public Builder symbolMetrics(String symbol, Map<String, Object> metrics) {
      perSymbolMetrics.put(symbol, metrics);
      return this;
    }

    public Builder settings(ReportSettings value) {
      this.settings = value;
      return this;
    }

    public ReportData build() {
      return new ReportData(title, summary, equity, trades, perSymbolMetrics, settings);
    }
  }
}
