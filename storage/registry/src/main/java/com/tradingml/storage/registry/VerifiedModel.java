package com.tradingml.storage.registry;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A READY version's artifacts downloaded into {@code directory}, every one of them checked against
 * the manifest's SHA-256 and size, and the manifest against the registry's database, before this
 * object existed. Immutable; the files are the caller's to load (and delete).
 *
 * @param files artifact name to its file in {@code directory}, sorted by name
 */
public record VerifiedModel(ModelVersion version, Path directory, Map<String, Path> files) {
  public VerifiedModel {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(directory, "directory");
    files = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(files, "files")));
  }

  /** The file of artifact {@code name}; an {@link IllegalArgumentException} naming the known ones if absent. */
  public Path file(String name) {
    Path file = files.get(name);
    if (file == null) {
      throw new IllegalArgumentException(version.ref() + " has no artifact '" + name + "'; it has " + files.keySet());
    }
    return file;
  }
}
