package com.tradingml.serving;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.risk.RiskState;

/**
 * A pluggable risk-state backend (service provider interface, {@link java.util.ServiceLoader}): how the serving
 * service gets a {@link RiskState} other than the in-memory default, e.g. the Redis one that several replicas
 * share. An implementation registers itself in {@code META-INF/services/com.tradingml.serving.RiskStateProvider}
 * and is chosen by {@code serving.risk-state=<name>}; a {@code PipelineConfig} with a Redis URL requires one named
 * {@code redis} (the service never falls back to memory when shared state was configured).
 */
public interface RiskStateProvider {

  /** The name {@code serving.risk-state} selects it by, e.g. {@code redis}. */
  String name();

  /**
   * Opens the backend described by {@code config} (e.g. its {@link PipelineConfig#redisUrl()}). The returned state
   * must honour {@link RiskState}'s contract (core's {@code RiskStateContract}); if it is {@link AutoCloseable} the
   * service closes it on shutdown.
   */
  RiskState open(PipelineConfig config);
}
