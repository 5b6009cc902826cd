/**
 * The feature library (DESIGN.md principles 1 and 2): features and labels defined once, in plain Java,
 * for the batch job (Spark) and the online serving service alike, point-in-time by construction.
 *
 * <p>Owns: {@link com.tradingml.core.features.FeatureSet} (a named, versioned, hashed list of features
 * and their parameters; {@code core_v1}), {@link com.tradingml.core.features.FeatureState} (one symbol's
 * incremental, allocation-free state: the online path), {@link com.tradingml.core.features.LabelSpec}
 * (forward-return labels) and {@link com.tradingml.core.features.LabeledFeatureStream} (the batch path:
 * rows of features, forward returns and labels, computed through a {@code FeatureState} so that batch and
 * online cannot differ). Indicator building blocks (seeded EMA, Wilder smoothing, RSI, MACD, ring-buffer
 * windows, a zone-offset cache) are package-private.
 *
 * <p>Conventions in one place: see {@link com.tradingml.core.features.FeatureSet}. ta4j (tests only) is the
 * independent oracle; where conventions differ (ta4j seeds EMAs with the first value, returns RSI 0 for a
 * flat series) the javadoc says so.
 */
package com.tradingml.core.features;
