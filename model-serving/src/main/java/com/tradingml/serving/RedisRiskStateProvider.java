package com.tradingml.serving;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.risk.RiskState;
import com.tradingml.core.risk.VersionedRiskState;
import com.tradingml.serving.risk.redis.RedisRiskStore;
import java.time.Duration;

/**
 * {@code serving.risk-state=redis}: the risk state several replicas share ({@code PIPELINE_REDIS_URL}),
 * the same rules as in memory ({@link VersionedRiskState}) over the Redis store's atomic compare-and-set.
 * Remembered decisions (for replayed client order ids) expire after {@link #DECISION_RETENTION}, which
 * must be at least the longest client-order-id retention configured in the risk limits.
 */
public final class RedisRiskStateProvider implements RiskStateProvider {

  static final Duration DECISION_RETENTION = Duration.ofDays(2);

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public RiskState open(PipelineConfig config) {
    if (config.redisUrl() == null || config.redisUrl().isBlank()) {
      throw new IllegalArgumentException("serving.risk-state=redis needs redis.url (PIPELINE_REDIS_URL)");
    }
    return new VersionedRiskState(RedisRiskStore.fromUrl(config.redisUrl(), DECISION_RETENTION));
  }
}
