package com.tradingml.backtest.report;

import java.util.function.DoubleUnaryOperator;

/**
 * Server-side SVG of a {@link ReturnHistogram}: losing bins red, the others green, a zero line and a dashed
 * line at the mean; every bar carries a {@code <title>} (the browser's own tooltip, no script).
 */
final class HistogramChart {
  static final int WIDTH = LineChart.WIDTH;
  private static final int LEFT = LineChart.LEFT;
  private static final int RIGHT = LineChart.RIGHT;
  private static final int TOP = 22;
  private static final int BOTTOM = LineChart.BOTTOM;
  private static final int MAX_LABELS = 12;

  private HistogramChart() {}

  static String render(String id, int height, ReturnHistogram histogram, double mean) {
    StringBuilder svg = new StringBuilder(8 * 1024);
    svg.append("<svg id=\"").append(id).append("\" class=\"chart histogram\" viewBox=\"0 0 ").append(WIDTH)
        .append(' ').append(height).append("\" role=\"img\" aria-label=\"Histogram of trade net returns\">");
    if (histogram.bins() == 0) {
      LineChart.emptyState(svg, height, "No trades");
      return svg.append("</svg>").toString();
    }
    int maxCount = 0;
    for (int b = 0; b < histogram.bins(); b++) {
      maxCount = Math.max(maxCount, histogram.count(b));
    }
    double step = Math.max(1, Math.ceil(NiceNumbers.ceil(Math.max(1, maxCount) / 4.0)));
    ValueAxis counts = new ValueAxis(0, Math.ceil(maxCount / step) * step, step, ValueAxis.Style.NUMBER);
    double x0 = histogram.lowerEdge(0);
    double x1 = histogram.upperEdge(histogram.bins() - 1);
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = height - TOP - BOTTOM;
    DoubleUnaryOperator x = v -> LEFT + (v - x0) / (x1 - x0) * plotWidth;
    DoubleUnaryOperator y = c -> TOP + (counts.high() - c) / counts.high() * plotHeight;

    svg.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
        .append(Formats.coordinate(plotWidth)).append("\" height=\"").append(Formats.coordinate(plotHeight))
        .append("\"/><g class=\"grid\">");
    for (double tick : counts.ticks()) {
      String ty = Formats.coordinate(y.applyAsDouble(tick));
      svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(ty)
          .append("\" y2=\"").append(ty).append("\"/>");
    }
    svg.append("</g><g class=\"ticks y\">");
    for (double tick : counts.ticks()) {
      svg.append("<text x=\"").append(LEFT - 8).append("\" y=\"")
          .append(Formats.coordinate(y.applyAsDouble(tick) + 4)).append("\">").append(counts.label(tick))
          .append("</text>");
    }
    svg.append("</g><g class=\"bars\">");
    int percentDecimals = Formats.percentDecimals(histogram.width());
    for (int b = 0; b < histogram.bins(); b++) {
      double lower = histogram.lowerEdge(b);
      double upper = histogram.upperEdge(b);
      double left = x.applyAsDouble(lower) + 1;
      double right = x.applyAsDouble(upper) - 1;
      double top = y.applyAsDouble(histogram.count(b));
      boolean loss = Math.round(lower / histogram.width()) < 0;
      svg.append("<rect class=\"bar ").append(loss ? "loss" : "win").append("\" x=\"")
          .append(Formats.coordinate(left)).append("\" y=\"").append(Formats.coordinate(top)).append("\" width=\"")
          .append(Formats.coordinate(Math.max(1, right - left))).append("\" height=\"")
          .append(Formats.coordinate(TOP + plotHeight - top)).append("\"><title>")
          .append(Formats.percent(lower, percentDecimals, true)).append(" to ")
          .append(Formats.percent(upper, percentDecimals, true)).append(": ").append(histogram.count(b))
          .append(histogram.count(b) == 1 ? " trade" : " trades").append("</title></rect>");
    }
    svg.append("</g><g class=\"ticks x\">");
    int every = Math.max(1, (int) Math.ceil((histogram.bins() + 1) / (double) MAX_LABELS));
    long firstIndex = Math.round(x0 / histogram.width());
    for (int e = 0; e <= histogram.bins(); e++) {
      if (Math.floorMod(firstIndex + e, every) != 0) {
        continue;
      }
      double edge = histogram.lowerEdge(e);
      String tx = Formats.coordinate(x.applyAsDouble(edge));
      svg.append("<line x1=\"").append(tx).append("\" x2=\"").append(tx).append("\" y1=\"").append(height - BOTTOM)
          .append("\" y2=\"").append(height - BOTTOM + 5).append("\"/><text x=\"").append(tx).append("\" y=\"")
          .append(height - BOTTOM + 18).append("\">").append(Formats.percent(edge, percentDecimals, false))
          .append("</text>");
    }
    svg.append("</g>");
    if (x0 <= 0 && x1 >= 0) {
      String zx = Formats.coordinate(x.applyAsDouble(0));
      svg.append("<line class=\"zero vertical\" x1=\"").append(zx).append("\" x2=\"").append(zx).append("\" y1=\"")
          .append(TOP).append("\" y2=\"").append(height - BOTTOM).append("\"/>");
    }
    if (Double.isFinite(mean)) {
      double meanX = x.applyAsDouble(mean);
      String mx = Formats.coordinate(meanX);
      // The label stays inside the plot even when the mean sits near an edge.
      String labelX = Formats.coordinate(Math.max(LEFT + 60, Math.min(WIDTH - RIGHT - 60, meanX)));
      svg.append("<line class=\"mean\" x1=\"").append(mx).append("\" x2=\"").append(mx).append("\" y1=\"")
          .append(TOP - 4).append("\" y2=\"").append(height - BOTTOM).append("\"/><text class=\"mean-label\" x=\"")
          .append(labelX).append("\" y=\"").append(TOP - 8).append("\">mean ").append(Formats.signedPercent(mean))
          .append("</text>");
    }
    return svg.append("</svg>").toString();
  }
}
