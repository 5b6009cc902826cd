package com.tradingml.storage.tables;

import org.apache.iceberg.StructLike;

/** One quarantined input row in the positions of {@link TableSchemas#QUARANTINE}; reused per writer. */
final class QuarantineRow implements StructLike {
  String runId;
  String sourceFile;
  String sourceSha256;
  long lineNumber;
  String reason;
  String detail;
  String rawText;

  @Override
  public int size() {
    return 7;
  }

  @Override
  public <T> T get(int pos, Class<T> javaClass) {
    Object value = switch (pos) {
      case 0 -> runId;
      case 1 -> sourceFile;
      case 2 -> sourceSha256;
      case 3 -> lineNumber;
      case 4 -> reason;
      case 5 -> detail;
      case 6 -> rawText;
      default -> throw new IndexOutOfBoundsException("quarantine rows have 7 fields, asked for " + pos);
    };
    return javaClass.cast(value);
  }

  @Override
  public <T> void set(int pos, T value) {
    throw new UnsupportedOperationException("QuarantineRow is filled through its fields");
  }
}
