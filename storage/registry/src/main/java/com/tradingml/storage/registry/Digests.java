package com.tradingml.storage.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests, as lower-case hex, of bytes, files and streams. */
final class Digests {

  private static final int BUFFER = 64 * 1024;

  private Digests() {}

  /** A content digest and the number of bytes it covers. */
  record Digest(String sha256, long size) {}

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  static Digest of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return copy(in, OutputStream.nullOutputStream());
    }
  }

  /** Copies {@code in} to {@code out} (which it does not close) and returns the digest of what passed. */
  static Digest copy(InputStream in, OutputStream out) throws IOException {
    MessageDigest sha = newSha256();
    byte[] buffer = new byte[BUFFER];
    long size = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      sha.update(buffer, 0, n);
      out.write(buffer, 0, n);
      size += n;
    }
    return new Digest(HexFormat.of().formatHex(sha.digest()), size);
  }

  static boolean isSha256Hex(String value) {
    if (value == null || value.length() != 64) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (!(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
