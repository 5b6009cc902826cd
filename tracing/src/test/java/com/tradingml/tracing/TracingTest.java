package com.tradingml.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.tracing.OtlpReceiver.ReceivedSpan;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tracing against a real OTLP/HTTP endpoint on loopback: what is exported, under which settings. */
class TracingTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = new OtlpReceiver();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put(Tracing.ENDPOINT_ENV, receiver.endpoint());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void isOffWithoutAnEndpointAndWhenTheSdkIsDisabled() throws Exception {
    for (Map<String, String> env : new Map[] {Map.of(), Map.of(Tracing.ENDPOINT_ENV, " "),
        env("OTEL_SDK_DISABLED", "true")}) {
      try (Tracing tracing = Tracing.fromEnvironment(env, "test-service")) {
        assertThat(tracing.enabled()).isFalse();
        assertThat(tracing.tracer()).isSameAs(Tracer.NOOP);
        assertThat(tracing.observationRegistry()).isSameAs(ObservationRegistry.NOOP);
        try (Tracing.CurrentSpan span = tracing.startCurrentSpan("GET /x",
            header -> "traceparent".equals(header) ? "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01" : null)) {
          span.tag("k", "v");
          assertThat(Tracing.logContext()).isEmpty();
        }
      }
    }
    Thread.sleep(200);
    assertThat(receiver.spans()).isEmpty();
    assertThat(receiver.contentTypes()).isEmpty();
  }

  @Test
  void aCurrentSpanContinuesTheCallersTraceAndIsExportedOverOtlpHttp() throws Exception {
    String currentTraceId;
    String currentSpanId;
    try (Tracing tracing = Tracing.fromEnvironment(env(), "test-service")) {
      assertThat(tracing.enabled()).isTrue();
      Map<String, String> headers = Map.of("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
      try (Tracing.CurrentSpan span = tracing.startCurrentSpan("POST /v1/decisions", headers::get)) {
        span.tag("symbol", "AAPL");
        span.tag("ignored", null);
        Map<String, String> log = Tracing.logContext();
        currentTraceId = log.get("trace_id");
        currentSpanId = log.get("span_id");
      }
      assertThat(Tracing.logContext()).as("nothing current after close").isEmpty();
    } // close flushes
    assertThat(currentTraceId).isEqualTo(TRACE_ID);
    assertThat(currentSpanId).matches("[0-9a-f]{16}").isNotEqualTo(CALLER_SPAN);

    ReceivedSpan span = receiver.await(s -> s.name().equals("POST /v1/decisions"), Duration.ofSeconds(5));
    assertThat(span.service()).isEqualTo("test-service");
    assertThat(span.traceId()).isEqualTo(TRACE_ID);
    assertThat(span.parentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(span.spanId()).isEqualTo(currentSpanId);
    assertThat(span.kind()).isEqualTo(ReceivedSpan.KIND_SERVER);
    assertThat(span.attributes()).containsEntry("symbol", "AAPL").doesNotContainKey("ignored");
    assertThat(receiver.contentTypes()).allMatch(type -> type.startsWith("application/x-protobuf"));
  }

  @Test
  void withoutACallerTheSpanStartsATrace() throws Exception {
    try (Tracing tracing = Tracing.fromEnvironment(env(), "test-service")) {
      tracing.startCurrentSpan("GET /v1/models/active", header -> null).close();
    }
    ReceivedSpan span = receiver.await(s -> s.name().equals("GET /v1/models/active"), Duration.ofSeconds(5));
    assertThat(span.traceId()).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID);
    assertThat(span.parentSpanId()).isEmpty();
  }

  @Test
  void observationsBecomeNestedSpans() throws Exception {
    try (Tracing tracing = Tracing.fromEnvironment(env(), "pipeline-jobs")) {
      ObservationRegistry registry = tracing.observationRegistry();
      Observation.createNotStarted("job", registry).lowCardinalityKeyValue("job.name", "nightly").observe(() ->
          Observation.createNotStarted("step", registry).observe(() -> assertThat(Tracing.logContext())
              .containsKeys("trace_id", "span_id")));
    }
    ReceivedSpan job = receiver.await(s -> s.name().equals("job"), Duration.ofSeconds(5));
    ReceivedSpan step = receiver.await(s -> s.name().equals("step"), Duration.ofSeconds(5));
    assertThat(job.parentSpanId()).isEmpty();
    assertThat(job.attributes()).containsEntry("job.name", "nightly");
    assertThat(step.traceId()).isEqualTo(job.traceId());
    assertThat(step.parentSpanId()).isEqualTo(job.spanId());
    assertThat(job.service()).isEqualTo("pipeline-jobs");
  }

  @Test
  void standardSettingsApply() throws Exception {
    try (Tracing tracing = Tracing.fromEnvironment(env("OTEL_SERVICE_NAME", "serving-canary"), "test-service")) {
      tracing.startCurrentSpan("named", header -> null).close();
    }
    assertThat(receiver.await(s -> s.name().equals("named"), Duration.ofSeconds(5)).service())
        .isEqualTo("serving-canary");

    try (Tracing tracing = Tracing.fromEnvironment(env("OTEL_TRACES_SAMPLER", "always_off"), "test-service")) {
      assertThat(tracing.enabled()).isTrue();
      tracing.startCurrentSpan("sampled-out", header -> null).close();
    }
    Thread.sleep(200);
    assertThat(receiver.spans()).noneMatch(s -> s.name().equals("sampled-out"));
  }

  @Test
  void aMalformedSettingIsAnErrorNamingIt() {
    assertThatThrownBy(() -> Tracing.fromEnvironment(env("OTEL_TRACES_SAMPLER", "sometimes"), "test-service"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otel.traces.sampler")
        .hasMessageContaining("sometimes");
  }

  @Test
  void aChildProcessJoinsTheTraceThroughItsEnvironment() throws Exception {
    Map<String, String> childEnv;
    String parentSpanId;
    try (Tracing parent = Tracing.fromEnvironment(env(), "parent-service");
        Tracing.CurrentSpan step = parent.startSpan("step")) {
      childEnv = parent.childProcessEnvironment();
      parentSpanId = Tracing.logContext().get("span_id");
    }
    assertThat(childEnv).containsOnlyKeys("TRACEPARENT").extractingByKey("TRACEPARENT").asString()
        .endsWith(parentSpanId + "-01");
    try (Tracing child = Tracing.fromEnvironment(env(), "child-service")) {
      child.startChildProcessSpan("child work", childEnv).close();
      child.startChildProcessSpan("unrelated work", Map.of()).close();
    }
    ReceivedSpan step = receiver.await(s -> s.name().equals("step"), Duration.ofSeconds(5));
    ReceivedSpan work = receiver.await(s -> s.name().equals("child work"), Duration.ofSeconds(5));
    assertThat(work.traceId()).isEqualTo(step.traceId());
    assertThat(work.parentSpanId()).isEqualTo(step.spanId()).isEqualTo(parentSpanId);
    assertThat(work.service()).isEqualTo("child-service");
    ReceivedSpan unrelated = receiver.await(s -> s.name().equals("unrelated work"), Duration.ofSeconds(5));
    assertThat(unrelated.traceId()).isNotEqualTo(step.traceId());
    assertThat(unrelated.parentSpanId()).isEmpty();
    assertThat(Tracing.off().childProcessEnvironment()).isEmpty();
  }

  @Test
  void theProcessTracingIsOffUntilInstalledAndAfterItCloses() {
    assertThat(Tracing.forProcess().enabled()).isFalse();
    Tracing tracing = Tracing.fromEnvironment(env(), "test-service");
    Tracing.installForProcess(tracing);
    assertThat(Tracing.forProcess()).isSameAs(tracing);
    tracing.close();
    assertThat(Tracing.forProcess().enabled()).isFalse();
  }
}
