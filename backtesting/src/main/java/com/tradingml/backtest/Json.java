package com.tradingml.backtest;

import com.tradingml.core.ingest.CsvText;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON text for the backtest's outputs: keys in the maps' own order, two-space indentation, {@code \n}
 * line ends and a final newline, numbers as plain decimals (doubles as their shortest round-trip decimal, NaN and
 * infinities as {@code null}, {@link BigDecimal} as written), so that equal data gives equal bytes on every JVM.
 * Accepts maps with string keys, lists, strings, booleans, integral numbers, doubles, BigDecimals, instants and
 * null. Thread-safe.
 */
final class Json {

  private Json() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder(4096);
    write(out, value, 0);
    out.append('\n');
    return out.toString();
  }

  private static void write(StringBuilder out, Object value, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Double d) {
      out.append(Double.isFinite(d) ? CsvText.number(d) : "null");
    } else if (value instanceof Float f) {
      write(out, f.doubleValue(), depth);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      out.append(((Number) value).longValue());
    } else if (value instanceof BigDecimal b) {
      out.append(b.toPlainString());
    } else if (value instanceof Instant i) {
      string(out, i.toString());
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
        }
        out.append(first ? "\n" : ",\n");
        first = false;
        indent(out, depth + 1);
        string(out, key);
        out.append(": ");
        write(out, e.getValue(), depth + 1);
      }
      out.append('\n');
      indent(out, depth);
      out.append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      boolean scalars = list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (scalars) {
          out.append(i == 0 ? "" : ", ");
        } else {
          out.append(i == 0 ? "\n" : ",\n");
          indent(out, depth + 1);
        }
        write(out, list.get(i), depth + 1);
      }
      if (!scalars) {
        out.append('\n');
        indent(out, depth);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("no JSON form for " + value.getClass().getName() + ": " + value);
    }
  }

  private static void indent(StringBuilder out, int depth) {
    for (int i = 0; i < depth; i++) {
      out.append("  ");
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
