package com.tradingml.serving.risk.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisRiskStoreBuilderTest {

  @Test
  void shouldNameEveryInvalidSetting() {
    assertThatThrownBy(() -> RedisRiskStore.builder().timeouts(Duration.ZERO).maxConnections(0).keyPrefix("a*")
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("endpoint (or url) is missing")
        .hasMessageContaining("decisionTtl is missing")
        .hasMessageContaining("connectTimeout must be 1 ms to 60 s")
        .hasMessageContaining("socketTimeout must be 1 ms to 60 s")
        .hasMessageContaining("borrowTimeout must be 1 ms to 60 s")
        .hasMessageContaining("maxConnections must be positive")
        .hasMessageContaining("key prefix");
  }

  @Test
  void shouldDeriveTheWorstCaseCallTimeFromTheTimeouts() {
    try (RedisRiskStore plain = RedisRiskStore.fromUrl("redis://127.0.0.1:6379", Duration.ofHours(1));
        RedisRiskStore withAuth = RedisRiskStore.builder().url("redis://:pw@127.0.0.1:6379/1")
            .connectTimeout(Duration.ofMillis(20)).socketTimeout(Duration.ofMillis(30))
            .borrowTimeout(Duration.ofMillis(10)).decisionTtl(Duration.ofSeconds(5)).build()) {
      assertThat(plain.worstCaseCallTime()).isEqualTo(Duration.ofMillis(50 + 50 + 2 * 50));
      assertThat(withAuth.worstCaseCallTime()).isEqualTo(Duration.ofMillis(10 + 20 + 3 * 30));
      assertThat(plain.keys().prefix()).isEqualTo("risk:");
      assertThat(withAuth.toString()).doesNotContain("pw");
    }
  }
}
