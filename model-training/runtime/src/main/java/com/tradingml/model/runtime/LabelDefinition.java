package com.tradingml.model.runtime;

import com.tradingml.core.features.LabelSpec;
import java.util.HashSet;
import java.util.List;

/**
 * {@code label.json}: what the model predicts: the label's horizon and dead zone ({@link LabelSpec}) and
 * the names of its classes, in the order of the network's outputs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param classes unique, non-blank, at least two; {@code classes.get(i)} names output {@code i}
 */
public record LabelDefinition(LabelSpec spec, List<String> classes) {

  /** {@link LabelSpec}'s classes: output 0 = DOWN, 1 = FLAT, 2 = UP. */
  public static final List<String> DOWN_FLAT_UP = List.of("DOWN", "FLAT", "UP");

  public LabelDefinition {
    if (spec == null) {
      throw new IllegalArgumentException("label spec must not be null");
    }
    if (classes == null || classes.size() < 2) {
      throw new IllegalArgumentException("a classifier needs at least two classes, got " + classes);
    }
    classes = List.copyOf(classes);
    var seen = new HashSet<String>();
    for (String name : classes) {
      if (name.isBlank() || !seen.add(name)) {
        throw new IllegalArgumentException("class names must be unique and non-blank, got " + classes);
      }
    }
  }

  /** {@code spec} with the classes DOWN, FLAT, UP (outputs 0, 1, 2, as {@link LabelSpec#classOf} numbers them). */
  public static LabelDefinition of(LabelSpec spec) {
    return new LabelDefinition(spec, DOWN_FLAT_UP);
  }

  /** The label's canonical text ({@link LabelSpec#description()}). */
  public String description() {
    return spec.description();
  }
}
