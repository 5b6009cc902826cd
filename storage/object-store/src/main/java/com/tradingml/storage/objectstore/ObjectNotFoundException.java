package com.tradingml.storage.objectstore;

/** The object does not exist. */
public class ObjectNotFoundException extends ObjectStoreException {
  public ObjectNotFoundException(String key) {
    super("no object at key '" + key + "'");
  }
}
