package com.tradingml.storage.registry;

/**
 * The life of a version number. {@code PENDING -> READY} or {@code PENDING -> FAILED}; READY and FAILED
 * are final. Only READY versions are visible to {@code get}, {@code fetch} and aliases.
 */
public enum VersionStatus {
  /** Number reserved, artifacts being uploaded and verified (or the publisher crashed). */
  PENDING,
  /** Every artifact uploaded and verified; immutable from now on. */
  READY,
  /** The publish failed or was abandoned; the number is never reused and never becomes READY. */
  FAILED
}
