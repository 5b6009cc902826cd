package com.tradingml.serving;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.model.runtime.Predictor;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The model being served: a verified version's predictor, the feature set it was trained on, and that set's
 * online states ({@link FeatureBook}). Immutable apart from the feature states inside the book (guarded by
 * {@link OnlineFeatures}); published through one volatile reference, so that every request sees one whole
 * model, and a swap is a single write.
 *
 * @param classes class names in predictor output order: always DOWN, FLAT, UP (checked at load)
 */
record ActiveModel(String name, int version, String alias, String manifestSha256, Instant loadedAt,
    FeatureSet featureSet, Predictor predictor, List<String> classes, FeatureBook book, Map<String, String> metadata) {

  /** {@code name@version}. */
  String ref() {
    return name + "@" + version;
  }
}
