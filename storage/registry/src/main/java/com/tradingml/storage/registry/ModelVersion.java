package com.tradingml.storage.registry;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One version of a model as the registry's database records it. Immutable.
 *
 * @param model the model's name
 * @param version its number: 1, 2, 3... per model, never reused
 * @param status READY for every version {@code get}, {@code versions}, {@code resolve} and aliases
 *     return; PENDING or FAILED only in {@link ModelRegistry#attempts}
 * @param createdAt when the version became READY; for a PENDING or FAILED version, when its number was
 *     reserved
 * @param actor who published it
 * @param manifestSha256 SHA-256 (lower-case hex) of its {@code manifest.json}, which lists every
 *     artifact's digest; null unless READY
 * @param metadata the metadata it was published with, sorted by key
 */
public record ModelVersion(String model, int version, VersionStatus status, Instant createdAt, String actor,
    String manifestSha256, Map<String, String> metadata) {

  public ModelVersion {
    Names.model(model);
    Names.version(version);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(actor, "actor");
    if (status == VersionStatus.READY && (manifestSha256 == null || !Digests.isSha256Hex(manifestSha256))) {
      throw new IllegalArgumentException("a READY version needs its manifest's SHA-256, got '" + manifestSha256
          + "' for " + model + "@" + version);
    }
    metadata = Collections.unmodifiableMap(new TreeMap<>(Names.metadata(metadata)));
  }

  /** {@code model@version}: the reference {@link ModelRegistry#resolve} accepts for exactly this version. */
  public String ref() {
    return model + "@" + version;
  }

  public boolean isReady() {
    return status == VersionStatus.READY;
  }

  @Override
  public String toString() {
    return ref() + " " + status + " by " + actor + " at " + createdAt
        + (manifestSha256 == null ? "" : " manifest " + manifestSha256.substring(0, 12));
  }
}
