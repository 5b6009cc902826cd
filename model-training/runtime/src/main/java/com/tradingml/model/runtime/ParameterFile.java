package com.tradingml.model.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * {@code params.bin}: a network's flattened parameter vector, in a format that needs no Java serialization
 * and no library to read. All integers and values are little-endian:
 * <pre>
 * offset  size  field
 *      0     4  magic, the ASCII bytes "TMLP"
 *      4     4  format version, int32 = 1
 *      8     4  value type, int32: 1 = FLOAT64 (IEEE 754 binary64; the only one so far)
 *     12     8  length n, int64, 0 <= n <= {@value #MAX_VALUES}
 *     20  8*n  the values, in DL4J's flattened parameter order ({@code MultiLayerNetwork.params()})
 * </pre>
 * The file is exactly {@code 20 + 8n} bytes; anything else is refused, as is a NaN or infinite value (a
 * diverged training run must not become a model). Pure functions; thread-safe.
 */
public final class ParameterFile {

  /** "TMLP". */
  static final byte[] MAGIC = "TMLP".getBytes(StandardCharsets.US_ASCII);
  public static final int FORMAT_VERSION = 1;
  public static final int FLOAT64 = 1;
  public static final int HEADER_BYTES = 20;
  /** Largest vector accepted: the bytes must fit one Java array. */
  public static final long MAX_VALUES = (Integer.MAX_VALUE - HEADER_BYTES) / Double.BYTES;

  private ParameterFile() {}

  /** The file's bytes for {@code values} (finite). */
  public static byte[] encode(double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("parameter " + i + " is " + values[i] + "; a model's parameters must be finite");
      }
    }
    ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(MAGIC).putInt(FORMAT_VERSION).putInt(FLOAT64).putLong(values.length);
    buffer.asDoubleBuffer().put(values);
    return buffer.array();
  }

  /**
   * The values of a parameter file; a {@link ModelPackageException} naming {@code fileName} says what is
   * wrong. Never hands a byte to anything but this parser: a Java serialization stream or a zip archive
   * (DL4J's own ModelSerializer format) is recognised and refused by its first bytes.
   */
  public static double[] decode(byte[] bytes, String fileName) {
    if (bytes.length < HEADER_BYTES || !startsWith(bytes, MAGIC)) {
      throw new ModelPackageException(fileName, "not a TMLP parameter file: " + describeStart(bytes)
          + "; this format never uses Java serialization or DL4J's ModelSerializer archives");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    buffer.position(MAGIC.length);
    int version = buffer.getInt();
    if (version != FORMAT_VERSION) {
      throw new ModelPackageException(fileName, "TMLP format version " + version + " is not supported; this reader"
          + " knows version " + FORMAT_VERSION);
    }
    int type = buffer.getInt();
    if (type != FLOAT64) {
      throw new ModelPackageException(fileName, "TMLP value type " + type + " is not supported; this reader knows "
          + FLOAT64 + " = FLOAT64");
    }
    long length = buffer.getLong();
    if (length < 0 || length > MAX_VALUES) {
      throw new ModelPackageException(fileName, "TMLP length " + length + " is out of range [0, " + MAX_VALUES + "]");
    }
    long expectedBytes = HEADER_BYTES + length * Double.BYTES;
    if (bytes.length != expectedBytes) {
      throw new ModelPackageException(fileName, "TMLP header says " + length + " values (" + expectedBytes
          + " bytes), but the file has " + bytes.length + " bytes");
    }
    double[] values = new double[(int) length];
    buffer.asDoubleBuffer().get(values);
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new ModelPackageException(fileName, "parameter " + i + " is " + values[i]
            + "; a model's parameters must be finite");
      }
    }
    return values;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** What the first bytes look like, for the message. */
  static String describeStart(byte[] bytes) {
    if (bytes.length >= 4 && (bytes[0] & 0xff) == 0xAC && (bytes[1] & 0xff) == 0xED && bytes[2] == 0 && bytes[3] == 5) {
      return "it starts with AC ED 00 05, a Java serialization stream";
    }
    if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
      return "it is a zip archive (DL4J's ModelSerializer writes those)";
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      hex.append(String.format("%02X ", bytes[i] & 0xff));
    }
    return bytes.length == 0 ? "it is empty" : "it starts with " + hex.toString().trim() + " (" + bytes.length + " bytes)";
  }
}
