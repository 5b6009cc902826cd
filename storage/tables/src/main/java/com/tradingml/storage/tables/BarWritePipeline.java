package com.tradingml.storage.tables;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;

/**
 * Hands accepted bars from the parsing thread to a writer thread in fixed-size columnar batches, so
 * parsing/validation and Parquet encoding run on two cores at once. Bounded: a fixed pool of batches
 * circulates between the threads, so memory does not grow with the input, and a slow writer
 * back-pressures the parser. A failure on either side stops both and is rethrown to the caller.
 */
final class BarWritePipeline implements AutoCloseable {

  private static final int BATCH_ROWS = 4_096;
  private static final int BATCHES = 8;

  private static final class Batch {
    final String[] symbols = new String[BATCH_ROWS];
    final long[] timestamps = new long[BATCH_ROWS];
    final double[] opens = new double[BATCH_ROWS];
    final double[] highs = new double[BATCH_ROWS];
    final double[] lows = new double[BATCH_ROWS];
    final double[] closes = new double[BATCH_ROWS];
    final double[] volumes = new double[BATCH_ROWS];
    int size;
    boolean last;
  }

  private final BarFilesWriter writer;
  private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES);
  private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
  private final Thread writerThread;
  private volatile Throwable failure;
  private Batch current;

  BarWritePipeline(BarFilesWriter writer, String threadName) {
    this.writer = writer;
    for (int i = 0; i < BATCHES - 1; i++) {
      free.add(new Batch());
    }
    current = new Batch();
    writerThread = new Thread(this::drain, threadName);
    writerThread.setDaemon(true);
    writerThread.start();
  }

  void add(String symbol, long epochMicros, double open, double high, double low, double close, double volume) {
    Batch batch = current;
    int i = batch.size;
    batch.symbols[i] = symbol;
    batch.timestamps[i] = epochMicros;
    batch.opens[i] = open;
    batch.highs[i] = high;
    batch.lows[i] = low;
    batch.closes[i] = close;
    batch.volumes[i] = volume;
    batch.size = i + 1;
    if (batch.size == BATCH_ROWS) {
      handOver(batch);
      current = take(free);
    }
  }

  /** Waits for the writer to write everything, then closes the files; returns them ready to commit. */
  List<DataFile> finish() {
    current.last = true;
    handOver(current);
    join();
    rethrowFailure();
    return writer.finish();
  }

  private void drain() {
    try {
      while (true) {
        Batch batch = take(full);
        writer.write(batch.symbols, batch.timestamps, batch.opens, batch.highs, batch.lows, batch.closes,
            batch.volumes, 0, batch.size);
        if (batch.last) {
          return;
        }
        batch.size = 0;
        free.add(batch);
      }
    } catch (Throwable t) {
      failure = t;
    }
  }

  private void handOver(Batch batch) {
    try {
      while (!full.offer(batch, 100, TimeUnit.MILLISECONDS)) {
        rethrowFailure();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing bars to the writer", e);
    }
  }

  private Batch take(BlockingQueue<Batch> queue) {
    try {
      while (true) {
        Batch batch = queue.poll(100, TimeUnit.MILLISECONDS);
        if (batch != null) {
          return batch;
        }
        if (Thread.currentThread() != writerThread) {
          rethrowFailure(); // the parser stops as soon as the writer failed
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while passing bars between threads", e);
    }
  }

  private void rethrowFailure() {
    Throwable t = failure;
    if (t instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (t instanceof Error error) {
      throw error;
    }
    if (t != null) {
      throw new IllegalStateException("writing bars failed", t);
    }
  }

  private void join() {
    try {
      writerThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the writer", e);
    }
  }

  /** Abandons the pipeline (on failure): stops the writer thread and closes its files. */
  @Override
  public void close() {
    if (writerThread.isAlive()) {
      writerThread.interrupt();
      join();
    }
    writer.close();
  }
}
