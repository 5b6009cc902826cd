package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.market.Bar;
import com.tradingml.core.risk.RiskFixtures;
import com.tradingml.core.risk.RiskState;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two decision-service instances sharing the machine's Redis as their risk state (issue 6, R4): many
 * concurrent BUY decisions for one account and symbol, spread over both instances, never accept more
 * than the position limit allows together.
 */
class TwoInstancesSharedRedisIT {

  @TempDir Path temp;

  @Test
  void shouldNeverExceedThePositionLimitTogether() throws Exception {
    ServingFixture fixture = new ServingFixture(temp);
    fixture.publishAndPromote(TestModels.constant(FeatureSet.defaultSet(), 0.05, 0.05, 0.9, TestModels.warmup()));
    PipelineConfig redis = PipelineConfig.load(Map.of("PIPELINE_HOME", fixture.home.toString(),
        "PIPELINE_REDIS_URL", "redis://127.0.0.1:6379/0"), null);
    // Only the position limit binds: 1,000 shares, orders of 100 (the policy's fixed quantity).
    ServingConfig config = fixture.config().riskLimits(RiskFixtures.looseLimitsBuilder().maxPosition(1_000).build())
        .deadline(Duration.ofSeconds(5)).build();
    RiskState riskA = RiskStates.open("redis", redis, Duration.ofSeconds(2));
    RiskState riskB = RiskStates.open("redis", redis, Duration.ofSeconds(2));
    List<ServingServer> servers = List.of(
        ServingServer.start(config, fixture.registry, riskA, fixture.clock),
        ServingServer.start(config, fixture.registry, riskB, fixture.clock));
    String account = "two-" + UUID.randomUUID();
    try {
      Bar bar = ServingFixture.live("ACME", 1, 5).get(0);
      fixture.clock.set(bar.timestamp().plusSeconds(1));
      for (ServingServer server : servers) { // each instance sees the bar; decisions then use it
        HttpResponse<String> seen = fixture.send(HttpRequest.newBuilder(server.baseUri().resolve("/v1/bars"))
            .header("Authorization", "Bearer " + ServingFixture.DECIDE_KEY).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"bars\":[" + ServingFixture.barJson(bar, true) + "]}")).build());
        assertThat(seen.statusCode()).as(seen.body()).isEqualTo(200);
      }
      AtomicInteger ids = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        ServingServer server = servers.get(t % 2);
        results.add(pool.submit(() -> {
          List<String> outcomes = new ArrayList<>();
          for (int i = 0; i < 40; i++) {
            String body = ServingFixture.decisionJson("ACME", account, "o-" + ids.incrementAndGet(), 0, null);
            HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(server.baseUri().resolve("/v1/decisions"))
                .header("Authorization", "Bearer " + ServingFixture.DECIDE_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            JsonNode decision = ServingFixture.json(response.body());
            outcomes.add(decision.get("action").asText() + ":" + decision.get("reason").asText());
          }
          return outcomes;
        }));
      }
      List<String> all = new ArrayList<>();
      for (Future<List<String>> result : results) {
        all.addAll(result.get());
      }
      pool.shutdown();
      long accepted = all.stream().filter(o -> o.startsWith("BUY")).count();
      assertThat(all).hasSize(160);
      assertThat(accepted).as("accepted BUY orders of 100 shares under a 1,000-share limit: " + all).isEqualTo(10);
      assertThat(all.stream().filter(o -> !o.startsWith("BUY"))).as("every other decision is a risk rejection")
          .allMatch(o -> o.equals("HOLD:risk_rejected"));
    } finally {
      servers.forEach(ServingServer::close);
      fixture.close();
    }
  }
}
