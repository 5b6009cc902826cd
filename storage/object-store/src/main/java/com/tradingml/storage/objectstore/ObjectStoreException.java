package com.tradingml.storage.objectstore;

/** An object store operation failed (I/O, the service, permissions). The message names the key. */
public class ObjectStoreException extends RuntimeException {
  public ObjectStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public ObjectStoreException(String message) {
    super(message);
  }
}
