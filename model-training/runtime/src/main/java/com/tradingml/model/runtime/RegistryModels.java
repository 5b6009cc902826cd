package com.tradingml.model.runtime;

import com.tradingml.storage.registry.Manifest;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.registry.ModelVersion;
import com.tradingml.storage.registry.VerifiedModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Model packages in the registry: publishing a package as a version, and loading a version with its
 * digests checked twice, by the registry while downloading and by {@link ModelPackage#readVerified} on
 * the very bytes it parses (so a file changed on local disk after the download is caught too).
 */
public final class RegistryModels {

  private RegistryModels() {}

  /**
   * Writes {@code model} into {@code workDirectory} (fresh) and publishes its files as the next version of
   * {@code name}, with {@link ModelPackage#registryMetadata()} plus {@code extraMetadata}.
   */
  public static ModelVersion publish(ModelRegistry registry, String name, ModelPackage model, Path workDirectory,
      Map<String, String> extraMetadata, String actor) {
    Map<String, Path> artifacts = model.write(workDirectory);
    Map<String, String> metadata = new TreeMap<>(model.registryMetadata());
    metadata.putAll(extraMetadata);
    return registry.publish(name, artifacts, metadata, actor);
  }

  /**
   * Downloads {@code version} into {@code directory} (new or empty) and loads it. The expected digests come
   * from the version's manifest, which the registry authenticates against its database; note that this reads
   * the artifacts twice (once to get the verified manifest, once to download), which is cheap at our model
   * sizes.
   *
   * @throws com.tradingml.storage.registry.ModelIntegrityException if the registry finds a mismatch
   * @throws ModelPackageException if the files do not load (see {@link ModelPackage#readVerified})
   */
  public static ModelPackage load(ModelRegistry registry, ModelVersion version, Path directory) {
    Manifest manifest = registry.verify(version);
    VerifiedModel fetched = registry.fetch(version, directory);
    return ModelPackage.readVerified(fetched.directory(), digests(manifest));
  }

  /** Artifact name to SHA-256, from a manifest. */
  public static Map<String, String> digests(Manifest manifest) {
    Map<String, String> digests = new LinkedHashMap<>();
    for (Manifest.Artifact artifact : manifest.artifacts()) {
      digests.put(artifact.name(), artifact.sha256());
    }
    return digests;
  }
}
