package com.tradingml.serving;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounded concurrency for {@link LeanHttpServer}, where every connection has its own thread (RELIABILITY.md S4): at
 * most {@code workers} exchanges run the handler at once, at most {@code capacity} more wait for a place, and none
 * waits longer than the queue timeout. The same limits as {@link BoundedExecutor}'s pool and queue, without a
 * hand-off between threads: the connection's thread that read the request runs it.
 *
 * <p>An exchange that finds the waiting places full, or waited past the timeout, is still handed to the handler,
 * without a place and with its {@link Admission} saying so, and the handler answers 503 at once. Thread-safe.
 */
final class WorkerGate {

  private final Semaphore places;
  private final int capacity;
  private final long timeoutNanos;
  private final AtomicInteger waiting = new AtomicInteger();

  WorkerGate(int workers, int capacity, long timeoutNanos) {
    if (workers < 1 || capacity < 0 || timeoutNanos <= 0) {
      throw new IllegalArgumentException("workers and the timeout must be positive, capacity not negative");
    }
    this.places = new Semaphore(workers, true);
    this.capacity = capacity;
    this.timeoutNanos = timeoutNanos;
  }

  /**
   * Runs {@code exchange} for a request that arrived at {@code arrivalNanos}: with a place once one is free (waiting
   * at most the timeout), else at once, marked as refused.
   */
  void run(long arrivalNanos, Runnable exchange) {
    boolean admitted = places.tryAcquire();
    boolean overflow = false;
    long waitNanos = 0;
    if (!admitted) {
      long waitFrom = System.nanoTime();
      if (waiting.incrementAndGet() > capacity) {
        overflow = true;
      } else {
        try {
          admitted = places.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      waiting.decrementAndGet();
      // Admitted counts as within the timeout, however the clock read; refused as past it (the handler's test).
      waitNanos = admitted ? Math.min(System.nanoTime() - waitFrom, timeoutNanos) : timeoutNanos + 1;
    }
    Admission.enter(arrivalNanos, overflow ? 0 : waitNanos, overflow);
    try {
      exchange.run();
    } finally {
      Admission.exit();
      if (admitted) {
        places.release();
      }
    }
  }

  /** Exchanges waiting for a place. */
  int waiting() {
    return waiting.get();
  }
}
