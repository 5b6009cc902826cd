package com.tradingml.serving.risk.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisEndpointTest {

  @Test
  void shouldParseHostPortAndDatabase() {
    assertThat(RedisEndpoint.parse("redis://127.0.0.1:6380/3"))
        .isEqualTo(new RedisEndpoint("127.0.0.1", 6380, 3, null, null, false));
  }

  @Test
  void shouldDefaultToPort6379AndDatabaseZero() {
    assertThat(RedisEndpoint.parse("redis://redis.internal")).isEqualTo(RedisEndpoint.of("redis.internal", 6379));
    assertThat(RedisEndpoint.parse("redis://redis.internal/")).isEqualTo(RedisEndpoint.of("redis.internal", 6379));
  }

  @Test
  void shouldParseUserAndPercentEncodedPasswordAndKeepAPlusAPlus() {
    RedisEndpoint endpoint = RedisEndpoint.parse("rediss://risk:p%40ss+word%3A@cache:6390/1");

    assertThat(endpoint.user()).isEqualTo("risk");
    assertThat(endpoint.password()).isEqualTo("p@ss+word:");
    assertThat(endpoint.tls()).isTrue();
    assertThat(endpoint.needsHandshake()).isTrue();
  }

  @Test
  void shouldTakeAPasswordWithoutUserAsTheDefaultUsersPassword() {
    RedisEndpoint colonForm = RedisEndpoint.parse("redis://:secret@cache");
    RedisEndpoint bareForm = RedisEndpoint.parse("redis://secret@cache");

    assertThat(colonForm.user()).isNull();
    assertThat(colonForm.password()).isEqualTo("secret");
    assertThat(bareForm.user()).isNull();
    assertThat(bareForm.password()).isEqualTo("secret");
  }

  @Test
  void shouldNeverShowThePasswordInToString() {
    assertThat(RedisEndpoint.parse("redis://risk:hunter2@cache:6379/2")).hasToString("redis://risk:***@cache:6379/2");
    assertThat(RedisEndpoint.parse("redis://cache")).hasToString("redis://cache:6379/0");
  }

  @Test
  void shouldRejectWhatIsNotARedisUrlWithoutEchoingThePassword() {
    assertThatThrownBy(() -> RedisEndpoint.parse("http://cache:6379")).hasMessageContaining("redis://");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://cache:6379/zero")).hasMessageContaining("database number");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://u:hunter2@cache/x"))
        .hasMessageContaining("***").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://cache?timeout=1")).hasMessageContaining("no query");
    assertThatThrownBy(() -> RedisEndpoint.parse(" ")).hasMessageContaining("blank");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis:///0")).hasMessageContaining("no host");
  }
}
