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
 * <p>Each task records its {@link Admission}: when it was queued and how long it waited for a worker, so that the
 * handler can count queue time into the request's deadline and answer 503 at once to a request that waited longer
 * than the queue timeout. When the queue is full the exchange is not dropped (the JDK server would close the connection
 * without an answer): it runs at once on the accepting thread marked {@linkplain Admission#isOverflow() overflow}, and the
 * handler answers 503 without further work, which takes microseconds. Thread-safe.
 */
final class BoundedExecutor implements Executor {

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
        Admission.enter(queuedAt, System.nanoTime() - queuedAt, false);
        try {
          exchange.run();
        } finally {
          Admission.exit();
        }
      });
    } catch (RejectedExecutionException e) {
      Admission.enter(queuedAt, 0, true);
      try {
        exchange.run();
      } finally {
        Admission.exit();
      }
    }
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
