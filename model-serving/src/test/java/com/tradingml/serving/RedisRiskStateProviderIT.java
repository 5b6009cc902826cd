package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.risk.ReferencePrice;
import com.tradingml.core.risk.RiskDecision;
import com.tradingml.core.risk.RiskFixtures;
import com.tradingml.core.risk.RiskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serving.risk-state=redis finds the Redis provider and decides through the machine's Redis. */
class RedisRiskStateProviderIT {

  @TempDir Path home;

  @Test
  void shouldOpenTheSharedRiskStateFromTheRedisUrlAndDecideThroughIt() {
    PipelineConfig config = PipelineConfig.load(Map.of("PIPELINE_HOME", home.toString(),
        "PIPELINE_REDIS_URL", "redis://127.0.0.1:6379/0"), null);
    RiskState state = RiskStates.open("redis", config, Duration.ofMillis(500));
    String account = "it-" + UUID.randomUUID();

    RiskDecision first = state.submit(RiskFixtures.buy("o-1", account, RiskFixtures.AAA, 10, 100.0),
        Optional.of(new ReferencePrice(100.0, RiskFixtures.T0)), RiskFixtures.limits(), RiskFixtures.T0);
    RiskDecision replay = state.submit(RiskFixtures.buy("o-1", account, RiskFixtures.AAA, 10, 100.0),
        Optional.of(new ReferencePrice(100.0, RiskFixtures.T0)), RiskFixtures.limits(), RiskFixtures.T0);

    assertThat(first.accepted()).as(first.toString()).isTrue();
    assertThat(replay.replay()).as("a retried client order id gets the original decision").isTrue();
  }

  @Test
  void shouldRefuseToFallBackToMemoryWhenRedisIsConfigured() {
    PipelineConfig config = PipelineConfig.load(Map.of("PIPELINE_HOME", home.toString(),
        "PIPELINE_REDIS_URL", "redis://127.0.0.1:6379/0"), null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RiskStates.open("memory", config, Duration.ofMillis(50)))
        .hasMessageContaining("serving.risk-state=redis");
  }
}
