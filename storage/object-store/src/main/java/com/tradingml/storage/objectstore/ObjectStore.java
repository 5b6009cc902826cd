package com.tradingml.storage.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A flat namespace of immutable-on-write objects addressed by {@code /}-separated keys: the port
 * behind the Iceberg warehouse, the model registry's artifacts and backtest reports. Implementations:
 * a local directory (embedded default) and S3 through the MinIO SDK (MinIO, AWS, any S3 API).
 *
 * <p>Guarantees every implementation keeps (the contract test kit checks them):
 * <ul>
 *   <li>{@code put} is atomic: a concurrent reader sees the previous object or the new one, never a
 *       partial one, and a failed put leaves the previous object (or none) in place;</li>
 *   <li>{@code putIfAbsent} creates the object only if the key is free, atomically: of concurrent
 *       callers exactly one wins (on S3, only where the server honours conditional writes: AWS and
 *       MinIO do, s3proxy 2.6.0 does not; see {@link S3ObjectStore});</li>
 *   <li>{@code list} returns every object under a prefix (recursively), sorted by key;</li>
 *   <li>keys are validated ({@link ObjectKeys#validate}): an invalid key or prefix is an
 *       {@link IllegalArgumentException}, before any I/O; every other failure is an
 *       {@link ObjectStoreException} naming the operation and the key.</li>
 * </ul>
 * Implementations are thread-safe. The contract test kit ({@code ObjectStoreContract} in this module's
 * test jar) is the executable form of this contract: a new implementation passes it.
 *
 * <p>A key is either an object or a prefix of other objects' keys ({@code a/b} and {@code a/b/c} cannot
 * both exist in the local store), so portable data never uses both.
 */
public interface ObjectStore extends AutoCloseable {

  /** Stores {@code bytes} under {@code key}, replacing any object there, atomically. */
  void put(String key, byte[] bytes);

  /** Uploads the file's content under {@code key}, replacing any object there, atomically. */
  void put(String key, Path file);

  /**
   * As {@link #put(String, Path)} for a file the caller gives away (a spool file): the store may take the file over
   * instead of copying it, and the file is gone afterwards, whether the put succeeded or failed. The default uploads
   * and deletes; a local directory on the same file system renames the file into place, which saves writing every
   * byte a second time.
   */
  default void putMoving(String key, Path file) {
    try {
      put(key, file);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // The object is stored (or the put's own failure is on its way); a leftover local file is the caller's.
      }
    }
  }

  /**
   * Stores {@code bytes} under {@code key} only if no object exists there. Returns {@code true} if this
   * call created it, {@code false} if an object was already there (which is left untouched). This is
   * the compare-and-set that commits build on (write version N+1 only if nobody else did).
   */
  boolean putIfAbsent(String key, byte[] bytes);

  /** The whole object. Throws {@link ObjectNotFoundException} if absent. The caller closes the stream. */
  InputStream get(String key);

  /**
   * {@code length} bytes from {@code offset} (fewer at the end of the object; none if {@code offset} is
   * at or past the end). Throws {@link ObjectNotFoundException} if absent and
   * {@link IllegalArgumentException} for a negative offset or length. The caller closes the stream.
   */
  InputStream get(String key, long offset, long length);

  /** The whole object as bytes; for small objects (manifests, metadata). */
  byte[] getBytes(String key);

  /** Size and modification time, or empty if absent. */
  Optional<ObjectInfo> stat(String key);

  /**
   * Every object whose key starts with {@code prefix} (any depth), sorted by key with
   * {@link String#compareTo}. The prefix is a string prefix: {@code "a/b"} matches {@code a/bc/x}, while
   * {@code "a/b/"} matches only what lies under {@code a/b/}; {@code ""} lists everything.
   */
  List<ObjectInfo> list(String prefix);

  /**
   * Deletes the object; returns whether it existed. Deleting an absent key is not an error. Two
   * concurrent deletes of one object may both return {@code true} on S3.
   */
  boolean delete(String key);

  /**
   * The URI under which this store's objects appear to other tools: {@code file:/dir/} for a local
   * directory, {@code s3://bucket/} for S3. {@code baseUri() + key} names the object.
   */
  String baseUri();

  @Override
  void close();
}
