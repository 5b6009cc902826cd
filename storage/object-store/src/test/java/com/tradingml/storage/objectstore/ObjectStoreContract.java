package com.tradingml.storage.objectstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract test kit of {@link ObjectStore}: every implementation's test extends this class and
 * inherits these tests, so that the local store and S3 keep the same promises (see the interface's
 * javadoc). A subclass only says how to make a fresh, empty store; it may add tests of its own.
 *
 * <p>The concurrency tests are stress tests: they can only show a violation, never prove its absence,
 * so each one repeats its race enough times to make a broken implementation fail reliably. None of them
 * asserts on elapsed time.
 */
public abstract class ObjectStoreContract {

  private static final int MIB = 1024 * 1024;

  /** A new, empty store; the kit closes it after each test. */
  protected abstract ObjectStore newStore();

  protected ObjectStore store;

  @TempDir
  protected Path scratch;

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- put and get ----

  @Test
  void shouldReturnTheBytesThatWerePut() {
    store.put("models/m1/weights.bin", bytes("weights v1"));

    assertThat(store.getBytes("models/m1/weights.bin")).isEqualTo(bytes("weights v1"));
    assertThat(readAll(store.get("models/m1/weights.bin"))).isEqualTo(bytes("weights v1"));
  }

  @Test
  void shouldUploadTheContentOfAFile() throws IOException {
    Path file = scratch.resolve("report.html");
    Files.write(file, bytes("<html>backtest</html>"));

    store.put("reports/run-1/report.html", file);

    assertThat(store.getBytes("reports/run-1/report.html")).isEqualTo(bytes("<html>backtest</html>"));
  }

  @Test
  void shouldTakeOverAFileGivenAwayAndReplaceTheObjectThere() throws IOException {
    store.put("data/part-1.parquet", bytes("old"));
    Path file = scratch.resolve("spool-1.part");
    Files.write(file, bytes("new content"));

    store.putMoving("data/part-1.parquet", file);

    assertThat(store.getBytes("data/part-1.parquet")).isEqualTo(bytes("new content"));
    assertThat(file).doesNotExist();
  }

  @Test
  void shouldDeleteAFileGivenAwayEvenWhenThePutFails() throws IOException {
    Path file = scratch.resolve("spool-2.part");
    Files.write(file, bytes("content"));

    assertThatThrownBy(() -> store.putMoving("bad//key", file)).isInstanceOf(IllegalArgumentException.class);

    assertThat(file).doesNotExist();
  }

  @Test
  void shouldStoreAnEmptyObject() {
    store.put("markers/_SUCCESS", new byte[0]);

    assertThat(store.getBytes("markers/_SUCCESS")).isEmpty();
    assertThat(store.stat("markers/_SUCCESS")).hasValueSatisfying(info -> assertThat(info.size()).isZero());
  }

