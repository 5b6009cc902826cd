/**
 * The object store port ({@link com.tradingml.storage.objectstore.ObjectStore}): a flat namespace of
 * objects under {@code /}-separated keys, with atomic put and atomic create-if-absent. It owns the key
 * rules ({@link com.tradingml.storage.objectstore.ObjectKeys}), the two implementations (a local directory
 * and S3 through the MinIO SDK) and the choice between them from configuration
 * ({@link com.tradingml.storage.objectstore.ObjectStores}). Its test jar holds the contract test kit every
 * implementation passes and an in-process S3 server for other modules' tests.
 */
package com.tradingml.storage.objectstore;
