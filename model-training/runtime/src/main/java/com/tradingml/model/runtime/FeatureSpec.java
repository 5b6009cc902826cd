package com.tradingml.model.runtime;

import com.tradingml.core.features.FeatureSet;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code features.json}: which feature set a model was trained on, by name, version and hash, and its
 * input columns in the order the network reads them. Serving refuses to feed a model features whose hash
 * differs ({@link #requireSameAs}), so a changed feature definition can never silently reach an old model.
 *
 * <p>Immutable and thread-safe.
 *
 * @param hash the set's {@link FeatureSet#hash()}: 64 lower-case hex digits
 * @param inputColumns unique, non-blank, at least one
 */
public record FeatureSpec(String name, int version, String hash, List<String> inputColumns) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public FeatureSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("feature set name must not be blank, got '" + name + "'");
    }
    if (version < 1) {
      throw new IllegalArgumentException("feature set version must be >= 1, got " + version);
    }
    if (hash == null || !SHA256.matcher(hash).matches()) {
      throw new IllegalArgumentException("feature set hash must be 64 lower-case hex digits, got '" + hash + "'");
    }
    if (inputColumns == null || inputColumns.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one input column");
    }
    inputColumns = List.copyOf(inputColumns);
    var seen = new HashSet<String>();
    for (String column : inputColumns) {
      if (column.isBlank() || !seen.add(column)) {
        throw new IllegalArgumentException("input columns must be unique and non-blank, got " + inputColumns);
      }
    }
  }

  /** The spec of {@code set}: its name, version, hash and input columns. */
  public static FeatureSpec of(FeatureSet set) {
    return new FeatureSpec(set.name(), set.version(), set.hash(), set.inputColumns());
  }

  /** Whether {@code set} computes exactly these inputs: same hash, same columns in the same order. */
  public boolean matches(FeatureSet set) {
    return hash.equals(set.hash()) && inputColumns.equals(set.inputColumns());
  }

  /** Throws {@link IllegalStateException} saying what differs unless {@link #matches(FeatureSet)}. */
  public void requireSameAs(FeatureSet set) {
    if (!matches(set)) {
      throw new IllegalStateException("the model was trained on feature set " + name + " v" + version + " (hash "
          + hash + ", " + inputColumns.size() + " inputs) but is fed " + set.name() + " v" + set.version() + " (hash "
          + set.hash() + ", " + set.inputColumns().size() + " inputs)");
    }
  }
}
