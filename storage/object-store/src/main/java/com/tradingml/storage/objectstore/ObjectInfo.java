package com.tradingml.storage.objectstore;

import java.time.Instant;

/** What a store knows of one object. Immutable. */
public record ObjectInfo(String key, long size, Instant lastModified) {
  public ObjectInfo {
    ObjectKeys.validate(key);
    if (size < 0) {
      throw new IllegalArgumentException("object size must be >= 0, got " + size + " for " + key);
    }
  }
}
