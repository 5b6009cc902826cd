package com.tradingml.jobs.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The jobs' metrics (names are a contract: monitoring/README.md): records read/kept/quarantined,
 * durations, failures, last success time, model metrics. A batch process is short-lived, so the
 * registry is pushed to a Prometheus Pushgateway when one is configured ({@code pushgateway.url}).
 * Thread-safe.
 */
public final class JobMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public void records(String job, String outcome, long count) {
    Counter.builder("pipeline_job_records").tag("job", job).tag("outcome", outcome)
        .description("records seen by a job step: read, kept or quarantined").register(registry).increment(count);
  }

  public void duration(String job, Duration duration) {
    Timer.builder("pipeline_job_duration").tag("job", job).description("job run time").register(registry).record(duration);
  }

  public void failure(String job) {
    Counter.builder("pipeline_job_failures").tag("job", job).description("failed job runs").register(registry).increment();
  }

  public void success(String job, long epochSecond) {
    gauge("pipeline_job_last_success_timestamp_seconds", Map.of("job", job), epochSecond);
  }

  public void modelMetric(String name, String model, double value) {
    gauge(name, Map.of("model", model), value);
  }

  private void gauge(String name, Map<String, String> tags, double value) {
    String key = name + tags;
    gauges.computeIfAbsent(key, k -> {
      AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
      Gauge.Builder<AtomicReference<Double>> builder = Gauge.builder(name, holder, AtomicReference::get);
      tags.forEach(builder::tag);
      builder.register(registry);
      return holder;
    }).set(value);
  }

  /** Adds the JVM's memory, threads, class loading, CPU and uptime: for long-running processes (the scheduler). */
  public JobMetrics withJvmMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return this;
  }

  /** The text exposition format of everything recorded. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * PUTs the metrics to {@code <pushgateway>/metrics/job/<job>} (replacing that group). Failures are
   * returned, not thrown: monitoring must never fail a job that did its work; the caller logs them.
   */
  public String push(String pushgatewayUrl, String job) {
    if (pushgatewayUrl == null || pushgatewayUrl.isBlank()) {
      return null;
    }
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(pushgatewayUrl.replaceAll("/+$", "") + "/metrics/job/" + job))
          .timeout(Duration.ofSeconds(5))
          .header("Content-Type", "text/plain; version=0.0.4")
          .PUT(HttpRequest.BodyPublishers.ofString(scrape(), StandardCharsets.UTF_8))
          .build();
      HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
          .send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() / 100 == 2 ? null : "pushgateway answered " + response.statusCode() + ": " + response.body();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return "pushgateway unreachable: " + e;
    }
  }
}
