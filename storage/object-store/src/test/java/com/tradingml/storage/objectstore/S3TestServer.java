package com.tradingml.storage.objectstore;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobProviderMetadata;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.slf4j.LoggerFactory;

/**
 * A real S3 API server for tests, on loopback: s3proxy 2.6.0 in this JVM, storing objects in a temp
 * folder (its {@code filesystem-nio2} backend: files renamed into place, like a real deployment) and
 * checking AWS signatures (V2 or V4) against fixed test keys. Start one per test class; take a fresh
 * bucket per test with {@link #newBucket()}. Other modules use it through this module's test jar.
 *
 * <p>Known gap of s3proxy 2.6.0: it ignores {@code If-None-Match: *} on PUT (conditional writes), so
 * {@link ObjectStore#putIfAbsent} on it overwrites; see {@code S3ObjectStoreTest}.
 *
 * <p>To run the same tests against another S3 server (MinIO, moto, AWS), set the system properties
 * {@value #ENDPOINT_PROPERTY} (and {@value #ACCESS_KEY_PROPERTY}, {@value #SECRET_KEY_PROPERTY},
 * {@value #REGION_PROPERTY}); {@link #start()} then connects to it instead of starting s3proxy, and
 * {@link #isInProcessS3Proxy()} says which it is.
 *
 * <p>Thread-safe: tests may create buckets from several threads.
 */
public final class S3TestServer implements AutoCloseable {

  public static final String ENDPOINT_PROPERTY = "objectstore.test.s3.endpoint";
  public static final String ACCESS_KEY_PROPERTY = "objectstore.test.s3.access-key";
  public static final String SECRET_KEY_PROPERTY = "objectstore.test.s3.secret-key";
  public static final String REGION_PROPERTY = "objectstore.test.s3.region";

  /** The fixed test credentials of the in-process server. */
  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key-0123456789";

  private static final String REGION = "us-east-1";

  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final S3Proxy proxy; // null when connected to an external server
  private final BlobStoreContext backend; // null when connected to an external server
  private final Path storageFolder; // null when connected to an external server
  private final String endpoint;
  private final String accessKey;
  private final String secretKey;
  private final String region;
  private final MinioClient admin;

  private S3TestServer(S3Proxy proxy, BlobStoreContext backend, Path storageFolder, String endpoint,
      String accessKey, String secretKey, String region) {
    this.proxy = proxy;
    this.backend = backend;
    this.storageFolder = storageFolder;
    this.endpoint = endpoint;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
    this.admin = MinioClient.builder().endpoint(endpoint).region(region).credentials(accessKey, secretKey).build();
  }

  /**
   * Starts s3proxy on 127.0.0.1 and a free port, or connects to the server {@value #ENDPOINT_PROPERTY}
   * names.
   */
  public static S3TestServer start() {
    String external = System.getProperty(ENDPOINT_PROPERTY, "");
    if (!external.isBlank()) {
      return new S3TestServer(null, null, null, external,
          System.getProperty(ACCESS_KEY_PROPERTY, "test"), System.getProperty(SECRET_KEY_PROPERTY, "test"),
          System.getProperty(REGION_PROPERTY, REGION));
    }
    return startS3Proxy();
  }

  private static S3TestServer startS3Proxy() {
    ServerLogging.quieten();
    Path storageFolder;
    try {
      storageFolder = Files.createTempDirectory("s3proxy-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a storage folder for s3proxy", e);
    }
    Properties backendProperties = new Properties();
    backendProperties.setProperty(FilesystemConstants.PROPERTY_BASEDIR, storageFolder.toString());
    // By metadata, not by id: an id makes jclouds instantiate every provider on the class path, and
    // s3proxy's Azure provider fails without the Azure jars this module keeps out.
    BlobStoreContext backend = ContextBuilder.newBuilder(new FilesystemNio2BlobProviderMetadata())
        .overrides(backendProperties)
        .credentials(ACCESS_KEY, SECRET_KEY) // the backend requires an identity, though a folder checks none
        .build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(backend.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    try {
      proxy.start();
    } catch (Exception e) {
      backend.close();
      throw new IllegalStateException("s3proxy did not start", e);
    }
    String endpoint = "http://127.0.0.1:" + proxy.getPort();
    return new S3TestServer(proxy, backend, storageFolder, endpoint, ACCESS_KEY, SECRET_KEY, REGION);
  }

  /** Whether this is the in-process s3proxy (not an external server). */
  public boolean isInProcessS3Proxy() {
    return proxy != null;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return endpoint;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  public String region() {
    return region;
  }

  /**
   * A MinIO client with this server's credentials, for what a test does behind a store's back (objects
   * other tools write, such as folder markers). Owned by the server: do not close it.
   */
  public MinioClient client() {
    return admin;
  }

  /** Creates the bucket {@code name}; returns it. */
  public String createBucket(String name) {
    try {
      admin.makeBucket(MakeBucketArgs.builder().bucket(name).build());
    } catch (Exception e) {
      throw new IllegalStateException("cannot create bucket '" + name + "' on " + endpoint + ": " + e, e);
    }
    return name;
  }

  /** Creates and returns a bucket no other test uses. */
  public String newBucket() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    return createBucket(("test-" + BUCKETS.incrementAndGet() + "-" + suffix).toLowerCase(Locale.ROOT));
  }

  /** A store on a fresh bucket of this server. */
  public S3ObjectStore newStore() {
    return new S3ObjectStore(endpoint, region, newBucket(), accessKey, secretKey);
  }

  /** Stops s3proxy and deletes everything it stored (nothing for an external server but the client). */
  @Override
  public void close() {
    Exception failure = null;
    try {
      admin.close();
    } catch (Exception e) {
      failure = e;
    }
    if (proxy != null) {
      try {
        proxy.stop();
      } catch (Exception e) {
        failure = addTo(failure, e);
      }
      backend.close();
      try {
        deleteTree(storageFolder);
      } catch (IOException e) {
        failure = addTo(failure, e);
      }
    }
    if (failure != null) {
      throw new IllegalStateException("closing the S3 test server at " + endpoint + " failed", failure);
    }
  }

  @Override
  public String toString() {
    return (isInProcessS3Proxy() ? "s3proxy " : "external S3 ") + endpoint;
  }

  private static Exception addTo(Exception first, Exception next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    Files.walkFileTree(folder, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * s3proxy, Jetty and jclouds log every request at DEBUG through SLF4J; with logback (s3proxy's own
   * binding) and no configuration that is megabytes per test run and measurable CPU. Sets their loggers
   * to WARN when logback is the binding; leaves any other binding to its own configuration.
   */
  private static final class ServerLogging {
    private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

    static void quieten() {
      if (LoggerFactory.getILoggerFactory().getClass().getName().equals(LOGBACK)) {
        Logback.warnOnly("org.gaul", "org.eclipse.jetty", "org.jclouds", "jclouds");
      }
    }

    /** Loaded only when logback is present, so that the test jar works without it. */
    private static final class Logback {
      static void warnOnly(String... loggerNames) {
        ch.qos.logback.classic.LoggerContext context =
            (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : loggerNames) {
          context.getLogger(name).setLevel(ch.qos.logback.classic.Level.WARN);
        }
      }
    }
  }
}
