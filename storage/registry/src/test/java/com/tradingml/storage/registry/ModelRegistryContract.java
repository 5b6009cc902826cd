package com.tradingml.storage.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tradingml.core.config.PipelineConfig.JdbcSettings;
import com.tradingml.storage.objectstore.ObjectInfo;
import com.tradingml.storage.objectstore.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model registry's contract (shared/RELIABILITY.md M1, M2, M3, M5), run against every pairing of
 * database and object store a subclass provides: H2 + local directory, H2 + S3, PostgreSQL + local.
 * Each test gets an empty database and an empty object store.
 */
abstract class ModelRegistryContract {

  static final Instant START = Instant.parse("2025-03-03T09:00:00Z");
  static final Duration LONGER_THAN_ABANDON = ModelRegistry.DEFAULT_ABANDON_AFTER.plusMinutes(1);

  @TempDir Path temp;

  TestClock clock;
  ObjectStore store;
  JdbcSettings jdbc;
  ModelRegistry registry;

  private final AtomicInteger inputs = new AtomicInteger();

  /** A fresh, empty object store for one test; closed after it. */
  abstract ObjectStore newStore(Path folder);

  /** A fresh, empty database for one test. */
  abstract JdbcSettings newDatabase(Path folder);

  /** Removes what {@link #newDatabase} created, if anything outlives the temp folder. */
  void dropDatabase(JdbcSettings settings) {}

  @BeforeEach
  void openRegistry() throws IOException {
    clock = new TestClock(START);
    store = newStore(Files.createDirectories(temp.resolve("store")));
    jdbc = newDatabase(Files.createDirectories(temp.resolve("database")));
    registry = new ModelRegistry(store, jdbc, clock);
  }

  @AfterEach
  void closeRegistry() {
    registry.close();
    store.close();
    dropDatabase(jdbc);
  }

  // ------------------------------------------------------------------------------------------
  // Publish, read, fetch
  // ------------------------------------------------------------------------------------------

