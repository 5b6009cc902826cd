package com.tradingml.serving;

/**
 * How the exchange running on the current thread was admitted by the HTTP front end (RELIABILITY.md S4): when it
 * arrived, how long it waited for a worker, and whether it was refused a place ({@linkplain #isOverflow() overflow}).
 * Both front ends ({@link BoundedExecutor} for the JDK server, {@link WorkerGate} for {@link LeanHttpServer}) set it
 * around the handler, which counts the wait into the request's deadline and answers 503 at once to an exchange that
 * overflowed or waited longer than the queue timeout.
 */
final class Admission {

  /** Per thread: [0] when the running exchange arrived, [1] how long it waited for a worker (nanos). */
  private static final ThreadLocal<long[]> ARRIVAL = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE, 0});
  private static final ThreadLocal<boolean[]> OVERFLOW = ThreadLocal.withInitial(() -> new boolean[1]);

  private Admission() {}

  /** Marks the current thread as running an exchange that arrived at {@code arrivalNanos}. */
  static void enter(long arrivalNanos, long waitNanos, boolean overflow) {
    long[] arrival = ARRIVAL.get();
    arrival[0] = arrivalNanos;
    arrival[1] = waitNanos;
    OVERFLOW.get()[0] = overflow;
  }

  /** The current thread's exchange has finished. */
  static void exit() {
    ARRIVAL.get()[0] = Long.MIN_VALUE;
    ARRIVAL.get()[1] = 0;
    OVERFLOW.get()[0] = false;
  }

  /** When the current exchange arrived ({@link System#nanoTime()}); {@code fallback} outside one. */
  static long arrivalNanos(long fallback) {
    long arrival = ARRIVAL.get()[0];
    return arrival == Long.MIN_VALUE ? fallback : arrival;
  }

  /** How long the current exchange waited for a worker: the measure of overload. */
  static long queueWaitNanos() {
    return ARRIVAL.get()[1];
  }

  /** Whether the current exchange found no place to wait and must be refused. */
  static boolean isOverflow() {
    return OVERFLOW.get()[0];
  }
}
