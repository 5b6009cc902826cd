package com.tradingml.storage.registry;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.config.PipelineConfig.JdbcSettings;
import com.tradingml.storage.objectstore.ObjectInfo;
import com.tradingml.storage.objectstore.ObjectNotFoundException;
import com.tradingml.storage.objectstore.ObjectStore;
import com.tradingml.storage.objectstore.ObjectStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The model registry: numbered, immutable, verified versions of each model, and audited aliases
 * ({@code candidate}, {@code production}...) that point to them. Versions, aliases and the audit
 * log live in JDBC tables ({@code registry_*}, in the catalog database); artifacts live in the object
 * store under {@code models/<model>/<version>/}, next to a {@code manifest.json} with every artifact's
 * SHA-256 and size. The database records the manifest's digest, so every byte a reader loads is
 * authenticated by the database row.
 *
 * <p>What it promises (shared/RELIABILITY.md M1, M2, M3, M5), each backed by a test:
 * <ul>
 *   <li>A version is READY, and visible to {@link #get}, {@link #resolve}, {@link #fetch} and aliases,
 *       only after every artifact and the manifest were uploaded, read back and matched; a crash at any
 *       step leaves no READY version pointing to missing or partial files.</li>
 *   <li>Version numbers are unique and consecutive per model, across threads and processes: a number
 *       is reserved (a PENDING row) in one transaction that increments the model's counter row, which
 *       serializes concurrent publishers of one model on that row's lock.</li>
 *   <li>A number whose publish failed is FAILED, never reused and never READY; a publisher that
 *       crashed leaves its number PENDING, and the next publish of that model (or {@link #verify}, or
 *       {@link #failAbandonedPublishes()}) marks it FAILED once it has made no progress for
 *       {@code abandonAfter} (default one hour), deleting its objects. A
 *       publisher still alive after that fails cleanly at its next step: READY requires PENDING.</li>
 *   <li>READY versions are immutable: a publish writes only under the prefix of the number it has just
 *       reserved, refuses to start if anything is already there, and never writes an existing key
 *       (a stat before each artifact, a create-if-absent for the manifest).</li>
 *   <li>{@link #fetch} and {@link #verify} check every artifact's SHA-256 and size against the manifest,
 *       and the manifest's against the database, before anything is returned; any mismatch is a
 *       {@link ModelIntegrityException} naming the artifact and both digests.</li>
 *   <li>Alias moves and rollbacks are single transactions that write an audit row (who, when, from,
 *       to, why); {@link #aliasAt} answers what an alias pointed to at any past instant.</li>
 * </ul>
 *
 * <p>Conditional writes: the object store's {@code putIfAbsent} is atomic on a local directory, MinIO
 * and AWS S3, but s3proxy 2.6.0 (the in-process test server) ignores {@code If-None-Match} and
 * overwrites. There the immutability of a version's prefix rests on the database alone: its number is
 * reserved by exactly one publisher, and nothing else writes under {@code models/}. One object store
 * prefix belongs to one registry database.
 *
 * <p>Thread-safe: any number of threads (and processes) may use one registry. Timestamps come from
 * the {@link Clock} given at construction (UTC, stored with microsecond precision).
 */
public final class ModelRegistry implements AutoCloseable {

  /** The alias a bare model name resolves to; the one serving loads and {@link #rollback} moves. */
  public static final String PRODUCTION = "production";
  /** The alias training publishes to, by convention; nothing in the registry treats it specially. */
  public static final String CANDIDATE = "candidate";
  /** The name of each version's manifest object; no artifact may take it. */
  public static final String MANIFEST = "manifest.json";
  /** Where versions live in the object store: {@code models/<model>/<version>/<artifact>}. */
  public static final String ROOT = "models/";
  /** How long a PENDING version may make no progress before it counts as abandoned. */
  public static final Duration DEFAULT_ABANDON_AFTER = Duration.ofHours(1);

  private static final System.Logger LOG = System.getLogger(ModelRegistry.class.getName());
  private static final String VERSION_COLUMNS =
      "model, version, status, actor, metadata_json, reserved_at, ready_at, manifest_sha256";

  private final ObjectStore store;
  private final boolean ownsStore;
  private final Database database;
  private final Clock clock;
  private final Duration abandonAfter;
  private volatile PublishHook publishHook = PublishHook.NONE;

  /** The registry the configuration describes: its object store and its catalog database; UTC clock. */
  public ModelRegistry(PipelineConfig config) {
    this(config, Clock.systemUTC());
  }

  /** As {@link #ModelRegistry(PipelineConfig)}, with the given clock. Opens (and will close) the object store. */
  public ModelRegistry(PipelineConfig config, Clock clock) {
    this(ObjectStores.open(Objects.requireNonNull(config, "config").objectStore()), config.catalog(), clock,
        DEFAULT_ABANDON_AFTER, true);
  }

  /** A registry on {@code store} (which the caller keeps and closes) and the database {@code jdbc}. */
  public ModelRegistry(ObjectStore store, JdbcSettings jdbc) {
    this(store, jdbc, Clock.systemUTC());
  }

  public ModelRegistry(ObjectStore store, JdbcSettings jdbc, Clock clock) {
    this(store, jdbc, clock, DEFAULT_ABANDON_AFTER);
  }

  /**
   * @param abandonAfter how long a PENDING version may make no progress (no artifact uploaded, no step
   *     completed) before another caller marks it FAILED; longer than the slowest single artifact upload
   */
  public ModelRegistry(ObjectStore store, JdbcSettings jdbc, Clock clock, Duration abandonAfter) {
    this(store, jdbc, clock, abandonAfter, false);
  }

  private ModelRegistry(ObjectStore store, JdbcSettings jdbc, Clock clock, Duration abandonAfter, boolean ownsStore) {
    this.store = Objects.requireNonNull(store, "object store");
    this.ownsStore = ownsStore;
    try {
      this.clock = Objects.requireNonNull(clock, "clock");
      this.abandonAfter = Objects.requireNonNull(abandonAfter, "abandonAfter");
      if (abandonAfter.isNegative() || abandonAfter.isZero()) {
        throw new IllegalArgumentException("abandonAfter must be positive, got " + abandonAfter);
      }
      this.database = new Database(Objects.requireNonNull(jdbc, "JDBC settings"));
    } catch (RuntimeException e) {
      closeOwnedStore(e); // the configuration constructor opened it
      throw e;
    }
    try {
      RegistrySchema.create(database);
    } catch (RuntimeException e) {
      database.close();
      closeOwnedStore(e);
      throw e;
    }
  }

  // --------------------------------------------------------------------------------------------
  // Publishing
  // --------------------------------------------------------------------------------------------

  /**
   * Publishes a new version of {@code model}: reserves the next number, uploads every artifact to
   * {@code models/<model>/<version>/<name>}, writes the manifest, reads everything back and checks it,
   * and only then marks the version READY, in one transaction. Returns the READY version.
   *
   * <p>On failure: a {@link PublishException} (or the {@link ModelIntegrityException} the read-back
   * raised); the version is FAILED and the objects this call wrote are deleted. An {@link Error} is
   * treated like a crash: nothing is cleaned up, the version stays PENDING until it is abandoned.
   *
   * @param artifacts artifact name (a simple file name, not {@value #MANIFEST}) to the file to upload;
   *     at least one
   * @param metadata free-form strings recorded in the manifest and the database (feature-set hash,
   *     metrics...)
   * @param actor who publishes (a user or a job id), recorded with the version
   */
  public ModelVersion publish(String model, Map<String, Path> artifacts, Map<String, String> metadata, String actor) {
    Names.model(model);
    SortedMap<String, Path> files = checkArtifacts(artifacts);
    SortedMap<String, String> meta = new TreeMap<>(Names.metadata(metadata));
    Names.actor(actor);
    String metadataJson = Manifest.metadataJson(meta);

    failAbandoned(model);
    Reservation reservation = reserve(model, actor, metadataJson);
    int version = reservation.version;
    String prefix = prefix(model, version);
    List<String> written = new ArrayList<>();
    String step = "reserve";
    try {
      publishHook.reached(PublishHook.Step.AFTER_RESERVE, model, version, null);

      step = "check that " + prefix + " is empty";
      List<ObjectInfo> squatters = store.list(prefix);
      if (!squatters.isEmpty()) {
        throw new PublishException(model, version, step, "the object store already holds " + squatters.size()
            + " object(s) under " + prefix + " (e.g. " + squatters.get(0).key() + "), which this registry's"
            + " database never published; refusing to write there. Is another registry database using"
            + " this object store?", null);
      }

      List<Manifest.Artifact> entries = new ArrayList<>();
      for (Map.Entry<String, Path> artifact : files.entrySet()) {
        String name = artifact.getKey();
        step = "upload " + name;
        String key = prefix + name;
        Digests.Digest digest = digestOf(artifact.getValue(), name);
        if (store.stat(key).isPresent()) {
          throw new PublishException(model, version, step, "an object appeared at " + key
              + " while this publish owned the version; refusing to overwrite it", null);
        }
        written.add(key);
        store.put(key, artifact.getValue());
        entries.add(new Manifest.Artifact(name, digest.sha256(), digest.size()));
        heartbeat(reservation, step);
        publishHook.reached(PublishHook.Step.AFTER_UPLOAD, model, version, name);
      }

      step = "write " + MANIFEST;
      Manifest manifest = new Manifest(model, version, actor, entries, meta);
      byte[] manifestJson = manifest.toJson();
      String manifestSha256 = Digests.sha256(manifestJson);
      String manifestKey = prefix + MANIFEST;
      written.add(manifestKey);
      if (!store.putIfAbsent(manifestKey, manifestJson)) {
        written.remove(manifestKey); // not ours: never delete it
        throw new PublishException(model, version, step, "an object appeared at " + manifestKey
            + " while this publish owned the version; refusing to overwrite it", null);
      }
      heartbeat(reservation, step);
      publishHook.reached(PublishHook.Step.AFTER_MANIFEST, model, version, null);

      step = "verify";
      Manifest stored = readManifest(model, version, manifestSha256);
      for (Manifest.Artifact artifact : stored.artifacts()) {
        checkArtifact(model, version, artifact, OutputStream.nullOutputStream());
      }
      heartbeat(reservation, step);
      publishHook.reached(PublishHook.Step.AFTER_VERIFY, model, version, null);

      step = "commit";
      Instant readyAt = commitReady(reservation, manifestSha256);
      return new ModelVersion(model, version, VersionStatus.READY, readyAt, actor, manifestSha256, meta);
    } catch (RuntimeException e) {
      VersionStatus after = recordFailure(reservation, step, e);
      if (after == VersionStatus.READY) {
        // The commit went through although its acknowledgement failed: the version is complete.
        LOG.log(System.Logger.Level.WARNING, model + "@" + version + " is READY although its commit reported " + e);
        return get(model, version).orElseThrow(() -> e);
      }
      if (after == VersionStatus.FAILED) {
        deleteQuietly(written, e); // only now: the row can never become READY
      }
      if (e instanceof PublishException || e instanceof ModelIntegrityException) {
        throw e;
      }
      throw new PublishException(model, version, step, e.toString(), e);
    }
  }

  /**
   * Marks FAILED every PENDING version, of any model, that has made no progress for
   * {@code abandonAfter}, and deletes its objects. Publish and verify do this for their model; this is
   * for housekeeping ({@code pipeline models verify}). Returns the versions it marked.
   */
  public List<ModelVersion> failAbandonedPublishes() {
    return failAbandoned(null);
  }

  private record Reservation(String model, int version, String token) {}

  private Reservation reserve(String model, String actor, String metadataJson) {
    Instant now = now();
    database.transaction("registering model " + model, true, connection -> {
      if (!modelExists(connection, model)) {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO registry_models (model, last_version, created_at) VALUES (?, 0, ?)")) {
          insert.setString(1, model);
          Database.setInstant(insert, 2, now);
          insert.executeUpdate(); // a concurrent insert makes this a unique violation: retried, then found
        }
      }
      return null;
    });
    String token = UUID.randomUUID().toString();
    int version = database.transaction("reserving a version number of " + model, true, connection -> {
      // The UPDATE takes the model row's lock: concurrent reservations of one model queue here, and each
      // sees the counter its predecessor committed. The primary key of registry_versions backs this up.
      try (PreparedStatement bump = connection.prepareStatement(
          "UPDATE registry_models SET last_version = last_version + 1 WHERE model = ?")) {
        bump.setString(1, model);
        if (bump.executeUpdate() != 1) {
          throw new RegistryException("model " + model + " vanished from registry_models while reserving a version");
        }
      }
      int next;
      try (PreparedStatement read = connection.prepareStatement(
          "SELECT last_version FROM registry_models WHERE model = ?")) {
        read.setString(1, model);
        try (ResultSet rows = read.executeQuery()) {
          rows.next();
          next = rows.getInt(1);
        }
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO registry_versions"
          + " (model, version, status, publish_token, actor, metadata_json, reserved_at, heartbeat_at)"
          + " VALUES (?, ?, 'PENDING', ?, ?, ?, ?, ?)")) {
        insert.setString(1, model);
        insert.setInt(2, next);
        insert.setString(3, token);
        insert.setString(4, actor);
        insert.setString(5, metadataJson);
        Database.setInstant(insert, 6, now);
        Database.setInstant(insert, 7, now);
        insert.executeUpdate();
      }
      return next;
    });
    return new Reservation(model, version, token);
  }

  /** Records progress; fails the publish if someone marked the version FAILED meanwhile (abandoned). */
  private void heartbeat(Reservation reservation, String step) {
    Instant now = now();
    int updated = database.transaction("recording progress of " + reservation.model + "@" + reservation.version,
        connection -> {
          try (PreparedStatement update = connection.prepareStatement("UPDATE registry_versions SET heartbeat_at = ?"
              + " WHERE model = ? AND version = ? AND status = 'PENDING' AND publish_token = ?")) {
            Database.setInstant(update, 1, now);
            update.setString(2, reservation.model);
            update.setInt(3, reservation.version);
            update.setString(4, reservation.token);
            return update.executeUpdate();
          }
        });
    if (updated != 1) {
      throw new PublishException(reservation.model, reservation.version, step,
          "the version is no longer PENDING: " + describeUnready(reservation.model, reservation.version), null);
    }
  }

  /** The one transaction that makes a version visible. */
  private Instant commitReady(Reservation reservation, String manifestSha256) {
    Instant now = now();
    return database.transaction("marking " + reservation.model + "@" + reservation.version + " READY", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE registry_versions"
          + " SET status = 'READY', manifest_sha256 = ?, ready_at = ?, heartbeat_at = ?"
          + " WHERE model = ? AND version = ? AND status = 'PENDING' AND publish_token = ?")) {
        update.setString(1, manifestSha256);
        Database.setInstant(update, 2, now);
        Database.setInstant(update, 3, now);
        update.setString(4, reservation.model);
        update.setInt(5, reservation.version);
        update.setString(6, reservation.token);
        if (update.executeUpdate() != 1) {
          throw new PublishException(reservation.model, reservation.version, "commit",
              "the version is no longer PENDING (it was abandoned and marked FAILED)", null);
        }
      }
      publishHook.reached(PublishHook.Step.BEFORE_COMMIT, reservation.model, reservation.version, null);
      return now;
    });
  }

  /**
   * Marks the reservation FAILED with the failure; returns the version's status afterwards (FAILED,
   * READY if an ambiguous commit had in fact succeeded), or null if the database could not say.
   */
  private VersionStatus recordFailure(Reservation reservation, String step, RuntimeException failure) {
    Instant now = now();
    String reason = truncate(step + ": " + failure, Names.MAX_REASON);
    try {
      return database.transaction("recording the failed publish of " + reservation.model + "@" + reservation.version,
          connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE registry_versions"
                + " SET status = 'FAILED', failed_at = ?, failure = ?"
                + " WHERE model = ? AND version = ? AND status = 'PENDING' AND publish_token = ?")) {
              Database.setInstant(update, 1, now);
              update.setString(2, reason);
              update.setString(3, reservation.model);
              update.setInt(4, reservation.version);
              update.setString(5, reservation.token);
              if (update.executeUpdate() == 1) {
                return VersionStatus.FAILED;
              }
            }
            return statusOf(connection, reservation.model, reservation.version);
          });
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      return null; // leave the objects: the version stays PENDING until it is abandoned
    }
  }

  private List<ModelVersion> failAbandoned(String modelOrNull) {
    Instant now = now();
    Instant cutoff = now.minus(abandonAfter);
    List<ModelVersion> stale = database.transaction("finding abandoned publishes", connection -> {
      String sql = "SELECT " + VERSION_COLUMNS + " FROM registry_versions WHERE status = 'PENDING'"
          + " AND heartbeat_at < ?" + (modelOrNull == null ? "" : " AND model = ?") + " ORDER BY model, version";
      try (PreparedStatement query = connection.prepareStatement(sql)) {
        Database.setInstant(query, 1, cutoff);
        if (modelOrNull != null) {
          query.setString(2, modelOrNull);
        }
        return readVersions(query);
      }
    });
    List<ModelVersion> failed = new ArrayList<>();
    for (ModelVersion pending : stale) {
      String reason = "abandoned: no progress for more than " + abandonAfter
          + " (the publisher crashed, was killed or lost its connection); marked FAILED at " + now;
      int updated = database.transaction("marking abandoned " + pending.ref() + " FAILED", connection -> {
        try (PreparedStatement update = connection.prepareStatement("UPDATE registry_versions"
            + " SET status = 'FAILED', failed_at = ?, failure = ?"
            + " WHERE model = ? AND version = ? AND status = 'PENDING' AND heartbeat_at < ?")) {
          Database.setInstant(update, 1, now);
          update.setString(2, reason);
          update.setString(3, pending.model());
          update.setInt(4, pending.version());
          Database.setInstant(update, 5, cutoff);
          return update.executeUpdate();
        }
      });
      if (updated == 1) {
        LOG.log(System.Logger.Level.WARNING, pending.ref() + " " + reason);
        failed.add(new ModelVersion(pending.model(), pending.version(), VersionStatus.FAILED, pending.createdAt(),
            pending.actor(), null, pending.metadata()));
        try {
          deleteQuietly(store.list(prefix(pending.model(), pending.version())).stream().map(ObjectInfo::key)
              .collect(Collectors.toList()), null);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "could not list the objects of abandoned " + pending.ref(), e);
        }
      }
    }
    return failed;
  }

  // --------------------------------------------------------------------------------------------
  // Reading versions
  // --------------------------------------------------------------------------------------------

  /** The READY version {@code version} of {@code model}; empty if absent or not READY. */
  public Optional<ModelVersion> get(String model, int version) {
    Names.model(model);
    Names.version(version);
    return database.transaction("reading " + model + "@" + version, connection -> readyVersion(connection, model, version));
  }

  /** The READY versions of {@code model}, oldest first; empty for an unknown model. */
  public List<ModelVersion> versions(String model) {
    Names.model(model);
    return database.transaction("listing the versions of " + model, connection -> {
      try (PreparedStatement query = connection.prepareStatement("SELECT " + VERSION_COLUMNS
          + " FROM registry_versions WHERE model = ? AND status = 'READY' ORDER BY version")) {
        query.setString(1, model);
        return readVersions(query);
      }
    });
  }

  /**
   * Every version number {@code model} ever reserved, whatever its status (PENDING, READY, FAILED),
   * oldest first: how a crashed or failed publish shows up. Not for loading: only READY versions are.
   */
  public List<ModelVersion> attempts(String model) {
    Names.model(model);
    return database.transaction("listing the publish attempts of " + model, connection -> {
      try (PreparedStatement query = connection.prepareStatement("SELECT " + VERSION_COLUMNS
          + " FROM registry_versions WHERE model = ? ORDER BY version")) {
        query.setString(1, model);
        return readVersions(query);
      }
    });
  }

  /** The names of the models with at least one READY version, sorted. */
  public List<String> models() {
    return database.transaction("listing models", connection -> {
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT DISTINCT model FROM registry_versions WHERE status = 'READY' ORDER BY model")) {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            names.add(rows.getString(1));
          }
        }
        return names;
      }
    });
  }

  /**
   * The READY version a reference names: {@code NAME} (its {@code production} alias),
   * {@code NAME@VERSION} or {@code NAME@ALIAS}. A {@link ModelNotFoundException} says what is unknown
   * and what exists; an {@link IllegalArgumentException} says what is malformed.
   */
  public ModelVersion resolve(String ref) {
    return resolve(ModelRef.parse(ref));
  }

  public ModelVersion resolve(ModelRef ref) {
    Objects.requireNonNull(ref, "model reference");
    if (!ref.isAlias()) {
      return get(ref.model(), ref.version()).orElseThrow(() -> notReady(ref.model(), ref.version()));
    }
    return database.transaction("resolving " + ref, connection -> {
      Optional<ModelVersion> target = aliasTarget(connection, ref.model(), ref.alias());
      if (target.isPresent()) {
        return target.get();
      }
      throw unknownAlias(connection, ref.model(), ref.alias());
    });
  }

  // --------------------------------------------------------------------------------------------
  // Fetching and verifying
  // --------------------------------------------------------------------------------------------

  /**
   * Downloads every artifact of the READY version {@code version} into {@code intoDirectory} (created if
   * missing; it must be empty) and verifies each against the manifest, and the manifest against the
   * database, before returning. On any mismatch: a {@link ModelIntegrityException} naming the artifact
   * and both digests, and no files are left behind. Nothing is deserialized here.
   */
  public VerifiedModel fetch(ModelVersion version, Path intoDirectory) {
    Objects.requireNonNull(intoDirectory, "directory");
    ModelVersion registered = registered(version);
    Manifest manifest = readManifest(registered.model(), registered.version(), registered.manifestSha256());
    Path directory = emptyDirectory(intoDirectory, registered);
    List<Path> created = new ArrayList<>();
    try {
      Map<String, Path> files = new TreeMap<>();
      for (Manifest.Artifact artifact : manifest.artifacts()) {
        Path target = directory.resolve(artifact.name());
        Path part = directory.resolve("." + artifact.name() + ".part"); // artifact names never start with '.'
        created.add(part);
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          checkArtifact(registered.model(), registered.version(), artifact, out);
        }
        created.add(target);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        files.put(artifact.name(), target);
      }
      return new VerifiedModel(registered, directory, files);
    } catch (IOException e) {
      RegistryException failure = new RegistryException("writing " + registered.ref() + " into " + directory
          + " failed: " + e, e);
      deleteFiles(created, failure);
      throw failure;
    } catch (RuntimeException e) {
      deleteFiles(created, e);
      throw e;
    }
  }

  /**
   * Checks a READY version as {@link #fetch} does, without keeping any file: the manifest against the
   * database, every artifact against the manifest. Returns the verified manifest; throws
   * {@link ModelIntegrityException} on any mismatch. Also marks this model's abandoned PENDING versions
   * FAILED (see {@link #failAbandonedPublishes()}).
   */
  public Manifest verify(ModelVersion version) {
    Objects.requireNonNull(version, "version");
    failAbandoned(version.model());
    ModelVersion registered = registered(version);
    Manifest manifest = readManifest(registered.model(), registered.version(), registered.manifestSha256());
    for (Manifest.Artifact artifact : manifest.artifacts()) {
      checkArtifact(registered.model(), registered.version(), artifact, OutputStream.nullOutputStream());
    }
    return manifest;
  }

  /** The database's READY row for {@code version}, which must carry the same manifest digest. */
  private ModelVersion registered(ModelVersion version) {
    Objects.requireNonNull(version, "version");
    ModelVersion registered = get(version.model(), version.version())
        .orElseThrow(() -> notReady(version.model(), version.version()));
    if (!registered.manifestSha256().equals(version.manifestSha256())) {
      throw new ModelIntegrityException(version.model(), version.version(), MANIFEST, registered.manifestSha256(),
          String.valueOf(version.manifestSha256()), "the version record passed in does not match the registry's");
    }
    return registered;
  }

  /** Reads the manifest, checks its digest against {@code expectedSha256}, parses it, checks it names this version. */
  private Manifest readManifest(String model, int version, String expectedSha256) {
    String key = prefix(model, version) + MANIFEST;
    byte[] bytes;
    try {
      bytes = store.getBytes(key);
    } catch (ObjectNotFoundException e) {
      throw new ModelIntegrityException(model, version, MANIFEST, expectedSha256, ModelIntegrityException.MISSING,
          "no object at " + key);
    }
    String actual = Digests.sha256(bytes);
    if (!actual.equals(expectedSha256)) {
      throw new ModelIntegrityException(model, version, MANIFEST, expectedSha256, actual,
          "the digest recorded in the registry database; " + bytes.length + " bytes at " + key);
    }
    Manifest manifest;
    try {
      manifest = Manifest.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new ModelIntegrityException(model, version, MANIFEST, expectedSha256, actual,
          "its digest matches but it is not a valid manifest: " + e.getMessage());
    }
    if (!manifest.model().equals(model) || manifest.version() != version) {
      throw new ModelIntegrityException(model, version, MANIFEST, expectedSha256, actual,
          "it describes " + manifest.model() + "@" + manifest.version());
    }
    return manifest;
  }

  /** Streams one artifact into {@code sink} while digesting it; throws unless digest and size match. */
  private void checkArtifact(String model, int version, Manifest.Artifact artifact, OutputStream sink) {
    String key = prefix(model, version) + artifact.name();
    Digests.Digest found;
    try (InputStream in = store.get(key)) {
      found = Digests.copy(in, sink);
    } catch (ObjectNotFoundException e) {
      throw new ModelIntegrityException(model, version, artifact.name(), artifact.sha256(),
          ModelIntegrityException.MISSING, "no object at " + key);
    } catch (IOException e) {
      throw new RegistryException("reading " + key + " failed: " + e, e);
    }
    if (!found.sha256().equals(artifact.sha256()) || found.size() != artifact.size()) {
      throw new ModelIntegrityException(model, version, artifact.name(), artifact.sha256(), found.sha256(),
          "expected " + artifact.size() + " bytes, found " + found.size() + " at " + key);
    }
  }

  // --------------------------------------------------------------------------------------------
  // Aliases
  // --------------------------------------------------------------------------------------------

  /**
   * Points {@code alias} of {@code model} at the READY version {@code version}, in one transaction with
   * its audit row. If the alias already points there, nothing changes and the change that put it there
   * is returned (so a retried promotion is harmless).
   *
   * @throws AliasMoveRejectedException if the version is not READY
   * @throws ModelNotFoundException if the model or version does not exist
   */
  public AliasChange setAlias(String model, String alias, int version, String actor, String reason) {
    Names.model(model);
    Names.alias(alias);
    Names.version(version);
    Names.actor(actor);
    Names.reason(reason);
    Instant now = now();
    return database.transaction("moving " + model + "@" + alias + " to v" + version, connection -> {
      lockModel(connection, model);
      requireReady(connection, model, version, alias);
      Integer current = currentAliasVersion(connection, model, alias);
      if (current != null && current == version) {
        return lastChange(connection, model, alias).orElseThrow(
            () -> new RegistryException(model + "@" + alias + " exists without an audit row"));
      }
      return move(connection, model, alias, current, version, actor, reason, now);
    });
  }

  /**
   * Moves {@code production} back to the version it pointed to before its current one (the previous
   * change's "from"), in one transaction with its audit row (reason prefixed with {@code rollback: }).
   * Rolling back twice returns to where the first rollback started; to go further back, set the alias
   * to an explicit version.
   *
   * @throws AliasMoveRejectedException if production has never pointed anywhere else
   * @throws ModelNotFoundException if the model has no production alias
   */
  public AliasChange rollback(String model, String actor, String reason) {
    Names.model(model);
    Names.actor(actor);
    Names.reason(reason);
    Instant now = now();
    return database.transaction("rolling back " + model + "@" + PRODUCTION, connection -> {
      lockModel(connection, model);
      Integer current = currentAliasVersion(connection, model, PRODUCTION);
      if (current == null) {
        throw unknownAlias(connection, model, PRODUCTION);
      }
      AliasChange last = lastChange(connection, model, PRODUCTION).orElseThrow(
          () -> new RegistryException(model + "@" + PRODUCTION + " exists without an audit row"));
      if (last.fromVersion() == null) {
        throw new AliasMoveRejectedException("cannot roll back " + model + ": " + PRODUCTION + " has pointed to v"
            + current + " since it was first set (" + last.at() + " by " + last.actor()
            + "); there is no previous version");
      }
      requireReady(connection, model, last.fromVersion(), PRODUCTION);
      return move(connection, model, PRODUCTION, current, last.fromVersion(), actor, "rollback: " + reason, now);
    });
  }

  /** The audit rows of {@code alias}, oldest first; empty if it never existed. */
  public List<AliasChange> history(String model, String alias) {
    Names.model(model);
    Names.alias(alias);
    return database.transaction("reading the history of " + model + "@" + alias, connection -> {
      if (!modelExists(connection, model)) {
        throw unknownModel(connection, model);
      }
      try (PreparedStatement query = connection.prepareStatement("SELECT id, model, alias, from_version, to_version,"
          + " actor, reason, changed_at FROM registry_alias_changes WHERE model = ? AND alias = ? ORDER BY id")) {
        query.setString(1, model);
        query.setString(2, alias);
        return readChanges(query);
      }
    });
  }

  /**
   * The version {@code alias} pointed to at {@code at} (the last move at or before it): "what was in
   * production when". Empty if the alias did not exist yet.
   */
  public Optional<ModelVersion> aliasAt(String model, String alias, Instant at) {
    Names.model(model);
    Names.alias(alias);
    Objects.requireNonNull(at, "instant");
    return database.transaction("reading " + model + "@" + alias + " at " + at, connection -> {
      if (!modelExists(connection, model)) {
        throw unknownModel(connection, model);
      }
      Integer version = null;
      try (PreparedStatement query = connection.prepareStatement("SELECT to_version FROM registry_alias_changes"
          + " WHERE model = ? AND alias = ? AND changed_at <= ? ORDER BY changed_at DESC, id DESC"
          + " FETCH FIRST 1 ROWS ONLY")) {
        query.setString(1, model);
        query.setString(2, alias);
        Database.setInstant(query, 3, at);
        try (ResultSet rows = query.executeQuery()) {
          if (rows.next()) {
            version = rows.getInt(1);
          }
        }
      }
      return version == null ? Optional.empty() : readyVersion(connection, model, version);
    });
  }

  /** The aliases of {@code model} and the versions they point to now, sorted by alias. */
  public SortedMap<String, ModelVersion> aliases(String model) {
    Names.model(model);
    return database.transaction("listing the aliases of " + model, connection -> {
      SortedMap<String, ModelVersion> aliases = new TreeMap<>();
      List<String> names = new ArrayList<>();
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT alias FROM registry_aliases WHERE model = ? ORDER BY alias")) {
        query.setString(1, model);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            names.add(rows.getString(1));
          }
        }
      }
      for (String alias : names) {
        aliasTarget(connection, model, alias).ifPresent(version -> aliases.put(alias, version));
      }
      return aliases;
    });
  }

  private AliasChange move(Connection connection, String model, String alias, Integer from, int to, String actor,
      String reason, Instant now) throws SQLException {
    String upsert = from == null
        ? "INSERT INTO registry_aliases (version, updated_at, model, alias) VALUES (?, ?, ?, ?)"
        : "UPDATE registry_aliases SET version = ?, updated_at = ? WHERE model = ? AND alias = ?";
    try (PreparedStatement statement = connection.prepareStatement(upsert)) {
      statement.setInt(1, to);
      Database.setInstant(statement, 2, now);
      statement.setString(3, model);
      statement.setString(4, alias);
      statement.executeUpdate();
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO registry_alias_changes"
        + " (model, alias, from_version, to_version, actor, reason, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        new String[] {"id"})) {
      insert.setString(1, model);
      insert.setString(2, alias);
      if (from == null) {
        insert.setNull(3, java.sql.Types.INTEGER);
      } else {
        insert.setInt(3, from);
      }
      insert.setInt(4, to);
      insert.setString(5, actor);
      insert.setString(6, truncate(reason, Names.MAX_REASON));
      Database.setInstant(insert, 7, now);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("the database returned no id for the new alias change");
        }
        return new AliasChange(keys.getLong(1), model, alias, from, to, actor, truncate(reason, Names.MAX_REASON),
            Database.micros(now));
      }
    }
  }

  // --------------------------------------------------------------------------------------------
  // SQL helpers
  // --------------------------------------------------------------------------------------------

  /** Serializes alias moves (and reservations) of one model: they all take this row's lock. */
  private void lockModel(Connection connection, String model) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(
        "SELECT last_version FROM registry_models WHERE model = ? FOR UPDATE")) {
      lock.setString(1, model);
      try (ResultSet rows = lock.executeQuery()) {
        if (!rows.next()) {
          throw unknownModel(connection, model);
        }
      }
    }
  }

  private void requireReady(Connection connection, String model, int version, String alias) throws SQLException {
    VersionStatus status = statusOf(connection, model, version);
    if (status == null) {
      throw new ModelNotFoundException("cannot point " + model + "@" + alias + " at v" + version + ": "
          + describeUnready(connection, model, version));
    }
    if (status != VersionStatus.READY) {
      throw new AliasMoveRejectedException("cannot point " + model + "@" + alias + " at v" + version
          + ": only READY versions can be aliased; " + describeUnready(connection, model, version));
    }
  }

  private static Integer currentAliasVersion(Connection connection, String model, String alias) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT version FROM registry_aliases WHERE model = ? AND alias = ?")) {
      query.setString(1, model);
      query.setString(2, alias);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getInt(1) : null;
      }
    }
  }

  private static Optional<AliasChange> lastChange(Connection connection, String model, String alias)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT id, model, alias, from_version, to_version,"
        + " actor, reason, changed_at FROM registry_alias_changes WHERE model = ? AND alias = ?"
        + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")) {
      query.setString(1, model);
      query.setString(2, alias);
      List<AliasChange> changes = readChanges(query);
      return changes.isEmpty() ? Optional.empty() : Optional.of(changes.get(0));
    }
  }

  private static Optional<ModelVersion> aliasTarget(Connection connection, String model, String alias)
      throws SQLException {
    Integer version = currentAliasVersion(connection, model, alias);
    return version == null ? Optional.empty() : readyVersion(connection, model, version);
  }

  private static Optional<ModelVersion> readyVersion(Connection connection, String model, int version)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT " + VERSION_COLUMNS
        + " FROM registry_versions WHERE model = ? AND version = ? AND status = 'READY'")) {
      query.setString(1, model);
      query.setInt(2, version);
      List<ModelVersion> found = readVersions(query);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
  }

  private static VersionStatus statusOf(Connection connection, String model, int version) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT status FROM registry_versions WHERE model = ? AND version = ?")) {
      query.setString(1, model);
      query.setInt(2, version);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? VersionStatus.valueOf(rows.getString(1)) : null;
      }
    }
  }

  private static boolean modelExists(Connection connection, String model) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM registry_models WHERE model = ?")) {
      query.setString(1, model);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static List<ModelVersion> readVersions(PreparedStatement query) throws SQLException {
    List<ModelVersion> versions = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        VersionStatus status = VersionStatus.valueOf(rows.getString("status"));
        Instant createdAt = status == VersionStatus.READY
            ? Database.getInstant(rows, "ready_at") : Database.getInstant(rows, "reserved_at");
        versions.add(new ModelVersion(rows.getString("model"), rows.getInt("version"), status, createdAt,
            rows.getString("actor"), status == VersionStatus.READY ? rows.getString("manifest_sha256") : null,
            Manifest.parseMetadataJson(rows.getString("metadata_json"))));
      }
    }
    return versions;
  }

  private static List<AliasChange> readChanges(PreparedStatement query) throws SQLException {
    List<AliasChange> changes = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        changes.add(new AliasChange(rows.getLong("id"), rows.getString("model"), rows.getString("alias"),
            Database.getInteger(rows, "from_version"), rows.getInt("to_version"), rows.getString("actor"),
            rows.getString("reason"), Database.getInstant(rows, "changed_at")));
      }
    }
    return changes;
  }

  // --------------------------------------------------------------------------------------------
  // Error messages that say what exists instead
  // --------------------------------------------------------------------------------------------

  private ModelNotFoundException notReady(String model, int version) {
    return database.transaction("describing " + model + "@" + version, connection -> {
      if (!modelExists(connection, model)) {
        return unknownModel(connection, model);
      }
      return new ModelNotFoundException(describeUnready(connection, model, version));
    });
  }

  private String describeUnready(String model, int version) {
    return database.transaction("describing " + model + "@" + version,
        connection -> describeUnready(connection, model, version));
  }

  private static String describeUnready(Connection connection, String model, int version) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT status, reserved_at, failure FROM registry_versions WHERE model = ? AND version = ?")) {
      query.setString(1, model);
      query.setInt(2, version);
      try (ResultSet rows = query.executeQuery()) {
        if (rows.next()) {
          VersionStatus status = VersionStatus.valueOf(rows.getString("status"));
          switch (status) {
            case PENDING:
              return model + "@" + version + " is not READY: PENDING since " + Database.getInstant(rows, "reserved_at")
                  + " (its publish is in progress, or crashed and will be marked FAILED)";
            case FAILED:
              return model + "@" + version + " is not READY: FAILED (" + rows.getString("failure") + ")";
            default:
              return model + "@" + version + " is READY";
          }
        }
      }
    }
    int latest = 0;
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT MAX(version) FROM registry_versions WHERE model = ? AND status = 'READY'")) {
      query.setString(1, model);
      try (ResultSet rows = query.executeQuery()) {
        if (rows.next()) {
          latest = rows.getInt(1);
        }
      }
    }
    return "model " + model + " has no version " + version + "; "
        + (latest == 0 ? "it has no READY version yet" : "its latest READY version is " + latest);
  }

  private static ModelNotFoundException unknownModel(Connection connection, String model) throws SQLException {
    List<String> known = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT DISTINCT model FROM registry_versions WHERE status = 'READY' ORDER BY model")) {
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          known.add(rows.getString(1));
        }
      }
    }
    return new ModelNotFoundException("no model '" + model + "' in the registry; known models: "
        + (known.isEmpty() ? "none" : String.join(", ", known)));
  }

  private static ModelNotFoundException unknownAlias(Connection connection, String model, String alias)
      throws SQLException {
    if (!modelExists(connection, model)) {
      return unknownModel(connection, model);
    }
    Map<String, Integer> aliases = new TreeMap<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT alias, version FROM registry_aliases WHERE model = ?")) {
      query.setString(1, model);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          aliases.put(rows.getString(1), rows.getInt(2));
        }
      }
    }
    return new ModelNotFoundException("model " + model + " has no alias '" + alias + "'; its aliases: "
        + (aliases.isEmpty() ? "none" : aliases.entrySet().stream().map(e -> e.getKey() + " -> v" + e.getValue())
            .collect(Collectors.joining(", "))));
  }

  // --------------------------------------------------------------------------------------------
  // Small helpers
  // --------------------------------------------------------------------------------------------

  /** {@code models/<model>/<version>/}. */
  static String prefix(String model, int version) {
    return ROOT + model + "/" + version + "/";
  }

  private Instant now() {
    return Database.micros(clock.instant());
  }

  private static SortedMap<String, Path> checkArtifacts(Map<String, Path> artifacts) {
    Objects.requireNonNull(artifacts, "artifacts");
    if (artifacts.isEmpty()) {
      throw new IllegalArgumentException("a model version needs at least one artifact");
    }
    SortedMap<String, Path> sorted = new TreeMap<>();
    Set<String> lowerCase = new HashSet<>();
    artifacts.forEach((name, file) -> {
      Names.artifact(name);
      if (!lowerCase.add(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("artifact names must differ in more than case: '" + name + "'");
      }
      if (file == null || !Files.isRegularFile(file)) {
        throw new IllegalArgumentException("artifact '" + name + "': no regular file at " + file);
      }
      sorted.put(name, file);
    });
    return sorted;
  }

  private static Digests.Digest digestOf(Path file, String name) {
    try {
      return Digests.of(file);
    } catch (IOException e) {
      throw new RegistryException("reading artifact '" + name + "' from " + file + " failed: " + e, e);
    }
  }

  private static Path emptyDirectory(Path directory, ModelVersion version) {
    try {
      if (Files.isDirectory(directory)) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
          if (entries.iterator().hasNext()) {
            throw new IllegalArgumentException("fetching " + version.ref() + " needs an empty or new directory; "
                + directory + " is not empty");
          }
        }
        return directory.toAbsolutePath();
      }
      return Files.createDirectories(directory).toAbsolutePath();
    } catch (IOException e) {
      throw new RegistryException("cannot prepare " + directory + " for " + version.ref() + ": " + e, e);
    }
  }

  private void deleteQuietly(List<String> keys, Throwable failure) {
    for (String key : keys) {
      try {
        store.delete(key);
      } catch (RuntimeException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        }
        LOG.log(System.Logger.Level.WARNING, "could not delete " + key + " of a failed publish", e);
      }
    }
  }

  private static void deleteFiles(List<Path> files, Throwable failure) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  private static String truncate(String text, int maxLength) {
    return text.length() <= maxLength ? text : text.substring(0, maxLength - 3) + "...";
  }

  private void closeOwnedStore(Throwable failure) {
    if (!ownsStore) {
      return;
    }
    try {
      store.close();
    } catch (RuntimeException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }

  /** Closes the database connections, and the object store if this registry opened it. */
  @Override
  public void close() {
    database.close();
    if (ownsStore) {
      store.close();
    }
  }

  /** Test seam: see {@link PublishHook}. */
  void publishHook(PublishHook hook) {
    this.publishHook = Objects.requireNonNull(hook, "hook");
  }

  @Override
  public String toString() {
    return "ModelRegistry[" + store.baseUri() + ROOT + ", " + database + "]";
  }
}