  @Test
  void shouldPublishGetAndFetchEveryArtifactByteForByte() throws Exception {
    Map<String, byte[]> content = new TreeMap<>();
    content.put("network.bin", randomBytes(300_000, 1));
    content.put("normalizer.json", "{\"mean\":[0.1,0.2]}".getBytes(StandardCharsets.UTF_8));
    content.put("warmup-bars.csv", "timestamp,symbol\n".getBytes(StandardCharsets.UTF_8));

    ModelVersion published = registry.publish("momentum", files(content),
        Map.of("feature-set", "fs-abc", "seed", "42"), "trainer-job-7");

    assertThat(published.version()).isEqualTo(1);
    assertThat(published.status()).isEqualTo(VersionStatus.READY);
    assertThat(published.actor()).isEqualTo("trainer-job-7");
    assertThat(published.createdAt()).isEqualTo(START);
    assertThat(published.metadata()).containsExactly(Map.entry("feature-set", "fs-abc"), Map.entry("seed", "42"));
    assertThat(registry.get("momentum", 1)).contains(published);
    assertThat(registry.versions("momentum")).containsExactly(published);
    assertThat(registry.models()).containsExactly("momentum");
    assertThat(registry.resolve("momentum@1")).isEqualTo(published);

    assertThat(keys("models/")).containsExactly("models/momentum/1/manifest.json", "models/momentum/1/network.bin",
        "models/momentum/1/normalizer.json", "models/momentum/1/warmup-bars.csv");
    byte[] manifestBytes = store.getBytes("models/momentum/1/manifest.json");
    assertThat(Digests.sha256(manifestBytes)).isEqualTo(published.manifestSha256());
    Manifest manifest = Manifest.parse(manifestBytes);
    assertThat(manifest.metadata()).isEqualTo(published.metadata());
    for (Map.Entry<String, byte[]> artifact : content.entrySet()) {
      Manifest.Artifact entry = manifest.artifact(artifact.getKey());
      assertThat(entry.sha256()).as(artifact.getKey()).isEqualTo(Digests.sha256(artifact.getValue()));
      assertThat(entry.size()).as(artifact.getKey()).isEqualTo(artifact.getValue().length);
    }

    VerifiedModel fetched = registry.fetch(published, temp.resolve("fetched"));
    assertThat(fetched.version()).isEqualTo(published);
    assertThat(fetched.files()).containsOnlyKeys(content.keySet());
    for (Map.Entry<String, byte[]> artifact : content.entrySet()) {
      assertThat(Files.readAllBytes(fetched.file(artifact.getKey()))).as(artifact.getKey())
          .isEqualTo(artifact.getValue());
    }
    try (var listing = Files.list(fetched.directory())) {
      assertThat(listing.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
          .as("only the artifacts, no temp files").isEqualTo(content.keySet());
    }
    assertThat(registry.verify(published)).isEqualTo(manifest);
  }

  @Test
  void shouldNumberVersionsConsecutivelyPerModel() throws Exception {
    assertThat(publish("alpha").version()).isEqualTo(1);
    assertThat(publish("alpha").version()).isEqualTo(2);
    assertThat(publish("beta").version()).isEqualTo(1);
    assertThat(publish("alpha").version()).isEqualTo(3);
    assertThat(registry.versions("alpha")).extracting(ModelVersion::version).containsExactly(1, 2, 3);
    assertThat(registry.models()).containsExactly("alpha", "beta");
  }

  @Test
  void shouldGiveSixteenConcurrentPublishersDistinctConsecutiveVersions() throws Exception {
    int publishers = 16;
    List<Map<String, Path>> inputsByPublisher = new ArrayList<>();
    for (int i = 0; i < publishers; i++) {
      inputsByPublisher.add(files(Map.of("network.bin", ("publisher " + i).getBytes(StandardCharsets.UTF_8))));
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(publishers);
    try {
      List<Future<ModelVersion>> results = new ArrayList<>();
      for (int i = 0; i < publishers; i++) {
        int publisher = i;
        results.add(pool.submit(() -> {
          start.await();
          return registry.publish("contended", inputsByPublisher.get(publisher),
              Map.of("publisher", Integer.toString(publisher)), "publisher-" + publisher);
        }));
      }
      start.countDown();
      Map<Integer, String> publisherByVersion = new TreeMap<>();
      for (Future<ModelVersion> result : results) {
        ModelVersion version = result.get(120, TimeUnit.SECONDS);
        assertThat(publisherByVersion.put(version.version(), version.metadata().get("publisher")))
            .as("version %d handed out twice", version.version()).isNull();
      }
      assertThat(publisherByVersion.keySet()).containsExactlyElementsOf(
          IntStream.rangeClosed(1, publishers).boxed().collect(Collectors.toList()));
      assertThat(registry.attempts("contended")).hasSize(publishers)
          .allSatisfy(v -> assertThat(v.status()).isEqualTo(VersionStatus.READY));
      for (Map.Entry<Integer, String> entry : publisherByVersion.entrySet()) {
        ModelVersion version = registry.get("contended", entry.getKey()).orElseThrow();
        VerifiedModel fetched = registry.fetch(version, temp.resolve("fetch-" + entry.getKey()));
        assertThat(Files.readString(fetched.file("network.bin"))).as("v%d holds its own publisher's bytes",
            entry.getKey()).isEqualTo("publisher " + entry.getValue());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Crash safety (M1)
  // ------------------------------------------------------------------------------------------

  /** Thrown by the hook to stop a publish dead, as a crash would: the registry runs no cleanup for an Error. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash(PublishHook.Step step) {
      super("simulated crash at " + step);
    }
  }

  @ParameterizedTest
  @EnumSource(PublishHook.Step.class)
  void shouldLeaveNoReadyVersionWhenPublishCrashesAtAnyStep(PublishHook.Step crashAt) throws Exception {
    Map<String, Path> artifacts = files(Map.of("a.bin", randomBytes(5_000, 2), "b.bin", randomBytes(7_000, 3)));
    registry.publishHook((step, model, version, artifact) -> {
      if (step == crashAt) {
        throw new SimulatedCrash(step); // for AFTER_UPLOAD: right after the first of the two artifacts
      }
    });
    assertThatThrownBy(() -> registry.publish("crashy", artifacts, Map.of(), "ci"))
        .isInstanceOf(SimulatedCrash.class);
    registry.publishHook(PublishHook.NONE);

    assertThat(registry.get("crashy", 1)).isEmpty();
    assertThat(registry.versions("crashy")).isEmpty();
    assertThat(registry.models()).doesNotContain("crashy");
    assertThat(registry.attempts("crashy")).singleElement()
        .satisfies(v -> assertThat(v.status()).isEqualTo(VersionStatus.PENDING));
    assertThatThrownBy(() -> registry.resolve("crashy@1")).isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("PENDING");

    // A later publish works at once, with the next number; the crashed one is not yet abandoned.
    ModelVersion second = registry.publish("crashy", artifacts, Map.of(), "ci");
    assertThat(second.version()).isEqualTo(2);
    assertThat(statuses("crashy")).containsExactly(Map.entry(1, VersionStatus.PENDING),
        Map.entry(2, VersionStatus.READY));

    // Once it made no progress for longer than abandonAfter, verify (or a publish) marks it FAILED
    // and deletes what it had uploaded.
    clock.advance(LONGER_THAN_ABANDON);
    registry.verify(second);
    assertThat(statuses("crashy")).containsExactly(Map.entry(1, VersionStatus.FAILED),
        Map.entry(2, VersionStatus.READY));
    assertThat(keys("models/crashy/1/")).isEmpty();
    assertThatThrownBy(() -> registry.resolve("crashy@1")).hasMessageContaining("FAILED")
        .hasMessageContaining("abandoned");

    assertThat(registry.publish("crashy", artifacts, Map.of(), "ci").version()).isEqualTo(3);
    assertEveryReadyVersionVerifies("crashy");
  }

  @ParameterizedTest
  @EnumSource(PublishHook.Step.class)
  void shouldMarkTheVersionFailedAndDeleteItsObjectsWhenPublishFailsAtAnyStep(PublishHook.Step failAt)
      throws Exception {
    Map<String, Path> artifacts = files(Map.of("a.bin", randomBytes(5_000, 4), "b.bin", randomBytes(7_000, 5)));
    registry.publishHook((step, model, version, artifact) -> {
      if (step == failAt) {
        throw new IllegalStateException("injected failure at " + step);
      }
    });
    PublishException failure = catchThrowableOfType(PublishException.class,
        () -> registry.publish("fragile", artifacts, Map.of(), "ci"));
    registry.publishHook(PublishHook.NONE);

    assertThat(failure).isNotNull().hasMessageContaining("fragile@1").hasMessageContaining("injected failure");
    assertThat(failure.version()).isEqualTo(1);
    assertThat(statuses("fragile")).containsExactly(Map.entry(1, VersionStatus.FAILED));
    assertThat(keys("models/fragile/1/")).as("a failed publish removes what it uploaded").isEmpty();
    assertThatThrownBy(() -> registry.resolve("fragile@1")).isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("FAILED").hasMessageContaining("injected failure");

    assertThat(registry.publish("fragile", artifacts, Map.of(), "ci").version()).isEqualTo(2);
    assertEveryReadyVersionVerifies("fragile");
  }

  @Test
  void shouldRefuseToMarkReadyAnUploadThatWasCorruptedBeforeVerification() throws Exception {
    Map<String, Path> artifacts = files(Map.of("network.bin", randomBytes(10_000, 6)));
    registry.publishHook((step, model, version, artifact) -> {
      if (step == PublishHook.Step.AFTER_MANIFEST) {
        flipOneByte(ModelRegistry.prefix(model, version) + "network.bin");
      }
    });
    ModelIntegrityException failure = catchThrowableOfType(ModelIntegrityException.class,
        () -> registry.publish("tampered", artifacts, Map.of(), "ci"));
    assertThat(failure).isNotNull();
    assertThat(failure.artifact()).isEqualTo("network.bin");
    assertThat(statuses("tampered")).containsExactly(Map.entry(1, VersionStatus.FAILED));
    assertThat(registry.get("tampered", 1)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = PublishHook.Step.class, names = {"AFTER_UPLOAD", "AFTER_VERIFY"})
  void shouldFailAPublishThatWasDeclaredAbandonedWhileStillRunning(PublishHook.Step stallAt) throws Exception {
    Map<String, Path> artifacts = files(Map.of("a.bin", randomBytes(1_000, 7), "b.bin", randomBytes(1_000, 8)));
    List<ModelVersion> declaredAbandoned = new ArrayList<>();
    registry.publishHook((step, model, version, artifact) -> {
      if (step == stallAt && declaredAbandoned.isEmpty()) {
        clock.advance(LONGER_THAN_ABANDON); // the publisher stalls for longer than abandonAfter...
        declaredAbandoned.addAll(registry.failAbandonedPublishes()); // ...and someone else sweeps
      }
    });
    PublishException failure = catchThrowableOfType(PublishException.class,
        () -> registry.publish("slow", artifacts, Map.of(), "ci"));
    registry.publishHook(PublishHook.NONE);

    assertThat(declaredAbandoned).extracting(ModelVersion::ref).containsExactly("slow@1");
    assertThat(failure).isNotNull().hasMessageContaining("no longer PENDING");
    assertThat(statuses("slow")).containsExactly(Map.entry(1, VersionStatus.FAILED));
    assertThat(registry.get("slow", 1)).isEmpty();
    assertThat(registry.publish("slow", artifacts, Map.of(), "ci").version()).isEqualTo(2);
  }

  // ------------------------------------------------------------------------------------------
  // Integrity on the way out (M3)
  // ------------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"network.bin", "normalizer.json", "card.json", ModelRegistry.MANIFEST})
  void shouldDetectAFlippedByteInAnyArtifactOrTheManifest(String corrupted) throws Exception {
    ModelVersion version = registry.publish("guarded", files(Map.of(
        "network.bin", randomBytes(50_000, 9),
        "normalizer.json", "{\"std\":[1.5]}".getBytes(StandardCharsets.UTF_8),
        "card.json", "{\"metrics\":{}}".getBytes(StandardCharsets.UTF_8))), Map.of(), "ci");
    String key = ModelRegistry.prefix("guarded", 1) + corrupted;
    byte[] original = store.getBytes(key);
    String expected = corrupted.equals(ModelRegistry.MANIFEST) ? version.manifestSha256()
        : Manifest.parse(store.getBytes(ModelRegistry.prefix("guarded", 1) + ModelRegistry.MANIFEST))
            .artifact(corrupted).sha256();
    flipOneByte(key);
    String actual = Digests.sha256(store.getBytes(key));

    ModelIntegrityException onVerify = catchThrowableOfType(ModelIntegrityException.class,
        () -> registry.verify(version));
    assertThat(onVerify).isNotNull();
    assertThat(onVerify.artifact()).isEqualTo(corrupted);
    assertThat(onVerify.expectedSha256()).isEqualTo(expected);
    assertThat(onVerify.actualSha256()).isEqualTo(actual).isNotEqualTo(expected);
    assertThat(onVerify).hasMessageContaining("guarded@1").hasMessageContaining(corrupted)
        .hasMessageContaining(expected).hasMessageContaining(actual);

    Path into = temp.resolve("fetch-corrupted");
    ModelIntegrityException onFetch = catchThrowableOfType(ModelIntegrityException.class,
        () -> registry.fetch(version, into));
    assertThat(onFetch).isNotNull();
    assertThat(onFetch.artifact()).isEqualTo(corrupted);
    assertThat(onFetch.actualSha256()).isEqualTo(actual);
    if (Files.exists(into)) { // a bad manifest is caught before the directory is even created
      try (var listing = Files.list(into)) {
        assertThat(listing).as("a failed fetch leaves no file behind").isEmpty();
      }
    }

    store.put(key, original); // repaired: it verifies again
    assertThat(registry.verify(version).artifacts()).hasSize(3);
  }

  @Test
  void shouldDetectMissingAndTruncatedArtifacts() throws Exception {
    ModelVersion version = registry.publish("partial", files(Map.of(
        "network.bin", randomBytes(20_000, 10), "normalizer.json", randomBytes(100, 11))), Map.of(), "ci");
    String network = ModelRegistry.prefix("partial", 1) + "network.bin";
    byte[] original = store.getBytes(network);

    store.put(network, java.util.Arrays.copyOf(original, original.length / 2));
    assertThatThrownBy(() -> registry.verify(version)).isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("network.bin").hasMessageContaining("expected 20000 bytes, found 10000");

    store.delete(network);
    ModelIntegrityException missing = catchThrowableOfType(ModelIntegrityException.class,
        () -> registry.fetch(version, temp.resolve("fetch-missing")));
    assertThat(missing).isNotNull().hasMessageContaining("'network.bin' is missing");
    assertThat(missing.actualSha256()).isEqualTo(ModelIntegrityException.MISSING);
  }

  @Test
  void shouldRejectAVersionRecordThatDoesNotMatchTheRegistry() throws Exception {
    ModelVersion version = publish("forged");
    ModelVersion forged = new ModelVersion("forged", 1, VersionStatus.READY, version.createdAt(), "mallory",
        "0".repeat(64), Map.of());
    assertThatThrownBy(() -> registry.fetch(forged, temp.resolve("forged"))).isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("does not match the registry");
    assertThatThrownBy(() -> registry.fetch(new ModelVersion("forged", 2, VersionStatus.READY, START, "mallory",
        version.manifestSha256(), Map.of()), temp.resolve("forged2"))).isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("no version 2");
  }

  @Test
  void shouldFetchOnlyIntoAnEmptyDirectory() throws Exception {
    ModelVersion version = publish("tidy");
    Path occupied = Files.createDirectories(temp.resolve("occupied"));
    Files.writeString(occupied.resolve("other-model.bin"), "x");
    assertThatThrownBy(() -> registry.fetch(version, occupied)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not empty");
  }

  // ------------------------------------------------------------------------------------------
  // Immutability (M2)
  // ------------------------------------------------------------------------------------------

  @Test
  void shouldNeverTouchAnExistingVersionsObjects() throws Exception {
    ModelVersion first = registry.publish("fixed", files(Map.of("network.bin", randomBytes(4_000, 12))),
        Map.of(), "ci");
    Map<String, byte[]> before = snapshot("models/fixed/1/");
    Map<String, Instant> modifiedBefore = modified("models/fixed/1/");
    clock.advance(Duration.ofMinutes(5));
    registry.publish("fixed", files(Map.of("network.bin", randomBytes(4_000, 13))), Map.of(), "ci");

    assertThat(snapshot("models/fixed/1/")).containsOnlyKeys(before.keySet())
        .allSatisfy((key, bytes) -> assertThat(bytes).as(key).isEqualTo(before.get(key)));
    assertThat(modified("models/fixed/1/")).isEqualTo(modifiedBefore);
    assertThat(registry.verify(first).artifacts()).hasSize(1);
  }

  @Test
  void shouldRefuseToPublishIntoAPrefixThatAlreadyHoldsObjects() throws Exception {
    publish("squatted");
    // An object the registry never wrote sits where version 2 would go (say, another database's registry).
    String squatter = "models/squatted/2/network.bin";
    store.put(squatter, "not ours".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> publish("squatted")).isInstanceOf(PublishException.class)
        .hasMessageContaining("squatted@2").hasMessageContaining("already holds 1 object");
    assertThat(store.getBytes(squatter)).as("the foreign object is left untouched")
        .isEqualTo("not ours".getBytes(StandardCharsets.UTF_8));
    assertThat(statuses("squatted")).containsExactly(Map.entry(1, VersionStatus.READY),
        Map.entry(2, VersionStatus.FAILED));
    assertThat(publish("squatted").version()).isEqualTo(3);
  }

  // ------------------------------------------------------------------------------------------
  // Aliases, rollback, history (M5)
  // ------------------------------------------------------------------------------------------

  @Test
  void shouldMoveAliasesInOneStepWithAnAuditRow() throws Exception {
    ModelVersion v1 = publish("trend");
    ModelVersion v2 = publish("trend");
    Instant t1 = clock.advance(Duration.ofMinutes(1));
    AliasChange first = registry.setAlias("trend", ModelRegistry.CANDIDATE, 1, "alice", "first candidate");
    registry.setAlias("trend", ModelRegistry.PRODUCTION, 1, "alice", "go live");
    Instant t2 = clock.advance(Duration.ofMinutes(1));
    AliasChange promote = registry.setAlias("trend", ModelRegistry.PRODUCTION, 2, "bob", "beats v1 by 3 bp");

    assertThat(first.fromVersion()).isNull();
    assertThat(first.toVersion()).isEqualTo(1);
    assertThat(first.at()).isEqualTo(t1);
    assertThat(registry.resolve("trend")).isEqualTo(v2);
    assertThat(registry.resolve("trend@production")).isEqualTo(v2);
    assertThat(registry.resolve("trend@candidate")).isEqualTo(v1);
    assertThat(registry.aliases("trend")).containsExactly(Map.entry("candidate", v1), Map.entry("production", v2));

    List<AliasChange> history = registry.history("trend", ModelRegistry.PRODUCTION);
    assertThat(history).extracting(AliasChange::fromVersion, AliasChange::toVersion, AliasChange::actor,
        AliasChange::reason, AliasChange::at).containsExactly(
            org.assertj.core.groups.Tuple.tuple(null, 1, "alice", "go live", t1),
            org.assertj.core.groups.Tuple.tuple(1, 2, "bob", "beats v1 by 3 bp", t2));
    assertThat(history.get(1)).isEqualTo(promote);
    assertThat(registry.history("trend", "shadow")).isEmpty();

    // Setting an alias to where it already points changes nothing (a retried promotion).
    assertThat(registry.setAlias("trend", ModelRegistry.PRODUCTION, 2, "bob", "retry")).isEqualTo(promote);
    assertThat(registry.history("trend", ModelRegistry.PRODUCTION)).hasSize(2);
  }

  @Test
  void shouldRollBackProductionToThePreviousVersionInOneCall() throws Exception {
    for (int i = 0; i < 3; i++) {
      publish("revert");
    }
    registry.setAlias("revert", "production", 1, "alice", "launch");
    registry.setAlias("revert", "production", 2, "alice", "v2");
    registry.setAlias("revert", "production", 3, "alice", "v3");
    clock.advance(Duration.ofMinutes(1));

    AliasChange rollback = registry.rollback("revert", "oncall", "v3 loses money");

    assertThat(rollback.fromVersion()).isEqualTo(3);
    assertThat(rollback.toVersion()).isEqualTo(2);
    assertThat(rollback.reason()).isEqualTo("rollback: v3 loses money");
    assertThat(registry.resolve("revert").version()).isEqualTo(2);
    assertThat(registry.history("revert", "production")).hasSize(4).last().isEqualTo(rollback);
    // The version before the current one is now v3: a second rollback undoes the first.
    assertThat(registry.rollback("revert", "oncall", "false alarm").toVersion()).isEqualTo(3);
  }

  @Test
  void shouldRefuseRollbackWithoutAPreviousVersion() throws Exception {
    publish("fresh");
    assertThatThrownBy(() -> registry.rollback("fresh", "oncall", "panic")).isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("no alias 'production'");
    registry.setAlias("fresh", "production", 1, "alice", "launch");
    assertThatThrownBy(() -> registry.rollback("fresh", "oncall", "panic"))
        .isInstanceOf(AliasMoveRejectedException.class).hasMessageContaining("no previous version");
    assertThat(registry.history("fresh", "production")).hasSize(1);
    assertThat(registry.resolve("fresh").version()).isEqualTo(1);
  }

  @Test
  void shouldAnswerWhatAnAliasPointedToAtAnyInstant() throws Exception {
    for (int i = 0; i < 3; i++) {
      publish("timeline");
    }
    Instant t1 = clock.advance(Duration.ofHours(1));
    registry.setAlias("timeline", "production", 1, "alice", "launch");
    Instant t2 = clock.advance(Duration.ofHours(1));
    registry.setAlias("timeline", "production", 2, "alice", "v2");
    Instant t3 = clock.advance(Duration.ofHours(1));
    registry.setAlias("timeline", "production", 3, "alice", "v3");
    Instant t4 = clock.advance(Duration.ofHours(1));
    registry.rollback("timeline", "oncall", "v3 misbehaves");

    assertThat(productionAt(t1.minusMillis(1))).isNull();
    assertThat(productionAt(t1)).isEqualTo(1);
    assertThat(productionAt(t1.plusSeconds(1800))).isEqualTo(1);
    assertThat(productionAt(t2.minusNanos(1000))).isEqualTo(1);
    assertThat(productionAt(t2)).isEqualTo(2);
    assertThat(productionAt(t3.plusSeconds(60))).isEqualTo(3);
    assertThat(productionAt(t4.minusSeconds(1))).isEqualTo(3);
    assertThat(productionAt(t4.plusSeconds(86_400))).isEqualTo(2);
    assertThat(registry.aliasAt("timeline", "candidate", t4)).isEmpty();
  }

  @Test
  void shouldOnlyAliasReadyVersions() throws Exception {
    publish("picky");
    registry.publishHook((step, model, version, artifact) -> {
      if (step == PublishHook.Step.AFTER_MANIFEST) {
        throw new SimulatedCrash(step);
      }
    });
    assertThatThrownBy(() -> publish("picky")).isInstanceOf(SimulatedCrash.class); // v2 stays PENDING
    registry.publishHook((step, model, version, artifact) -> {
      if (step == PublishHook.Step.AFTER_VERIFY) {
        throw new IllegalStateException("injected");
      }
    });
    assertThatThrownBy(() -> publish("picky")).isInstanceOf(PublishException.class); // v3 FAILED
    registry.publishHook(PublishHook.NONE);

    assertThatThrownBy(() -> registry.setAlias("picky", "production", 2, "alice", "too early"))
        .isInstanceOf(AliasMoveRejectedException.class).hasMessageContaining("only READY").hasMessageContaining("PENDING");
    assertThatThrownBy(() -> registry.setAlias("picky", "production", 3, "alice", "broken"))
        .isInstanceOf(AliasMoveRejectedException.class).hasMessageContaining("FAILED");
    assertThatThrownBy(() -> registry.setAlias("picky", "production", 9, "alice", "typo"))
        .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("no version 9");
    assertThatThrownBy(() -> registry.setAlias("nosuch", "production", 1, "alice", "typo"))
        .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("no model 'nosuch'");
    assertThat(registry.history("picky", "production")).isEmpty();
    assertThat(registry.setAlias("picky", "production", 1, "alice", "the READY one").toVersion()).isEqualTo(1);
  }

  // ------------------------------------------------------------------------------------------
  // References, names, schema
  // ------------------------------------------------------------------------------------------

  @Test
  void shouldExplainUnknownModelsVersionsAndAliases() throws Exception {
    publish("known");
    publish("known");
    registry.setAlias("known", "candidate", 2, "alice", "try");
    assertThatThrownBy(() -> registry.resolve("unknown")).isInstanceOf(ModelNotFoundException.class)
        .hasMessage("no model 'unknown' in the registry; known models: known");
    assertThatThrownBy(() -> registry.resolve("known")).isInstanceOf(ModelNotFoundException.class)
        .hasMessage("model known has no alias 'production'; its aliases: candidate -> v2");
    assertThatThrownBy(() -> registry.resolve("known@7")).isInstanceOf(ModelNotFoundException.class)
        .hasMessage("model known has no version 7; its latest READY version is 2");
    assertThatThrownBy(() -> registry.resolve("known@Prod")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NAME@ALIAS");
    assertThatThrownBy(() -> registry.resolve("known@0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start at 1");
    assertThat(registry.get("known", 7)).isEmpty();
    assertThat(registry.versions("unknown")).isEmpty();
  }

  @Test
  void shouldRejectBadPublishInputsBeforeReservingANumber() throws Exception {
    Map<String, Path> good = files(Map.of("network.bin", new byte[] {1}));
    Path file = good.get("network.bin");
    assertThatThrownBy(() -> registry.publish("Bad", good, Map.of(), "ci"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Bad'");
    assertThatThrownBy(() -> registry.publish("m", Map.of("../escape", file), Map.of(), "ci"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../escape'");
    assertThatThrownBy(() -> registry.publish("m", Map.of("manifest.json", file), Map.of(), "ci"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    assertThatThrownBy(() -> registry.publish("m", Map.of("a.bin", file, "A.bin", file), Map.of(), "ci"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("case");
    assertThatThrownBy(() -> registry.publish("m", Map.of("a.bin", temp.resolve("absent")), Map.of(), "ci"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no regular file");
    assertThatThrownBy(() -> registry.publish("m", Map.of(), Map.of(), "ci"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one artifact");
    assertThatThrownBy(() -> registry.publish("m", good, Map.of(), " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor");
    assertThat(registry.attempts("m")).isEmpty();
    assertThat(keys("")).isEmpty();
  }

  @Test
  void shouldOpenAnExistingRegistryAgainAndSeeItsVersions() throws Exception {
    ModelVersion version = publish("durable");
    registry.setAlias("durable", "production", 1, "alice", "launch");
    try (ModelRegistry reopened = new ModelRegistry(store, jdbc, clock)) {
      assertThat(reopened.resolve("durable")).isEqualTo(version);
      assertThat(reopened.publish("durable", files(Map.of("x.bin", new byte[] {2})), Map.of(), "ci").version())
          .isEqualTo(2);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Helpers
  // ------------------------------------------------------------------------------------------

  /** Publishes one small artifact with content unique to this call. */
  ModelVersion publish(String model) throws IOException {
    int n = inputs.get();
    return registry.publish(model, files(Map.of("network.bin", ("model " + model + " input " + n).getBytes(
        StandardCharsets.UTF_8))), Map.of("n", Integer.toString(n)), "ci");
  }

  /** Writes each entry to a file of a fresh folder; returns name -> file. */
  Map<String, Path> files(Map<String, byte[]> content) throws IOException {
    Path folder = Files.createDirectories(temp.resolve("input-" + inputs.incrementAndGet()));
    Map<String, Path> files = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> entry : content.entrySet()) {
      files.put(entry.getKey(), Files.write(folder.resolve(entry.getKey()), entry.getValue()));
    }
    return files;
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Rewrites the object with one bit of its middle byte flipped, behind the registry's back. */
  void flipOneByte(String key) {
    byte[] bytes = store.getBytes(key);
    bytes[bytes.length / 2] ^= 0x01;
    store.put(key, bytes);
  }

  List<String> keys(String prefix) {
    return store.list(prefix).stream().map(ObjectInfo::key).collect(Collectors.toList());
  }

  Map<String, byte[]> snapshot(String prefix) {
    Map<String, byte[]> content = new TreeMap<>();
    for (String key : keys(prefix)) {
      content.put(key, store.getBytes(key));
    }
    return content;
  }

  Map<String, Instant> modified(String prefix) {
    Map<String, Instant> times = new TreeMap<>();
    for (ObjectInfo info : store.list(prefix)) {
      times.put(info.key(), info.lastModified());
    }
    return times;
  }

  Map<Integer, VersionStatus> statuses(String model) {
    Map<Integer, VersionStatus> statuses = new TreeMap<>();
    for (ModelVersion attempt : registry.attempts(model)) {
      statuses.put(attempt.version(), attempt.status());
    }
    return statuses;
  }

  Integer productionAt(Instant at) {
    return registry.aliasAt("timeline", "production", at).map(ModelVersion::version).orElse(null);
  }

  /** M1: every READY version has every artifact, whole (fetch would throw otherwise). */
  void assertEveryReadyVersionVerifies(String model) {
    Set<Integer> verified = new TreeSet<>();
    for (ModelVersion version : registry.versions(model)) {
      assertThat(registry.verify(version).artifacts()).isNotEmpty();
      verified.add(version.version());
    }
    assertThat(verified).isNotEmpty();
  }
}
