package com.tradingml.storage.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.apache.iceberg.DataFile;

/**
 * Completes data files off the writer thread: writing a footer and closing the stream is where a file
 * is uploaded (a copy and two fsyncs for the local store, a PUT for S3), which waits on storage, not
 * on CPU. At most {@code threads} files close at once and at most twice that many are accepted and not
 * yet done ({@link #submit} blocks beyond), so the files in flight, their buffers and file handles are
 * bounded too. Results come back in submission order.
 *
 * <p>Used from one thread (the writer's); the closing runs on this closer's own daemon threads.
 */
final class DataFileCloser implements AutoCloseable {

  private final int threads;
  private final String threadName;
  private final Semaphore inFlight;
  private final List<Future<DataFile>> pending = new ArrayList<>();
  private ExecutorService pool;
  private int checked;

  DataFileCloser(int threads, String threadName) {
    this.threads = threads;
    this.threadName = threadName;
    this.inFlight = new Semaphore(2 * threads);
  }

  /**
   * Runs {@code close} on a closing thread, after throwing the failure of an earlier close if one
   * failed meanwhile (the run is lost anyway: stop early). Blocks while too many closes are pending.
   */
  void submit(Callable<DataFile> close) {
    rethrowFailureOfCompleted();
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to close a data file", e);
    }
    try {
      pending.add(pool().submit(() -> {
        try {
          return close.call();
        } finally {
          inFlight.release();
        }
      }));
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
  }

  private ExecutorService pool() {
    if (pool == null) {
      pool = Executors.newFixedThreadPool(threads, runnable -> {
        Thread thread = new Thread(runnable, threadName);
        thread.setDaemon(true);
        return thread;
      });
    }
    return pool;
  }

  private void rethrowFailureOfCompleted() {
    while (checked < pending.size() && pending.get(checked).isDone()) {
      Future<DataFile> done = pending.get(checked++);
      try {
        done.get();
      } catch (ExecutionException e) {
        throw unwrap(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // cannot happen for a done future
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Waits until every submitted close ended; returns their data files in submission order, or throws
   * the first failure (later ones suppressed) once all ended: a caller that then deletes the files
   * races no upload.
   */
  List<DataFile> awaitAll() {
    List<DataFile> files = new ArrayList<>(pending.size());
    RuntimeException failure = null;
    boolean interrupted = false;
    for (Future<DataFile> future : pending) {
      while (true) {
        try {
          files.add(future.get());
          break;
        } catch (ExecutionException e) {
          failure = addFailure(failure, unwrap(e));
          break;
        } catch (InterruptedException e) {
          interrupted = true; // keep waiting: returning now would let the caller delete files being uploaded
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
    return files;
  }

  /** Waits until every submitted close ended, ignoring failures (the run is being abandoned). */
  void awaitQuietly() {
    try {
      awaitAll();
    } catch (RuntimeException ignored) {
      // abandoning: the caller deletes every file written
    }
  }

  private static RuntimeException addFailure(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private static RuntimeException unwrap(ExecutionException e) {
    return e.getCause() instanceof RuntimeException runtime ? runtime
        : new IllegalStateException("closing a data file failed", e.getCause());
  }

  /** Stops the closing threads once idle; call after {@link #awaitAll} or {@link #awaitQuietly}. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
    }
  }
}
