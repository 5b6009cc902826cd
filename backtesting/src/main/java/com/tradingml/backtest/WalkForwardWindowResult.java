package com.tradingml.backtest;

import com.tradingml.core.evaluation.ClassificationMetrics;
import com.tradingml.core.market.Bar;
import com.tradingml.model.runtime.ModelPackage;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One window of a walk-forward backtest: the model fitted on its training window and what it did out of sample.
 *
 * <ul>
 *   <li>The model: {@code modelRef} ({@code NAME@wK}), {@code modelId} (16 hex digits of the SHA-256 over the
 *       package's file digests: the same data and config give the same id), the {@link ModelPackage}, and the
 *       trainer's picture inside the training window: {@code testMetrics} on its held-out test part beside the
 *       {@code majorityBaseline} and {@code logisticBaseline}, {@code beatsBaselines}, the rows of each split.
 *   <li>What the model read, as times: {@code lastTrainingBarMicros}, the latest bar of the training window (every
 *       feature and every label of every row is computed from bars up to it), and the latest row of each split.
 *   <li>What it did: equity at the window's start and end (exact micro-units; the end includes closing the
 *       window's positions), trades entered in the window ({@code closedTrades} of them closed, {@code hitRate}
 *       their share with net P&amp;L &gt; 0), fills and their time range, rejections, strategy statistics.
 * </ul>
 * Immutable.
 */
public record WalkForwardWindowResult(WalkForwardWindow window, String modelRef, String modelId, ModelPackage model,
    ClassificationMetrics testMetrics, ClassificationMetrics majorityBaseline, ClassificationMetrics logisticBaseline,
    boolean beatsBaselines, int trainRows, int validationRows, int testRows, long lastTrainingBarMicros,
    long lastTrainRowMicros, long lastValidationRowMicros, long lastTestRowMicros, long startEquityMicros,
    long endEquityMicros, int trades, int closedTrades, double hitRate, int fills, long firstFillMicros,
    long lastFillMicros, int rejections, SortedMap<String, Long> strategyStatistics) {

  public WalkForwardWindowResult {
    strategyStatistics = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(strategyStatistics));
  }

  /** The window's return: end equity / start equity - 1. */
  public double windowReturn() {
    return (double) endEquityMicros / startEquityMicros - 1;
  }

  /** Ordered JSON data for summaries (times ISO-8601 UTC; money as exact decimals; no package bytes). */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>(window.toMap());
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("ref", modelRef);
    model.put("id", modelId);
    model.put("train_rows", trainRows);
    model.put("validation_rows", validationRows);
    model.put("test_rows", testRows);
    model.put("last_training_bar", time(lastTrainingBarMicros));
    model.put("last_train_row", time(lastTrainRowMicros));
    model.put("last_validation_row", time(lastValidationRowMicros));
    model.put("last_test_row", time(lastTestRowMicros));
    model.put("test_accuracy", testMetrics.accuracy());
    model.put("test_log_loss", testMetrics.logLoss());
    model.put("test_macro_roc_auc", testMetrics.macroRocAuc());
    model.put("majority_accuracy", majorityBaseline.accuracy());
    model.put("logistic_accuracy", logisticBaseline.accuracy());
    model.put("beats_baselines", beatsBaselines);
    out.put("model", model);
    Map<String, Object> trading = new LinkedHashMap<>();
    trading.put("start_equity", BigDecimal.valueOf(startEquityMicros, 6));
    trading.put("end_equity", BigDecimal.valueOf(endEquityMicros, 6));
    trading.put("return", windowReturn());
    trading.put("trades", trades);
    trading.put("closed_trades", closedTrades);
    trading.put("hit_rate", hitRate);
    trading.put("fills", fills);
    trading.put("first_fill", fills == 0 ? null : time(firstFillMicros));
    trading.put("last_fill", fills == 0 ? null : time(lastFillMicros));
    trading.put("rejections", rejections);
    trading.put("strategy_statistics", new LinkedHashMap<>(strategyStatistics));
    out.put("trading", trading);
    return out;
  }

  private static String time(long micros) {
    return micros == Long.MIN_VALUE ? null : Bar.instantOfMicros(micros).toString();
  }
}
