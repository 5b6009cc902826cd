package com.tradingml.tracing;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Distributed tracing for one JVM of the pipeline: Micrometer Tracing's API bridged to the OpenTelemetry SDK,
 * exporting spans over OTLP (Jaeger, Tempo and the OpenTelemetry Collector accept it).
 *
 * <p><b>Off unless configured.</b> Tracing is on only when {@value #ENDPOINT_ENV} or {@value #TRACES_ENDPOINT_ENV}
 * is set (and {@code OTEL_SDK_DISABLED} is not {@code true}). Off, no SDK is built, no thread is started and nothing
 * is sent; {@link #tracer()} is Micrometer's no-op tracer, {@link #observationRegistry()} the no-op registry, and
 * {@link #startCurrentSpan} returns one shared no-op span: the request path pays a branch.
 *
 * <p><b>Settings</b> are the standard {@code OTEL_*} variables, read by the SDK's autoconfiguration (so every one it
 * documents works: {@code OTEL_SERVICE_NAME}, {@code OTEL_RESOURCE_ATTRIBUTES}, {@code OTEL_TRACES_SAMPLER} and
 * {@code _ARG}, {@code OTEL_EXPORTER_OTLP_HEADERS}, {@code _TIMEOUT}, {@code _PROTOCOL}...). Our defaults, which any
 * of them overrides: the protocol is {@code http/protobuf} (port 4318; sent by the JDK's HTTP client), the metrics
 * and logs exporters are {@code none} (metrics are Prometheus', logs are lines on standard error that carry the
 * trace id), and the service name is the one the process passes. Propagation is W3C {@code traceparent} and
 * {@code tracestate}, so a caller's trace continues in the decision service.
 *
 * <p>{@link #close()} flushes the spans still queued, waiting at most {@value #FLUSH_SECONDS} s: a command that ends
 * without closing loses its last batch, and one whose collector is down ends at most that much later (the exporter
 * would otherwise retry for about 10 s).
 */
public final class Tracing implements AutoCloseable {

  public static final String ENDPOINT_ENV = "OTEL_EXPORTER_OTLP_ENDPOINT";
  public static final String TRACES_ENDPOINT_ENV = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
  static final int FLUSH_SECONDS = 3;
  private static final String INSTRUMENTATION = "com.tradingml";

  private static final Tracing OFF = new Tracing(null, Tracer.NOOP, Propagator.NOOP, ObservationRegistry.NOOP);
  private static volatile Tracing process = OFF;

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;
  private final Propagator propagator;
  private final ObservationRegistry observations;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Tracing(OpenTelemetrySdk sdk, Tracer tracer, Propagator propagator, ObservationRegistry observations) {
    this.sdk = sdk;
    this.tracer = tracer;
    this.propagator = propagator;
    this.observations = observations;
  }

  /** Tracing that does nothing. */
  public static Tracing off() {
    return OFF;
  }

  /**
   * Tracing as {@code env} (the process's environment, or a test's) configures it: off without an OTLP endpoint.
   * {@code serviceName} is the default of {@code OTEL_SERVICE_NAME}. A malformed setting is an
   * {@link IllegalArgumentException} naming it.
   */
  public static Tracing fromEnvironment(Map<String, String> env, String serviceName) {
    boolean endpoint = !env.getOrDefault(ENDPOINT_ENV, "").isBlank()
        || !env.getOrDefault(TRACES_ENDPOINT_ENV, "").isBlank();
    if (!endpoint || "true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").trim())) {
      return OFF;
    }
    Map<String, String> defaults = Map.of(
        "otel.service.name", serviceName,
        "otel.exporter.otlp.protocol", "http/protobuf",
        "otel.traces.exporter", "otlp",
        "otel.metrics.exporter", "none",
        "otel.logs.exporter", "none");
    Map<String, String> given = otelProperties(env);
    OpenTelemetrySdk sdk;
    try {
      sdk = AutoConfiguredOpenTelemetrySdk.builder()
          .addPropertiesSupplier(() -> defaults)
          .addPropertiesCustomizer(config -> given)
          .disableShutdownHook() // the process closes it, after its last span
          .build()
          .getOpenTelemetrySdk();
    } catch (RuntimeException e) { // the SDK's ConfigurationException names the property
      throw new IllegalArgumentException("tracing: " + e.getMessage(), e);
    }
    io.opentelemetry.api.trace.Tracer otelTracer = sdk.getTracer(INSTRUMENTATION);
    OtelCurrentTraceContext current = new OtelCurrentTraceContext();
    Tracer tracer = new OtelTracer(otelTracer, current, event -> { },
        new OtelBaggageManager(current, List.of(), List.of()));
    Propagator propagator = new OtelPropagator(sdk.getPropagators(), otelTracer);
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
    return new Tracing(sdk, tracer, propagator, observations);
  }

  /** {@code OTEL_EXPORTER_OTLP_ENDPOINT} -> {@code otel.exporter.otlp.endpoint}, the SDK's property names. */
  static Map<String, String> otelProperties(Map<String, String> env) {
    Map<String, String> properties = new HashMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith("OTEL_") && value != null) {
        properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return properties;
  }

  /** The process's tracing ({@link #off()} until {@link #installForProcess} is called): what the jobs use. */
  public static Tracing forProcess() {
    return process;
  }

  /** Makes {@code tracing} the process's; the caller still closes it when the process is done. */
  public static void installForProcess(Tracing tracing) {
    process = tracing;
  }

  public boolean enabled() {
    return sdk != null;
  }

  public Tracer tracer() {
    return tracer;
  }

  /** For Spring Batch's job and step observations: each becomes a span (no-op registry when off). */
  public ObservationRegistry observationRegistry() {
    return observations;
  }

  /**
   * Starts a span for a request received, continuing the caller's trace when {@code header} (a request header by
   * name) carries a W3C {@code traceparent}, and makes it current on this thread until {@link CurrentSpan#close()}.
   */
  public CurrentSpan startCurrentSpan(String name, Function<String, String> header) {
    return startContinuing(name, header, Span.Kind.SERVER);
  }

  /**
   * The span current on this thread as environment variables for a child process ({@code TRACEPARENT} and, when
   * there is one, {@code TRACESTATE}: the W3C headers' names in upper case, the convention OpenTelemetry uses for
   * environment carriers), so that the child's work joins this trace ({@link #startChildProcessSpan}). Empty when
   * tracing is off or no span is current.
   */
  public Map<String, String> childProcessEnvironment() {
    Span current = sdk == null ? null : tracer.currentSpan();
    if (current == null) {
      return Map.of();
    }
    Map<String, String> env = new LinkedHashMap<>();
    propagator.inject(current.context(), env,
        (carrier, key, value) -> carrier.put(key.toUpperCase(Locale.ROOT), value));
    return env;
  }

  /**
   * Starts the span of a child process's whole work, continuing the parent's trace when {@code env} carries its
   * {@link #childProcessEnvironment()}, a new trace otherwise; current on this thread until closed.
   */
  public CurrentSpan startChildProcessSpan(String name, Map<String, String> env) {
    return startContinuing(name, header -> env.get(header.toUpperCase(Locale.ROOT)), Span.Kind.CONSUMER);
  }

  private CurrentSpan startContinuing(String name, Function<String, String> header, Span.Kind kind) {
    if (sdk == null) {
      return CurrentSpan.NOOP;
    }
    Span span = propagator.extract(header, (carrier, key) -> carrier.apply(key))
        .name(name)
        .kind(kind)
        .start();
    return new CurrentSpan(span, tracer.withSpan(span));
  }

  /**
   * Starts a span for work this process does of its own accord (a command, a scheduled run), as a child of the span
   * current on this thread if any, and makes it current on this thread until {@link CurrentSpan#close()}.
   */
  public CurrentSpan startSpan(String name) {
    if (sdk == null) {
      return CurrentSpan.NOOP;
    }
    Span span = tracer.nextSpan().name(name).start();
    return new CurrentSpan(span, tracer.withSpan(span));
  }

  /**
   * A started span, current on the thread that started it until closed. Owned by that thread: not thread-safe.
   */
  public static class CurrentSpan implements AutoCloseable {

    static final CurrentSpan NOOP = new CurrentSpan(null, null) {
      @Override
      public boolean isRecording() {
        return false;
      }

      @Override
      public void tag(String key, String value) {}

      @Override
      public void error(Throwable error) {}

      @Override
      public void close() {}
    };

    private final Span span;
    private final Tracer.SpanInScope scope;

    CurrentSpan(Span span, Tracer.SpanInScope scope) {
      this.span = span;
      this.scope = scope;
    }

    /** False when tracing is off: a caller can skip computing tags. */
    public boolean isRecording() {
      return true;
    }

    /** Adds an attribute; a null value is left out. */
    public void tag(String key, String value) {
      if (value != null) {
        span.tag(key, value);
      }
    }

    public void error(Throwable error) {
      span.error(error);
    }

    @Override
    public void close() {
      scope.close();
      span.end();
    }
  }

  /**
   * {@code trace_id} and {@code span_id} of the span current on the calling thread, for log lines; empty outside
   * a span (and always when tracing is off).
   */
  public static Map<String, String> logContext() {
    SpanContext context = io.opentelemetry.api.trace.Span.current().getSpanContext();
    if (!context.isValid()) {
      return Map.of();
    }
    Map<String, String> fields = new LinkedHashMap<>(4);
    fields.put("trace_id", context.getTraceId());
    fields.put("span_id", context.getSpanId());
    return fields;
  }

  /**
   * Exports what is queued and stops the exporter (at most {@value #FLUSH_SECONDS} s). Idempotent: a shutdown hook and
   * the main thread may both close the process's tracing.
   */
  @Override
  public void close() {
    if (sdk != null && closed.compareAndSet(false, true)) {
      sdk.shutdown().join(FLUSH_SECONDS, TimeUnit.SECONDS);
      if (process == this) {
        process = OFF;
      }
    }
  }
}
