package com.tradingml.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An HTTP/1.1 load generator: raw non-blocking sockets, keep-alive, one I/O thread, one pre-encoded request
 * resent as is, responses parsed incrementally and never copied ({@link HttpResponseParser}). Per request it
 * does a write, a read or two and a histogram update, so on a 2-core machine it leaves most of the CPU to the
 * server. Against {@link TrivialHttpServer} with 16 connections it reached 42-46k req/s here, wrk 45-58k, and a
 * java.net.http.HttpClient loop (16 threads, synchronous send) 9-14k: HttpClient costs 3-5 times more per
 * request. Latencies go to HdrHistogram (nanoseconds, 3 significant digits).
 *
 * <p>Two modes ({@link LoadOptions}):
 * <ul>
 *   <li>closed loop: C connections, each sends its next request as soon as the last is answered; reports
 *       the throughput and the latency from send to the last byte of the response, of requests answered
 *       during the measured window (wrk's model, so the two can be compared).
 *   <li>open loop: request {@code i} is due at {@code start + i / R}, whether or not earlier ones have been
 *       answered, and its latency is measured from that intended time (coordinated-omission-correct, as in
 *       wrk2): time a request waits for a free connection, or behind a stalled server, counts. At most C are in
 *       flight; the rest queue in the generator, still on the clock. A ticker thread sleeps to each due time
 *       (sub-millisecond; a Selector's own timeout has millisecond resolution) and sends the due requests
 *       itself, so a send costs one thread's wake-up (until 2026-11-30 it woke the I/O thread to send: two
 *       wake-ups, and a send lag p50 of ~0.19 ms on the 2-vCPU machine). Also reported:
 *       the service time (from the actual send) and the send lag (actual minus intended send: the generator's
 *       own scheduling error, included in the latency). With {@code --spin} there is no ticker: the I/O thread
 *       polls the sockets and the clock without ever sleeping, so the send lag is the loop's own cost instead of a
 *       thread's wake-up delay (one core busy; on a 2-core machine the server keeps the other). Requests due in
 *       the window but unanswered at the end of the drain period are counted as unfinished, and their time so far
 *       is recorded.
 * </ul>
 *
 * <p>Usage: {@code java -cp ... com.tradingml.benchmarks.LoadGenerator --url http://127.0.0.1:8080/ [--mode
 * open --rate 1000] [--connections 16] [--duration 60] [--warmup 5] [--json]}. One run per instance; the I/O
 * thread and the ticker share the connections' state under the generator's lock.
 */
public final class LoadGenerator {

  private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final long RECONNECT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final LoadOptions options;
  private final ByteBuffer request;
  private final InetSocketAddress address;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
  private final ArrayDeque<Conn> idle = new ArrayDeque<>();
  private final List<Conn> reconnecting = new ArrayList<>();
  private final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
  private final Histogram serviceTime = new Histogram(HIGHEST_NANOS, 3);
  private final Histogram sendLag = new Histogram(HIGHEST_NANOS, 3);
  private final Map<Integer, Long> statuses = new TreeMap<>();
  private Selector selector;
  private long start;
  private long measureFrom;
  private long measureUntil;
  private double periodNanos;
  private long totalDue;
  private long nextIndex;
  private long inFlight;
  private long completed;
  private long socketErrors;
  private long unfinished;
  private boolean everConnected;
  private volatile boolean stopped;
  private volatile IOException tickerFailure;

  /** One keep-alive connection with at most one request in flight. */
  private final class Conn {
    SocketChannel channel;
    SelectionKey key;
    ByteBuffer out;
    final HttpResponseParser parser = new HttpResponseParser();
    boolean busy;
    boolean measured;
    long intended;
    long sentAt;
    long reconnectAt;
  }

  public LoadGenerator(LoadOptions options) {
    this.options = options;
    this.request = ByteBuffer.wrap(options.requestBytes()).asReadOnlyBuffer();
    this.address = new InetSocketAddress(options.url().getHost(), options.port());
  }

