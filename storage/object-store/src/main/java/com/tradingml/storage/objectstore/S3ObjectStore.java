package com.tradingml.storage.objectstore;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.MinioException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link ObjectStore} in one S3 bucket, through the MinIO Java SDK: AWS S3, MinIO, or any server
 * speaking the S3 API. Keys are object names in the bucket, unchanged.
 *
 * <p>How the port's guarantees map onto S3:
 * <ul>
 *   <li>{@code put} is atomic because S3 makes an object visible only once its upload completes, for a
 *       single PUT and for a multipart upload alike. Objects up to {@value #PART_SIZE_MIB} MiB go in one
 *       PUT; larger ones (files) go multipart in parts of that size, so a 20 GiB file streams from disk
 *       without being held in memory.</li>
 *   <li>{@code putIfAbsent} sends {@code If-None-Match: *} on a single PUT: the server refuses with
 *       412 Precondition Failed when the key exists, which this store returns as {@code false}. Atomic on
 *       AWS S3 (since 2024-08) and MinIO. A server that ignores the header (s3proxy 2.6.0 does, see
 *       {@code S3ObjectStoreTest}) overwrites instead and every caller "wins": this store cannot detect
 *       that without a racy check, so it does not pretend to.</li>
 *   <li>{@code list} returns what ListObjectsV2 returns (recursively), re-sorted with
 *       {@link String#compareTo} like the local store; folder markers (names ending in {@code /}, which
 *       S3A and consoles create) are not objects and are left out.</li>
 *   <li>{@code delete} is a HEAD then a DELETE (S3's DELETE does not say whether anything was there),
 *       so two concurrent deletes of one object may both return {@code true}.</li>
 * </ul>
 * Every SDK failure becomes an {@link ObjectStoreException} naming the operation, the key and the
 * bucket; a missing object on {@code get} is an {@link ObjectNotFoundException}.
 *
 * <p>Transient server faults (HTTP 500, 502, 503, 504: S3 documents 500 InternalError and 503 SlowDown
 * as "retry with back-off", and the MinIO SDK does not retry them itself) are retried up to
 * {@value #MAX_TRANSIENT_RETRIES} times with exponential back-off from {@value #FIRST_BACKOFF_MILLIS} ms,
 * for every operation whose repetition cannot change its outcome: get, stat, list, delete, put (the
 * same bytes again), bucket checks. {@code putIfAbsent} is not simply repeated: after a 5xx its write
 * may have happened, so it reads the key first: absent, it tries again; present with its own bytes, it
 * created it; present with other bytes, someone else did. (Two callers putting identical bytes may then
 * both hear {@code true}; for the commit files this guards, identical bytes are the same commit.)
 *
 * <p>Immutable and thread-safe: the MinIO client is thread-safe and shares one HTTP connection pool.
 * {@link #close()} releases that pool.
 */
public final class S3ObjectStore implements ObjectStore {

  /** The region used when none is given: what MinIO and s3proxy expect, and AWS's default. */
  public static final String DEFAULT_REGION = "us-east-1";

  static final int PART_SIZE_MIB = 16;

  /** Upload part size; objects up to this size go in one PUT. */
  static final long PART_SIZE = PART_SIZE_MIB * 1024L * 1024L;

  /** S3 allows at most this many parts per multipart upload; bigger files get bigger parts. */
  private static final long MAX_PARTS = 10_000;

  /** S3's minimum part size, which is also the smallest single-PUT size the SDK accepts as a "part". */
  private static final long MIN_PART_SIZE = 5L * 1024L * 1024L;

  /**
   * How often {@code putIfAbsent} retries a 409 ConditionalRequestConflict, which AWS returns when a
   * conflicting write or delete of the key was in flight: the outcome is then unknown, so we ask again.
   */
  private static final int MAX_CONFLICT_RETRIES = 3;

  private static final String IF_NONE_MATCH = "If-None-Match";

  static final int MAX_TRANSIENT_RETRIES = 4;

  private static final long FIRST_BACKOFF_MILLIS = 50;

  /** How the SDK reports a 5xx whose body is not S3 XML (a proxy's or a broken server's HTML page). */
  private static final Pattern NON_XML_STATUS = Pattern.compile("Response code: (\\d{3})");

  /** One SDK call that may be repeated without changing its outcome. */
  @FunctionalInterface
  private interface IdempotentCall<T> {
    T call() throws MinioException, IOException, GeneralSecurityException;
  }

  private final MinioClient client;
  private final String bucket;
  private final String endpoint;

  /**
   * A store on {@code bucket} at {@code endpoint} (e.g. {@code http://127.0.0.1:9000} or
   * {@code https://s3.eu-west-1.amazonaws.com}). {@code region} may be blank for
   * {@value #DEFAULT_REGION}; blank keys mean anonymous access. Does not contact the server: call
   * {@link #ensureBucket()} to check it and create the bucket.
   */
  public S3ObjectStore(String endpoint, String region, String bucket, String accessKey, String secretKey) {
    this(newClient(endpoint, region, accessKey, secretKey), endpoint, bucket);
  }

  /** A store on a client the caller configured (its HTTP client, timeouts, TLS); the store closes it. */
  S3ObjectStore(MinioClient client, String endpoint, String bucket) {
    this.client = Objects.requireNonNull(client, "client");
    this.endpoint = requireText(endpoint, "endpoint");
    this.bucket = requireText(bucket, "bucket");
  }

  private static MinioClient newClient(String endpoint, String region, String accessKey, String secretKey) {
    MinioClient.Builder builder = MinioClient.builder()
        .endpoint(requireText(endpoint, "endpoint"))
        .region(isBlank(region) ? DEFAULT_REGION : region);
    if (!isBlank(accessKey) || !isBlank(secretKey)) {
      builder.credentials(accessKey, secretKey);
    }
    return builder.build();
  }

  /** The bucket this store writes to. */
  public String bucket() {
    return bucket;
  }

  /**
   * Creates the bucket if it does not exist (idempotent; a concurrent creation by the same owner is
   * fine). Fails if the server is unreachable or the credentials are wrong, which makes it the check to
   * run at start-up.
   */
  public void ensureBucket() {
    try {
      if (!retrying(() -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()))) {
        retrying(() -> {
          client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
          return null;
        });
      }
    } catch (ErrorResponseException e) {
      if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
        throw new ObjectStoreException("ensureBucket of bucket '" + bucket + "' at " + endpoint + " failed: "
            + describe(e), e);
      }
    } catch (MinioException | IOException | GeneralSecurityException e) {
      throw new ObjectStoreException("ensureBucket of bucket '" + bucket + "' at " + endpoint + " failed: "
          + describe(e), e);
    }
  }

  @Override
  public void put(String key, byte[] bytes) {
    ObjectKeys.validate(key);
    Objects.requireNonNull(bytes, "bytes");
    try {
      retrying(() -> {
        upload(key, new ByteArrayInputStream(bytes), bytes.length, partSizeFor(bytes.length), Map.of());
        return null;
      });
    } catch (MinioException | IOException | GeneralSecurityException e) {
      throw failure("put", key, e);
    }
  }

  @Override
  public void put(String key, Path file) {
    ObjectKeys.validate(key);
    Objects.requireNonNull(file, "file");
    try {
      long size = Files.size(file);
      retrying(() -> {
        try (InputStream in = Files.newInputStream(file)) { // from the start again on every attempt
          upload(key, in, size, partSizeFor(size), Map.of());
        }
        return null;
      });
    } catch (NoSuchFileException e) {
      throw new ObjectStoreException("put of '" + key + "' in bucket '" + bucket + "' failed: no file " + file, e);
    } catch (MinioException | IOException | GeneralSecurityException e) {
      throw failure("put (from file " + file + ")", key, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One PUT with {@code If-None-Match: *} (never multipart, so the condition covers the whole object);
   * 412 Precondition Failed means the key was taken. Atomic only if the server honours the header.
   */
  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    ObjectKeys.validate(key);
    Objects.requireNonNull(bytes, "bytes");
    long singlePart = Math.max(bytes.length, MIN_PART_SIZE);
    boolean ambiguous = false; // an earlier attempt failed with a server fault: it may have written anyway
    int conflicts = 0;
    int faults = 0;
    long backoff = FIRST_BACKOFF_MILLIS;
    while (true) {
      try {
        upload(key, new ByteArrayInputStream(bytes), bytes.length, singlePart, Map.of(IF_NONE_MATCH, "*"));
        return true;
      } catch (MinioException e) {
        if (e instanceof ErrorResponseException response) {
          String code = response.errorResponse().code();
          if ("PreconditionFailed".equals(code) || response.response().code() == 412) {
            // Taken: by someone else, or by our own earlier attempt that the server completed after all.
            return ambiguous && storedEquals(key, bytes);
          }
          if ("ConditionalRequestConflict".equals(code) && ++conflicts <= MAX_CONFLICT_RETRIES) {
            continue;
          }
        }
        if (!isTransient(e) || ++faults > MAX_TRANSIENT_RETRIES) {
          throw failure("putIfAbsent", key, e);
        }
        // A server fault leaves the outcome unknown: read the key to settle it before trying again.
        ambiguous = true;
        Optional<byte[]> stored = readIfPresent(key);
        if (stored.isPresent()) {
          return Arrays.equals(stored.get(), bytes);
        }
        try {
          pause(backoff);
        } catch (IOException interrupted) {
          throw failure("putIfAbsent", key, interrupted);
        }
        backoff *= 2;
      } catch (IOException | GeneralSecurityException e) {
        throw failure("putIfAbsent", key, e);
      }
    }
  }

  private boolean storedEquals(String key, byte[] bytes) {
    return readIfPresent(key).map(stored -> Arrays.equals(stored, bytes)).orElse(false);
  }

  private Optional<byte[]> readIfPresent(String key) {
    try {
      return Optional.of(getBytes(key));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  private static void pause(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while backing off before retrying an S3 request", interrupted);
    }
  }

  private void upload(String key, InputStream in, long size, long partSize, Map<String, String> headers)
      throws MinioException, IOException, GeneralSecurityException {
    client.putObject(PutObjectArgs.builder()
        .bucket(bucket)
        .object(key)
        .stream(in, size, partSize)
        .headers(headers)
        .build());
  }

  /** {@value #PART_SIZE_MIB} MiB, or more when the file would need over 10,000 parts. */
  static long partSizeFor(long size) {
    long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
    long mib = 1024L * 1024L;
    return Math.max(PART_SIZE, (needed + mib - 1) / mib * mib);
  }

  @Override
  public InputStream get(String key) {
    ObjectKeys.validate(key);
    try {
      return retrying(() -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    } catch (MinioException | IOException | GeneralSecurityException e) {
      throw readFailure("get", key, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One ranged GET. A range starting at or past the end is empty (S3 answers 416 there; this store
   * returns an empty stream, as the local store does). Negative offsets or lengths are rejected.
   */
  @Override
  public InputStream get(String key, long offset, long length) {
    ObjectKeys.validate(key);
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("range offset and length must be >= 0, got offset " + offset
          + ", length " + length);
    }
    if (length == 0) {
      if (stat(key).isEmpty()) {
        throw new ObjectNotFoundException(key);
      }
      return InputStream.nullInputStream();
    }
    GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(bucket).object(key).offset(offset);
    if (length <= Long.MAX_VALUE - offset) { // else "to the end": offset + length - 1 would overflow
      args.length(length);
    }
    try {
      return retrying(() -> client.getObject(args.build()));
    } catch (ErrorResponseException e) {
      if ("InvalidRange".equals(e.errorResponse().code())) {
        return InputStream.nullInputStream(); // the object exists (else 404) but ends before offset
      }
      throw readFailure("get range", key, e);
    } catch (MinioException | IOException | GeneralSecurityException e) {
      throw readFailure("get range", key, e);
    }
  }

  @Override
  public byte[] getBytes(String key) {
    try (InputStream in = get(key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw failure("getBytes", key, e);
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    ObjectKeys.validate(key);
    try {
      StatObjectResponse response = retrying(
          () -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
      Instant lastModified = response.lastModified() == null ? null : response.lastModified().toInstant();
      return Optional.of(new ObjectInfo(key, response.size(), lastModified));
    } catch (ErrorResponseException e) {
      if (isNoSuchKey(e)) {
        return Optional.empty();
      }
      throw failure("stat", key, e);
    } catch (MinioException | IOException | GeneralSecurityException e) {
      throw failure("stat", key, e);
    }
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    ObjectKeys.validatePrefix(prefix);
    List<ObjectInfo> found;
    try {
      found = retrying(() -> listOnce(prefix)); // a listing that failed part-way starts again from the top
    } catch (MinioException | IOException | GeneralSecurityException e) {
      throw new ObjectStoreException("list of prefix '" + prefix + "' in bucket '" + bucket + "' at " + endpoint
          + " failed: " + describe(e), e);
    } catch (IllegalArgumentException e) {
      throw new ObjectStoreException("list of prefix '" + prefix + "' in bucket '" + bucket
          + "' found an object whose name is not a valid object key: " + e.getMessage(), e);
    }
    found.sort(Comparator.comparing(ObjectInfo::key));
    return List.copyOf(found);
  }

  private List<ObjectInfo> listOnce(String prefix) throws MinioException, IOException, GeneralSecurityException {
    List<ObjectInfo> found = new ArrayList<>();
    Iterable<Result<Item>> results = client.listObjects(
        ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build());
    for (Result<Item> result : results) {
      Item item = result.get();
      String name = item.objectName();
      if (item.isDir() || name.endsWith("/")) {
        continue; // a folder marker, not an object
      }
      Instant lastModified = item.lastModified() == null ? null : item.lastModified().toInstant();
      found.add(new ObjectInfo(name, item.size(), lastModified));
    }
    return found;
  }

  @Override
  public boolean delete(String key) {
    if (stat(key).isEmpty()) {
      return false;
    }
    try {
      retrying(() -> {
        client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        return null;
      });
      return true;
    } catch (MinioException | IOException | GeneralSecurityException e) {
      throw failure("delete", key, e);
    }
  }

  /** {@code s3://bucket/}. */
  @Override
  public String baseUri() {
    return "s3://" + bucket + "/";
  }

  /** Releases the HTTP connection pool and its threads. */
  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      throw new ObjectStoreException("closing the S3 client for bucket '" + bucket + "' at " + endpoint
          + " failed: " + e, e);
    }
  }

  @Override
  public String toString() {
    return "S3ObjectStore[" + endpoint + ", bucket " + bucket + "]";
  }

  /**
   * Runs {@code call}, again after a back-off while it fails with a transient server fault, at most
   * {@value #MAX_TRANSIENT_RETRIES} more times; then the last failure propagates.
   */
  private static <T> T retrying(IdempotentCall<T> call) throws MinioException, IOException, GeneralSecurityException {
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int retry = 0; ; retry++) {
      try {
        return call.call();
      } catch (MinioException e) {
        if (retry >= MAX_TRANSIENT_RETRIES || !isTransient(e)) {
          throw e;
        }
      }
      pause(backoff);
      backoff *= 2;
    }
  }

  /** HTTP 500, 502, 503 or 504, whether the server answered with S3 XML, the SDK's server error or HTML. */
  static boolean isTransient(MinioException e) {
    int status = -1;
    if (e instanceof ErrorResponseException) {
      status = ((ErrorResponseException) e).response().code();
    } else if (e instanceof ServerException) {
      status = ((ServerException) e).statusCode();
    } else if (e instanceof InvalidResponseException && e.getMessage() != null) {
      Matcher matcher = NON_XML_STATUS.matcher(e.getMessage());
      if (matcher.find()) {
        status = Integer.parseInt(matcher.group(1));
      }
    }
    return status == 500 || status == 502 || status == 503 || status == 504;
  }

  private static boolean isNoSuchKey(ErrorResponseException e) {
    String code = e.errorResponse().code();
    return "NoSuchKey".equals(code) || (e.response().code() == 404 && !"NoSuchBucket".equals(code));
  }

  private ObjectStoreException readFailure(String operation, String key, Exception e) {
    if (e instanceof ErrorResponseException && isNoSuchKey((ErrorResponseException) e)) {
      ObjectNotFoundException notFound = new ObjectNotFoundException(key);
      notFound.initCause(e);
      return notFound;
    }
    return failure(operation, key, e);
  }

  private ObjectStoreException failure(String operation, String key, Exception e) {
    return new ObjectStoreException(operation + " of '" + key + "' in bucket '" + bucket + "' at " + endpoint
        + " failed: " + describe(e), e);
  }

  /** The S3 error code and message when the server sent one; the SDK's own toString is a long trace. */
  private static String describe(Exception e) {
    if (e instanceof ErrorResponseException) {
      ErrorResponseException error = (ErrorResponseException) e;
      return "HTTP " + error.response().code() + " " + error.errorResponse().code() + ": "
          + error.errorResponse().message();
    }
    return e.toString();
  }

  private static String requireText(String value, String name) {
    if (isBlank(value)) {
      throw new IllegalArgumentException("S3 " + name + " must not be blank, got '" + value + "'");
    }
    return value;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
