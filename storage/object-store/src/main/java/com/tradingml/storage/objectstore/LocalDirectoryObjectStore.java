package com.tradingml.storage.objectstore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An {@link ObjectStore} in a local directory: one file per object, at the key's path under the root.
 * The embedded default (tests, the demo, single-machine runs).
 *
 * <p>Atomicity and durability come from the file system. Every write first goes to a new file in the
 * root's own {@value #TEMP_FOLDER} folder (the same file system, so the final step never copies) and is
 * fsynced; then {@code put} renames it over the key ({@code ATOMIC_MOVE}) and {@code putIfAbsent}
 * hard-links it to the key, which fails atomically if the key exists. A reader therefore sees the old
 * file or the new one, never a partial one (an open stream keeps reading the file it opened), and a
 * crash leaves at most a stray file in {@value #TEMP_FOLDER}, never a partial object under a key.
 *
 * <p>Limits a file system imposes that S3 does not: a key cannot be both an object and a "folder" of
 * other objects ({@code a/b} and {@code a/b/c}: the second put fails with an
 * {@link ObjectStoreException}), and keys whose first segment is {@value #TEMP_FOLDER} are reserved.
 * {@link #list} sorts by {@link String#compareTo}, as the S3 store does.
 *
 * <p>Immutable and thread-safe; several processes may share one root (the CLI and its Spark child JVM
 * do): the store keeps no state but the root's path, and every step it relies on is atomic in the
 * file system. It needs a POSIX file system with hard links (Linux, macOS).
 */
public final class LocalDirectoryObjectStore implements ObjectStore {

  /** The folder under the root where writes are prepared; never listed, never a key. */
  public static final String TEMP_FOLDER = ".tmp";

  /**
   * How often a write retries when a concurrent {@link #delete} removed the folder it had just created
   * (delete removes folders left empty); one retry almost always suffices.
   */
  private static final int MAX_PLACE_ATTEMPTS = 16;

  private final Path root;
  private final Path tempFolder;

  /** Opens (creating if missing) the store rooted at {@code root}. */
  public LocalDirectoryObjectStore(Path root) {
    Objects.requireNonNull(root, "root directory");
    try {
      // The real path: walking a root reached through a symbolic link would see the link, not the tree.
      this.root = Files.createDirectories(root.toAbsolutePath().normalize()).toRealPath();
      this.tempFolder = Files.createDirectories(this.root.resolve(TEMP_FOLDER));
    } catch (IOException e) {
      throw new ObjectStoreException("cannot create the object store directory " + root + ": " + e, e);
    }
  }

  /** The root directory: absolute, with symbolic links resolved. */
  public Path root() {
    return root;
  }

  @Override
  public void put(String key, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Path target = pathOf(key);
    try {
      Path temp = writeTemp(bytes);
      replace(temp, target);
    } catch (IOException e) {
      throw failure("put", key, e);
    }
  }

  @Override
  public void put(String key, Path file) {
    Objects.requireNonNull(file, "file");
    Path target = pathOf(key);
    try {
      Path temp = copyToTemp(file);
      replace(temp, target);
    } catch (IOException e) {
      throw failure("put (from file " + file + ")", key, e);
    }
  }

  /**
   * Renames the file into this store's temp folder (a copy only when it is on another file system), fsyncs it there,
   * then renames it over the key, as every put does.
   */
  @Override
  public void putMoving(String key, Path file) {
    Objects.requireNonNull(file, "file");
    try {
      Path target = pathOf(key);
      Path temp = moveToTemp(file);
      replace(temp, target);
    } catch (IOException e) {
      throw failure("put (moving file " + file + ")", key, e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // only after a failure: the failure is what the caller needs to hear about
      }
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Path target = pathOf(key);
    boolean created;
    Path temp;
    try {
      temp = writeTemp(bytes);
      try {
        created = link(temp, target, key);
      } catch (IOException | RuntimeException e) {
        deleteAfterFailure(temp, e);
        throw e;
      }
    } catch (IOException e) {
      throw failure("putIfAbsent", key, e);
    }
    try {
      Files.delete(temp); // the object, if created, is the link at the key; the temp name was scaffolding
    } catch (IOException e) {
      throw new ObjectStoreException("putIfAbsent of '" + key + "' in " + root + " "
          + (created ? "created the object" : "found the key taken") + " but could not delete its temp file "
          + temp + ": " + e, e);
    }
    return created;
  }

  @Override
  public InputStream get(String key) {
    Path path = pathOf(key);
    try {
      rejectFolder(key, path);
      return Files.newInputStream(path);
    } catch (IOException e) {
      throw readFailure("get", key, path, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A range starting at or past the end is empty. Negative offsets or lengths are rejected.
   */
  @Override
  public InputStream get(String key, long offset, long length) {
    checkRange(offset, length);
    Path path = pathOf(key);
    try {
      rejectFolder(key, path);
      FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
      try {
        channel.position(offset);
        return new BoundedInputStream(Channels.newInputStream(channel), length);
      } catch (IOException | RuntimeException e) {
        closeAfterFailure(channel, e);
        throw e;
      }
    } catch (IOException e) {
      throw readFailure("get range", key, path, e);
    }
  }

  @Override
  public byte[] getBytes(String key) {
    Path path = pathOf(key);
    try {
      rejectFolder(key, path);
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw readFailure("getBytes", key, path, e);
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    Path path = pathOf(key);
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
    } catch (IOException e) {
      if (isAbsent(path, e)) {
        return Optional.empty();
      }
      throw failure("stat", key, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Walks only the folder the prefix names (its part up to the last {@code /}); objects deleted
   * during the walk are left out rather than failing it.
   */
  @Override
  public List<ObjectInfo> list(String prefix) {
    ObjectKeys.validatePrefix(prefix);
    int lastSlash = prefix.lastIndexOf('/');
    Path start = lastSlash < 0 ? root : root.resolve(prefix.substring(0, lastSlash));
    if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<ObjectInfo> found = new ArrayList<>();
    try {
      Files.walkFileTree(start, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return dir.equals(tempFolder) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            String key = keyOf(file);
            if (key.startsWith(prefix)) {
              found.add(new ObjectInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // deleted while we walked: no longer listed, by design
          }
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null && !(e instanceof NoSuchFileException)) {
            throw e;
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw new ObjectStoreException("list of prefix '" + prefix + "' in " + root + " failed: " + e, e);
    } catch (IllegalArgumentException e) {
      throw new ObjectStoreException("list of prefix '" + prefix + "' in " + root
          + " found a file whose name is not a valid object key: " + e.getMessage(), e);
    }
    found.sort(Comparator.comparing(ObjectInfo::key));
    return List.copyOf(found);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Also removes the folders the deletion left empty, up to (not including) the root.
   */
  @Override
  public boolean delete(String key) {
    Path path = pathOf(key);
    try {
      if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        return false; // absent, or a folder of other objects
      }
      boolean deleted = Files.deleteIfExists(path);
      if (deleted) {
        removeEmptyFolders(path.getParent());
      }
      return deleted;
    } catch (IOException e) {
      throw failure("delete", key, e);
    }
  }

  /** {@code file:///abs/root/}: the root's URI, with the trailing slash {@code baseUri() + key} needs. */
  @Override
  public String baseUri() {
    String uri = root.toUri().toString();
    return uri.endsWith("/") ? uri : uri + "/";
  }

  /** Nothing to release: every operation opens and closes its own files. */
  @Override
  public void close() {
    // No resources are held between calls.
  }

  @Override
  public String toString() {
    return "LocalDirectoryObjectStore[" + root + "]";
  }

  private Path pathOf(String key) {
    ObjectKeys.validate(key);
    if (key.equals(TEMP_FOLDER) || key.startsWith(TEMP_FOLDER + "/")) {
      throw new IllegalArgumentException("object key '" + key + "' is reserved: the local store prepares writes in '"
          + TEMP_FOLDER + "/'");
    }
    Path path = root.resolve(key).normalize();
    if (!path.startsWith(root) || path.equals(root)) { // ObjectKeys forbids this already; keep the guarantee local
      throw new IllegalArgumentException("object key '" + key + "' escapes the store root " + root);
    }
    return path;
  }

  private String keyOf(Path file) {
    Path relative = root.relativize(file);
    StringBuilder key = new StringBuilder();
    for (Path name : relative) {
      if (key.length() > 0) {
        key.append('/');
      }
      key.append(name);
    }
    return key.toString();
  }

  private Path newTempPath() {
    return tempFolder.resolve("put-" + UUID.randomUUID() + ".part");
  }

  /** Writes {@code bytes} to a new, fsynced temp file; deletes it if anything fails. */
  private Path writeTemp(byte[] bytes) throws IOException {
    Path temp = newTempPath();
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    } catch (IOException | RuntimeException e) {
      deleteAfterFailure(temp, e);
      throw e;
    }
    return temp;
  }

  /** Copies {@code source} to a new, fsynced temp file; deletes it if anything fails. */
  private Path copyToTemp(Path source) throws IOException {
    Path temp = newTempPath();
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        long size = in.size();
        long position = 0;
        while (position < size) {
          long copied = in.transferTo(position, size - position, out);
          if (copied <= 0) {
            break; // the source shrank while we copied: we store what was there
          }
          position += copied;
        }
        out.force(true);
      } catch (IOException | RuntimeException e) {
        deleteAfterFailure(temp, e);
        throw e;
      }
    }
    return temp;
  }

  /** Moves {@code source} to a new temp file and fsyncs it there; deletes the temp file if anything fails. */
  private Path moveToTemp(Path source) throws IOException {
    Path temp = newTempPath();
    // A rename on the same file system; across file systems a copy, which a failure may leave half done.
    try {
      Files.move(source, temp);
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        out.force(true);
      }
    } catch (IOException | RuntimeException e) {
      deleteAfterFailure(temp, e);
      throw e;
    }
    return temp;
  }

  /** Renames the prepared temp file over {@code target}, atomically; the temp file is gone afterwards. */
  private void replace(Path temp, Path target) throws IOException {
    try {
      for (int attempt = 1; ; attempt++) {
        Files.createDirectories(target.getParent());
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          break;
        } catch (NoSuchFileException e) {
          if (attempt >= MAX_PLACE_ATTEMPTS) {
            throw e;
          }
          // A concurrent delete removed the folder we had just created: create it again.
        }
      }
      syncFolder(target.getParent());
    } catch (IOException | RuntimeException e) {
      deleteAfterFailure(temp, e);
      throw e;
    }
  }

  /** Hard-links {@code target} to the prepared temp file; {@code false} if the key already exists. */
  private boolean link(Path temp, Path target, String key) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Files.createDirectories(target.getParent());
      try {
        Files.createLink(target, temp);
        syncFolder(target.getParent());
        return true;
      } catch (FileAlreadyExistsException e) {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          throw new ObjectStoreException("putIfAbsent of '" + key + "' in " + root
              + " failed: the key is a folder of other objects, which a local directory cannot also store", e);
        }
        return false;
      } catch (NoSuchFileException e) {
        if (attempt >= MAX_PLACE_ATTEMPTS) {
          throw e;
        }
        // A concurrent delete removed the folder we had just created: create it again.
      }
    }
  }

  /** Makes a rename or link in {@code folder} durable (Linux needs an fsync of the folder itself). */
  private static void syncFolder(Path folder) throws IOException {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private void removeEmptyFolders(Path folder) throws IOException {
    for (Path dir = folder; dir != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
      try {
        Files.delete(dir);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        // Still holds other objects, or another delete removed it: either way the cleanup ends here.
        return;
      }
    }
  }

  /** The key names a folder of other objects, which is no object: report it as absent. */
  private static void rejectFolder(String key, Path path) {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new ObjectNotFoundException(key);
    }
  }

  /**
   * Whether {@code e} means "no such object": the file is missing, or a folder on its path is an object
   * (a file), which the OS reports as "not a directory".
   */
  private boolean isAbsent(Path path, IOException e) {
    if (e instanceof NoSuchFileException) {
      return true;
    }
    if (e instanceof FileSystemException) {
      for (Path dir = path.getParent(); dir != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
        if (Files.isRegularFile(dir, LinkOption.NOFOLLOW_LINKS)) {
          return true;
        }
      }
    }
    return false;
  }

  private ObjectStoreException readFailure(String operation, String key, Path path, IOException e) {
    if (isAbsent(path, e)) {
      ObjectNotFoundException notFound = new ObjectNotFoundException(key);
      notFound.initCause(e);
      return notFound;
    }
    return failure(operation, key, e);
  }

  private ObjectStoreException failure(String operation, String key, IOException e) {
    return new ObjectStoreException(operation + " of '" + key + "' in " + root + " failed: " + e, e);
  }

  private static void checkRange(long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("range offset and length must be >= 0, got offset " + offset
          + ", length " + length);
    }
  }

  private static void deleteAfterFailure(Path temp, Throwable failure) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException cleanup) {
      failure.addSuppressed(cleanup);
    }
  }

  private static void closeAfterFailure(AutoCloseable resource, Throwable failure) {
    try {
      resource.close();
    } catch (Exception cleanup) {
      failure.addSuppressed(cleanup);
    }
  }

  /** At most {@code remaining} bytes of the wrapped stream: a range read. Not thread-safe, like any stream. */
  private static final class BoundedInputStream extends FilterInputStream {
    private long remaining;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      Objects.checkFromIndexSize(offset, length, buffer.length);
      if (length == 0) {
        return 0;
      }
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(Math.min(n, remaining));
      remaining -= skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), remaining);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public synchronized void mark(int readLimit) {
      // Not supported (markSupported() is false); a range is read once.
    }

    @Override
    public synchronized void reset() throws IOException {
      throw new IOException("mark/reset is not supported on a range stream");
    }
  }
}
