package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.market.Bar;
import com.tradingml.core.risk.InMemoryRiskState;
import com.tradingml.tracing.OtlpReceiver;
import com.tradingml.tracing.OtlpReceiver.ReceivedSpan;
import com.tradingml.tracing.Tracing;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision service's spans, exported over OTLP/HTTP to a real endpoint on loopback: one per API call,
 * continuing the caller's W3C trace, with the decision's facts as attributes; probes are not traced.
 */
class TracingTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String CALLER_SPAN = "b7ad6b7169203331";

  @TempDir
  Path temp;

  @Test
  void everyApiCallIsASpanInTheCallersTrace() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver();
        ServingFixture fixture = new ServingFixture(temp)) {
      fixture.publishAndPromote(TestModels.constant(FeatureSet.defaultSet(), 0.05, 0.05, 0.9, TestModels.warmup()));
      Tracing tracing = Tracing.fromEnvironment(Map.of(Tracing.ENDPOINT_ENV, receiver.endpoint()), "model-serving");
      try {
        fixture.server = ServingServer.start(fixture.config().build(), fixture.registry, new InMemoryRiskState(),
            fixture.clock, tracing);
        Bar bar = ServingFixture.live("ACME", 1, 11).get(0);
        fixture.clock.set(bar.timestamp().plusSeconds(1));
        HttpResponse<String> decided = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/decisions"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + ServingFixture.DECIDE_KEY)
            .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
            .POST(HttpRequest.BodyPublishers.ofString(
                ServingFixture.decisionJson("ACME", "acct-1", "ord-1", 0, bar)))
            .build());
        assertThat(decided.statusCode()).isEqualTo(200);
        assertThat(fixture.get("/v1/models/active", "not-a-key").statusCode()).isEqualTo(401);
        assertThat(fixture.get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(fixture.get("/metrics", null).statusCode()).isEqualTo(200);
        fixture.server.stop();
        fixture.server = null;
      } finally {
        tracing.close(); // flushes
      }

      ReceivedSpan decision = receiver.await(s -> s.name().equals("POST /v1/decisions"), Duration.ofSeconds(5));
      assertThat(decision.service()).isEqualTo("model-serving");
      assertThat(decision.kind()).isEqualTo(ReceivedSpan.KIND_SERVER);
      assertThat(decision.traceId()).isEqualTo(TRACE_ID);
      assertThat(decision.parentSpanId()).isEqualTo(CALLER_SPAN);
      assertThat(decision.attributes())
          .containsEntry("http.response.status_code", "200")
          .containsEntry("decision.symbol", "ACME")
          .containsEntry("decision.account", "acct-1")
          .containsEntry("decision.action", "BUY")
          .containsEntry("decision.reason", "target_long")
          .containsEntry("decision.model_version", "1")
          .containsKey("decision.request_id");

      ReceivedSpan refused = receiver.await(s -> s.name().equals("GET /v1/models/active"), Duration.ofSeconds(5));
      assertThat(refused.attributes()).containsEntry("http.response.status_code", "401");
      assertThat(refused.parentSpanId()).as("no caller trace: a new one").isEmpty();
      assertThat(refused.traceId()).isNotEqualTo(TRACE_ID);

      assertThat(receiver.spans()).extracting(ReceivedSpan::name)
          .containsExactlyInAnyOrder("POST /v1/decisions", "GET /v1/models/active");
    }
  }
}
