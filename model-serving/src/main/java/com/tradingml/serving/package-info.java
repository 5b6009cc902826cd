/**
 * The HTTP decision service (DESIGN.md "Serving API"; RELIABILITY.md R1-R8, S1-S6, M3).
 *
 * <p>Owns: the server and its lifecycle ({@link com.tradingml.serving.ServingServer}, entry point
 * {@link com.tradingml.serving.ServingMain}, configuration {@link com.tradingml.serving.ServingConfig}); API keys
 * ({@link com.tradingml.serving.ApiKeys}); the model watcher that loads verified versions and swaps them atomically
 * ({@code ModelManager}, {@code ActiveModel}); the online features per symbol with the live bar history that lets
 * feature state continue across a swap ({@code OnlineFeatures}, {@code FeatureBook}, {@code BarHistory}); the
 * decision itself ({@code DecisionEngine}: core's features, the model, core's policy and risk gate, fail closed);
 * the audit log ({@code AuditLog}); metrics ({@code ServingMetrics}); and the risk-state plug-in point
 * ({@link com.tradingml.serving.RiskStateProvider}, {@link com.tradingml.serving.RiskStates},
 * {@link com.tradingml.serving.TimeLimitedRiskState}).
 *
 * <p>Not here: feature, policy and risk definitions (core: the same code as batch and backtest), the package
 * format and its verification (model-runtime), the registry (storage/registry), the Redis risk store
 * (model-serving/risk-redis, plugged in through {@code RiskStateProvider}).
 */
package com.tradingml.serving;
