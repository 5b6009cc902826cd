package com.tradingml.storage.registry;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** The registry's naming rules, in one place; every message names the bad value. */
final class Names {

  static final Pattern MODEL = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  /** A simple file name: no path separator, not hidden, not {@code .} or {@code ..}. */
  static final Pattern ARTIFACT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  static final int MAX_ACTOR = 200;
  static final int MAX_REASON = 2000;
  static final int MAX_METADATA_KEY = 200;
  /** Bound on the metadata's JSON form (it is also stored in a database column). */
  static final int MAX_METADATA_JSON = 65_536;

  private Names() {}

  static String model(String name) {
    if (name == null || !MODEL.matcher(name).matches()) {
      throw new IllegalArgumentException("model name must match " + MODEL.pattern() + ", got '" + name + "'");
    }
    return name;
  }

  static String alias(String name) {
    if (name == null || !ALIAS.matcher(name).matches()) {
      throw new IllegalArgumentException("alias name must match " + ALIAS.pattern() + ", got '" + name + "'");
    }
    return name;
  }

  static String artifact(String name) {
    if (name == null || !ARTIFACT.matcher(name).matches()) {
      throw new IllegalArgumentException("artifact name must be a simple file name matching " + ARTIFACT.pattern()
          + ", got '" + name + "'");
    }
    if (name.toLowerCase(Locale.ROOT).equals(ModelRegistry.MANIFEST)) {
      throw new IllegalArgumentException("artifact name '" + name + "' is reserved for the registry's manifest");
    }
    return name;
  }

  static int version(int version) {
    if (version < 1) {
      throw new IllegalArgumentException("version numbers start at 1, got " + version);
    }
    return version;
  }

  static String actor(String actor) {
    return text(actor, "actor", MAX_ACTOR);
  }

  static String reason(String reason) {
    return text(reason, "reason", MAX_REASON);
  }

  static Map<String, String> metadata(Map<String, String> metadata) {
    Objects.requireNonNull(metadata, "metadata (use Map.of() for none)");
    metadata.forEach((key, value) -> {
      if (key == null || key.isBlank() || key.length() > MAX_METADATA_KEY) {
        throw new IllegalArgumentException("metadata keys must be non-blank and at most " + MAX_METADATA_KEY
            + " characters, got '" + key + "'");
      }
      if (value == null) {
        throw new IllegalArgumentException("metadata value of '" + key + "' is null");
      }
    });
    return metadata;
  }

  private static String text(String value, String what, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank, got '" + value + "'");
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(what + " longer than " + maxLength + " characters: '"
          + value.substring(0, 40) + "...'");
    }
    return value;
  }
}
