package com.tradingml.backtest.report;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The monthly returns heatmap: an HTML table, one row per year and one column per month, each cell colored
 * on a red-white-green scale by its return, plus the year's return and, when there is one, the
 * benchmark's year return.
 *
 * <p>Color scale: the intensity is {@code |r| / s}, capped at 1, where {@code s} is the largest absolute
 * monthly return (for the month cells) or yearly return (for the year columns), so the scale is symmetric
 * around zero and the strongest month is the deepest color.
 */
final class MonthlyHeatmap {
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final int[] WHITE = {255, 255, 255};
  private static final int[] GREEN = {22, 163, 74};
  private static final int[] RED = {220, 38, 38};
  private static final int[] NEUTRAL = {243, 244, 246};

  private MonthlyHeatmap() {}

  static String render(String id, MonthlyReturns strategy, MonthlyReturns benchmark, boolean hasBenchmark) {
    StringBuilder html = new StringBuilder(8 * 1024);
    if (strategy.months().isEmpty()) {
      return html.append("<table id=\"").append(id).append("\" class=\"heatmap empty\"><tbody><tr><td>")
          .append("No equity data</td></tr></tbody></table>").toString();
    }
    Map<Integer, Map<Integer, Double>> byYear = new TreeMap<>();
    double monthScale = 0;
    for (MonthlyReturns.MonthReturn m : strategy.months()) {
      YearMonth ym = m.month();
      byYear.computeIfAbsent(ym.getYear(), y -> new LinkedHashMap<>()).put(ym.getMonthValue(), m.value());
      if (Double.isFinite(m.value())) {
        monthScale = Math.max(monthScale, Math.abs(m.value()));
      }
    }
    Map<Integer, Double> years = new TreeMap<>();
    Map<Integer, Double> benchmarkYears = new TreeMap<>();
    double yearScale = 0;
    for (MonthlyReturns.YearReturn y : strategy.years()) {
      years.put(y.year(), y.value());
      if (Double.isFinite(y.value())) {
        yearScale = Math.max(yearScale, Math.abs(y.value()));
      }
    }
    for (MonthlyReturns.YearReturn y : benchmark.years()) {
      benchmarkYears.put(y.year(), y.value());
      if (Double.isFinite(y.value())) {
        yearScale = Math.max(yearScale, Math.abs(y.value()));
      }
    }
    html.append("<table id=\"").append(id).append("\" class=\"heatmap\"><thead><tr><th scope=\"col\">Year</th>");
    for (String month : MONTHS) {
      html.append("<th scope=\"col\">").append(month).append("</th>");
    }
    html.append("<th scope=\"col\" class=\"year-col\">Year</th>");
    if (hasBenchmark) {
      html.append("<th scope=\"col\" class=\"year-col\">Benchmark</th>");
    }
    html.append("</tr></thead><tbody>");
    for (Map.Entry<Integer, Map<Integer, Double>> row : byYear.entrySet()) {
      int year = row.getKey();
      html.append("<tr><th scope=\"row\">").append(year).append("</th>");
      for (int month = 1; month <= 12; month++) {
        Double value = row.getValue().get(month);
        String title = String.format(Locale.ROOT, "%04d-%02d", year, month);
        cell(html, "month", value, monthScale, title);
      }
      cell(html, "year-col", years.get(year), yearScale, year + " strategy");
      if (hasBenchmark) {
        cell(html, "year-col", benchmarkYears.get(year), yearScale, year + " benchmark");
      }
      html.append("</tr>");
    }
    return html.append("</tbody></table>").toString();
  }

  private static void cell(StringBuilder html, String cssClass, Double value, double scale, String title) {
    if (value == null || !Double.isFinite(value)) {
      html.append("<td class=\"").append(cssClass).append(" none\"></td>");
      return;
    }
    double intensity = scale > 0 ? Math.min(1, Math.abs(value) / scale) : 0;
    // An exact zero (a month out of the market) stays neutral; anything else gets at least a tint.
    int[] rgb = value == 0 ? NEUTRAL : mix(WHITE, value < 0 ? RED : GREEN, 0.08 + 0.82 * intensity);
    String text = Formats.percent(value, 1, true);
    html.append("<td class=\"").append(cssClass).append(intensity > 0.55 ? " dark" : "")
        .append("\" style=\"background:").append(hex(rgb)).append("\" title=\"").append(title).append(": ")
        .append(Formats.signedPercent(value)).append("\">").append(text).append("</td>");
  }

  static int[] mix(int[] from, int[] to, double amount) {
    int[] out = new int[3];
    for (int i = 0; i < 3; i++) {
      out[i] = (int) Math.round(from[i] + (to[i] - from[i]) * amount);
    }
    return out;
  }

  private static String hex(int[] rgb) {
    return String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
  }
}
