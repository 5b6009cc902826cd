package com.tradingml.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The service's meters (Micrometer, scraped at {@code GET /metrics} in Prometheus' text format). Names as Prometheus
 * shows them:
 * <ul>
 *   <li>{@code serving_decision_latency_seconds} (histogram with buckets for p99 queries, plus p50/p99/p999 gauges):
 *       server-side time per decision, from arrival (queue wait included) to the response.
 *   <li>{@code serving_decisions_total{action,reason}}: decisions by action and reason code.
 *   <li>{@code serving_fail_closed_total{reason}}: HOLDs that failed closed (no model, stale features, NaN input,
 *       deadline, risk state unavailable, audit unavailable, internal error...).
 *   <li>{@code serving_risk_rejects_total{check}}: failed pre-trade checks by check name.
 *   <li>{@code serving_model_active_version{model}}: the version served (NaN before the first load).
 *   <li>{@code serving_model_reloads_total}, {@code serving_model_reload_failures_total{stage}}.
 *   <li>{@code serving_feature_staleness_seconds}: age of the newest live bar over all symbols;
 *       {@code serving_decision_feature_age_seconds}: age of the features behind each decision.
 *   <li>{@code serving_requests_shed_total{reason}}: 503s from overload (queue_full, queue_timeout).
 *   <li>{@code serving_http_requests_total{endpoint,status}}.
 *   <li>{@code serving_audit_records_total}, {@code serving_audit_failures_total}, {@code serving_audit_queue_depth}.
 *   <li>{@code serving_feature_replay_gaps_total}; JVM memory, GC, threads and CPU.
 * </ul>
 * Thread-safe; the per-request path looks meters up in maps of prebuilt meters (no builder per call).
 */
final class ServingMetrics {

  private final PrometheusMeterRegistry registry;
  private final Timer decisionLatency;
  private final Timer decisionFeatureAge;
  private final Counter reloads;
  private final Counter auditRecords;
  private final Counter auditFailures;
  private final Counter replayGaps;
  private final ConcurrentHashMap<String, Counter> decisions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> failClosed = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> riskRejects = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> reloadFailures = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> shed = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> http = new ConcurrentHashMap<>();
  private volatile double activeVersion = Double.NaN;

  ServingMetrics(String modelName) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    decisionLatency = Timer.builder("serving.decision.latency")
        .description("Server-side time per decision, from arrival (queue wait included) to the response")
        .publishPercentileHistogram()
        .publishPercentiles(0.5, 0.99, 0.999)
        .serviceLevelObjectives(Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(50))
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(1))
        .register(registry);
    decisionFeatureAge = Timer.builder("serving.decision.feature.age")
        .description("Age of the last bar behind each decision's features")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofDays(7))
        .register(registry);
    reloads = Counter.builder("serving.model.reloads").description("Model versions loaded and swapped in")
        .register(registry);
    auditRecords = Counter.builder("serving.audit.records").description("Decisions written to the audit log")
        .register(registry);
    auditFailures = Counter.builder("serving.audit.failures")
        .description("Audit records lost to a write error (the service fails closed while the log is unwritable)")
        .register(registry);
    replayGaps = Counter.builder("serving.feature.replay.gaps")
        .description("Feature states that caught up across a possible gap (history ring overflowed)")
        .register(registry);
    Gauge.builder("serving.model.active.version", this, m -> m.activeVersion).tag("model", modelName)
        .description("The model version being served; NaN before the first load").register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }

  void decision(String action, String reason, long nanos) {
    decisionLatency.record(nanos, TimeUnit.NANOSECONDS);
    decisions.computeIfAbsent(action + '\0' + reason, k -> Counter.builder("serving.decisions")
        .description("Decisions by action and reason").tag("action", action).tag("reason", reason)
        .register(registry)).increment();
  }

  void failClosed(String reason) {
    failClosed.computeIfAbsent(reason, r -> Counter.builder("serving.fail.closed")
        .description("Decisions that failed closed (HOLD) by reason").tag("reason", r).register(registry))
        .increment();
  }

  void riskReject(String check) {
    riskRejects.computeIfAbsent(check, c -> Counter.builder("serving.risk.rejects")
        .description("Failed pre-trade risk checks by check").tag("check", c).register(registry)).increment();
  }

  void featureAge(long micros) {
    if (micros >= 0) {
      decisionFeatureAge.record(micros, TimeUnit.MICROSECONDS);
    }
  }

  void modelLoaded(int version) {
    activeVersion = version;
    reloads.increment();
  }

  void reloadFailure(String stage) {
    reloadFailures.computeIfAbsent(stage, s -> Counter.builder("serving.model.reload.failures")
        .description("Model reloads that failed (the current model is kept) by stage").tag("stage", s)
        .register(registry)).increment();
  }

  double reloadFailures() {
    return reloadFailures.values().stream().mapToDouble(Counter::count).sum();
  }

  void shed(String reason) {
    shed.computeIfAbsent(reason, r -> Counter.builder("serving.requests.shed")
        .description("Requests refused with 503 under overload").tag("reason", r).register(registry)).increment();
  }

  void http(String endpoint, int status) {
    http.computeIfAbsent(endpoint + '\0' + status, k -> Counter.builder("serving.http.requests")
        .description("HTTP requests by endpoint and status").tag("endpoint", endpoint)
        .tag("status", Integer.toString(status)).register(registry)).increment();
  }

  void auditWritten(int records) {
    auditRecords.increment(records);
  }

  void auditFailed(int records) {
    auditFailures.increment(records);
  }

  void replayGap() {
    replayGaps.increment();
  }

  void gauge(String name, String description, DoubleSupplier value) {
    Gauge.builder(name, value, DoubleSupplier::getAsDouble).description(description).register(registry);
  }
}
