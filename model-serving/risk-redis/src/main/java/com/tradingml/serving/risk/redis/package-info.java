/**
 * The shared risk state on Redis: {@link com.tradingml.serving.risk.redis.RedisRiskStore}, core's
 * {@link com.tradingml.core.risk.VersionedRiskStore} SPI with one Lua compare-and-set per write, so that
 * serving replicas sharing one Redis never exceed a limit together (RELIABILITY.md R4), the kill switch latch
 * survives restarts (R5), and an unreachable or slow Redis rejects orders within a bounded time (R8).
 *
 * <p>Owns the key layout ({@link com.tradingml.serving.risk.redis.RiskKeys}) and the parsing of
 * {@code PipelineConfig.redisUrl()} ({@link com.tradingml.serving.risk.redis.RedisEndpoint}). No risk rule
 * lives here: {@code new VersionedRiskState(RedisRiskStore.fromUrl(url, retention))} is the whole wiring; the
 * store moves opaque bytes ({@link com.tradingml.core.risk.RiskStateCodec}).
 */
package com.tradingml.serving.risk.redis;
