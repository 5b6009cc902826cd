/**
 * Synthetic markets with a known answer (DESIGN.md "Synthetic data with a known answer"): a
 * deterministic, streaming generator of multi-symbol OHLCV bars whose returns carry a planted,
 * nonlinear predictable component of chosen strength, and the exact (or Monte Carlo) Bayes-optimal
 * accuracy that component allows. The pipeline proves with it that it learns what is there and nothing
 * that is not.
 *
 * <p>Owns: {@link com.tradingml.core.synthetic.SyntheticMarketSpec} (what to generate),
 * {@link com.tradingml.core.synthetic.SyntheticMarket} (the process, the generator, CSV output),
 * {@link com.tradingml.core.synthetic.PlantedSignal} (the math of the planted component),
 * {@link com.tradingml.core.synthetic.GenerationReport}, and two JDK-only numeric helpers it needs
 * ({@link com.tradingml.core.synthetic.NormalDistribution},
 * {@link com.tradingml.core.ingest.ShortestDecimal}).
 */
package com.tradingml.core.synthetic;
