package com.tradingml.storage.tables.fileio;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a new file front to back past the page cache ({@code O_DIRECT}) where the file system allows it, and through
 * it otherwise (before Linux 6.6, tmpfs refused {@code O_DIRECT}).
 *
 * <p>Why: data files are written once and handed on (renamed into the store, or uploaded), and the page cache only
 * costs here. On the 2-core VMs this project runs on, a buffered write of 1.9 GB of features spent ~5 CPU-s in the
 * kernel copying into freshly allocated page-cache pages, plus the writeback at fsync; {@code O_DIRECT} writes of
 * the same bytes take ~0.3 CPU-s (dd: 1 GiB in 0.15 s of system time against 1.6 s). See docs/BENCHMARKS.md.
 *
 * <p>{@code O_DIRECT} wants the buffer's address, the length and the file position aligned to the file system's
 * block: bytes gather in an aligned direct buffer and go out in whole buffers; on close the tail is written padded
 * to a whole block and the file truncated to its true length.
 *
 * <p>A direct write waits for the device (~0.6 ms per MiB here), so a full buffer is written on a background thread
 * while the caller fills a second one: the writer computes instead of waiting, as it did with the page cache. A
 * failed background write surfaces at the next write or at close, and after any failed write every later write and
 * close fail too: the file has a hole, and a close that returned would let it be stored. Not thread-safe.
 */
final class UncachedFileOutput extends OutputStream {

  /** Bytes per write: large enough that the per-call cost vanishes, small enough to pool per writer thread. */
  static final int BUFFER_BYTES = 1 << 20;
  /** Buffers kept for reuse: a direct buffer is freed only by the garbage collector, so streams share a few. */
  private static final int POOLED_BUFFERS = 8;
  private static final ArrayDeque<ByteBuffer> POOL = new ArrayDeque<>();

  private final FileChannel channel;
  private final boolean direct;
  private final int blockSize;
  private ByteBuffer buffer;
  /** The buffer being written in the background, and its write; null when none is. */
  private ByteBuffer writing;
  private Future<?> write;
  private long length;
  private boolean closed;
  /** The first failed write: the file then has a hole, and close must not pass it off as complete. */
  private IOException failure;

  /** Threads that write full buffers; they mostly wait on the device. */
  private static final ExecutorService WRITERS = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "uncached-file-writer");
    thread.setDaemon(true);
    return thread;
  });

  /** Over an open channel (tests hand in one that fails); {@link #open} is the way in otherwise. */
  UncachedFileOutput(FileChannel channel, boolean direct, int blockSize) {
    this.channel = channel;
    this.direct = direct;
    this.blockSize = blockSize;
    this.buffer = take(blockSize);
  }

  /**
   * Opens {@code file} (which must exist, empty: a fresh temporary file) for writing, past the page cache when
   * possible.
   */
  static UncachedFileOutput open(Path file) throws IOException {
    return open(file, true);
  }

  /** As {@link #open(Path)}; with {@code tryDirect} false, always through the page cache (the fallback, tested). */
  static UncachedFileOutput open(Path file, boolean tryDirect) throws IOException {
    int blockSize = tryDirect ? blockSize(file) : 0;
    if (blockSize > 0) {
      try {
        return new UncachedFileOutput(
            FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT), true, blockSize);
      } catch (IOException | UnsupportedOperationException refused) {
        // the file system does not do O_DIRECT (tmpfs: EINVAL): write through the page cache
      }
    }
    return new UncachedFileOutput(FileChannel.open(file, StandardOpenOption.WRITE), false, 1);
  }

  /** The file system's block size when it is a usable O_DIRECT alignment, else 0. */
  private static int blockSize(Path file) {
    try {
      long size = Files.getFileStore(file).getBlockSize();
      return size > 0 && size <= BUFFER_BYTES && BUFFER_BYTES % size == 0 ? (int) size : 0;
    } catch (IOException | UnsupportedOperationException unknown) {
      return 0;
    }
  }

  /** Whether writes bypass the page cache (for tests and diagnostics). */
  boolean isDirect() {
    return direct;
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    if (!buffer.hasRemaining()) {
      drain();
    }
    buffer.put((byte) b);
    length++;
  }

  @Override
  public void write(byte[] bytes, int offset, int count) throws IOException {
    ensureOpen();
    java.util.Objects.checkFromIndexSize(offset, count, bytes.length);
    while (count > 0) {
      if (!buffer.hasRemaining()) {
        drain();
      }
      int chunk = Math.min(count, buffer.remaining());
      buffer.put(bytes, offset, chunk);
      offset += chunk;
      count -= chunk;
      length += chunk;
    }
  }

  /** Hands the full buffer to a background write and goes on with the other one. */
  private void drain() throws IOException {
    try {
      handOff();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  private void handOff() throws IOException {
    ByteBuffer next = awaitWrite();
    ByteBuffer full = buffer;
    full.flip();
    writing = full;
    write = WRITERS.submit(() -> {
      writeFully(full);
      return null;
    });
    buffer = next != null ? next : take(blockSize);
  }

  /** Waits for the background write, if any; returns its buffer, cleared, or null. */
  private ByteBuffer awaitWrite() throws IOException {
    if (write == null) {
      return null;
    }
    ByteBuffer done = writing;
    Future<?> pending = write;
    writing = null;
    write = null;
    try {
      pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // the write may still be reading the buffer: it is dropped, never pooled for another stream to fill
      throw new java.io.InterruptedIOException("interrupted while writing");
    } catch (ExecutionException e) {
      give(done);
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    return done.clear();
  }

  private void writeFully(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /**
   * Writes what is buffered and closes the file, whose length is then exactly the bytes written. Does not fsync:
   * the store's put does that.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      if (failure != null) {
        throw new IOException("an earlier write to this file failed; it is incomplete", failure);
      }
      ByteBuffer written = awaitWrite();
      if (written != null) {
        give(written);
      }
      int tail = buffer.position();
      if (tail > 0) {
        if (direct) {
          // O_DIRECT writes whole blocks: pad the tail with zeros, then cut the file back to its length.
          int padded = (tail + blockSize - 1) / blockSize * blockSize;
          while (buffer.position() < padded) {
            buffer.put((byte) 0);
          }
        }
        buffer.flip();
        writeFully(buffer);
        if (direct) {
          channel.truncate(length);
        }
      }
    } finally {
      give(buffer);
      buffer = null;
    }
  }

  /** The bytes written so far. */
  long length() {
    return length;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (failure != null) {
      throw new IOException("an earlier write to this file failed", failure);
    }
  }

  /** A cleared buffer of {@link #BUFFER_BYTES} whose address is aligned to {@code alignment}. */
  private static ByteBuffer take(int alignment) {
    synchronized (POOL) {
      for (java.util.Iterator<ByteBuffer> pooled = POOL.iterator(); pooled.hasNext(); ) {
        ByteBuffer buffer = pooled.next();
        if (buffer.alignmentOffset(0, alignment) == 0) {
          pooled.remove();
          return buffer.clear();
        }
      }
    }
    return ByteBuffer.allocateDirect(BUFFER_BYTES + alignment).alignedSlice(alignment).limit(BUFFER_BYTES)
        .slice();
  }

  private static void give(ByteBuffer buffer) {
    synchronized (POOL) {
      if (POOL.size() < POOLED_BUFFERS) {
        POOL.push(buffer.clear());
      }
    }
  }
}
