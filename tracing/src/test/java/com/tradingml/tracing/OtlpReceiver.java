package com.tradingml.tracing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A loopback OTLP/HTTP trace endpoint ({@code POST /v1/traces}, protobuf) for tests: it decodes every export
 * request with a small protobuf reader of its own (independent of the SDK's encoder) into {@link ReceivedSpan}s.
 * The field numbers are those of opentelemetry-proto's {@code trace/v1/trace.proto},
 * {@code collector/trace/v1/trace_service.proto} and {@code common/v1/common.proto}.
 */
public final class OtlpReceiver implements AutoCloseable {

  /** One span as exported: ids in lower-case hex (parent empty for a root), attributes' string values. */
  public record ReceivedSpan(String service, String name, String traceId, String spanId, String parentSpanId,
      int kind, Map<String, String> attributes) {

    public static final int KIND_INTERNAL = 1;
    public static final int KIND_SERVER = 2;
  }

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final List<String> refusals = new CopyOnWriteArrayList<>();

  public OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/v1/traces", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readAllBytes();
        contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        int status = 200;
        if (!"POST".equals(exchange.getRequestMethod())) {
          status = 405;
        } else {
          try {
            spans.addAll(decodeExportRequest(body));
          } catch (RuntimeException e) {
            refusals.add(e.toString());
            status = 400;
          }
        }
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(status, -1); // an empty ExportTraceServiceResponse
      }
    });
    server.start();
  }

  /** What {@code OTEL_EXPORTER_OTLP_ENDPOINT} should be set to. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<String> contentTypes() {
    return List.copyOf(contentTypes);
  }

  /** The first span received that matches, waiting up to {@code timeout}; fails with what was received. */
  public ReceivedSpan await(Predicate<ReceivedSpan> matching, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (ReceivedSpan span : spans) {
        if (matching.test(span)) {
          return span;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no matching span within " + timeout + "; received " + spans
            + (refusals.isEmpty() ? "" : "; refused (undecodable) " + refusals));
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // ------------------------------------------------------------------------------------------------ protobuf

  static List<ReceivedSpan> decodeExportRequest(byte[] body) {
    List<ReceivedSpan> out = new ArrayList<>();
    ProtoReader request = new ProtoReader(body, 0, body.length);
    while (request.next()) {
      if (request.field == 1) { // resource_spans
        decodeResourceSpans(request.message(), out);
      } else {
        request.skip();
      }
    }
    return out;
  }

  private static void decodeResourceSpans(ProtoReader resourceSpans, List<ReceivedSpan> out) {
    String service = "";
    List<ProtoReader> scopeSpans = new ArrayList<>();
    while (resourceSpans.next()) {
      if (resourceSpans.field == 1) { // resource
        ProtoReader resource = resourceSpans.message();
        Map<String, String> attributes = new LinkedHashMap<>();
        while (resource.next()) {
          if (resource.field == 1) {
            keyValue(resource.message(), attributes);
          } else {
            resource.skip();
          }
        }
        service = attributes.getOrDefault("service.name", "");
      } else if (resourceSpans.field == 2) { // scope_spans
        scopeSpans.add(resourceSpans.message());
      } else {
        resourceSpans.skip();
      }
    }
    for (ProtoReader scope : scopeSpans) {
      while (scope.next()) {
        if (scope.field == 2) { // spans
          out.add(span(service, scope.message()));
        } else {
          scope.skip();
        }
      }
    }
  }

  private static ReceivedSpan span(String service, ProtoReader span) {
    HexFormat hex = HexFormat.of();
    String traceId = "";
    String spanId = "";
    String parent = "";
    String name = "";
    int kind = 0;
    Map<String, String> attributes = new LinkedHashMap<>();
    while (span.next()) {
      switch (span.field) {
        case 1 -> traceId = hex.formatHex(span.bytes());
        case 2 -> spanId = hex.formatHex(span.bytes());
        case 4 -> parent = hex.formatHex(span.bytes());
        case 5 -> name = span.string();
        case 6 -> kind = (int) span.varint();
        case 9 -> keyValue(span.message(), attributes);
        default -> span.skip();
      }
    }
    return new ReceivedSpan(service, name, traceId, spanId, parent, kind, attributes);
  }

  /** KeyValue {key = 1; AnyValue value = 2}; AnyValue's string (1), bool (2), int (3) and double (4). */
  private static void keyValue(ProtoReader keyValue, Map<String, String> into) {
    String key = "";
    String value = "";
    while (keyValue.next()) {
      if (keyValue.field == 1) {
        key = keyValue.string();
      } else if (keyValue.field == 2) {
        ProtoReader any = keyValue.message();
        while (any.next()) {
          switch (any.field) {
            case 1 -> value = any.string();
            case 2 -> value = String.valueOf(any.varint() != 0);
            case 3 -> value = String.valueOf(any.varint());
            case 4 -> value = String.valueOf(Double.longBitsToDouble(any.fixed64()));
            default -> any.skip();
          }
        }
      } else {
        keyValue.skip();
      }
    }
    into.put(key, value);
  }

  /** Reads one message's fields in order: {@link #next()}, then exactly one of the value readers or skip. */
  static final class ProtoReader {
    private final byte[] buffer;
    private int position;
    private final int end;
    int field;
    private int wireType;

    ProtoReader(byte[] buffer, int offset, int end) {
      this.buffer = buffer;
      this.position = offset;
      this.end = end;
    }

    boolean next() {
      if (position >= end) {
        return false;
      }
      long key = varint();
      field = (int) (key >>> 3);
      wireType = (int) (key & 7);
      return true;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= end) {
          throw new IllegalArgumentException("truncated varint");
        }
        byte b = buffer[position++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    long fixed64() {
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value |= (long) (buffer[position++] & 0xff) << (8 * i);
      }
      return value;
    }

    private int length() {
      if (wireType != 2) {
        throw new IllegalArgumentException("field " + field + " is not length-delimited");
      }
      int length = (int) varint();
      if (length < 0 || position + length > end) {
        throw new IllegalArgumentException("field " + field + " overruns its message");
      }
      return length;
    }

    byte[] bytes() {
      int length = length();
      byte[] value = java.util.Arrays.copyOfRange(buffer, position, position + length);
      position += length;
      return value;
    }

    String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    ProtoReader message() {
      int length = length();
      ProtoReader inner = new ProtoReader(buffer, position, position + length);
      position += length;
      return inner;
    }

    void skip() {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> position += 8;
        case 2 -> {
          int length = length(); // read first: "position += length()" would add to the position before the length
          position += length;
        }
        case 5 -> position += 4;
        default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
      }
    }
  }
}
