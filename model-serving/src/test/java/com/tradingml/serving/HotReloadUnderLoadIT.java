package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.market.Bar;
import com.tradingml.core.risk.RiskFixtures;
import com.tradingml.model.runtime.ModelPackage;
import com.tradingml.storage.registry.ModelVersion;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY.md S1: 50 hot reloads, every fifth of a corrupt version (a byte flipped in the object store), under
 * continuous load from three client threads: zero failed requests, every answer from a whole verified model, and
 * never a moment without a model (a sampler reads the active reference in a tight loop throughout).
 */
class HotReloadUnderLoadIT {

  @TempDir
  Path temp;

  @Test
  void shouldServeEveryRequestThroughFiftyReloadsSomeOfCorruptVersions() throws Exception {
    FeatureSet set = FeatureSet.defaultSet();
    List<ModelPackage> packages = List.of(
        TestModels.constant(set, 0.05, 0.05, 0.9, TestModels.warmup()),
        TestModels.constant(set, 0.9, 0.05, 0.05, TestModels.warmup()),
        TestModels.random(set, 17, TestModels.warmup()));
    try (ServingFixture fixture = new ServingFixture(temp)) {
      fixture.publishAndPromote(packages.get(0));
      fixture.start(fixture.config().riskLimits(RiskFixtures.looseLimitsBuilder().build())
          .pollInterval(Duration.ofMillis(20)).build());
      List<Bar> acme = ServingFixture.live("ACME", 5, 11);
      List<Bar> beta = ServingFixture.live("BETA", 5, 12);
      StringBuilder bars = new StringBuilder("{\"bars\":[");
      for (int i = 0; i < 5; i++) {
        bars.append(i == 0 ? "" : ",").append(ServingFixture.barJson(acme.get(i), true)).append(',')
            .append(ServingFixture.barJson(beta.get(i), true));
      }
      fixture.clock.set(acme.get(4).timestamp().plusSeconds(1));
      assertThat(fixture.post("/v1/bars", ServingFixture.DECIDE_KEY, bars + "]}").statusCode()).isEqualTo(200);

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong requests = new AtomicLong();
      List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      Set<Integer> versionsSeen = ConcurrentHashMap.newKeySet();
      List<Thread> clients = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int thread = t;
        Thread client = new Thread(() -> {
          long n = 0;
          while (running.get()) {
            String symbol = n % 2 == 0 ? "ACME" : "BETA";
            HttpResponse<String> response = fixture.post("/v1/decisions", ServingFixture.DECIDE_KEY,
                ServingFixture.decisionJson(symbol, "acct-" + thread, "o-" + thread + "-" + n, n % 3 == 0 ? 100 : 0,
                    null));
            n++;
            requests.incrementAndGet();
            if (response.statusCode() != 200) {
              failures.add(response.statusCode() + " " + response.body());
              continue;
            }
            JsonNode decision = ServingFixture.json(response.body());
            String reason = decision.get("reason").asText();
            if (decision.get("model").isNull() || HoldReasons.FAIL_CLOSED.contains(reason)) {
              failures.add(reason + ": " + decision.get("detail").asText());
            } else {
              versionsSeen.add(decision.get("model").get("version").asInt());
            }
          }
        }, "client-" + t);
        clients.add(client);
        client.start();
      }
      AtomicLong modelless = new AtomicLong();
      AtomicLong samples = new AtomicLong();
      Thread sampler = new Thread(() -> {
        while (running.get()) {
          if (fixture.server.models().current() == null) {
            modelless.incrementAndGet();
          }
          samples.incrementAndGet();
          Thread.onSpinWait();
        }
      }, "sampler");
      sampler.start();

      Set<Integer> corrupt = new HashSet<>();
      Set<Integer> good = new HashSet<>(Set.of(1));
      for (int reload = 1; reload <= 50; reload++) {
        ModelVersion version = fixture.publish(packages.get(reload % packages.size()));
        boolean bad = reload % 5 == 0;
        if (bad) {
          fixture.corrupt(version.version(), reload % 10 == 0 ? "normalizer.json" : "params.bin");
          corrupt.add(version.version());
        } else {
          good.add(version.version());
        }
        fixture.promote(version.version());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
          ModelManager.Status status = fixture.server.models().status();
          boolean sameVersion = status.version() != null && status.version() == version.version();
          if (bad && sameVersion && (status.outcome().equals("failed")
              || status.outcome().equals("skipped_failed_version"))) {
            assertThat(fixture.server.models().current().version()).isNotEqualTo(version.version());
            break;
          }
          if (!bad && fixture.server.models().current().version() == version.version()) {
            break;
          }
          assertThat(bad && sameVersion && status.outcome().equals("swapped")).as("corrupt v%d swapped in",
              version.version()).isFalse();
          assertThat(System.nanoTime()).as("reload %d not seen", reload).isLessThan(deadline);
          Thread.sleep(5);
        }
      }
      Thread.sleep(200);
      running.set(false);
      for (Thread client : clients) {
        client.join(30_000);
      }
      sampler.join(5_000);

      String metrics = fixture.get("/metrics", null).body();
      assertThat(failures).as("failed requests").isEmpty();
      assertThat(requests.get()).as("requests served during the reloads").isGreaterThan(500);
      assertThat(modelless.get()).as("moments without a model in %d samples", samples.get()).isZero();
      assertThat(versionsSeen).as("only verified versions answered").doesNotContainAnyElementsOf(corrupt);
      assertThat(good).containsAll(versionsSeen);
      assertThat(versionsSeen.size()).as("many versions answered").isGreaterThan(10);
      assertThat(Metrics.value(metrics, "serving_model_reload_failures_total{stage=\"load\"")).isEqualTo(10.0);
      assertThat(Metrics.value(metrics, "serving_model_reloads_total")).isEqualTo(41.0);
      assertThat(fixture.server.models().current().version()).isEqualTo(good.stream().max(Integer::compare).orElseThrow());
      System.out.printf("S1: %d requests, 50 reloads (10 corrupt), %d versions answered, %d samples of the model"
          + " reference, none empty%n", requests.get(), versionsSeen.size(), samples.get());
    }
  }
}
