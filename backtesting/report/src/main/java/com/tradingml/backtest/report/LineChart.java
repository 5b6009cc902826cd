package com.tradingml.backtest.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Server-side SVG for time-series charts (lines, and areas down to zero), plus the JSON a hover read-out
 * needs. Long series are drawn from a {@link Downsampler#minMax} selection; the hover data is an evenly
 * spaced sample of the full series.
 */
final class LineChart {
  static final int WIDTH = 1000;
  static final int LEFT = 64;
  static final int RIGHT = 14;
  static final int TOP = 12;
  static final int BOTTOM = 30;
  /** Points per series in the hover data: about one per pixel pair of a 1,000-pixel plot. */
  static final int HOVER_POINTS = 600;
  private static final long DAY_MILLIS = 86_400_000L;

  /**
   * One series of a chart.
   *
   * @param key a CSS-safe identifier ({@code strategy}, {@code benchmark}), giving the class {@code s-key}
   * @param label the legend and hover name
   * @param values values aligned with the chart's times; NaN leaves a gap
   * @param area true to fill between the line and zero
   */
  record Series(String key, String label, double[] values, boolean area) {}

  /** The chart's SVG element and its hover data (a JSON object), to be placed in the page. */
  record Rendered(String svg, String hoverJson) {}

  private LineChart() {}

  static Rendered render(String id, String description, int height, long[] times, List<Series> series,
      ValueAxis.Style style, boolean zeroLine, int maxPoints, boolean dailyTimes, String emptyMessage) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    List<int[]> kept = new ArrayList<>();
    for (Series s : series) {
      int[] indices = Downsampler.minMax(s.values(), maxPoints);
      kept.add(indices);
      for (int i : indices) {
        double v = s.values()[i];
        if (!Double.isNaN(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    StringBuilder svg = new StringBuilder(64 * 1024);
    svg.append("<svg id=\"").append(id).append("\" class=\"chart line-chart\" viewBox=\"0 0 ").append(WIDTH)
        .append(' ').append(height).append("\" role=\"img\" aria-label=\"").append(Html.escape(description))
        .append("\">");
    if (min > max) {
      emptyState(svg, height, emptyMessage);
      return new Rendered(svg.append("</svg>").toString(), null);
    }
    if (zeroLine) {
      min = Math.min(min, 0);
      max = Math.max(max, 0);
    }
    long t0 = times[0];
    long t1 = times[times.length - 1];
    if (t0 == t1) {
      t0 -= DAY_MILLIS;
      t1 += DAY_MILLIS;
    }
    ValueAxis axis = ValueAxis.covering(min, max, Math.max(3, height / 60), style);
    Frame frame = new Frame(height, t0, t1, axis.low(), axis.high());

    svg.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
        .append(frame.plotWidth()).append("\" height=\"").append(frame.plotHeight()).append("\"/>");
    svg.append("<g class=\"grid\">");
    for (double tick : axis.ticks()) {
      String y = Formats.coordinate(frame.y(tick));
      svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(y)
          .append("\" y2=\"").append(y).append("\"/>");
    }
    svg.append("</g><g class=\"ticks y\">");
    for (double tick : axis.ticks()) {
      svg.append("<text x=\"").append(LEFT - 8).append("\" y=\"").append(Formats.coordinate(frame.y(tick) + 4))
          .append("\">").append(Html.escape(axis.label(tick))).append("</text>");
    }
    svg.append("</g><g class=\"ticks x\">");
    for (TimeTicks.Tick tick : TimeTicks.of(t0, t1, 8, dailyTimes)) {
      String x = Formats.coordinate(frame.x(tick.epochMillis()));
      svg.append("<line x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"").append(height - BOTTOM)
          .append("\" y2=\"").append(height - BOTTOM + 5).append("\"/><text x=\"").append(x).append("\" y=\"")
          .append(height - BOTTOM + 18).append("\">").append(Html.escape(tick.label())).append("</text>");
    }
    svg.append("</g>");
    if (zeroLine && axis.low() < 0 && axis.high() > 0) {
      String y = Formats.coordinate(frame.y(0));
      svg.append("<line class=\"zero\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
          .append("\" y1=\"").append(y).append("\" y2=\"").append(y).append("\"/>");
    }
    for (int k = 0; k < series.size(); k++) {
      appendSeries(svg, frame, times, series.get(k), kept.get(k));
    }
    // The hover read-out's marks, positioned by the page's script; created here so the script builds no SVG.
    svg.append("<g class=\"hover\" display=\"none\"><line class=\"hover-line\" x1=\"0\" x2=\"0\" y1=\"")
        .append(TOP).append("\" y2=\"").append(height - BOTTOM).append("\"/>");
    for (Series s : series) {
      svg.append("<circle class=\"hover-dot s-").append(s.key()).append("\" cx=\"0\" cy=\"0\" r=\"4\"/>");
    }
    svg.append("</g></svg>");
    return new Rendered(svg.toString(), hoverJson(id, frame, times, series, style, dailyTimes));
  }

  static void emptyState(StringBuilder svg, int height, String message) {
    svg.append("<rect class=\"plot empty\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
        .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(height - TOP - BOTTOM).append("\"/>")
        .append("<text class=\"empty-message\" x=\"").append(WIDTH / 2).append("\" y=\"").append(height / 2)
        .append("\">").append(Html.escape(message)).append("</text>");
  }

  private static void appendSeries(StringBuilder svg, Frame frame, long[] times, Series s, int[] indices) {
    double[] v = s.values();
    StringBuilder d = new StringBuilder(indices.length * 14);
    StringBuilder dots = new StringBuilder();
    int k = 0;
    while (k < indices.length) {
      while (k < indices.length && Double.isNaN(v[indices[k]])) {
        k++;
      }
      int start = k;
      while (k < indices.length && !Double.isNaN(v[indices[k]])) {
        k++;
      }
      if (k - start == 1) {
        int i = indices[start];
        dots.append("<circle class=\"dot s-").append(s.key()).append("\" cx=\"")
            .append(Formats.coordinate(frame.x(times[i]))).append("\" cy=\"")
            .append(Formats.coordinate(frame.y(v[i]))).append("\" r=\"3\"/>");
      } else if (k - start > 1) {
        segment(d, frame, times, v, indices, start, k, s.area());
      }
    }
    if (d.length() > 0) {
      if (s.area()) {
        svg.append("<path class=\"area s-").append(s.key()).append("\" d=\"").append(d).append("\"/>");
        d.setLength(0);
        k = 0;
        // The edge line of the area, drawn without the closing baseline.
        while (k < indices.length) {
          while (k < indices.length && Double.isNaN(v[indices[k]])) {
            k++;
          }
          int start = k;
          while (k < indices.length && !Double.isNaN(v[indices[k]])) {
            k++;
          }
          if (k - start > 1) {
            segment(d, frame, times, v, indices, start, k, false);
          }
        }
      }
      svg.append("<path class=\"line s-").append(s.key()).append("\" d=\"").append(d).append("\"/>");
    }
    svg.append(dots);
  }

  private static void segment(StringBuilder d, Frame frame, long[] times, double[] v, int[] indices, int from,
      int to, boolean area) {
    String baseline = Formats.coordinate(frame.y(0));
    for (int k = from; k < to; k++) {
      int i = indices[k];
      String x = Formats.coordinate(frame.x(times[i]));
      if (k == from) {
        d.append('M').append(x).append(',');
        if (area) {
          d.append(baseline).append('L').append(x).append(',');
        }
      } else {
        d.append('L').append(x).append(',');
      }
      d.append(Formats.coordinate(frame.y(v[i])));
    }
    if (area) {
      d.append('L').append(Formats.coordinate(frame.x(times[indices[to - 1]]))).append(',').append(baseline)
          .append('Z');
    }
  }

  private static String hoverJson(String id, Frame frame, long[] times, List<Series> series,
      ValueAxis.Style style, boolean dailyTimes) {
    int[] sample = Downsampler.evenly(times.length, HOVER_POINTS);
    StringBuilder json = new StringBuilder(sample.length * 12 * (series.size() + 1));
    json.append("{\"chart\":").append(Html.jsonString(id))
        .append(",\"left\":").append(LEFT).append(",\"right\":").append(WIDTH - RIGHT)
        .append(",\"top\":").append(TOP).append(",\"bottom\":").append(frame.height() - BOTTOM)
        .append(",\"width\":").append(WIDTH).append(",\"height\":").append(frame.height())
        .append(",\"t0\":").append(frame.t0()).append(",\"t1\":").append(frame.t1())
        .append(",\"v0\":").append(Formats.json(frame.v0())).append(",\"v1\":").append(Formats.json(frame.v1()))
        .append(",\"format\":").append(Html.jsonString(style == ValueAxis.Style.PERCENT ? "percent" : "number"))
        .append(",\"daily\":").append(dailyTimes).append(",\"times\":[");
    for (int k = 0; k < sample.length; k++) {
      json.append(k == 0 ? "" : ",").append(times[sample[k]]);
    }
    json.append("],\"series\":[");
    for (int s = 0; s < series.size(); s++) {
      Series one = series.get(s);
      json.append(s == 0 ? "" : ",").append("{\"key\":").append(Html.jsonString(one.key())).append(",\"label\":")
          .append(Html.jsonString(one.label())).append(",\"values\":[");
      for (int k = 0; k < sample.length; k++) {
        json.append(k == 0 ? "" : ",").append(Formats.json(one.values()[sample[k]]));
      }
      json.append("]}");
    }
    return json.append("]}").toString();
  }

  /** The mapping from (time, value) to SVG coordinates. */
  private record Frame(int height, long t0, long t1, double v0, double v1) {
    int plotWidth() {
      return WIDTH - LEFT - RIGHT;
    }

    int plotHeight() {
      return height - TOP - BOTTOM;
    }

    double x(long time) {
      return LEFT + (double) (time - t0) / (t1 - t0) * plotWidth();
    }

    double y(double value) {
      return TOP + (v1 - value) / (v1 - v0) * plotHeight();
    }
  }
}
