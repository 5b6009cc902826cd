/**
 * Classification evaluation and baselines: the one definition of every model metric that training,
 * backtests and monitoring report, and the two baselines every model must beat.
 *
 * <p>Owns: {@link com.tradingml.core.evaluation.ClassificationMetrics} (accuracy, balanced accuracy, log
 * loss, one-vs-rest ROC AUC, information coefficient, confusion matrix; the conventions are written once in
 * {@link com.tradingml.core.evaluation.ClassificationMetrics#DEFINITIONS} and copied into model cards),
 * {@link com.tradingml.core.evaluation.ProbabilisticClassifier} (what a model that outputs class
 * probabilities offers), its baselines {@link com.tradingml.core.evaluation.MajorityClassBaseline} and
 * {@link com.tradingml.core.evaluation.LogisticRegressionBaseline}, the input
 * {@link com.tradingml.core.evaluation.Standardizer} they and the model share, and
 * {@link com.tradingml.core.evaluation.SpearmanCorrelation}. Ranking, Mann-Whitney AUC and the L-BFGS
 * optimizer are package-private.
 *
 * <p>Classes are the label classes of {@link com.tradingml.core.features.LabelSpec}: DOWN = 0, FLAT = 1,
 * UP = 2, ordered by forward return. FLAT may be empty (dead zone 0); everything here accepts a class that
 * never occurs. Transcendental functions are {@link java.lang.StrictMath}'s and all sums run in a fixed
 * order on one thread, so every result is the same double on every JVM and every run.
 */
package com.tradingml.core.evaluation;
