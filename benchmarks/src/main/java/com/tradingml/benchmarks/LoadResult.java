package com.tradingml.benchmarks;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The figures of one {@link LoadGenerator} run: requests answered in the measured window, their statuses,
 * socket errors, and latency percentiles in milliseconds (open loop: from the intended send time, plus the
 * service time and the generator's send lag). Immutable once built.
 */
public final class LoadResult {

  private final LoadOptions options;
  private final long completed;
  private final Map<Integer, Long> statuses;
  private final long socketErrors;
  private final long unfinished;
  private final Histogram latency;
  private final Histogram serviceTime;
  private final Histogram sendLag;

  LoadResult(LoadOptions options, long completed, Map<Integer, Long> statuses, long socketErrors, long unfinished,
      Histogram latency, Histogram serviceTime, Histogram sendLag) {
    this.options = options;
    this.completed = completed;
    this.statuses = new TreeMap<>(statuses);
    this.socketErrors = socketErrors;
    this.unfinished = unfinished;
    this.latency = latency.copy();
    this.serviceTime = serviceTime == null ? null : serviceTime.copy();
    this.sendLag = sendLag == null ? null : sendLag.copy();
  }

  public long completed() {
    return completed;
  }

  /** Answered requests per second of the measured window. */
  public double requestsPerSecond() {
    return completed / (options.duration().toNanos() / 1e9);
  }

  /** Answers with a status outside 200-299. */
  public long non2xx() {
    return statuses.entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() > 299)
        .mapToLong(Map.Entry::getValue).sum();
  }

  public long socketErrors() {
    return socketErrors;
  }

  public long unfinished() {
    return unfinished;
  }

  /** Latency at {@code percentile} (0-100) in milliseconds; open loop: from the intended send time. */
  public double latencyMillis(double percentile) {
    return millis(latency, percentile);
  }

  public double maxMillis() {
    return latency.getMaxValue() / 1e6;
  }

  public long latencyCount() {
    return latency.getTotalCount();
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1e6;
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    out.append(options.describe()).append('\n');
    out.append(String.format(Locale.ROOT, "  requests %,d in %.1f s = %,.1f req/s; non-2xx %d; socket errors %d",
        completed, options.duration().toNanos() / 1e9, requestsPerSecond(), non2xx(), socketErrors));
    if (options.open()) {
      out.append(String.format(Locale.ROOT, "; unfinished %d (target %,.1f req/s)", unfinished, options.rate()));
    }
    out.append('\n').append(String.format(Locale.ROOT,
        "  latency%s ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (mean %.3f)",
        options.open() ? " from intended send" : "", latencyMillis(50), latencyMillis(90), latencyMillis(99),
        latencyMillis(99.9), maxMillis(), latency.getMean() / 1e6));
    if (options.open()) {
      out.append('\n').append(String.format(Locale.ROOT, "  service time ms (from actual send): p50 %.3f  p99 %.3f"
          + "  max %.3f; send lag ms (actual - intended): p50 %.3f  p99 %.3f  max %.3f", millis(serviceTime, 50),
          millis(serviceTime, 99), serviceTime.getMaxValue() / 1e6, millis(sendLag, 50), millis(sendLag, 99),
          sendLag.getMaxValue() / 1e6));
    }
    if (non2xx() > 0) {
      out.append('\n').append("  statuses ").append(statuses);
    }
    return out.toString();
  }

  /** One JSON object (milliseconds), for scripts. */
  public String json() {
    StringBuilder json = new StringBuilder("{");
    field(json, "label", "\"" + options.label().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    field(json, "mode", "\"" + options.mode() + "\"");
    field(json, "connections", Integer.toString(options.connections()));
    field(json, "targetRate", options.open() ? num(options.rate()) : "null");
    field(json, "seconds", num(options.duration().toNanos() / 1e9));
    field(json, "requests", Long.toString(completed));
    field(json, "rps", num(requestsPerSecond()));
    field(json, "non2xx", Long.toString(non2xx()));
    field(json, "socketErrors", Long.toString(socketErrors));
    field(json, "unfinished", Long.toString(unfinished));
    field(json, "p50", num(latencyMillis(50)));
    field(json, "p90", num(latencyMillis(90)));
    field(json, "p99", num(latencyMillis(99)));
    field(json, "p999", num(latencyMillis(99.9)));
    field(json, "max", num(maxMillis()));
    field(json, "mean", num(latency.getMean() / 1e6));
    if (options.open()) {
      field(json, "serviceP50", num(millis(serviceTime, 50)));
      field(json, "serviceP99", num(millis(serviceTime, 99)));
      field(json, "sendLagP50", num(millis(sendLag, 50)));
      field(json, "sendLagP99", num(millis(sendLag, 99)));
      field(json, "sendLagMax", num(sendLag.getMaxValue() / 1e6));
    }
    json.setLength(json.length() - 1);
    return json.append('}').toString();
  }

  private static void field(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":").append(value).append(',');
  }

  private static String num(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
