package com.tradingml.core.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the UTF-8 bytes of a symbol into a String, returning the same instance for the same bytes so
 * that a file of millions of rows over a few symbols allocates a few strings. Bounded: past
 * {@value #CAPACITY} distinct symbols it stops caching and simply decodes. Not thread-safe.
 */
final class SymbolInterner {

  private static final int CAPACITY = 1 << 14;
  private final byte[][] keys = new byte[CAPACITY * 2][];
  private final String[] values = new String[CAPACITY * 2];
  private int size;

  String intern(byte[] bytes, int from, int to) {
    int hash = 1;
    for (int i = from; i < to; i++) {
      hash = 31 * hash + bytes[i];
    }
    int mask = keys.length - 1;
    int slot = (hash ^ (hash >>> 16)) & mask;
    while (true) {
      byte[] key = keys[slot];
      if (key == null) {
        String value = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        if (size < CAPACITY) {
          keys[slot] = Arrays.copyOfRange(bytes, from, to);
          values[slot] = value;
          size++;
        }
        return value;
      }
      if (Arrays.equals(key, 0, key.length, bytes, from, to)) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
  }
}