  @Test
  void shouldReplaceAnExistingObject() {
    store.put("a/key", bytes("first, longer content"));

    store.put("a/key", bytes("second"));

    assertThat(store.getBytes("a/key")).isEqualTo(bytes("second"));
    assertThat(store.stat("a/key")).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(6));
  }

  @Test
  void shouldKeepThePreviousObjectWhenAPutFromAMissingFileFails() {
    store.put("a/key", bytes("previous"));

    assertThatThrownBy(() -> store.put("a/key", scratch.resolve("no-such-file")))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("a/key");

    assertThat(store.getBytes("a/key")).isEqualTo(bytes("previous"));
  }

  @Test
  void shouldThrowObjectNotFoundForAMissingKey() {
    store.put("present", bytes("x"));

    assertThatThrownBy(() -> store.get("absent/key"))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining("absent/key");
    assertThatThrownBy(() -> store.getBytes("absent/key")).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> store.get("absent/key", 0, 10)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> store.get("absent/key", 0, 0)).isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void shouldNotTreatAFolderOfObjectsAsAnObject() {
    store.put("folder/child", bytes("x"));

    assertThatThrownBy(() -> store.get("folder")).isInstanceOf(ObjectNotFoundException.class);
    assertThat(store.stat("folder")).isEmpty();
    assertThat(store.delete("folder")).isFalse();
    assertThat(store.getBytes("folder/child")).isEqualTo(bytes("x"));
  }

  // ---- ranges ----

  @Test
  void shouldReadARangeFromTheMiddle() {
    store.put("range", bytes("0123456789"));

    assertThat(readAll(store.get("range", 3, 4))).isEqualTo(bytes("3456"));
    assertThat(readAll(store.get("range", 0, 1))).isEqualTo(bytes("0"));
  }

  @Test
  void shouldReturnFewerBytesWhenTheRangeRunsPastTheEnd() {
    store.put("range", bytes("0123456789"));

    assertThat(readAll(store.get("range", 7, 100))).isEqualTo(bytes("789"));
    assertThat(readAll(store.get("range", 0, Long.MAX_VALUE))).isEqualTo(bytes("0123456789"));
  }

  @Test
  void shouldReturnNothingForARangeStartingAtOrPastTheEnd() {
    store.put("range", bytes("0123456789"));

    assertThat(readAll(store.get("range", 10, 5))).isEmpty();
    assertThat(readAll(store.get("range", 1_000, 5))).isEmpty();
    assertThat(readAll(store.get("range", 4, 0))).isEmpty();
  }

  @Test
  void shouldRejectANegativeRange() {
    store.put("range", bytes("0123456789"));

    assertThatThrownBy(() -> store.get("range", -1, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get("range", 0, -5)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- stat ----

  @Test
  void shouldStatAPresentObjectWithItsSize() {
    store.put("stats/obj", new byte[1234]);

    assertThat(store.stat("stats/obj")).hasValueSatisfying(info -> {
      assertThat(info.key()).isEqualTo("stats/obj");
      assertThat(info.size()).isEqualTo(1234);
      assertThat(info.lastModified()).isNotNull();
    });
  }

  @Test
  void shouldStatAnAbsentObjectAsEmpty() {
    store.put("stats/obj", new byte[1]);

    assertThat(store.stat("stats/other")).isEmpty();
    assertThat(store.stat("stats")).isEmpty();
  }

  // ---- list ----

  @Test
  void shouldListEveryObjectUnderAFolderPrefixRecursivelyAndSorted() {
    putAll("a/b/2", "a/b/1", "a/b/deep/x/y", "a/bc/1", "a/b.txt", "a/c", "b/1");

    assertThat(keys(store.list("a/b/"))).containsExactly("a/b/1", "a/b/2", "a/b/deep/x/y");
  }

  @Test
  void shouldMatchAPrefixWithoutSlashAsAStringPrefix() {
    putAll("a/b/1", "a/bc/1", "a/b.txt", "a/c", "a/a");

    assertThat(keys(store.list("a/b"))).containsExactly("a/b.txt", "a/b/1", "a/bc/1");
  }

  @Test
  void shouldListEverythingForTheEmptyPrefix() {
    putAll("z", "a/1", "m/n/o", "a/0");

    assertThat(keys(store.list(""))).containsExactly("a/0", "a/1", "m/n/o", "z");
  }

  @Test
  void shouldListNothingForAnUnknownPrefixOrAnEmptyStore() {
    assertThat(store.list("")).isEmpty();

    putAll("a/1");

    assertThat(store.list("b/")).isEmpty();
    assertThat(store.list("a/1/")).isEmpty();
  }

  @Test
  void shouldReportSizesInAListing() {
    store.put("sized/one", new byte[1]);
    store.put("sized/three", new byte[3]);

    assertThat(store.list("sized/")).extracting(ObjectInfo::key, ObjectInfo::size)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("sized/one", 1L),
            org.assertj.core.groups.Tuple.tuple("sized/three", 3L));
  }

  // ---- delete ----

  @Test
  void shouldDeleteAPresentObject() {
    putAll("d/1", "d/2");

    assertThat(store.delete("d/1")).isTrue();

    assertThat(store.stat("d/1")).isEmpty();
    assertThatThrownBy(() -> store.get("d/1")).isInstanceOf(ObjectNotFoundException.class);
    assertThat(keys(store.list(""))).containsExactly("d/2");
  }

  @Test
  void shouldReportThatAnAbsentObjectWasNotDeleted() {
    putAll("d/1");

    assertThat(store.delete("d/2")).isFalse();
    assertThat(store.delete("d/1")).isTrue();
    assertThat(store.delete("d/1")).isFalse();
  }

  @Test
  void shouldAcceptAKeyAgainAfterItsObjectWasDeleted() {
    store.put("again/x/y", bytes("one"));
    store.delete("again/x/y");

    store.put("again/x/y", bytes("two"));

    assertThat(store.getBytes("again/x/y")).isEqualTo(bytes("two"));
  }

  // ---- keys ----

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/../../x", "/x", "a//b", "a/", "./a", "a\\b", ""})
  void shouldRejectAnInvalidKeyInEveryOperation(String key) {
    assertThatThrownBy(() -> store.put(key, bytes("x"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put(key, scratch)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.putIfAbsent(key, bytes("x"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get(key)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get(key, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.getBytes(key)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.stat(key)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.list("")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../", "/a/", "a//", "a/../b/"})
  void shouldRejectAnInvalidListPrefix(String prefix) {
    assertThatThrownBy(() -> store.list(prefix)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldNameObjectsUnderItsBaseUri() {
    assertThat(store.baseUri()).endsWith("/").doesNotEndWith("//");
  }

  // ---- large objects ----

  @Test
  void shouldRoundTripA20MiBObjectFromAFile() throws IOException {
    byte[] content = randomBytes(20 * MIB, 20);
    Path file = scratch.resolve("big.bin");
    Files.write(file, content);

    store.put("big/object.bin", file);

    assertThat(store.stat("big/object.bin")).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(content.length));
    assertThat(store.getBytes("big/object.bin")).isEqualTo(content);
    // Across the first part boundary of a 16 MiB multipart upload.
    int boundary = 16 * MIB;
    assertThat(readAll(store.get("big/object.bin", boundary - 10, 20)))
        .isEqualTo(Arrays.copyOfRange(content, boundary - 10, boundary + 10));
  }

  @Test
  void shouldRoundTripA20MiBObjectFromBytes() {
    byte[] content = randomBytes(20 * MIB, 21);

    store.put("big/bytes.bin", content);

    assertThat(store.getBytes("big/bytes.bin")).isEqualTo(content);
  }

  // ---- atomicity ----

  /**
   * One writer replaces a 4 MiB object, alternating two contents, while two readers read it again and
   * again: every read must be exactly one of the two, never a partial or mixed object.
   */
  @Test
  void shouldNeverExposeAPartialObjectDuringReplace() throws Exception {
    byte[] first = randomBytes(4 * MIB, 1);
    byte[] second = randomBytes(4 * MIB, 2);
    store.put("atomic/object", first);
    int replacements = 24;
    AtomicBoolean writerDone = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());

    Callable<Void> writer = () -> {
      try {
        for (int i = 0; i < replacements; i++) {
          store.put("atomic/object", i % 2 == 0 ? second : first);
        }
      } finally {
        writerDone.set(true);
      }
      return null;
    };
    Callable<Void> reader = () -> {
      // At least one read after the writer finished, so that every reader also reads.
      boolean last = false;
      while (!last) {
        last = writerDone.get();
        byte[] read = store.getBytes("atomic/object");
        reads.incrementAndGet();
        if (!Arrays.equals(read, first) && !Arrays.equals(read, second)) {
          violations.add("read " + read.length + " bytes matching neither content");
        }
      }
      return null;
    };

    runConcurrently(List.of(writer, reader, reader));

    assertThat(violations).isEmpty();
    assertThat(reads.get()).isGreaterThanOrEqualTo(2);
    assertThat(store.getBytes("atomic/object")).isEqualTo(replacements % 2 == 0 ? first : second);
  }

  // ---- putIfAbsent ----

  @Test
  void shouldCreateOnlyOnceWithPutIfAbsent() {
    assertThat(store.putIfAbsent("commits/v1", bytes("first"))).isTrue();

    assertThat(store.putIfAbsent("commits/v1", bytes("second"))).isFalse();

    assertThat(store.getBytes("commits/v1")).isEqualTo(bytes("first"));
  }

  @Test
  void shouldNotReplaceAnObjectThatPutCreatedWithPutIfAbsent() {
    store.put("commits/v2", bytes("put"));

    assertThat(store.putIfAbsent("commits/v2", bytes("later"))).isFalse();

    assertThat(store.getBytes("commits/v2")).isEqualTo(bytes("put"));
  }

  /**
   * Eight threads race to create one key, twelve rounds: exactly one wins each round, and the stored
   * object is the winner's. This is what a catalog commit (write the next metadata version only if no
   * one else did) relies on.
   */
  @Test
  void shouldLetExactlyOneOfConcurrentPutIfAbsentCallersWin() throws Exception {
    int threads = 8;
    for (int round = 0; round < 12; round++) {
      String key = "race/round-" + round;
      List<byte[]> contents = new ArrayList<>();
      List<Callable<Boolean>> contenders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        // 256 KiB: long enough to write that a check-then-write implementation loses the race.
        byte[] content = Arrays.copyOf(bytes("contender " + t + " of round " + round + "\n"), 256 * 1024);
        contents.add(content);
        contenders.add(() -> store.putIfAbsent(key, content));
      }

      List<Boolean> outcomes = runConcurrently(contenders);

      List<Integer> winners = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        if (outcomes.get(t)) {
          winners.add(t);
        }
      }
      assertThat(winners).as("winners of round %d", round).hasSize(1);
      assertThat(store.getBytes(key)).as("the stored object is the winner's").isEqualTo(contents.get(winners.get(0)));
    }
  }

  // ---- helpers ----

  protected static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  protected static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  protected static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  protected void putAll(String... keys) {
    for (String key : keys) {
      store.put(key, bytes("content of " + key));
    }
  }

  protected static List<String> keys(List<ObjectInfo> infos) {
    return infos.stream().map(ObjectInfo::key).toList();
  }

  /**
   * Runs the tasks on their own threads, released together by a latch so that they really race; returns
   * their results in order and rethrows the first failure.
   */
  protected static <T> List<T> runConcurrently(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch ready = new CountDownLatch(tasks.size());
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return task.call();
        }));
      }
      ready.await();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(5, TimeUnit.MINUTES)); // a guard against a hang, not a performance limit
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
