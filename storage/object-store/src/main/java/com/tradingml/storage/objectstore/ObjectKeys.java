package com.tradingml.storage.objectstore;

/** The rules of object keys, the same for every store so that data can move between them. */
public final class ObjectKeys {

  public static final int MAX_LENGTH = 1024;

  private ObjectKeys() {}

  /**
   * Accepts {@code /}-separated keys of non-empty segments: no leading or trailing slash, no {@code .}
   * or {@code ..} segment (a key must never escape a local root), no backslash or control character,
   * at most {@value #MAX_LENGTH} characters. Returns the key.
   */
  public static String validate(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("object key must not be empty");
    }
    if (key.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("object key longer than " + MAX_LENGTH + " characters: " + key.substring(0, 64) + "...");
    }
    for (int i = 0; i < key.length(); i++) {
      char ch = key.charAt(i);
      if (ch == '\\' || Character.isISOControl(ch)) {
        throw new IllegalArgumentException("object key contains a backslash or control character: " + key);
      }
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("object key has an empty, '.' or '..' segment: '" + key + "'");
      }
    }
    return key;
  }

  /** A prefix for {@link ObjectStore#list}: empty (everything) or a key prefix that may end with '/'. */
  public static String validatePrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix must not be null (use \"\" for everything)");
    }
    if (!prefix.isEmpty()) {
      validate(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    }
    return prefix;
  }
}
