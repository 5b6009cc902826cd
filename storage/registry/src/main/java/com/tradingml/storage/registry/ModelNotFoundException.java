package com.tradingml.storage.registry;

/**
 * No such model, no READY version with that number, or no such alias. The message says which, and
 * what exists instead (known models, the latest version, the model's aliases), so that a typo on the
 * command line is obvious.
 */
public class ModelNotFoundException extends RegistryException {
  public ModelNotFoundException(String message) {
    super(message);
  }
}
