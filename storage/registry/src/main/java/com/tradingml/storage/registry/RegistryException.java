package com.tradingml.storage.registry;

/**
 * A model registry operation failed: the database or the object store did not answer, or the
 * registry's state forbids the operation. The message names the model, the version or alias and the
 * cause. Subclasses say which kind of failure a caller may want to handle differently.
 */
public class RegistryException extends RuntimeException {
  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
