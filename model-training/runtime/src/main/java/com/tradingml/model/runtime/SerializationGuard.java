package com.tradingml.model.runtime;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BinaryOperator;

/**
 * The process-wide Java deserialization guard (shared/RELIABILITY.md M4, JEP 290 and JEP 415): once
 * installed, every {@link java.io.ObjectInputStream} in the JVM, whoever creates it (DL4J's
 * {@code ModelSerializer} included), rejects every class that is not on {@link #ALLOWED_CLASSES}, before
 * the class is even initialized, so no {@code readObject} of a crafted stream ever runs.
 *
 * <h2>Why the allowlist is empty</h2>
 * Our model format needs no Java serialization: {@code network.json} is parsed by DL4J's Jackson
 * ({@code MultiLayerConfiguration.fromJson}), {@code params.bin} by {@link ParameterFile}, the rest by our
 * own JSON and CSV readers, and the network is built with {@code new MultiLayerNetwork(conf)} and
 * {@code init(params, false)}. The tests run that whole path (and DL4J's {@code ModelSerializer} write and
 * restore) under this guard and observe zero filter calls ({@link #rejections()} stays 0). So the guard
 * rejects everything; a future need must be shown by a test before a class is added here.
 *
 * <h2>How it cannot be bypassed in-process</h2>
 * It installs a <em>filter factory</em> ({@link ObjectInputFilter.Config#setSerialFilterFactory}), which
 * the JDK consults for every new stream and for every {@code setObjectInputFilter} call; it always merges
 * the guard in, so a library setting its own permissive per-stream filter still gets the guard's REJECTED.
 * The JDK allows the factory to be set once, and only before the first {@code ObjectInputStream} of the
 * JVM is created; {@link #install()} therefore belongs at the very start of {@code main}, or the JVM is
 * started with {@code -Djdk.serialFilterFactory=com.tradingml.model.runtime.SerializationGuard$FilterFactory}
 * (then {@code install()} finds it and does nothing). When neither is possible, {@code install()} fails
 * loudly rather than run unguarded. A static filter from {@code -Djdk.serialFilter} is kept, merged with
 * the guard (it can reject more, never allow more).
 */
public final class SerializationGuard {

  /** Classes (binary names) that may be deserialized: none (see the class comment). */
  public static final Set<String> ALLOWED_CLASSES = Set.of();

  /** Limits for a stream of allowlisted classes; generous, since none are allowed. */
  static final long MAX_DEPTH = 32;
  static final long MAX_REFERENCES = 100_000;
  static final long MAX_ARRAY_LENGTH = 1_000_000;
  static final long MAX_STREAM_BYTES = 16L << 20;

  private static final AtomicLong REJECTIONS = new AtomicLong();
  private static final List<String> RECENT = new ArrayList<>();
  private static final int RECENT_KEPT = 16;
  private static final System.Logger LOG = System.getLogger(SerializationGuard.class.getName());

  /** The guard's filter: one instance, so that the factory can recognise it. */
  static final ObjectInputFilter FILTER = SerializationGuard::check;

  private SerializationGuard() {}

  /**
   * Installs the guard for the whole JVM. Idempotent. Throws {@link IllegalStateException} when another
   * filter factory is installed or an {@code ObjectInputStream} was created before (the JDK then refuses
   * a factory); the message says how to install it in time.
   */
  public static synchronized void install() {
    BinaryOperator<ObjectInputFilter> current = ObjectInputFilter.Config.getSerialFilterFactory();
    if (current instanceof FilterFactory) {
      return;
    }
    try {
      ObjectInputFilter.Config.setSerialFilterFactory(new FilterFactory());
    } catch (IllegalStateException e) {
      throw new IllegalStateException("cannot install the deserialization guard: " + e.getMessage()
          + ". Call SerializationGuard.install() first thing in main (before anything creates an ObjectInputStream),"
          + " or start the JVM with -Djdk.serialFilterFactory=" + FilterFactory.class.getName(), e);
    }
    LOG.log(System.Logger.Level.DEBUG, "deserialization guard installed: every class is rejected"
        + (ALLOWED_CLASSES.isEmpty() ? "" : " except " + ALLOWED_CLASSES));
  }

  /** Whether the guard is the JVM's filter factory. */
  public static boolean isInstalled() {
    return ObjectInputFilter.Config.getSerialFilterFactory() instanceof FilterFactory;
  }

  /** How many deserialization attempts the guard has rejected in this JVM. */
  public static long rejections() {
    return REJECTIONS.get();
  }

  /** The last few rejected classes (or limits), newest last, for diagnostics. */
  public static List<String> recentRejections() {
    synchronized (RECENT) {
      return List.copyOf(RECENT);
    }
  }

  private static ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
    Class<?> type = info.serialClass();
    String problem = null;
    if (type != null) {
      Class<?> element = type;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      if (!ALLOWED_CLASSES.contains(type.getName()) || !element.isPrimitive() && !ALLOWED_CLASSES.contains(element.getName())) {
        problem = "class " + type.getName();
      }
    }
    if (problem == null) {
      if (info.depth() > MAX_DEPTH) {
        problem = "depth " + info.depth();
      } else if (info.references() > MAX_REFERENCES) {
        problem = "references " + info.references();
      } else if (info.arrayLength() > MAX_ARRAY_LENGTH) {
        problem = "array length " + info.arrayLength();
      } else if (info.streamBytes() > MAX_STREAM_BYTES) {
        problem = "stream bytes " + info.streamBytes();
      }
    }
    if (problem == null) {
      return ObjectInputFilter.Status.UNDECIDED;
    }
    REJECTIONS.incrementAndGet();
    synchronized (RECENT) {
      if (RECENT.size() == RECENT_KEPT) {
        RECENT.remove(0);
      }
      RECENT.add(problem);
    }
    LOG.log(System.Logger.Level.WARNING, "deserialization rejected (" + problem + "): Java serialization is not"
        + " allowed in this process (SerializationGuard)");
    return ObjectInputFilter.Status.REJECTED;
  }

  /**
   * The filter factory: every stream's filter is the guard, merged with whatever filter the JDK or the
   * stream's owner asks for (which can reject more, never allow more). Public with a no-argument
   * constructor, for {@code -Djdk.serialFilterFactory}.
   */
  public static final class FilterFactory implements BinaryOperator<ObjectInputFilter> {

    public FilterFactory() {}

    @Override
    public ObjectInputFilter apply(ObjectInputFilter current, ObjectInputFilter requested) {
      if (requested == null || requested == FILTER) {
        return FILTER;
      }
      return ObjectInputFilter.merge(FILTER, requested);
    }
  }
}
