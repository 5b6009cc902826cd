package com.tradingml.storage.tables.fileio;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.storage.objectstore.ObjectInfo;
import com.tradingml.storage.objectstore.ObjectNotFoundException;
import com.tradingml.storage.objectstore.ObjectStore;
import com.tradingml.storage.objectstore.ObjectStores;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Iceberg's file I/O over our {@link ObjectStore} port, so the warehouse lives in whatever store the
 * configuration names (a local directory by default, S3/MinIO in production) through one tested
 * code path, with no Hadoop file system or AWS SDK involved.
 *
 * <p>Locations are the store's URIs ({@code file:/home/objects/warehouse/...} or
 * {@code s3://bucket/warehouse/...}), so the tables stay readable by standard Iceberg tools too.
 * Writes spool to a local temporary file and become one atomic {@code put} on close: a reader never
 * sees a partial data or metadata file, and a crash leaves at most an unreferenced orphan. Reads
 * fetch ranges on demand with a read-ahead buffer.
 *
 * <p>Iceberg instantiates this class by name (catalog property {@code io-impl}) and passes the
 * catalog properties to {@link #initialize}; the object store is opened from the
 * {@code pipeline.object-store.*} properties ({@link #propertiesFor}). Thread-safe.
 */
public final class ObjectStoreFileIO implements FileIO, SupportsPrefixOperations {

  private static final long serialVersionUID = 1L;
  private static final String PREFIX = "pipeline.object-store.";
  private static final int READ_AHEAD = 1 << 20;
  private static final String SPOOL_PREFIX = "spool-";

  // A HashMap, not an immutable map: Spark's Kryo serializer (the cluster's spark.serializer) ships this FileIO to
  // executors inside the broadcast table and cannot rebuild Map.of()/Map.copyOf() collections.
  private HashMap<String, String> properties = new HashMap<>();
  private transient volatile ObjectStore store;
  private transient Path spoolDirectory;

  /** For Iceberg's reflective loading; {@link #initialize} must follow. */
  public ObjectStoreFileIO() {}

  /** Over an already open store (tests, and callers that manage the store's lifecycle). */
  public ObjectStoreFileIO(ObjectStore store) {
    this.store = store;
  }

  /** The catalog properties that make {@link #initialize} open the store these settings describe. */
  public static Map<String, String> propertiesFor(PipelineConfig.ObjectStoreSettings settings) {
    Map<String, String> props = new HashMap<>();
    props.put(PREFIX + "kind", settings.kind());
    props.put(PREFIX + "directory", settings.directory().toString());
    putIfPresent(props, PREFIX + "endpoint", settings.endpoint());
    putIfPresent(props, PREFIX + "bucket", settings.bucket());
    putIfPresent(props, PREFIX + "region", settings.region());
    putIfPresent(props, PREFIX + "access-key", settings.accessKey());
    putIfPresent(props, PREFIX + "secret-key", settings.secretKey());
    return props;
  }

  private static void putIfPresent(Map<String, String> props, String key, String value) {
    if (value != null) {
      props.put(key, value);
    }
  }

  @Override
  public void initialize(Map<String, String> catalogProperties) {
    this.properties = new HashMap<>(catalogProperties);
    if (store == null) {
      store = ObjectStores.open(settingsFrom(catalogProperties));
    }
  }

  private static PipelineConfig.ObjectStoreSettings settingsFrom(Map<String, String> p) {
    String kind = p.getOrDefault(PREFIX + "kind", "local");
    String directory = p.get(PREFIX + "directory");
    if (kind.equals("local") && directory == null) {
      throw new IllegalArgumentException("catalog property " + PREFIX + "directory is required for a local store");
    }
    return new PipelineConfig.ObjectStoreSettings(kind, directory == null ? null : Path.of(directory),
        p.get(PREFIX + "endpoint"), p.get(PREFIX + "bucket"), p.getOrDefault(PREFIX + "region", "us-east-1"),
        p.get(PREFIX + "access-key"), p.get(PREFIX + "secret-key"));
  }

  @Override
  public Map<String, String> properties() {
    return Collections.unmodifiableMap(properties);
  }

  private ObjectStore store() {
    ObjectStore current = store;
    if (current == null) {
      synchronized (this) {
        if (store == null) {
          // Deserialized on another JVM (e.g. a Spark executor): reopen from the properties.
          store = ObjectStores.open(settingsFrom(properties));
        }
        current = store;
      }
    }
    return current;
  }

  /** The object key of a location inside this store; any other location is an error. */
  public String keyOf(String location) {
    String base = normalize(store().baseUri());
    String normalized = normalize(location);
    if (!normalized.startsWith(base)) {
      throw new IllegalArgumentException("location " + location + " is outside the object store " + base);
    }
    return normalized.substring(base.length());
  }

  private static String normalize(String location) {
    if (location.startsWith("file:///")) {
      return "file:/" + location.substring("file:///".length());
    }
    if (location.startsWith("s3a://") || location.startsWith("s3n://")) {
      return "s3://" + location.substring(6);
    }
    return location;
  }

  @Override
  public InputFile newInputFile(String location) {
    return new StoreInputFile(location, keyOf(location), -1);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    return new StoreInputFile(location, keyOf(location), length);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new StoreOutputFile(location, keyOf(location));
  }

  @Override
  public void deleteFile(String location) {
    store().delete(keyOf(location));
  }

  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    String keyPrefix = keyOf(prefix);
    String base = normalize(store().baseUri());
    List<ObjectInfo> objects = store().list(keyPrefix);
    return objects.stream()
        .map(o -> new FileInfo(base + o.key(), o.size(), o.lastModified().toEpochMilli()))
        .toList();
  }

  @Override
  public void deletePrefix(String prefix) {
    for (ObjectInfo object : store().list(keyOf(prefix))) {
      store().delete(object.key());
    }
  }

  @Override
  public void close() {
    ObjectStore current = store;
    if (current != null) {
      current.close();
    }
  }

  private synchronized Path spoolDirectory() throws IOException {
    if (spoolDirectory == null) {
      String configured = properties.get("pipeline.spool-directory");
      Path dir = configured != null ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(dir);
      deleteSpoolsOfDeadProcesses(dir);
      spoolDirectory = dir;
    }
    return spoolDirectory;
  }

  /**
   * A process killed while writing leaves its spool files behind; they carry the writer's pid, so any
   * whose process is gone can go.
   */
  private static void deleteSpoolsOfDeadProcesses(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (!name.startsWith(SPOOL_PREFIX) || !name.endsWith(".part")) {
          continue;
        }
        int dash = name.indexOf('-', SPOOL_PREFIX.length());
        try {
          long pid = Long.parseLong(name.substring(SPOOL_PREFIX.length(), dash));
          if (ProcessHandle.of(pid).isEmpty()) {
            Files.deleteIfExists(file);
          }
        } catch (NumberFormatException | StringIndexOutOfBoundsException notOurs) {
          // not a spool file of ours: leave it
        }
      }
    }
  }

  private final class StoreInputFile implements InputFile {
    private final String location;
    private final String key;
    private long length;

    StoreInputFile(String location, String key, long knownLength) {
      this.location = location;
      this.key = key;
      this.length = knownLength;
    }

    @Override
    public long getLength() {
      if (length < 0) {
        length = store().stat(key).map(ObjectInfo::size)
            .orElseThrow(() -> new NotFoundException("File does not exist: %s", location));
      }
      return length;
    }

    @Override
    public SeekableInputStream newStream() {
      return new RangeReadingStream(key, location, getLength());
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public boolean exists() {
      return store().stat(key).isPresent();
    }
  }

  /** Reads an object through range requests, {@value #READ_AHEAD} bytes at a time. */
  private final class RangeReadingStream extends SeekableInputStream {
    private final String key;
    private final String location;
    private final long length;
    private final byte[] buffer = new byte[READ_AHEAD];
    private long bufferStart;
    private int bufferLength;
    private long position;
    private boolean closed;

    RangeReadingStream(String key, String location, long length) {
      this.key = key;
      this.location = location;
      this.length = length;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void seek(long newPosition) throws IOException {
      if (newPosition < 0 || newPosition > length) {
        throw new EOFException("seek to " + newPosition + " outside [0, " + length + "] in " + location);
      }
      position = newPosition;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] destination, int offset, int count) throws IOException {
      if (closed) {
        throw new IOException("stream closed: " + location);
      }
      if (count == 0) {
        return 0;
      }
      if (position >= length) {
        return -1;
      }
      if (count >= READ_AHEAD) {
        int toRead = (int) Math.min(count, length - position);
        readRange(position, destination, offset, toRead);
        position += toRead;
        return toRead;
      }
      if (position < bufferStart || position >= bufferStart + bufferLength) {
        int toRead = (int) Math.min(READ_AHEAD, length - position);
        readRange(position, buffer, 0, toRead);
        bufferStart = position;
        bufferLength = toRead;
      }
      int available = (int) (bufferStart + bufferLength - position);
      int n = Math.min(available, count);
      System.arraycopy(buffer, (int) (position - bufferStart), destination, offset, n);
      position += n;
      return n;
    }

    private void readRange(long from, byte[] destination, int offset, int count) throws IOException {
      try (InputStream in = store().get(key, from, count)) {
        int done = 0;
        while (done < count) {
          int n = in.read(destination, offset + done, count - done);
          if (n < 0) {
            throw new EOFException("object " + location + " ended at " + (from + done) + ", expected " + length + " bytes");
          }
          done += n;
        }
      } catch (ObjectNotFoundException e) {
        throw new NotFoundException(e, "File does not exist: %s", location);
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final class StoreOutputFile implements OutputFile {
    private final String location;
    private final String key;

    StoreOutputFile(String location, String key) {
      this.location = location;
      this.key = key;
    }

    @Override
    public PositionOutputStream create() {
      if (store().stat(key).isPresent()) {
        throw new AlreadyExistsException("File already exists: %s", location);
      }
      return open(false);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return open(true);
    }

    private PositionOutputStream open(boolean overwrite) {
      try {
        Path spool = Files.createTempFile(spoolDirectory(), SPOOL_PREFIX + ProcessHandle.current().pid() + "-", ".part");
        return new SpoolingStream(spool, key, location, overwrite);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open a spool file for " + location, e);
      }
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public InputFile toInputFile() {
      return new StoreInputFile(location, key, -1);
    }
  }

  /** Writes to a local spool file; on close hands it to the store in one atomic put, and the spool is gone. */
  private final class SpoolingStream extends PositionOutputStream {
    private final Path spool;
    private final String key;
    private final String location;
    private final boolean overwrite;
    private final OutputStream out;
    private long position;
    private boolean closed;

    SpoolingStream(Path spool, String key, String location, boolean overwrite) throws IOException {
      this.spool = spool;
      this.key = key;
      this.location = location;
      this.overwrite = overwrite;
      // Past the page cache: the spool is renamed into the store, or read once to upload it; caching it only costs.
      this.out = UncachedFileOutput.open(spool);
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      position += length;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        out.close();
        if (!overwrite && store().stat(key).isPresent()) {
          throw new AlreadyExistsException("File already exists: %s", location);
        }
        // The spool is ours to give away: a local store renames it into place instead of writing it again.
        store().putMoving(key, spool);
      } finally {
        Files.deleteIfExists(spool);
      }
    }
  }

  /** For diagnostics and tests: the store behind this FileIO. */
  public ObjectStore objectStore() {
    return store();
  }
}
