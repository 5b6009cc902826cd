package com.tradingml.storage.registry;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A reference to a model version as users write it: {@code NAME} (the {@code production} alias),
 * {@code NAME@VERSION} or {@code NAME@ALIAS}. Immutable; resolved by {@link ModelRegistry#resolve}.
 *
 * @param version the version number, or 0 when the reference names an alias
 * @param alias the alias, or null when the reference names a version number
 */
public record ModelRef(String model, int version, String alias) {

  public ModelRef {
    Names.model(model);
    if ((version == 0) == (alias == null)) {
      throw new IllegalArgumentException("a model reference names a version or an alias, not both or neither: "
          + model + " version " + version + " alias " + alias);
    }
    if (alias != null) {
      Names.alias(alias);
    } else {
      Names.version(version);
    }
  }

  /** Parses {@code NAME}, {@code NAME@VERSION} or {@code NAME@ALIAS}; the message names what is wrong. */
  public static ModelRef parse(String ref) {
    Objects.requireNonNull(ref, "model reference");
    int at = ref.indexOf('@');
    if (at < 0) {
      return new ModelRef(checkedModel(ref, ref), 0, ModelRegistry.PRODUCTION);
    }
    String model = checkedModel(ref.substring(0, at), ref);
    String target = ref.substring(at + 1);
    if (!target.isEmpty() && target.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      int version;
      try {
        version = Integer.parseInt(target);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("version out of range in model reference '" + ref + "'");
      }
      if (version < 1) {
        throw new IllegalArgumentException("versions start at 1 in model reference '" + ref + "'");
      }
      return new ModelRef(model, version, null);
    }
    if (!Names.ALIAS.matcher(target).matches()) {
      throw new IllegalArgumentException("model reference '" + ref + "' must be NAME, NAME@VERSION or NAME@ALIAS"
          + " (alias matching " + Names.ALIAS.pattern() + ")");
    }
    return new ModelRef(model, 0, target);
  }

  /** For a version reference. */
  public static ModelRef of(String model, int version) {
    return new ModelRef(model, version, null);
  }

  /** For an alias reference. */
  public static ModelRef ofAlias(String model, String alias) {
    return new ModelRef(model, 0, alias);
  }

  public boolean isAlias() {
    return alias != null;
  }

  public OptionalInt versionNumber() {
    return alias == null ? OptionalInt.of(version) : OptionalInt.empty();
  }

  private static String checkedModel(String model, String ref) {
    if (!Names.MODEL.matcher(model).matches()) {
      throw new IllegalArgumentException("model reference '" + ref + "' must be NAME, NAME@VERSION or NAME@ALIAS"
          + " with NAME matching " + Names.MODEL.pattern());
    }
    return model;
  }

  @Override
  public String toString() {
    return model + "@" + (alias == null ? Integer.toString(version) : alias);
  }
}
