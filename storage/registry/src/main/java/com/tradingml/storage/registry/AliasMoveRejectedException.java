package com.tradingml.storage.registry;

/**
 * An alias move the registry refuses: its target is not READY, or a rollback has no previous version
 * to go back to. Nothing was changed.
 */
public class AliasMoveRejectedException extends RegistryException {
  public AliasMoveRejectedException(String message) {
    super(message);
  }
}
