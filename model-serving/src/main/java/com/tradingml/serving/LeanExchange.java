package com.tradingml.serving;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request and its response on a {@link LeanHttpServer} connection, as the JDK's {@link HttpExchange} describes
 * it: {@link #sendResponseHeaders} with a length of -1 (no body), 0 (chunked) or the body's exact length. The response
 * is gathered in the connection's buffer and written in one piece when complete (or every
 * {@value #FLUSH_BYTES} bytes for a large one). Not thread-safe: one thread runs an exchange.
 */
final class LeanExchange extends HttpExchange {

  static final int FLUSH_BYTES = 64 * 1024;
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
  private static volatile CachedDate cachedDate = new CachedDate(0, "");

  private record CachedDate(long second, String text) {}

  private final LeanHttpServer.Connection connection;
  private final LeanHttpServer.Head head;
  private final Headers responseHeaders = new Headers();
  private final RequestBody requestBody;
  private ResponseBody responseBody;
  private Map<String, Object> attributes;
  private int responseCode = -1;
  private boolean closeConnection;
  private boolean closed;

  LeanExchange(LeanHttpServer.Connection connection, LeanHttpServer.Head head) {
    this.connection = connection;
    this.head = head;
    this.requestBody = new RequestBody();
    this.closeConnection = !head.keepAlive();
  }

  @Override
  public Headers getRequestHeaders() {
    return head.headers();
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return head.uri();
  }

  @Override
  public String getRequestMethod() {
    return head.method();
  }

  @Override
  public HttpContext getHttpContext() {
    throw new UnsupportedOperationException("the lean server has no contexts: one handler takes every path");
  }

  @Override
  public InputStream getRequestBody() {
    return requestBody;
  }

  @Override
  public OutputStream getResponseBody() {
    if (responseBody == null) {
      throw new IllegalStateException("sendResponseHeaders must come first");
    }
    return responseBody;
  }

  @Override
  public void sendResponseHeaders(int code, long length) throws IOException {
    if (responseBody != null) {
      throw new IOException("response headers were sent already");
    }
    if (code < 100 || code > 999) {
      throw new IllegalArgumentException("bad status " + code);
    }
    responseCode = code;
    boolean bodyless = code < 200 || code == 204 || code == 304 || "HEAD".equals(head.method());
    String connectionHeader = responseHeaders.getFirst("Connection");
    responseHeaders.remove("Connection");
    responseHeaders.remove("Content-Length");
    responseHeaders.remove("Transfer-Encoding");
    if (connection.draining() || (connectionHeader != null && connectionHeader.equalsIgnoreCase("close"))) {
      closeConnection = true;
    }
    long framing = bodyless || length < 0 ? ResponseBody.NONE : length == 0 ? ResponseBody.CHUNKED : length;
    responseBody = new ResponseBody(framing, bodyless && length > 0 ? length : 0);
    StringBuilder h = new StringBuilder(256);
    h.append("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
    h.append("Date: ").append(date()).append("\r\n");
    for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
      for (String value : e.getValue()) {
        h.append(e.getKey()).append(": ").append(value).append("\r\n");
      }
    }
    if (responseBody.chunked()) {
      h.append("Transfer-Encoding: chunked\r\n");
    } else if (code >= 200 && code != 204 && code != 304) {
      // HEAD answers with the length a GET would have had.
      h.append("Content-Length: ").append(Math.max(0, length)).append("\r\n");
    }
    if (closeConnection) {
      h.append("Connection: close\r\n");
    } else if (!"HTTP/1.1".equals(head.protocol())) {
      h.append("Connection: keep-alive\r\n");
    }
    h.append("\r\n");
    responseBody.append(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (responseBody.complete()) {
      responseBody.flush();
    }
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return connection.remoteAddress();
  }

  @Override
  public int getResponseCode() {
    return responseCode;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return connection.localAddress();
  }

  @Override
  public String getProtocol() {
    return head.protocol();
  }

  @Override
  public Object getAttribute(String name) {
    return attributes == null ? null : attributes.get(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    if (attributes == null) {
      attributes = new HashMap<>();
    }
    attributes.put(name, value);
  }

  @Override
  public void setStreams(InputStream in, OutputStream out) {
    throw new UnsupportedOperationException("filters are not supported by the lean server");
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return null;
  }

  /**
   * Ends the exchange: completes the response, or, when no response was started, marks the connection to close
   * without one (as the JDK server does). Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (responseBody == null) {
      closeConnection = true;
      return;
    }
    try {
      responseBody.close();
    } catch (IOException e) {
      closeConnection = true;
    }
  }

  /**
   * After the handler: reads past what it left of the request body (up to {@link LeanHttpServer#DRAIN_LIMIT}) so the
   * next request can follow; whether the connection can carry another request.
   */
  boolean finish() {
    close();
    if (closeConnection) {
      return false;
    }
    try {
      return requestBody.skipRest(LeanHttpServer.DRAIN_LIMIT);
    } catch (IOException e) {
      return false;
    }
  }

  static String reason(int code) {
    return switch (code) {
      case 100 -> "Continue";
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 417 -> "Expectation Failed";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      default -> "Status";
    };
  }

  private static String date() {
    long second = System.currentTimeMillis() / 1_000;
    CachedDate cached = cachedDate;
    if (cached.second() != second) {
      cached = new CachedDate(second, HTTP_DATE.format(ZonedDateTime.ofInstant(
          java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC)));
      cachedDate = cached;
    }
    return cached.text();
  }

  /** The request body: {@code Content-Length} bytes, or chunks; the end of either is end of stream. */
  private final class RequestBody extends InputStream {
    private long remaining; // fixed: bytes left; chunked: bytes left in the current chunk
    private boolean chunkedDone;
    private boolean continueSent;
    private boolean ended;
    private final byte[] one = new byte[1];

    RequestBody() {
      remaining = head.chunked() ? 0 : head.contentLength();
      ended = !head.chunked() && remaining == 0;
    }

    @Override
    public int read() throws IOException {
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (ended) {
        return -1;
      }
      if (head.expectContinue() && !continueSent) {
        continueSent = true;
        byte[] go = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        connection.write(go, 0, go.length);
      }
      if (head.chunked() && remaining == 0) {
        remaining = nextChunkSize();
        if (remaining == 0) {
          readTrailers();
          ended = true;
          return -1;
        }
      }
      int n = readRaw(into, offset, (int) Math.min(length, remaining));
      if (n < 0) {
        // The client stopped sending before the body's end: the framing is lost, so the connection closes.
        closeConnection = true;
        ended = true;
        return -1;
      }
      remaining -= n;
      if (remaining == 0) {
        if (head.chunked()) {
          expectCrlf();
        } else {
          ended = true;
        }
      }
      return n;
    }

    /** Reads and drops what is left, up to {@code limit} bytes; whether the body's end was reached. */
    boolean skipRest(long limit) throws IOException {
      if (ended) {
        return !closeConnection; // the common case: the handler read it all, or there was none
      }
      byte[] scratch = new byte[4_096];
      long skipped = 0;
      while (!ended) {
        if (!head.chunked() && remaining > limit - skipped) {
          return false; // not worth reading: close instead
        }
        int n = read(scratch, 0, scratch.length);
        if (n < 0) {
          break;
        }
        skipped += n;
        if (skipped > limit) {
          return false;
        }
      }
      return !closeConnection;
    }

    private int readRaw(byte[] into, int offset, int length) throws IOException {
      try {
        return connection.read(into, offset, length);
      } catch (SocketTimeoutException e) {
        closeConnection = true;
        throw new ClientRequestException(408, "request_timeout", "the request body stopped arriving");
      }
    }

    private int readByte() throws IOException {
      int n = readRaw(one, 0, 1);
      if (n < 0) {
        closeConnection = true;
        throw new ClientRequestException(400, "bad_request", "the chunked body ended early");
      }
      return one[0] & 0xff;
    }

    /** A chunk-size line (RFC 9112 section 7.1): hex digits, optional extensions, CRLF. */
    private long nextChunkSize() throws IOException {
      long size = 0;
      int digits = 0;
      int c = readByte();
      while (Character.digit(c, 16) >= 0) {
        if (++digits > 15) {
          throw malformed("chunk size too large");
        }
        size = size * 16 + Character.digit(c, 16);
        c = readByte();
      }
      if (digits == 0) {
        throw malformed("missing chunk size");
      }
      int extension = 0;
      while (c != '\r') {
        if (c == '\n' || ++extension > 1_024) {
          throw malformed("malformed chunk extension");
        }
        c = readByte();
      }
      if (readByte() != '\n') {
        throw malformed("missing LF after a chunk size");
      }
      return size;
    }

    private void expectCrlf() throws IOException {
      if (readByte() != '\r' || readByte() != '\n') {
        throw malformed("missing CRLF after chunk data");
      }
    }

    private void readTrailers() throws IOException {
      int lineLength = 0;
      int total = 0;
      while (true) {
        int c = readByte();
        if (++total > LeanHttpServer.MAX_HEAD_BYTES) {
          throw malformed("trailers too large");
        }
        if (c == '\r') {
          if (readByte() != '\n') {
            throw malformed("bare CR in trailers");
          }
          if (lineLength == 0) {
            return;
          }
          lineLength = 0;
        } else {
          lineLength++;
        }
      }
    }

    private ClientRequestException malformed(String what) {
      closeConnection = true;
      return new ClientRequestException(400, "bad_request", "malformed chunked body: " + what);
    }
  }

  /**
   * The response body, gathered with the head in one buffer: {@code length} bytes exactly ({@link #NONE}: none;
   * {@link #CHUNKED}: chunks).
   */
  private final class ResponseBody extends OutputStream {
    static final long NONE = -1;
    static final long CHUNKED = -2;

    private final long length;
    private final long headLength; // HEAD: the length the handler declared and may write, which is dropped
    private long written;
    private byte[] buffer = new byte[512];
    private int size;
    private boolean finished;

    ResponseBody(long length, long headLength) {
      this.length = length;
      this.headLength = headLength;
    }

    boolean chunked() {
      return length == CHUNKED;
    }

    boolean complete() {
      return length == NONE || length == written;
    }

    void append(byte[] bytes) {
      append(bytes, 0, bytes.length);
    }

    private void append(byte[] bytes, int offset, int count) {
      if (size + count > buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + count));
      }
      System.arraycopy(bytes, offset, buffer, size, count);
      size += count;
    }

    void flush0() throws IOException {
      if (size > 0) {
        connection.write(buffer, 0, size);
        size = 0;
      }
    }

    @Override
    public void flush() throws IOException {
      flush0();
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
      if (finished) {
        throw new IOException("the response body is closed");
      }
      if (count == 0) {
        return;
      }
      if (length == NONE) {
        if (written + count > headLength) {
          throw new IOException("this response has no body");
        }
        written += count; // HEAD: counted, not sent
        return;
      }
      if (length == CHUNKED) {
        append((Integer.toHexString(count) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        append(bytes, offset, count);
        append(new byte[] {'\r', '\n'});
      } else {
        if (written + count > length) {
          closeConnection = true;
          throw new IOException("more than the declared " + length + " bytes");
        }
        append(bytes, offset, count);
      }
      written += count;
      if (size >= FLUSH_BYTES) {
        flush0();
      }
    }

    @Override
    public void close() throws IOException {
      if (finished) {
        return;
      }
      finished = true;
      if (length == CHUNKED) {
        append(new byte[] {'0', '\r', '\n', '\r', '\n'});
      } else if (length >= 0 && written < length) {
        closeConnection = true; // the client would wait for the missing bytes
      }
      flush0();
    }
  }
}
