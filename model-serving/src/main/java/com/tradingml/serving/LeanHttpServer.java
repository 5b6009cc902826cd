package com.tradingml.serving;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The decision service's own HTTP/1.1 server: one thread per connection, blocking sockets, the handler run on the
 * thread that read the request. Why not the JDK's {@code HttpServer}: there a selector thread notices the request and
 * hands it to a worker, so every request wakes two threads, and each exchange allocates ~25 KB of buffers and
 * streams; on a 2-vCPU machine the wake-ups were most of the end-to-end p99 (docs/BENCHMARKS.md, issue 6). Here a
 * request wakes one thread, the response goes out in one write, and a connection reuses its buffers. Live trading
 * clients hold a few keep-alive connections, which is what one thread per connection is good at.
 *
 * <p>The handler is a {@link HttpHandler} and sees a {@link com.sun.net.httpserver.HttpExchange}, so the service's
 * routing is the same on either server ({@code serving.http.server}). What it implements of HTTP/1.1 (RFC 9112):
 * keep-alive (HTTP/1.0 only on request), pipelined requests answered in order, bodies by {@code Content-Length} or
 * {@code chunked} (other transfer codings get 501), {@code Expect: 100-continue}, {@code HEAD} without a body.
 * Limits and refusals, each a JSON error like the service's own:
 * <ul>
 *   <li>the request line and headers at most {@value #MAX_HEAD_BYTES} bytes and {@value #MAX_HEADERS} fields, else
 *       431; a malformed request line, header or length, or both lengths at once, 400 (request smuggling);
 *   <li>a request that does not arrive within the read timeout, 408; an idle keep-alive connection is closed after
 *       the idle timeout;
 *   <li>beyond {@code maxConnections} open connections, a new one gets 503 and is closed;
 *   <li>at most the {@link WorkerGate}'s workers run the handler at once (S4).
 * </ul>
 * {@link #stop} closes the listener and idle connections, lets requests in progress finish within the grace period
 * (their responses say {@code Connection: close}), then closes the rest. Thread-safe.
 */
final class LeanHttpServer {

  static final int MAX_HEAD_BYTES = 16 * 1024;
  static final int MAX_HEADERS = 100;
  /** Unread request body the server reads past to keep a connection; beyond it the connection closes. */
  static final int DRAIN_LIMIT = 64 * 1024;
  /** Longest wait, and most bytes read, for the client to close after the server's last response. */
  static final int LINGER_MILLIS = 1_000;
  static final int LINGER_BYTES = 1 << 20;

  private static final System.Logger LOG = System.getLogger(LeanHttpServer.class.getName());

  /** Connection limits: open connections, idle keep-alive time, time for a request to arrive once begun. */
  record Limits(int maxConnections, Duration idleTimeout, Duration readTimeout) {
    Limits {
      if (maxConnections < 1 || idleTimeout.isNegative() || idleTimeout.isZero() || readTimeout.isNegative()
          || readTimeout.isZero()) {
        throw new IllegalArgumentException("connection limit and timeouts must be positive");
      }
    }
  }

  private final ServerSocket listener;
  private final HttpHandler handler;
  private final WorkerGate gate;
  private final Limits limits;
  private final int idleMillis;
  private final int readMillis;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor threads;
  private final Thread acceptor;
  private volatile boolean draining;

  LeanHttpServer(InetSocketAddress address, int backlog, HttpHandler handler, WorkerGate gate, Limits limits)
      throws IOException {
    this.handler = handler;
    this.gate = gate;
    this.limits = limits;
    this.idleMillis = (int) Math.min(Integer.MAX_VALUE, limits.idleTimeout().toMillis());
    this.readMillis = (int) Math.min(Integer.MAX_VALUE, limits.readTimeout().toMillis());
    this.listener = new ServerSocket();
    try {
      listener.setReuseAddress(true);
      listener.bind(address, backlog);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    AtomicInteger count = new AtomicInteger();
    // Threads outlive their connections for a while, so that reconnecting clients do not pay for a new thread.
    this.threads = new ThreadPoolExecutor(0, limits.maxConnections(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "serving-http-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.acceptor = new Thread(this::accept, "serving-http-accept");
    acceptor.setDaemon(true);
  }

  void start() {
    acceptor.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /** Open connections. */
  int connections() {
    return connections.size();
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.log(System.Logger.Level.WARNING, "accepting a connection failed: " + e);
        }
        continue;
      }
      if (draining) {
        // Stopping: a connection still queued behind the closing listener is closed unanswered, as if the listener
        // had closed first (RELIABILITY S3: stop accepting, no 5xx). The client sees a reset, not a 503.
        closeUnanswered(socket);
        continue;
      }
      if (connections.size() >= limits.maxConnections()) {
        refuse(socket);
        continue;
      }
      Connection connection = new Connection(socket);
      connections.add(connection);
      try {
        threads.execute(connection);
      } catch (RejectedExecutionException e) {
        connections.remove(connection);
        refuse(socket);
      }
    }
  }

  private static void closeUnanswered(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }

  /** 503 and close, on the accepting thread: a small write into an empty send buffer does not block. */
  private static void refuse(Socket socket) {
    try (socket) {
      socket.getOutputStream().write(errorResponse(503, "overloaded",
          "the service has as many connections as it takes; retry", true));
      socket.shutdownOutput();
    } catch (IOException e) {
      // the client went away
    }
  }

  /**
   * Stops: the listener and idle connections close at once; requests in progress get until {@code graceNanos} to
   * finish, then their connections close too.
   */
  void stop(long graceNanos) {
    stopAccepting();
    try {
      listener.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the listener failed: " + e);
    }
    try {
      acceptor.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Connection c : connections) {
      c.closeIfIdle();
    }
    long deadline = System.nanoTime() + graceNanos;
    while (!connections.isEmpty() && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Connection c : connections) {
      c.close();
    }
    threads.shutdownNow();
  }

  /** The first step of {@link #stop}: from here on an accepted connection is closed unanswered. */
  void stopAccepting() {
    draining = true;
  }

  boolean isDraining() {
    return draining;
  }

  /** A complete response with a JSON error body, as the service's own errors. */
  static byte[] errorResponse(int status, String code, String message, boolean close) {
    byte[] body = ("{\"error\":\"" + code + "\",\"field\":null,\"message\":\"" + message + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + LeanExchange.reason(status) + "\r\nContent-Type: application/json\r\n"
        + "Cache-Control: no-store\r\n" + (status == 503 ? "Retry-After: 1\r\n" : "")
        + (close ? "Connection: close\r\n" : "") + "Content-Length: " + body.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] response = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, response, 0, headBytes.length);
    System.arraycopy(body, 0, response, headBytes.length, body.length);
    return response;
  }

  /** A request the server refuses before the handler sees it. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    BadRequest(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  /** The parsed request line and headers, and how the body is framed. */
  record Head(String method, URI uri, String protocol, Headers headers, boolean keepAlive, long contentLength,
      boolean chunked, boolean expectContinue) {}

  /** One client connection and the thread serving it. */
  final class Connection implements Runnable {
    private final Socket socket;
    private InputStream in;
    private OutputStream out;
    /** Received, unread bytes are {@code buffer[start, end)}. */
    private final byte[] buffer = new byte[MAX_HEAD_BYTES];
    private int start;
    private int end;
    private boolean idle; // guarded by this
    private boolean closed; // guarded by this

    Connection(Socket socket) {
      this.socket = socket;
    }

    @Override
    public void run() {
      try {
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        while (awaitRequest()) {
          if (!serveOne(System.nanoTime())) {
            lingerAndClose();
            break;
          }
        }
      } catch (IOException | RuntimeException e) {
        // The client went away, or its request broke off; there is no one left to answer.
        LOG.log(System.Logger.Level.DEBUG, "connection from " + socket.getRemoteSocketAddress() + " ended: " + e);
      } finally {
        close();
        connections.remove(this);
      }
    }

    /** Waits (idle) for the first byte of the next request; false when the connection should end. */
    private boolean awaitRequest() throws IOException {
      synchronized (this) {
        if (draining || closed) {
          return false;
        }
        idle = true;
      }
      try {
        if (start == end) {
          start = 0;
          end = 0;
          socket.setSoTimeout(idleMillis);
          int n = in.read(buffer, 0, buffer.length);
          if (n < 0) {
            return false;
          }
          end = n;
        }
      } catch (SocketTimeoutException | SocketException e) {
        return false; // idle too long, or closed by stop()
      } finally {
        synchronized (this) {
          idle = false;
        }
      }
      synchronized (this) {
        return !closed;
      }
    }

    /** Reads, admits and handles one request; whether the connection can take another. */
    private boolean serveOne(long arrivalNanos) throws IOException {
      Head head;
      try {
        socket.setSoTimeout(readMillis);
        head = readHead();
      } catch (BadRequest e) {
        out.write(errorResponse(e.status, e.code, e.getMessage(), true));
        return false;
      } catch (SocketTimeoutException e) {
        out.write(errorResponse(408, "request_timeout", "the request did not arrive within " + readMillis + " ms",
            true));
        return false;
      }
      LeanExchange exchange = new LeanExchange(this, head);
      gate.run(arrivalNanos, () -> {
        try {
          handler.handle(exchange);
        } catch (IOException | RuntimeException e) {
          LOG.log(System.Logger.Level.DEBUG, "handler ended with " + e);
        } finally {
          exchange.close();
        }
      });
      return exchange.finish() && !draining;
    }

    /** Parses the request line and headers (RFC 9112 section 2-6). */
    private Head readHead() throws IOException, BadRequest {
      // A server should skip empty lines before a request line (RFC 9112 section 2.2).
      int headEnd;
      int scanned = start;
      while (true) {
        while (start < end && (buffer[start] == '\r' || buffer[start] == '\n')) {
          start++;
        }
        scanned = Math.max(scanned, start);
        headEnd = findHeadEnd(scanned);
        if (headEnd >= 0) {
          break;
        }
        scanned = Math.max(start, end - 3);
        if (start > 0) {
          System.arraycopy(buffer, start, buffer, 0, end - start);
          scanned -= start;
          end -= start;
          start = 0;
        }
        if (end == buffer.length) {
          throw new BadRequest(431, "headers_too_large", "the request line and headers exceed " + MAX_HEAD_BYTES
              + " bytes");
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
          throw new java.io.EOFException("the connection closed inside a request head");
        }
        end += n;
      }
      int lineEnd = lineEnd(start, headEnd);
      String line = new String(buffer, start, lineEnd - start, StandardCharsets.ISO_8859_1);
      int sp1 = line.indexOf(' ');
      int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
      if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0 || sp2 == sp1 + 1) {
        throw new BadRequest(400, "bad_request", "malformed request line");
      }
      String method = line.substring(0, sp1);
      if (!isToken(method)) {
        throw new BadRequest(400, "bad_request", "malformed method");
      }
      String protocol = line.substring(sp2 + 1);
      boolean http11 = protocol.equals("HTTP/1.1");
      if (!http11 && !protocol.equals("HTTP/1.0")) {
        if (protocol.startsWith("HTTP/") && protocol.length() == 8) {
          throw new BadRequest(505, "http_version_not_supported", "HTTP/1.1 and HTTP/1.0 only");
        }
        throw new BadRequest(400, "bad_request", "malformed protocol version");
      }
      URI uri;
      try {
        uri = new URI(line.substring(sp1 + 1, sp2));
      } catch (URISyntaxException e) {
        throw new BadRequest(400, "bad_request", "malformed request target");
      }
      if (uri.getRawPath() == null) {
        // Opaque targets ("http:x") have no path; origin-form, absolute-form with a path and "*" do (RFC 9112 3.2).
        throw new BadRequest(400, "bad_request", "the request target has no path");
      }
      Headers headers = new Headers();
      int count = 0;
      int at = lineEnd + 2;
      while (at < headEnd) {
        int fieldEnd = lineEnd(at, headEnd);
        if (++count > MAX_HEADERS) {
          throw new BadRequest(431, "headers_too_large", "more than " + MAX_HEADERS + " header fields");
        }
        addField(headers, at, fieldEnd);
        at = fieldEnd + 2;
      }
      start = headEnd + 4;
      return frame(method, uri, protocol, http11, headers);
    }

    private Head frame(String method, URI uri, String protocol, boolean http11, Headers headers) throws BadRequest {
      String transferEncoding = joined(headers, "Transfer-Encoding");
      String contentLength = joined(headers, "Content-Length");
      boolean chunked = false;
      long length = 0;
      if (transferEncoding != null) {
        if (contentLength != null) {
          throw new BadRequest(400, "bad_request", "both Transfer-Encoding and Content-Length");
        }
        if (!transferEncoding.trim().equalsIgnoreCase("chunked")) {
          throw new BadRequest(501, "not_implemented", "only the chunked transfer coding is supported");
        }
        chunked = true;
      } else if (contentLength != null) {
        length = -1;
        for (String part : contentLength.split(",", -1)) {
          long value = parseLength(part.trim());
          if (value < 0 || (length >= 0 && value != length)) {
            throw new BadRequest(400, "bad_request", "malformed Content-Length");
          }
          length = value;
        }
      }
      String connection = joined(headers, "Connection");
      String tokens = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
      boolean keepAlive = http11 ? !tokens.contains("close") : tokens.contains("keep-alive");
      String expect = headers.getFirst("Expect");
      boolean expectContinue = false;
      if (expect != null) {
        if (!expect.trim().equalsIgnoreCase("100-continue")) {
          throw new BadRequest(417, "expectation_failed", "only Expect: 100-continue is supported");
        }
        expectContinue = http11 && (chunked || length > 0);
      }
      return new Head(method, uri, protocol, headers, keepAlive, length, chunked, expectContinue);
    }

    private static String joined(Headers headers, String name) {
      java.util.List<String> values = headers.get(name);
      if (values == null || values.isEmpty()) {
        return null;
      }
      return values.size() == 1 ? values.get(0) : String.join(",", values);
    }

    private static long parseLength(String digits) {
      if (digits.isEmpty() || digits.length() > 18) {
        return -1;
      }
      long value = 0;
      for (int i = 0; i < digits.length(); i++) {
        char c = digits.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        value = value * 10 + (c - '0');
      }
      return value;
    }

    private void addField(Headers headers, int from, int to) throws BadRequest {
      int colon = -1;
      for (int i = from; i < to; i++) {
        if (buffer[i] == ':') {
          colon = i;
          break;
        }
      }
      if (colon <= from) {
        throw new BadRequest(400, "bad_request", "malformed header field");
      }
      for (int i = from; i < colon; i++) {
        if (!isTokenChar(buffer[i])) {
          throw new BadRequest(400, "bad_request", "malformed header field name");
        }
      }
      int valueFrom = colon + 1;
      int valueTo = to;
      while (valueFrom < valueTo && (buffer[valueFrom] == ' ' || buffer[valueFrom] == '\t')) {
        valueFrom++;
      }
      while (valueTo > valueFrom && (buffer[valueTo - 1] == ' ' || buffer[valueTo - 1] == '\t')) {
        valueTo--;
      }
      for (int i = valueFrom; i < valueTo; i++) {
        byte b = buffer[i];
        if ((b < 0x20 && b != '\t') || b == 0x7f) {
          throw new BadRequest(400, "bad_request", "control character in a header value");
        }
      }
      headers.add(new String(buffer, from, colon - from, StandardCharsets.ISO_8859_1),
          new String(buffer, valueFrom, valueTo - valueFrom, StandardCharsets.ISO_8859_1));
    }

    /** The index of the CRLF that ends the line starting at {@code from} (at most {@code limit}). */
    private int lineEnd(int from, int limit) throws BadRequest {
      for (int i = from; i < limit; i++) {
        if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
          return i;
        }
        if (buffer[i] == '\r' || buffer[i] == '\n') {
          throw new BadRequest(400, "bad_request", "bare CR or LF in the request head");
        }
      }
      return limit;
    }

    /** The index of the CRLFCRLF that ends the head, searched from {@code from}; -1 when not yet received. */
    private int findHeadEnd(int from) {
      for (int i = from; i + 3 < end; i++) {
        if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
          return i;
        }
      }
      return -1;
    }

    // ------------------------------------------------------------------------- for LeanExchange

    /** Reads request body bytes: what is buffered first, then the socket (with the read timeout). */
    int read(byte[] into, int offset, int length) throws IOException {
      if (start < end) {
        int n = Math.min(length, end - start);
        System.arraycopy(buffer, start, into, offset, n);
        start += n;
        return n;
      }
      return in.read(into, offset, length);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    boolean draining() {
      return draining;
    }

    InetSocketAddress remoteAddress() {
      return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    InetSocketAddress localAddress() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /**
     * Closes after a last response without losing it: closing a socket with request bytes still unread (a refused
     * body, say) sends a reset, which can destroy the response before the client reads it. So the server sends its
     * FIN first and reads what the client still sends, for at most {@value #LINGER_MILLIS} ms.
     */
    private void lingerAndClose() {
      try {
        socket.shutdownOutput();
        long until = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
        long discarded = 0;
        while (discarded < LINGER_BYTES) {
          long left = (until - System.nanoTime()) / 1_000_000L;
          if (left <= 0) {
            break;
          }
          socket.setSoTimeout((int) left);
          int n = in.read(buffer, 0, buffer.length);
          if (n < 0) {
            break;
          }
          discarded += n;
        }
      } catch (IOException e) {
        // timed out or reset: close now
      } finally {
        close();
      }
    }

    synchronized void closeIfIdle() {
      if (idle) {
        close();
      }
    }

    synchronized void close() {
      if (!closed) {
        closed = true;
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }

  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar((byte) s.charAt(i))) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /** RFC 9110 tchar. */
  private static boolean isTokenChar(byte b) {
    if (b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z') {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
  }
}
