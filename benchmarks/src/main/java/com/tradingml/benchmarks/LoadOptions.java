package com.tradingml.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the {@link LoadGenerator} does, from its command line. Immutable.
 *
 * <pre>
 * --url URL             http://host:port/path (required; plain HTTP/1.1, keep-alive)
 * --mode closed|open    closed: each connection sends its next request when the last answered;
 *                       open: requests are due at a fixed rate, whatever the answers (default closed)
 * --connections C       connections (closed: the concurrency; open: the most requests in flight) (16)
 * --rate R              requests per second (open mode, required there)
 * --duration S          measured seconds (30)
 * --warmup S            seconds run before measuring, not recorded (5)
 * --method M            GET, or POST when a body is given
 * --body FILE           request body, sent with Content-Length
 * --header 'K: V'       extra header, repeatable (e.g. 'Authorization: Bearer ...', 'Content-Type: ...')
 * --drain S             open mode: how long to wait after the end for measured requests still due (10)
 * --spin                open mode: the I/O thread never sleeps; it polls the sockets and the clock (keeps one
 *                       core busy, and takes the generator's own wake-up delays out of the measure)
 * --spin-margin US      open mode without --spin: the ticker sleeps until US microseconds before each due time
 *                       and spins the rest (0: sleeps to it; its wake-up delay is then in the send lag)
 * --json                also print the result as one JSON line
 * --label TEXT          a name for the run in the output
 * </pre>
 */
record LoadOptions(URI url, String mode, int connections, double rate, Duration duration, Duration warmup,
    String method, byte[] body, List<String> headers, Duration drain, boolean spin, long spinMarginMicros,
    boolean json, String label) {

  LoadOptions {
    if (url == null || !"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("--url must be http://host[:port]/path: " + url);
    }
    if (!mode.equals("closed") && !mode.equals("open")) {
      throw new IllegalArgumentException("--mode must be closed or open: " + mode);
    }
    if (connections < 1 || connections > 10_000) {
      throw new IllegalArgumentException("--connections must be 1 to 10000: " + connections);
    }
    if (mode.equals("open") && !(rate > 0 && rate <= 10_000_000)) {
      throw new IllegalArgumentException("--rate (requests per second, positive) is required in open mode");
    }
    if (spin && !mode.equals("open")) {
      throw new IllegalArgumentException("--spin is for open mode (a closed loop never waits for a clock)");
    }
    if (spinMarginMicros < 0 || spinMarginMicros > 1_000_000 || (spinMarginMicros > 0 && (spin || !mode.equals("open")))) {
      throw new IllegalArgumentException("--spin-margin is 0 to 1000000 microseconds, for open mode without --spin");
    }
    if (duration.isNegative() || duration.isZero() || warmup.isNegative() || drain.isNegative()) {
      throw new IllegalArgumentException("--duration must be positive, --warmup and --drain not negative");
    }
    for (String header : headers) {
      if (header.indexOf(':') <= 0 || header.contains("\r") || header.contains("\n")) {
        throw new IllegalArgumentException("--header must be 'Name: value' on one line: " + header);
      }
    }
    headers = List.copyOf(headers);
  }

  boolean open() {
    return mode.equals("open");
  }

  int port() {
    return url.getPort() < 0 ? 80 : url.getPort();
  }

  static LoadOptions parse(String... args) {
    URI url = null;
    String mode = "closed";
    int connections = 16;
    double rate = 0;
    double durationSeconds = 30;
    double warmupSeconds = 5;
    double drainSeconds = 10;
    String method = null;
    byte[] body = null;
    List<String> headers = new ArrayList<>();
    boolean json = false;
    boolean spin = false;
    long spinMarginMicros = 0;
    String label = "";
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--json" -> json = true;
        case "--spin" -> spin = true;
        case "--url", "--mode", "--connections", "--rate", "--duration", "--warmup", "--drain", "--method", "--body",
            "--header", "--label", "--spin-margin" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(arg + " needs a value");
          }
          String value = args[++i];
          switch (arg) {
            case "--url" -> url = URI.create(value);
            case "--mode" -> mode = value.toLowerCase(Locale.ROOT);
            case "--connections" -> connections = Integer.parseInt(value);
            case "--rate" -> rate = Double.parseDouble(value);
            case "--duration" -> durationSeconds = Double.parseDouble(value);
            case "--warmup" -> warmupSeconds = Double.parseDouble(value);
            case "--drain" -> drainSeconds = Double.parseDouble(value);
            case "--method" -> method = value.toUpperCase(Locale.ROOT);
            case "--body" -> body = read(Path.of(value));
            case "--header" -> headers.add(value);
            case "--label" -> label = value;
            case "--spin-margin" -> spinMarginMicros = Long.parseLong(value);
            default -> throw new IllegalStateException(arg);
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + arg + " (see LoadOptions)");
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("--url is required");
    }
    return new LoadOptions(url, mode, connections, rate, seconds(durationSeconds), seconds(warmupSeconds),
        method != null ? method : body != null ? "POST" : "GET", body, headers, seconds(drainSeconds), spin,
        spinMarginMicros, json, label);
  }

  /** The bytes of the one request every connection sends, again and again. */
  byte[] requestBytes() {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(url.getHost()).append(url.getPort() < 0 ? "" : ":" + url.getPort()).append("\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  private static Duration seconds(double seconds) {
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read --body " + file, e);
    }
  }

  /** For the output: everything but header values (they may hold credentials). */
  String describe() {
    List<String> names = headers.stream().map(h -> h.substring(0, h.indexOf(':'))).toList();
    return (label.isEmpty() ? "" : label + ": ") + mode + " loop, " + connections + " connections"
        + (open() ? ", " + rate + " req/s" : "") + ", " + duration.toMillis() / 1000.0 + " s after "
        + warmup.toMillis() / 1000.0 + " s warm-up, " + method + " " + url
        + (body == null ? "" : " (" + body.length + " byte body)") + (names.isEmpty() ? "" : ", headers " + names);
  }
}
