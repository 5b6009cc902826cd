package com.tradingml.serving;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.model.runtime.LabelDefinition;
import com.tradingml.model.runtime.ModelPackage;
import com.tradingml.model.runtime.Predictor;
import com.tradingml.model.runtime.RegistryModels;
import com.tradingml.storage.registry.ModelRef;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.registry.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Loads the version behind {@code model@alias}, keeps watching the alias, and swaps in new versions: the only
 * writer of the active model (RELIABILITY.md S1, M3).
 *
 * <p>A check ({@link #checkNow()}, every {@code poll-interval} on its own thread, never on the request path)
 * resolves the alias; when it names a version other than the active one it loads it: the registry verifies the
 * manifest and every artifact's SHA-256 while downloading, {@link ModelPackage#readVerified} checks them again on
 * the bytes it parses and reproduces the golden outputs with both DL4J and the fast forward pass; the package's
 * {@code FeatureSpec} must equal the named core {@link FeatureSet} (hash and columns) and its classes must be
 * DOWN, FLAT, UP. Then the new model's feature states are prepared ({@link OnlineFeatures#prepareBook}) and the
 * model is published with one volatile write. Requests read that reference once each, so each is decided by one
 * whole model, and there is never a moment without one once the first loaded.
 *
 * <p>On any failure the active model stays, the failure is logged and counted
 * ({@code serving_model_reload_failures_total{stage}}), and the same version is not tried again before
 * {@code retry-failed-after} (a corrupt version would otherwise be downloaded every poll). Thread-safe; checks
 * are serialized.
 */
final class ModelManager implements AutoCloseable {

  /** The outcome of the last check, for {@code GET /v1/models/active} and logs. */
  record Status(Instant at, String outcome, Integer version, String detail) {}

  private static final System.Logger LOG = System.getLogger(ModelManager.class.getName());

  private final ModelRegistry registry;
  private final ServingConfig config;
  private final OnlineFeatures features;
  private final ServingMetrics metrics;
  private final Clock clock;
  private final Object checking = new Object();
  private final Map<Integer, Instant> failedUntil = new HashMap<>();
  private final AtomicLong downloads = new AtomicLong();
  private volatile ActiveModel active;
  private volatile Status status;
  private String lastResolveProblem;
  private ScheduledExecutorService watcher;

  ModelManager(ModelRegistry registry, ServingConfig config, OnlineFeatures features, ServingMetrics metrics,
      Clock clock) {
    this.registry = registry;
    this.config = config;
    this.features = features;
    this.metrics = metrics;
    this.clock = clock;
    this.status = new Status(clock.instant(), "not_checked", null, "no check yet");
  }

  /** The model being served; empty only before the first successful load. */
  Optional<ActiveModel> active() {
    return Optional.ofNullable(active);
  }

  /** The raw reference (null before the first load), read once per request. */
  ActiveModel current() {
    return active;
  }

  Status status() {
    return status;
  }

  /** Checks now (blocking), then every poll interval on a daemon thread. */
  void start() {
    checkNow();
    watcher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "model-watcher");
      t.setDaemon(true);
      return t;
    });
    long every = config.pollInterval().toMillis();
    watcher.scheduleWithFixedDelay(() -> {
      try {
        checkNow();
      } catch (Throwable t) {
        LOG.log(System.Logger.Level.ERROR, "model check failed unexpectedly; will retry", t);
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Resolves the alias and loads its version if it is not the active one; returns what happened. Never throws on
   * a registry or package problem: those are outcomes.
   */
  Status checkNow() {
    synchronized (checking) {
      ModelVersion target;
      try {
        target = registry.resolve(ModelRef.ofAlias(config.modelName(), config.modelAlias()));
        lastResolveProblem = null;
      } catch (RuntimeException e) {
        String problem = describe(e);
        metrics.reloadFailure("resolve");
        if (!problem.equals(lastResolveProblem)) {
          LOG.log(active == null ? System.Logger.Level.ERROR : System.Logger.Level.WARNING, "cannot resolve "
              + config.modelName() + "@" + config.modelAlias() + ": " + problem
              + (active == null ? "; no model to serve yet" : "; keeping " + active.ref()));
          lastResolveProblem = problem;
        }
        return status = new Status(clock.instant(), "resolve_failed", null, problem);
      }
      ActiveModel current = active;
      if (current != null && current.version() == target.version()) {
        return status = new Status(clock.instant(), "unchanged", target.version(), "serving " + current.ref());
      }
      Instant retryAt = failedUntil.get(target.version());
      if (retryAt != null && clock.instant().isBefore(retryAt)) {
        return status = new Status(clock.instant(), "skipped_failed_version", target.version(), target.ref()
            + " failed to load; next attempt after " + retryAt);
      }
      return status = load(target, current);
    }
  }

  private Status load(ModelVersion target, ActiveModel current) {
    long started = System.nanoTime();
    Path directory = config.workDirectory().resolve(target.model() + "-v" + target.version() + "-"
        + downloads.incrementAndGet() + "-" + Long.toHexString(System.nanoTime()));
    String stage = "load";
    try {
      ModelPackage model = RegistryModels.load(registry, target, directory);
      stage = "check";
      FeatureSet set = FeatureSet.named(model.features().name());
      model.features().requireSameAs(set);
      if (!model.label().classes().equals(LabelDefinition.DOWN_FLAT_UP)) {
        throw new IllegalStateException("classes " + model.label().classes() + " are not " + LabelDefinition.DOWN_FLAT_UP
            + ", the order the decision policy reads");
      }
      Predictor predictor = model.predictor();
      if (predictor.inputSize() != set.inputColumns().size() || predictor.classes() != 3) {
        throw new IllegalStateException("the predictor takes " + predictor.inputSize() + " inputs and gives "
            + predictor.classes() + " classes; feature set " + set + " has " + set.inputColumns().size() + " inputs");
      }
      stage = "warm";
      FeatureBook book = features.prepareBook(set, model.warmupBarsBySymbol(),
          current == null ? null : current.book());
      ActiveModel next = new ActiveModel(target.model(), target.version(), config.modelAlias(),
          target.manifestSha256(), clock.instant(), set, predictor, model.label().classes(), book, target.metadata());
      active = next; // the swap: one volatile write
      features.catchUp(book);
      failedUntil.remove(target.version());
      metrics.modelLoaded(next.version());
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      String detail = (current == null ? "loaded " : "swapped " + current.ref() + " -> ") + next.ref() + " (features "
          + set + ", " + book.size() + " symbols warm) in " + millis + " ms";
      LOG.log(System.Logger.Level.INFO, detail);
      return new Status(clock.instant(), current == null ? "loaded" : "swapped", next.version(), detail);
    } catch (RuntimeException | Error e) {
      if (e instanceof Error error && !(e instanceof LinkageError) && !(e instanceof AssertionError)) {
        throw error; // OutOfMemoryError and the like are not a bad model
      }
      metrics.reloadFailure(stage);
      failedUntil.put(target.version(), clock.instant().plus(config.retryFailedAfter()));
      String detail = target.ref() + " refused at stage " + stage + ": " + describe(e)
          + (current == null ? "; no model to serve yet" : "; keeping " + current.ref());
      LOG.log(System.Logger.Level.ERROR, detail);
      return new Status(clock.instant(), "failed", target.version(), detail);
    } finally {
      deleteQuietly(directory);
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }

  private static void deleteQuietly(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a leftover download is harmless; the next one uses a fresh directory
        }
      });
    } catch (IOException e) {
      // as above
    }
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.shutdownNow();
      try {
        watcher.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