  public static void main(String[] args) throws IOException {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("load-generator: " + e.getMessage());
      System.exit(2);
      return;
    }
    LoadResult result = new LoadGenerator(options).run();
    System.out.println(result.text());
    if (options.json()) {
      System.out.println(result.json());
    }
  }

  /** Runs the warm-up and the measured window (and, open loop, the drain), then returns the figures. */
  public LoadResult run() throws IOException {
    selector = Selector.open();
    Thread ticker = null;
    try {
      start = System.nanoTime();
      measureFrom = start + options.warmup().toNanos();
      measureUntil = measureFrom + options.duration().toNanos();
      if (options.open()) {
        periodNanos = 1e9 / options.rate();
        totalDue = (long) Math.floor((measureUntil - start) / periodNanos);
      }
      if (options.open() && !options.spin()) {
        ticker = new Thread(this::tick, "load-generator-ticker");
        ticker.setDaemon(true);
        ticker.start();
      }
      for (int i = 0; i < options.connections(); i++) {
        connect(new Conn());
      }
      loop();
    } finally {
      stopped = true;
      if (ticker != null) {
        ticker.interrupt();
      }
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
      selector.close();
    }
    return new LoadResult(options, completed, statuses, socketErrors, unfinished, latency,
        options.open() ? serviceTime : null, options.open() ? sendLag : null);
  }

  private void loop() throws IOException {
    while (true) {
      long timeoutNanos;
      synchronized (this) {
        if (tickerFailure != null) {
          throw tickerFailure;
        }
        long now = System.nanoTime();
        reconnectDue(now);
        if (options.open()) {
          dispatchDue(now);
          if (nextIndex == totalDue && inFlight == 0) {
            return;
          }
          if (now >= measureUntil + options.drain().toNanos()) {
            giveUp(now);
            return;
          }
        } else if (now >= measureUntil) {
          return;
        }
        long untilEnd = options.open() ? TimeUnit.MILLISECONDS.toNanos(100) : measureUntil - now;
        timeoutNanos = reconnecting.isEmpty() ? untilEnd : Math.min(untilEnd, RECONNECT_BACKOFF_NANOS);
      }
      if (options.spin()) {
        if (selector.selectNow() == 0) {
          Thread.onSpinWait();
          continue;
        }
      } else {
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
      }
      synchronized (this) {
        handleSelected();
      }
    }
  }

  private void handleSelected() throws IOException {
    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
    while (keys.hasNext()) {
      SelectionKey key = keys.next();
      keys.remove();
      Conn conn = (Conn) key.attachment();
      try {
        if (!key.isValid()) {
          continue;
        }
        if (key.isConnectable()) {
          connected(conn);
        } else if (key.isWritable()) {
          write(conn);
        } else if (key.isReadable()) {
          read(conn);
        }
      } catch (IOException | IllegalStateException e) {
        failed(conn, e);
      }
    }
  }

  /**
   * The ticker: at every due time of the open loop, sends what is due on idle connections (the I/O thread sends the
   * rest as connections free up), then sleeps to the next.
   */
  private void tick() {
    while (!stopped) {
      long now = System.nanoTime();
      long index = (long) ((now - start) / periodNanos);
      synchronized (this) {
        try {
          dispatchDue(now);
        } catch (IOException e) {
          tickerFailure = e;
          selector.wakeup();
          return;
        }
      }
      if (index >= totalDue) {
        selector.wakeup(); // the I/O thread sees the end
        return;
      }
      long next = start + (long) Math.ceil((index + 1) * periodNanos);
      long margin = options.spinMarginMicros() * 1_000L;
      LockSupport.parkNanos(next - margin - now);
      while (margin > 0 && System.nanoTime() < next) {
        Thread.onSpinWait(); // the last stretch awake: a sleeping thread wakes late, a spinning one does not
      }
    }
  }

  /** Open loop: sends every request that is due, as far as connections are free. */
  private void dispatchDue(long now) throws IOException {
    long due = Math.min(totalDue, (long) ((now - start) / periodNanos) + 1);
    while (nextIndex < due && !idle.isEmpty()) {
      Conn conn = idle.poll();
      long intended = start + (long) (nextIndex * periodNanos);
      nextIndex++;
      try {
        send(conn, intended, intended >= measureFrom);
      } catch (IOException e) {
        failed(conn, e);
      }
    }
  }

  private void connect(Conn conn) throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    conn.channel = channel;
    conn.busy = false;
    if (channel.connect(address)) {
      conn.key = channel.register(selector, 0, conn);
      connected(conn);
    } else {
      conn.key = channel.register(selector, SelectionKey.OP_CONNECT, conn);
    }
  }

  private void connected(Conn conn) throws IOException {
    if (conn.channel.isConnectionPending()) {
      conn.channel.finishConnect();
    }
    everConnected = true;
    conn.key.interestOps(SelectionKey.OP_READ);
    if (options.open()) {
      idle.add(conn);
      dispatchDue(System.nanoTime());
    } else {
      long now = System.nanoTime();
      if (now < measureUntil) {
        send(conn, now, true);
      }
    }
  }

  private void send(Conn conn, long intended, boolean measured) throws IOException {
    conn.busy = true;
    conn.measured = measured;
    conn.intended = intended;
    conn.parser.reset();
    conn.out = request.duplicate();
    inFlight++;
    conn.sentAt = System.nanoTime();
    write(conn);
  }

  private void write(Conn conn) throws IOException {
    conn.channel.write(conn.out);
    conn.key.interestOps(conn.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    if (conn.out.hasRemaining()) {
      selector.wakeup(); // written from the ticker: the I/O thread must select with the new interest
    }
  }

  private void read(Conn conn) throws IOException {
    readBuffer.clear();
    int n = conn.channel.read(readBuffer);
    if (n < 0) {
      throw new IOException("connection closed by the server");
    }
    readBuffer.flip();
    if (conn.busy && conn.parser.feed(readBuffer)) {
      completed(conn, System.nanoTime());
    }
  }

  private void completed(Conn conn, long now) throws IOException {
    conn.busy = false;
    inFlight--;
    int status = conn.parser.status();
    boolean record = options.open() ? conn.measured : now >= measureFrom && now <= measureUntil;
    if (record) {
      completed++;
      statuses.merge(status, 1L, Long::sum);
      if (options.open()) {
        latency.recordValue(Math.min(HIGHEST_NANOS, now - conn.intended));
        serviceTime.recordValue(Math.min(HIGHEST_NANOS, now - conn.sentAt));
        sendLag.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, conn.sentAt - conn.intended)));
      } else {
        latency.recordValue(Math.min(HIGHEST_NANOS, now - conn.sentAt));
      }
    }
    if (conn.parser.connectionClose()) {
      close(conn);
      connect(conn);
      return;
    }
    if (options.open()) {
      idle.add(conn);
      dispatchDue(now);
    } else if (now < measureUntil) {
      send(conn, now, true);
    }
  }

  private void failed(Conn conn, Exception e) throws IOException {
    if (!everConnected) {
      throw new IOException("cannot reach " + address + ": " + e.getMessage(), e);
    }
    if (conn.busy) {
      conn.busy = false;
      inFlight--;
      boolean record = options.open() ? conn.measured : System.nanoTime() >= measureFrom;
      if (record) {
        socketErrors++;
      }
    } else if (System.nanoTime() >= measureFrom) {
      socketErrors++;
    }
    close(conn);
    conn.reconnectAt = System.nanoTime() + RECONNECT_BACKOFF_NANOS;
    reconnecting.add(conn);
  }

  private void reconnectDue(long now) throws IOException {
    if (reconnecting.isEmpty()) {
      return;
    }
    List<Conn> due = new ArrayList<>();
    reconnecting.removeIf(conn -> {
      boolean ready = now >= conn.reconnectAt;
      if (ready) {
        due.add(conn);
      }
      return ready;
    });
    for (Conn conn : due) {
      try {
        connect(conn);
      } catch (IOException e) {
        failed(conn, e);
      }
    }
  }

  private void close(Conn conn) {
    idle.remove(conn);
    if (conn.key != null) {
      conn.key.cancel();
    }
    try {
      conn.channel.close();
    } catch (IOException e) {
      // closing a broken connection
    }
  }

  /** Open loop, drain time over: measured requests still in flight or never sent are unfinished. */
  private void giveUp(long now) {
    for (SelectionKey key : selector.keys()) {
      Conn conn = (Conn) key.attachment();
      if (conn != null && conn.busy && conn.measured) {
        unfinished++;
        latency.recordValue(Math.min(HIGHEST_NANOS, now - conn.intended));
      }
    }
    for (long i = nextIndex; i < totalDue; i++) {
      long intended = start + (long) (i * periodNanos);
      if (intended >= measureFrom) {
        unfinished++;
        latency.recordValue(Math.min(HIGHEST_NANOS, now - intended));
      }
    }
  }
}
