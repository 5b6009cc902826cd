package com.tradingml.storage.objectstore;

import com.tradingml.core.config.PipelineConfig;
import java.util.Objects;

/** Opens the {@link ObjectStore} the configuration names: the one place that chooses an implementation. */
public final class ObjectStores {

  private ObjectStores() {}

  /**
   * A {@link LocalDirectoryObjectStore} on {@code settings.directory()} (created if missing), or an
   * {@link S3ObjectStore} on the configured endpoint and bucket, whose bucket is created if missing; the
   * S3 case contacts the server now, so a wrong endpoint or wrong keys fail here rather than on first
   * use. The caller closes the store.
   */
  public static ObjectStore open(PipelineConfig.ObjectStoreSettings settings) {
    Objects.requireNonNull(settings, "object store settings");
    if (!settings.isS3()) {
      if (settings.directory() == null) {
        throw new IllegalArgumentException("object-store.kind=local needs object-store.directory");
      }
      return new LocalDirectoryObjectStore(settings.directory());
    }
    S3ObjectStore store = new S3ObjectStore(settings.endpoint(), settings.region(), settings.bucket(),
        settings.accessKey(), settings.secretKey());
    try {
      store.ensureBucket();
    } catch (RuntimeException e) {
      try {
        store.close();
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
    return store;
  }
}
