package com.tradingml.storage.registry;

/**
 * A publish did not produce a READY version. The version number it reserved is not reused: the
 * version is FAILED (or, if even that could not be recorded, stays PENDING until a later publish or
 * {@link ModelRegistry#verify} marks it FAILED), and it never becomes visible to readers.
 */
public class PublishException extends RegistryException {
  private final String model;
  private final int version;
  private final String step;

  public PublishException(String model, int version, String step, String message, Throwable cause) {
    super("publish of " + model + "@" + version + " failed at step '" + step + "': " + message, cause);
    this.model = model;
    this.version = version;
    this.step = step;
  }

  public String model() {
    return model;
  }

  /** The version number the failed publish reserved (never reused). */
  public int version() {
    return version;
  }

  /** The publish step that failed: reserve, upload NAME, manifest, verify, commit. */
  public String step() {
    return step;
  }
}
