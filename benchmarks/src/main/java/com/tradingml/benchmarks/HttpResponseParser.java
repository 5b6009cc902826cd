package com.tradingml.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An incremental HTTP/1.1 response parser for the load generator: it consumes the bytes of one response as
 * they arrive, in any split, and says when the response is complete, skipping the body without copying it.
 * Knows the status line, {@code Content-Length}, {@code Transfer-Encoding: chunked} (with trailers) and
 * {@code Connection: close}. A response with neither length nor chunking is taken to have no body (the
 * servers measured here always send one of them). Not thread-safe: one per connection.
 */
final class HttpResponseParser {

  private enum State { STATUS_LINE, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, DONE }

  private static final int MAX_LINE = 16 * 1024;

  private final byte[] line = new byte[MAX_LINE];
  private int lineLength;
  private boolean lineReady;
  private State state = State.STATUS_LINE;
  private int status;
  private long remaining;
  private long contentLength;
  private boolean chunked;
  private boolean close;

  /** Prepares for the next response on the connection. */
  void reset() {
    state = State.STATUS_LINE;
    lineLength = 0;
    lineReady = false;
    status = 0;
    remaining = 0;
    contentLength = 0;
    chunked = false;
    close = false;
  }

  int status() {
    return status;
  }

  /** Whether the server said it will close the connection after this response. */
  boolean connectionClose() {
    return close;
  }

  /**
   * Consumes bytes of the current response from {@code bytes} (from its position) and returns true once the
   * response is complete; the buffer's position is then just after the response.
   *
   * @throws IllegalStateException on a malformed response
   */
  boolean feed(ByteBuffer bytes) {
    while (state != State.DONE && bytes.hasRemaining()) {
      switch (state) {
        case STATUS_LINE -> {
          if (readLine(bytes)) {
            status = parseStatus();
            state = State.HEADERS;
          }
        }
        case HEADERS -> {
          if (readLine(bytes)) {
            if (lineLength == 0) {
              endOfHeaders();
            } else {
              header();
            }
          }
        }
        case BODY, CHUNK_DATA -> {
          int skip = (int) Math.min(remaining, bytes.remaining());
          bytes.position(bytes.position() + skip);
          remaining -= skip;
          if (remaining == 0) {
            state = state == State.BODY ? State.DONE : State.CHUNK_END;
          }
        }
        case CHUNK_SIZE -> {
          if (readLine(bytes)) {
            long size = parseChunkSize();
            if (size == 0) {
              state = State.TRAILERS;
            } else {
              remaining = size;
              state = State.CHUNK_DATA;
            }
          }
        }
        case CHUNK_END -> {
          if (readLine(bytes)) {
            if (lineLength != 0) {
              throw new IllegalStateException("chunk not followed by CRLF");
            }
            state = State.CHUNK_SIZE;
          }
        }
        case TRAILERS -> {
          if (readLine(bytes) && lineLength == 0) {
            state = State.DONE;
          }
        }
        default -> throw new IllegalStateException("unreachable " + state);
      }
    }
    return state == State.DONE;
  }

  private void endOfHeaders() {
    boolean noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
    if (noBody) {
      state = State.DONE;
    } else if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (contentLength > 0) {
      remaining = contentLength;
      state = State.BODY;
    } else {
      state = State.DONE;
    }
  }

  /**
   * Accumulates one line (without CR LF); true once it is complete: {@code line[0, lineLength)} holds it until
   * the next call, which starts a new line.
   */
  private boolean readLine(ByteBuffer bytes) {
    if (lineReady) {
      lineReady = false;
      lineLength = 0;
    }
    while (bytes.hasRemaining()) {
      byte b = bytes.get();
      if (b == '\n') {
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
          lineLength--;
        }
        lineReady = true;
        return true;
      }
      if (lineLength == MAX_LINE) {
        throw new IllegalStateException("response line longer than " + MAX_LINE + " bytes");
      }
      line[lineLength++] = b;
    }
    return false;
  }

  private int parseStatus() {
    // "HTTP/1.1 200 OK"
    if (lineLength < 12 || line[0] != 'H' || line[8] != ' ') {
      throw new IllegalStateException("not an HTTP status line: " + text(0, lineLength));
    }
    int code = 0;
    for (int i = 9; i < 12; i++) {
      int digit = line[i] - '0';
      if (digit < 0 || digit > 9) {
        throw new IllegalStateException("bad status code: " + text(0, lineLength));
      }
      code = code * 10 + digit;
    }
    return code;
  }

  private void header() {
    int colon = -1;
    for (int i = 0; i < lineLength; i++) {
      if (line[i] == ':') {
        colon = i;
        break;
      }
    }
    if (colon <= 0) {
      throw new IllegalStateException("malformed header: " + text(0, lineLength));
    }
    String name = text(0, colon).trim();
    String value = text(colon + 1, lineLength).trim();
    if (name.equalsIgnoreCase("content-length")) {
      contentLength = Long.parseLong(value);
    } else if (name.equalsIgnoreCase("transfer-encoding")) {
      chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
    } else if (name.equalsIgnoreCase("connection")) {
      close = value.equalsIgnoreCase("close");
    }
  }

  private long parseChunkSize() {
    long size = 0;
    int digits = 0;
    for (int i = 0; i < lineLength; i++) {
      int c = line[i];
      int digit = Character.digit(c, 16);
      if (digit < 0) {
        if (c == ';' || c == ' ' || c == '\t') {
          break;
        }
        throw new IllegalStateException("bad chunk size: " + text(0, lineLength));
      }
      size = size * 16 + digit;
      if (++digits > 15) {
        throw new IllegalStateException("chunk size too large");
      }
    }
    if (digits == 0) {
      throw new IllegalStateException("empty chunk size line");
    }
    return size;
  }

  private String text(int from, int to) {
    return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
