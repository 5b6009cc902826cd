package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.market.Bar;
import com.tradingml.model.runtime.FeatureSpec;
import com.tradingml.model.runtime.ModelPackage;
import com.tradingml.storage.registry.ModelVersion;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Following the alias (S1, M3): a promoted version is loaded off the request path and swapped in; a corrupt or
 * mismatched one is refused, counted, and the current model keeps serving.
 */
class HotReloadTest {

  static ModelPackage up;
  static ModelPackage down;

  @TempDir
  Path temp;

  ServingFixture fixture;

  @BeforeAll
  static void buildModels() {
    up = TestModels.constant(FeatureSet.defaultSet(), 0.05, 0.05, 0.9, TestModels.warmup());
    down = TestModels.constant(FeatureSet.defaultSet(), 0.9, 0.05, 0.05, TestModels.warmup());
  }

  @BeforeEach
  void open() throws Exception {
    fixture = new ServingFixture(temp);
    fixture.publishAndPromote(up);
    // Polling is driven by the test (checkNow) so that each step is deterministic.
    fixture.start(fixture.config().pollInterval(java.time.Duration.ofHours(1)).build());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private double reloadFailures() {
    return Metrics.value(fixture.get("/metrics", null).body(), "serving_model_reload_failures_total{stage=\"load\"");
  }

  @Test
  void shouldSwapInAPromotedVersion() {
    List<Bar> bars = ServingFixture.live("ACME", 2, 11);
    JsonNode before = fixture.decide(bars.get(0), "acct-1", "ord-1", 100);
    ModelVersion v2 = fixture.publishAndPromote(down);

    ModelManager.Status status = fixture.server.models().checkNow();
    JsonNode after = fixture.decide(bars.get(1), "acct-1", "ord-2", 100);

    assertThat(before.get("model").get("version").asInt()).isEqualTo(1);
    assertThat(status.outcome()).isEqualTo("swapped");
    assertThat(after.get("model").get("version").asInt()).isEqualTo(v2.version());
    assertThat(after.get("action").asText()).isEqualTo("SELL");
    assertThat(Metrics.value(fixture.get("/metrics", null).body(), "serving_model_active_version")).isEqualTo(2.0);
  }

  @Test
  void shouldKeepTheCurrentModelWhenThePromotedVersionIsCorrupt() {
    ModelVersion v2 = fixture.publish(down);
    fixture.corrupt(v2.version(), "params.bin");
    fixture.promote(v2.version());

    ModelManager.Status failed = fixture.server.models().checkNow();
    ModelManager.Status again = fixture.server.models().checkNow();
    JsonNode decision = fixture.decide(ServingFixture.live("ACME", 1, 11).get(0), "acct-1", "ord-1", 0);

    assertThat(failed.outcome()).isEqualTo("failed");
    assertThat(failed.detail()).contains("params.bin").contains("keeping direction@1");
    assertThat(again.outcome()).as("not downloaded again before retry-failed-after").isEqualTo("skipped_failed_version");
    assertThat(decision.get("model").get("version").asInt()).isEqualTo(1);
    assertThat(decision.get("action").asText()).isEqualTo("BUY");
    assertThat(reloadFailures()).isEqualTo(1.0);
    JsonNode active = ServingFixture.json(fixture.get("/v1/models/active", ServingFixture.DECIDE_KEY).body());
    assertThat(active.get("lastCheck").get("outcome").asText()).isEqualTo("skipped_failed_version");
  }

  @Test
  void shouldRefuseAPackageWhoseFeaturesDifferFromCoresDefinition() {
    FeatureSet variant = FeatureSet.defaultSet().toBuilder().smaBars(10).build(); // same name, another hash
    ModelPackage mismatched = TestModels.constant(variant, 0.9, 0.05, 0.05, TestModels.warmup());
    assertThat(FeatureSpec.of(variant).name()).isEqualTo(FeatureSet.CORE_V1);
    fixture.publishAndPromote(mismatched);

    ModelManager.Status status = fixture.server.models().checkNow();

    assertThat(status.outcome()).isEqualTo("failed");
    assertThat(status.detail()).contains("stage check").contains("trained on feature set core_v1");
    assertThat(fixture.server.models().current().version()).isEqualTo(1);
    assertThat(Metrics.value(fixture.get("/metrics", null).body(),
        "serving_model_reload_failures_total{stage=\"check\"")).isEqualTo(1.0);
  }

  @Test
  void shouldFollowARollbackToAnOlderVersion() {
    ModelVersion v2 = fixture.publishAndPromote(down);
    fixture.server.models().checkNow();
    fixture.registry.rollback(ServingFixture.MODEL, "test", "bad day");

    ModelManager.Status status = fixture.server.models().checkNow();

    assertThat(v2.version()).isEqualTo(2);
    assertThat(status.outcome()).isEqualTo("swapped");
    assertThat(fixture.server.models().current().version()).isEqualTo(1);
  }
}
