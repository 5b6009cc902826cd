package com.tradingml.serving;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server's executor: a fixed pool of {@code threads} workers with a queue of at most {@code capacity}
 * waiting exchanges (RELIABILITY.md S4: bounded concurrency, nothing queued forever).
 *
 * <p>Each task remembers when it was queued ({@link #arrivalNanos} in the handler) and how long it waited for a worker
 * ({@link #queueWaitNanos()}), so that the handler can count queue time into the request's deadline and answer 503
 * at once to a request that waited longer than the queue timeout. When the queue is full the exchange is not dropped (the JDK server would close the connection
 * without an answer): it runs at once on the accepting thread marked {@linkplain #isOverflow() overflow}, and the
 * handler answers 503 without further work, which takes microseconds. Thread-safe.
 */
final class BoundedExecutor implements Executor {

  /** Per worker: [0] when the running exchange was queued, [1] how long it waited for this worker (nanos). */
  private static final ThreadLocal<long[]> ARRIVAL = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE, 0});
  private static final ThreadLocal<boolean[]> OVERFLOW = ThreadLocal.withInitial(() -> new boolean[1]);

  private final ThreadPoolExecutor pool;

  BoundedExecutor(int threads, int capacity) {
    AtomicInteger count = new AtomicInteger();
    pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity), r -> {
      Thread t = new Thread(r, "serving-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
    pool.prestartAllCoreThreads();
  }

  @Override
  public void execute(Runnable exchange) {
    long queuedAt = System.nanoTime();
    try {
      pool.execute(() -> {
        long[] arrival = ARRIVAL.get();
        arrival[0] = queuedAt;
        arrival[1] = System.nanoTime() - queuedAt;
        try {
          exchange.run();
        } finally {
          arrival[0] = Long.MIN_VALUE;
        }
      });
    } catch (RejectedExecutionException e) {
      boolean[] overflow = OVERFLOW.get();
      long[] arrival = ARRIVAL.get();
      overflow[0] = true;
      arrival[0] = queuedAt;
      arrival[1] = 0;
      try {
        exchange.run();
      } finally {
        overflow[0] = false;
        arrival[0] = Long.MIN_VALUE;
      }
    }
  }

  /** When the current exchange was handed to this executor; {@code fallback} outside one. */
  static long arrivalNanos(long fallback) {
    long arrival = ARRIVAL.get()[0];
    return arrival == Long.MIN_VALUE ? fallback : arrival;
  }

  /**
   * How long the current exchange waited in the queue for a worker: the measure of overload (reading the request's
   * headers, which the exchange does once running, is not counted).
   */
  static long queueWaitNanos() {
    return ARRIVAL.get()[1];
  }

  /** Whether the current exchange runs on the accepting thread because the queue was full. */
  static boolean isOverflow() {
    return OVERFLOW.get()[0];
  }

  int queued() {
    return pool.getQueue().size();
  }

  int active() {
    return pool.getActiveCount();
  }

  /** Stops taking work; running and queued exchanges finish. */
  void shutdown() {
    pool.shutdown();
  }

  boolean awaitTermination(long millis) throws InterruptedException {
    return pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
  }

  void shutdownNow() {
    pool.shutdownNow();
  }
}
