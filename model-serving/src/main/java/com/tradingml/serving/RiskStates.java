package com.tradingml.serving;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.risk.InMemoryRiskState;
import com.tradingml.core.risk.RiskState;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Opens the configured {@link RiskState}: in memory by default, else a {@link RiskStateProvider} by name. */
public final class RiskStates {

  /** {@code serving.risk-state=memory}: {@link InMemoryRiskState} (one replica; state lost on restart). */
  public static final String MEMORY = "memory";

  private RiskStates() {}

  /**
   * The risk state {@code kind} names. A non-memory backend is wrapped in a {@link TimeLimitedRiskState} with
   * {@code timeout}, so that a backend that hangs fails closed within the decision's budget. A configured Redis
   * URL with {@code kind = memory} is refused: replicas must share their state (R4).
   */
  public static RiskState open(String kind, PipelineConfig pipeline, java.time.Duration timeout) {
    if (MEMORY.equals(kind)) {
      if (pipeline.redisUrl() != null && !pipeline.redisUrl().isBlank()) {
        throw new IllegalArgumentException("redis.url is configured but serving.risk-state=memory: set"
            + " serving.risk-state=redis (replicas must share one risk state), or remove redis.url");
      }
      return new InMemoryRiskState();
    }
    List<String> available = new ArrayList<>();
    for (RiskStateProvider provider : ServiceLoader.load(RiskStateProvider.class)) {
      available.add(provider.name());
      if (provider.name().equals(kind)) {
        return new TimeLimitedRiskState(provider.open(pipeline), timeout);
      }
    }
    throw new IllegalArgumentException("serving.risk-state=" + kind + " but no RiskStateProvider of that name is on"
        + " the classpath (available: " + MEMORY + (available.isEmpty() ? "" : ", " + String.join(", ", available))
        + ")");
  }
}
