package com.tradingml.serving;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.tradingml.core.risk.CheckResult;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The decision audit log (Knight Capital's lesson: orders sent must be reconcilable with decisions made): every
 * decision, HOLDs included, as one JSON line in {@code <directory>/decisions-YYYY-MM-DD.jsonl} (UTC day of the
 * decision), written by one dedicated thread.
 *
 * <p>The request path never waits for the disk. A decision first {@linkplain #tryReserve reserves} a place in the
 * bounded queue, before the risk gate; it then {@linkplain #append appends} its record into that place, which
 * cannot fail. When no place is free (the writer is behind by {@code capacity} records) or the log is unwritable,
 * the reservation fails and the decision fails closed: HOLD {@code audit_unavailable}, without reaching the risk
 * gate, so no order is ever made that the log does not hold. Places are released once their record is written
 * and flushed (to the operating system; not fsynced: a process crash loses nothing flushed, a power loss may
 * lose the last records).
 *
 * <p>On a write error the batch in hand is lost (counted in {@code serving_audit_failures_total}), the log is
 * marked unwritable (decisions fail closed) and the writer reopens the file every second until it succeeds.
 * Thread-safe.
 */
final class AuditLog implements AutoCloseable {

  /** One decision as audited. */
  record Entry(String requestId, Instant time, String symbol, String account, String clientOrderId, String action,
      long quantity, String reason, String detail, String model, Long barMicros, double[] probabilities,
      double[] inputs, Boolean riskAccepted, String riskReason, boolean replay, List<CheckResult> checks,
      long latencyMicros) {}

  private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());
  private static final Entry STOP = new Entry("", Instant.EPOCH, "", "", "", "", 0, "", "", "", null, null, null,
      null, null, false, List.of(), 0);

  private final Path directory;
  private final Semaphore places;
  private final ArrayBlockingQueue<Entry> queue;
  private final ServingMetrics metrics;
  private final Thread writer;
  private volatile boolean writable = true;
  private volatile boolean closed;
  private OutputStream out;
  private LocalDate day;

  AuditLog(Path directory, int capacity, ServingMetrics metrics) throws IOException {
    this.directory = directory;
    this.places = new Semaphore(capacity);
    this.queue = new ArrayBlockingQueue<>(capacity + 1);
    this.metrics = metrics;
    Files.createDirectories(directory);
    metrics.gauge("serving.audit.queue.depth", "Decisions waiting for the audit writer", () -> queue.size());
    writer = new Thread(this::run, "audit-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** Reserves a place for one record; false when the log is full, unwritable or closed (fail closed). */
  boolean tryReserve() {
    return writable && !closed && places.tryAcquire();
  }

  /** Appends a record into a place reserved by {@link #tryReserve()}; never blocks, never fails. */
  void append(Entry entry) {
    if (!queue.offer(entry)) {
      // Impossible while every append holds a reservation; counted rather than thrown on the request path.
      places.release();
      metrics.auditFailed(1);
    }
  }

  /** Gives back a reserved place without a record (a decision that did not complete). */
  void release() {
    places.release();
  }

  boolean writable() {
    return writable && !closed;
  }

  Path directory() {
    return directory;
  }

  /**
   * While decisions flow, the writer does not wait on the queue (every append would then wake it: a futex call on
   * the request path and a thread switch per decision, measured at ~118k switches and 3.3 s of writer CPU for ~290k
   * decisions); it sleeps this long between drains instead, so that records gather into batches and an append never
   * wakes anyone. A record therefore reaches the file at most about this much later than before.
   */
  static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /** After this long without a record the writer blocks on the queue again (the next append wakes it). */
  static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private void run() {
    List<Entry> batch = new ArrayList<>(256);
    long lastRecordAt = System.nanoTime() - IDLE_NANOS;
    while (true) {
      try {
        Entry first = queue.poll();
        if (first == null) {
          if (System.nanoTime() - lastRecordAt < IDLE_NANOS) {
            LockSupport.parkNanos(LINGER_NANOS);
            if (Thread.interrupted()) {
              throw new InterruptedException();
            }
            continue;
          }
          first = queue.poll(1, TimeUnit.SECONDS);
          if (first == null) {
            if (!writable) {
              reopen();
            }
            continue;
          }
        }
        lastRecordAt = System.nanoTime();
        batch.clear();
        batch.add(first);
        queue.drainTo(batch, 4_096);
        boolean stop = batch.removeIf(entry -> entry == STOP);
        write(batch);
        if (stop) {
          closeFile();
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeFile();
        return;
      }
    }
  }

  private void write(List<Entry> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      for (Entry entry : batch) {
        OutputStream stream = stream(entry.time());
        stream.write(line(entry));
      }
      out.flush();
      metrics.auditWritten(batch.size());
      if (!writable) {
        LOG.log(System.Logger.Level.INFO, "audit log writable again in " + directory);
      }
      writable = true;
    } catch (IOException | RuntimeException e) {
      metrics.auditFailed(batch.size());
      if (writable) {
        LOG.log(System.Logger.Level.ERROR, "audit log write failed in " + directory + " (" + e
            + "); decisions fail closed with audit_unavailable until it recovers");
      }
      writable = false;
      closeFile();
    } finally {
      places.release(batch.size());
    }
  }

  private void reopen() {
    try {
      stream(Instant.now()).flush();
      writable = true;
      LOG.log(System.Logger.Level.INFO, "audit log writable again in " + directory);
    } catch (IOException | RuntimeException e) {
      closeFile();
    }
  }

  private OutputStream stream(Instant time) throws IOException {
    LocalDate date = LocalDate.ofInstant(time, ZoneOffset.UTC);
    if (out == null || !date.equals(day)) {
      closeFile();
      Files.createDirectories(directory);
      out = new BufferedOutputStream(Files.newOutputStream(directory.resolve("decisions-" + date + ".jsonl"),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
      day = date;
    }
    return out;
  }

  private void closeFile() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // the failure was counted where it happened
      }
      out = null;
      day = null;
    }
  }

  static byte[] line(Entry e) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("requestId", e.requestId());
      g.writeStringField("time", e.time().toString());
      g.writeStringField("symbol", e.symbol());
      g.writeStringField("account", e.account());
      g.writeStringField("clientOrderId", e.clientOrderId());
      g.writeStringField("action", e.action());
      g.writeNumberField("quantity", e.quantity());
      g.writeStringField("reason", e.reason());
      if (e.detail() != null) {
        g.writeStringField("detail", e.detail());
      }
      if (e.model() != null) {
        g.writeStringField("model", e.model());
      }
      if (e.barMicros() != null) {
        g.writeStringField("barTime", com.tradingml.core.market.Bar.instantOfMicros(e.barMicros()).toString());
      }
      writeArray(g, "probabilities", e.probabilities());
      writeArray(g, "inputs", e.inputs());
      if (e.riskAccepted() != null) {
        g.writeObjectFieldStart("risk");
        g.writeBooleanField("accepted", e.riskAccepted());
        g.writeStringField("reason", e.riskReason());
        g.writeBooleanField("replay", e.replay());
        g.writeArrayFieldStart("checks");
        for (CheckResult check : e.checks()) {
          g.writeStartObject();
          g.writeStringField("check", check.name());
          g.writeBooleanField("passed", check.passed());
          g.writeStringField("reason", check.reason());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeNumberField("latencyMicros", e.latencyMicros());
      g.writeEndObject();
    }
    bytes.write('\n');
    return bytes.toByteArray();
  }

  /** Doubles as JSON numbers; a non-finite value (never in a served decision) is written as null. */
  private static void writeArray(JsonGenerator g, String name, double[] values) throws IOException {
    if (values == null) {
      return;
    }
    g.writeArrayFieldStart(name);
    for (double value : values) {
      if (Double.isFinite(value)) {
        g.writeNumber(value);
      } else {
        g.writeNull();
      }
    }
    g.writeEndArray();
  }

  /** Stops taking records, writes what is queued, closes the file; waits at most {@code timeoutMillis}. */
  @Override
  public void close() {
    closeWithin(5_000);
  }

  void closeWithin(long timeoutMillis) {
    if (closed) {
      return;
    }
    closed = true;
    queue.offer(STOP);
    try {
      writer.join(timeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      writer.interrupt();
    }
  }
}
