package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.market.Bar;
import com.tradingml.core.risk.ThrowingRiskStore;
import com.tradingml.core.risk.VersionedRiskState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELIABILITY.md S2: readiness needs a model, limits, an answering risk state and fresh data; liveness does not. */
class ReadinessTest {

  @TempDir
  Path temp;

  ServingFixture fixture;

  @BeforeEach
  void open() {
    fixture = new ServingFixture(temp);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private JsonNode ready(int expectedStatus) {
    HttpResponse<String> response = fixture.get("/health/ready", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
    return ServingFixture.json(response.body());
  }

  private void assertLive() {
    HttpResponse<String> live = fixture.get("/health/live", null);
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(ServingFixture.json(live.body()).get("status").asText()).isEqualTo("live");
  }

  @Test
  void shouldBeLiveButNotReadyWithoutAModel() throws Exception {
    fixture.start(fixture.config().build());

    JsonNode readiness = ready(503);

    assertLive();
    assertThat(readiness.get("checks").get("model").get("ok").asBoolean()).isFalse();
    assertThat(readiness.get("checks").get("model").get("detail").asText()).contains("no model loaded");
  }

  @Test
  void shouldBecomeReadyWithFreshDataAndUnreadyWhenItGoesStale() throws Exception {
    fixture.publishAndPromote(TestModels.constant(FeatureSet.defaultSet(), 0.3, 0.4, 0.3, TestModels.warmup()));
    fixture.start(fixture.config().build());

    JsonNode withoutBars = ready(503);
    Bar bar = ServingFixture.live("ACME", 1, 11).get(0);
    fixture.decide(bar, "acct-1", "ord-1", 0);
    JsonNode fresh = ready(200);
    fixture.clock.set(bar.timestamp().plus(Duration.ofMinutes(6)));
    JsonNode stale = ready(503);

    assertThat(withoutBars.get("checks").get("data").get("detail").asText()).isEqualTo("no live bar yet");
    assertThat(withoutBars.get("checks").get("model").get("ok").asBoolean()).isTrue();
    assertThat(fresh.get("status").asText()).isEqualTo("ready");
    assertThat(stale.get("checks").get("data").get("ok").asBoolean()).isFalse();
    assertLive();
  }

  @Test
  void shouldNotBeReadyWithoutRiskLimitsOrWithAnUnreachableRiskState() throws Exception {
    fixture.publishAndPromote(TestModels.constant(FeatureSet.defaultSet(), 0.3, 0.4, 0.3, TestModels.warmup()));
    fixture.start(fixture.config().riskLimits(null).readyRequiresFreshData(false).build(),
        new VersionedRiskState(new ThrowingRiskStore()));

    JsonNode readiness = ready(503);

    assertThat(readiness.get("checks").get("riskLimits").get("ok").asBoolean()).isFalse();
    assertThat(readiness.get("checks").get("riskState").get("ok").asBoolean()).isFalse();
    assertThat(readiness.get("checks").get("data").get("ok").asBoolean()).as("fresh data not required").isTrue();
    assertLive();
  }

  @Test
  void shouldStopBeingReadyWhenShuttingDown() throws Exception {
    fixture.publishAndPromote(TestModels.constant(FeatureSet.defaultSet(), 0.3, 0.4, 0.3, TestModels.warmup()));
    fixture.start(fixture.config().readyRequiresFreshData(false).build());
    boolean before = fixture.server.isReady();

    fixture.server.stop();

    assertThat(before).isTrue();
    assertThat(fixture.server.isReady()).isFalse();
    assertThat(fixture.server.readiness().checks().get("accepting").get("detail")).isEqualTo("shutting down");
  }
}
