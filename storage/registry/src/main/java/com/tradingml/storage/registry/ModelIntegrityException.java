package com.tradingml.storage.registry;

/**
 * A stored artifact (or the manifest) does not match what was registered: a different SHA-256, a
 * different size, or missing. Thrown before any byte of the version is handed to a caller, so nothing
 * unverified is ever deserialized. The message names the version, the artifact and both digests.
 */
public class ModelIntegrityException extends RegistryException {
  /** {@link #actualSha256()} of an artifact that is not in the object store at all. */
  public static final String MISSING = "missing";

  private final String model;
  private final int version;
  private final String artifact;
  private final String expectedSha256;
  private final String actualSha256;

  public ModelIntegrityException(String model, int version, String artifact, String expectedSha256,
      String actualSha256, String detail) {
    super(model + "@" + version + ": " + (MISSING.equals(actualSha256) ? "artifact '" + artifact + "' is missing"
        : "artifact '" + artifact + "' does not match its registered digest: expected SHA-256 " + expectedSha256
            + ", found " + actualSha256) + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    this.model = model;
    this.version = version;
    this.artifact = artifact;
    this.expectedSha256 = expectedSha256;
    this.actualSha256 = actualSha256;
  }

  public String model() {
    return model;
  }

  public int version() {
    return version;
  }

  /** The artifact's name, or {@value ModelRegistry#MANIFEST} for the manifest itself. */
  public String artifact() {
    return artifact;
  }

  /** The digest registered for the artifact (the manifest's, or for the manifest the database row's). */
  public String expectedSha256() {
    return expectedSha256;
  }

  /** The digest of the bytes actually stored, or {@value #MISSING}. */
  public String actualSha256() {
    return actualSha256;
  }
}
