package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.features.FeatureSet;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's HttpServer front end ({@code serving.http.server=jdk}), kept for A/B runs: the same routing, keys, JSON
 * answer on it. Both front ends must agree for the benchmark comparison to mean anything.
 */
class JdkFrontEndTest {

  @TempDir
  Path temp;

  ServingFixture fixture;

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void shouldServeTheSameApiOnTheJdkServer() throws Exception {
    fixture = new ServingFixture(temp);
    fixture.publishAndPromote(TestModels.constant(FeatureSet.defaultSet(), 0.3, 0.4, 0.3, TestModels.warmup()));
    fixture.start(fixture.config().http(new ServingConfig.Http(ServingConfig.Http.JDK, 16, Duration.ofSeconds(60),
        Duration.ofSeconds(10))).build());
    fixture.clock.set(TestModels.WARMUP_END.plusSeconds(61));

    assertThat(fixture.server.config().http().server()).isEqualTo("jdk");
    assertThat(fixture.get("/v1/models/active", ServingFixture.DECIDE_KEY).statusCode()).isEqualTo(200);
    assertThat(fixture.get("/v1/models/active", null).statusCode()).isEqualTo(401);
    assertThat(fixture.post("/v1/decisions", ServingFixture.DECIDE_KEY, "{\"symbol\":\"ACME\",\"colour\":1}")
        .statusCode()).isEqualTo(400);
    assertThat(fixture.get("/health/live", null).statusCode()).isEqualTo(200);
    assertThat(fixture.get("/nowhere", null).statusCode()).isEqualTo(404);
  }
}
