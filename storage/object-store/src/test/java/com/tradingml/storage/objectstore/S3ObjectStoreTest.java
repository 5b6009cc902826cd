package com.tradingml.storage.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.tradingml.core.config.PipelineConfig;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The contract kit on S3 through the MinIO SDK, against a real S3 API server on loopback
 * ({@link S3TestServer}: s3proxy in this JVM, or the server {@value S3TestServer#ENDPOINT_PROPERTY}
 * names), plus the S3-only behaviour: the conditional-write header, error mapping, bucket creation.
 *
 * <p><b>putIfAbsent and s3proxy.</b> s3proxy 2.6.0 does not implement conditional writes: its
 * {@code S3ProxyHandler.handlePutBlob} never reads {@code If-None-Match} (the header is read only for
 * GET and HEAD), so a PUT with {@code If-None-Match: *} overwrites an existing object and answers 200
 * (upstream: gaul/s3proxy issues 732 and 831, pull request 893 open). The three putIfAbsent contract
 * tests therefore cannot pass on it and are disabled for the in-process s3proxy run only, with that
 * reason; {@link #shouldShowThatS3ProxyOverwritesAnExistingKeyDespiteIfNoneMatch} pins the gap so that an
 * s3proxy upgrade that closes it is noticed. What this store controls is tested here on any server: it
 * sends the header, and it maps the 412 a conforming server returns to {@code false}. Run against a
 * conforming server with {@code -Dobjectstore.test.s3.endpoint=http://...} to run the disabled tests.
 */
class S3ObjectStoreTest extends ObjectStoreContract {

  private static final String S3PROXY_IGNORES_IF_NONE_MATCH = "s3proxy 2.6.0 ignores If-None-Match on PUT "
      + "(S3ProxyHandler.handlePutBlob never reads it; gaul/s3proxy#831), so putIfAbsent overwrites and returns "
      + "true; runs against a conforming server (AWS, MinIO, moto) given by -D" + S3TestServer.ENDPOINT_PROPERTY;

  private static S3TestServer server;

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** Whether this run uses the in-process s3proxy; decided by the same system property as the server. */
  static boolean inProcessS3Proxy() {
    return System.getProperty(S3TestServer.ENDPOINT_PROPERTY, "").isBlank();
  }

  @Override
  protected ObjectStore newStore() {
    return server.newStore();
  }

  // ---- putIfAbsent: the contract tests s3proxy cannot pass ----

  @Override
  @Test
  @DisabledIf(value = "inProcessS3Proxy", disabledReason = S3PROXY_IGNORES_IF_NONE_MATCH)
  void shouldCreateOnlyOnceWithPutIfAbsent() {
    super.shouldCreateOnlyOnceWithPutIfAbsent();
  }

  @Override
  @Test
  @DisabledIf(value = "inProcessS3Proxy", disabledReason = S3PROXY_IGNORES_IF_NONE_MATCH)
  void shouldNotReplaceAnObjectThatPutCreatedWithPutIfAbsent() {
    super.shouldNotReplaceAnObjectThatPutCreatedWithPutIfAbsent();
  }

  @Override
  @Test
  @DisabledIf(value = "inProcessS3Proxy", disabledReason = S3PROXY_IGNORES_IF_NONE_MATCH)
  void shouldLetExactlyOneOfConcurrentPutIfAbsentCallersWin() throws Exception {
    super.shouldLetExactlyOneOfConcurrentPutIfAbsentCallersWin();
  }

  /**
   * Characterises the test server, not the store: s3proxy 2.6.0 lets a conditional PUT overwrite. When
   * this fails, s3proxy has learnt conditional writes: enable the three tests above for it.
   */
  @Test
  @EnabledIf(value = "inProcessS3Proxy", disabledReason = "describes the in-process s3proxy only")
  void shouldShowThatS3ProxyOverwritesAnExistingKeyDespiteIfNoneMatch() {
    store.put("commits/v1", bytes("first"));

    boolean created = store.putIfAbsent("commits/v1", bytes("second"));

    assertThat(created).as("s3proxy answered 200 to If-None-Match: * on an existing key").isTrue();
    assertThat(store.getBytes("commits/v1")).isEqualTo(bytes("second"));
  }

  // ---- putIfAbsent: what the store itself does, on any server ----

  @Test
  void shouldSendIfNoneMatchStarWithPutIfAbsentAndOnlyThere() {
    List<Request> puts = Collections.synchronizedList(new ArrayList<>());
    String bucket = server.newBucket();
    try (S3ObjectStore recording = storeThrough(bucket, chain -> {
      if (chain.request().method().equals("PUT")) {
        puts.add(chain.request());
      }
      return chain.proceed(chain.request());
    })) {
      recording.put("plain", bytes("x"));
      recording.putIfAbsent("conditional", bytes("y"));
    }

    assertThat(puts).extracting(request -> request.url().encodedPath(), request -> request.header("If-None-Match"))
        .containsExactly(tuple("/" + bucket + "/plain", null), tuple("/" + bucket + "/conditional", "*"));
  }

  @Test
  void shouldReturnFalseWhenTheServerAnswersPreconditionFailed() {
    String bucket = server.newBucket();
    String error = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PreconditionFailed</Code>"
        + "<Message>At least one of the pre-conditions you specified did not hold</Message>"
        + "<Condition>If-None-Match</Condition><Key>taken</Key><BucketName>" + bucket + "</BucketName>"
        + "<Resource>/" + bucket + "/taken</Resource><RequestId>1</RequestId><HostId>h</HostId></Error>";
    // Answers conditional PUTs the way AWS S3 does when the key exists; passes everything else through.
    Interceptor conformingServer = chain -> {
      Request request = chain.request();
      if (request.method().equals("PUT") && "*".equals(request.header("If-None-Match"))) {
        return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(412)
            .message("Precondition Failed").header("Content-Type", "application/xml")
            .body(ResponseBody.create(error, MediaType.get("application/xml"))).build();
      }
      return chain.proceed(request);
    };
    try (S3ObjectStore conditional = storeThrough(bucket, conformingServer)) {
      conditional.put("taken", bytes("first"));

      assertThat(conditional.putIfAbsent("taken", bytes("second"))).isFalse();

      assertThat(conditional.getBytes("taken")).isEqualTo(bytes("first"));
    }
  }

  // ---- transient server faults ----

  /**
   * Answers the first {@code failures} requests of {@code method} with a 500 and an HTML page (as moto's
   * server and HTTP proxies do; no body for HEAD, as HTTP requires), passing the rest to s3proxy.
   */
  private static Interceptor failingFirst(String method, int failures, List<Request> seen) {
    java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(failures);
    return chain -> {
      Request request = chain.request();
      if (request.method().equals(method)) {
        seen.add(request);
        if (left.getAndDecrement() > 0) {
          String page = method.equals("HEAD") ? "" : "<!doctype html><title>500 Internal Server Error</title>";
          return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(500)
              .message("Internal Server Error").header("Content-Type", "text/html; charset=utf-8")
              .body(ResponseBody.create(page, MediaType.get("text/html; charset=utf-8"))).build();
        }
      }
      return chain.proceed(request);
    };
  }

  @Test
  void shouldRetryAGetThatTheServerFailedWithA500AndReturnTheWholeObject() {
    String bucket = server.newBucket();
    List<Request> gets = Collections.synchronizedList(new ArrayList<>());
    try (S3ObjectStore flaky = storeThrough(bucket, failingFirst("GET", 2, gets))) {
      flaky.put("bars/a.csv", bytes("symbol,ts\nAAPL,1\n"));

      assertThat(flaky.getBytes("bars/a.csv")).isEqualTo(bytes("symbol,ts\nAAPL,1\n"));
      assertThat(gets).hasSize(3);
    }
  }

  @Test
  void shouldGiveUpAfterTheLastRetryAndNameTheStatus() {
    String bucket = server.newBucket();
    List<Request> heads = Collections.synchronizedList(new ArrayList<>());
    try (S3ObjectStore down = storeThrough(bucket, failingFirst("HEAD", Integer.MAX_VALUE, heads))) {
      assertThatThrownBy(() -> down.stat("anything"))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("stat of 'anything'")
          .hasMessageContaining("500");
      assertThat(heads).hasSize(1 + S3ObjectStore.MAX_TRANSIENT_RETRIES);
    }
  }

  @Test
  void shouldTryPutIfAbsentAgainAfterAFaultThatWroteNothing() {
    String bucket = server.newBucket();
    List<Request> puts = Collections.synchronizedList(new ArrayList<>());
    try (S3ObjectStore flaky = storeThrough(bucket, failingFirst("PUT", 1, puts))) {
      assertThat(flaky.putIfAbsent("commits/v1", bytes("first"))).isTrue();

      assertThat(puts).hasSize(2);
      assertThat(flaky.getBytes("commits/v1")).isEqualTo(bytes("first"));
    }
  }

  /** The server wrote the object, then the answer was lost (a 500 instead of 200): reading settles it. */
  @Test
  void shouldSettleAPutIfAbsentWhoseAnswerWasLostByReadingTheKey() {
    String bucket = server.newBucket();
    java.util.concurrent.atomic.AtomicInteger lost = new java.util.concurrent.atomic.AtomicInteger();
    Interceptor losesTheFirstPutAnswer = chain -> {
      Request request = chain.request();
      Response response = chain.proceed(request);
      if (request.method().equals("PUT") && lost.getAndIncrement() == 0) {
        response.close();
        return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(500)
            .message("Internal Server Error").header("Content-Type", "text/html; charset=utf-8")
            .body(ResponseBody.create("<!doctype html><title>500</title>", MediaType.get("text/html"))).build();
      }
      return response;
    };
    try (S3ObjectStore flaky = storeThrough(bucket, losesTheFirstPutAnswer)) {
      assertThat(flaky.putIfAbsent("commits/v1", bytes("mine"))).as("our own write, answer lost").isTrue();
      assertThat(lost.get()).as("no second PUT: the read found our bytes").isEqualTo(1);

    }
    // A fault that wrote nothing, on a key someone else already holds: the read says "taken".
    List<Request> puts = Collections.synchronizedList(new ArrayList<>());
    try (S3ObjectStore flaky = storeThrough(bucket, failingFirst("PUT", 1, puts))) {
      flaky.put("commits/v2", bytes("theirs")); // the one PUT the interceptor fails: retried by put
      puts.clear();
      try (S3ObjectStore faultOnConditional = storeThrough(bucket, failingFirst("PUT", 1, puts))) {
        assertThat(faultOnConditional.putIfAbsent("commits/v2", bytes("mine"))).as("taken by other bytes").isFalse();
      }
      assertThat(puts).hasSize(1);
      assertThat(flaky.getBytes("commits/v2")).isEqualTo(bytes("theirs"));
    }
  }

  @Test
  void shouldRetryPutsAndListsThroughTransientFaults() {
    String bucket = server.newBucket();
    List<Request> puts = Collections.synchronizedList(new ArrayList<>());
    try (S3ObjectStore flaky = storeThrough(bucket, failingFirst("PUT", 3, puts))) {
      flaky.put("a/1", bytes("one"));
      flaky.put("a/2", bytes("two"));

      assertThat(puts).hasSize(5);
    }
    List<Request> gets = Collections.synchronizedList(new ArrayList<>());
    try (S3ObjectStore flakyReads = storeThrough(bucket, failingFirst("GET", 2, gets))) {
      assertThat(keys(flakyReads.list("a/"))).containsExactly("a/1", "a/2");
      assertThat(gets).hasSize(3);
      assertThat(flakyReads.getBytes("a/1")).isEqualTo(bytes("one"));
    }
  }

  // ---- S3 specifics ----

  @Test
  void shouldUseTheBucketAsBaseUri() {
    S3ObjectStore s3 = (S3ObjectStore) store;

    assertThat(store.baseUri()).isEqualTo("s3://" + s3.bucket() + "/");
  }

  @Test
  void shouldLeaveFolderMarkersOutOfListings() throws Exception {
    S3ObjectStore s3 = (S3ObjectStore) store;
    server.client().putObject(PutObjectArgs.builder().bucket(s3.bucket()).object("folder/")
        .stream(new ByteArrayInputStream(new byte[0]), 0, -1).build());
    store.put("folder/object", bytes("x"));

    assertThat(keys(store.list(""))).containsExactly("folder/object");
    assertThat(keys(store.list("folder/"))).containsExactly("folder/object");
  }

  @Test
  void shouldCreateAMissingBucketOnceAndToleratePreviousCreation() {
    String bucket = "ensure-" + Long.toHexString(System.nanoTime());
    try (S3ObjectStore fresh = new S3ObjectStore(server.endpoint(), "", bucket, server.accessKey(), server.secretKey())) {
      fresh.ensureBucket();
      fresh.ensureBucket();
      fresh.put("k", bytes("v"));

      assertThat(fresh.getBytes("k")).isEqualTo(bytes("v"));
    }
  }

  @Test
  void shouldOpenAnS3StoreFromSettingsAndCreateItsBucket() {
    String bucket = "opened-" + Long.toHexString(System.nanoTime());
    PipelineConfig.ObjectStoreSettings settings = new PipelineConfig.ObjectStoreSettings(
        "s3", null, server.endpoint(), bucket, server.region(), server.accessKey(), server.secretKey());

    try (ObjectStore opened = ObjectStores.open(settings)) {
      opened.put("k", bytes("v"));

      assertThat(opened).isInstanceOf(S3ObjectStore.class);
      assertThat(opened.baseUri()).isEqualTo("s3://" + bucket + "/");
      assertThat(opened.getBytes("k")).isEqualTo(bytes("v"));
    }
  }

  @Test
  @EnabledIf(value = "inProcessS3Proxy", disabledReason = "an external test server may not check signatures (moto does not)")
  void shouldNameTheOperationAndKeyWhenTheServerRefusesTheCredentials() {
    S3ObjectStore s3 = (S3ObjectStore) store;
    try (S3ObjectStore wrongKeys = new S3ObjectStore(server.endpoint(), server.region(), s3.bucket(),
        server.accessKey(), "not-the-secret")) {

      assertThatThrownBy(() -> wrongKeys.put("reports/x", bytes("x")))
          .isInstanceOf(ObjectStoreException.class)
          .isNotInstanceOf(ObjectNotFoundException.class)
          .hasMessageContaining("put of 'reports/x'")
          .hasMessageContaining(s3.bucket())
          .hasMessageContaining("403");
      assertThatThrownBy(() -> wrongKeys.stat("reports/x"))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("stat of 'reports/x'");
    }
  }

  @Test
  void shouldFailToOpenWhenTheServerIsUnreachable() {
    PipelineConfig.ObjectStoreSettings settings = new PipelineConfig.ObjectStoreSettings(
        "s3", null, "http://127.0.0.1:1", "nowhere", "", "k", "s");

    assertThatThrownBy(() -> ObjectStores.open(settings))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("nowhere")
        .hasMessageContaining("127.0.0.1:1");
  }

  @Test
  void shouldSizePartsSoThatAnyFileFitsInTenThousandParts() {
    long mib = 1024L * 1024L;

    assertThat(S3ObjectStore.partSizeFor(0)).isEqualTo(16 * mib);
    assertThat(S3ObjectStore.partSizeFor(20 * mib)).isEqualTo(16 * mib);
    assertThat(S3ObjectStore.partSizeFor(160_000 * mib)).isEqualTo(16 * mib);
    assertThat(S3ObjectStore.partSizeFor(160_001 * mib)).isEqualTo(17 * mib);
    long huge = 5L * 1024 * 1024 * mib; // 5 TiB, S3's largest object
    assertThat(S3ObjectStore.partSizeFor(huge) * 10_000).isGreaterThanOrEqualTo(huge);
  }

  private S3ObjectStore storeThrough(String bucket, Interceptor interceptor) {
    OkHttpClient http = new OkHttpClient.Builder().addInterceptor(interceptor).build();
    MinioClient client = MinioClient.builder().endpoint(server.endpoint()).region(server.region())
        .credentials(server.accessKey(), server.secretKey()).httpClient(http, true).build();
    return new S3ObjectStore(client, server.endpoint(), bucket);
  }
}
