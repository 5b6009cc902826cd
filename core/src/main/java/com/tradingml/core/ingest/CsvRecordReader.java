package com.tradingml.core.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A streaming RFC 4180 record reader over bytes: quoted fields (with {@code ""} escapes, commas and line
 * breaks inside), LF, CRLF or lone CR line ends, a UTF-8 byte-order mark at the start, blank lines
 * skipped (also lines of only spaces or tabs), and a missing final line end.
 *
 * <p>Memory is constant: a fixed buffer ({@value #BUFFER_SIZE} bytes) and scratch space for one record.
 * Field bytes are valid until the next call to {@link #next()}. A record that breaks the syntax (text
 * after a closing quote, a quote inside an unquoted field, an unterminated quote, or a record longer
 * than {@value #MAX_RECORD_BYTES} bytes) is still returned, with {@link #malformation()} saying why;
 * an unterminated or runaway quote swallows nothing: the record is cut at its first line end and
 * reading resumes on the next line, so one stray quote costs one row, not the rest of the file. The
 * same holds for a quoted field that runs over a line end and then breaks the syntax (a stray quote
 * that paired with a quote on a later line). Only two stray quotes that together form a legal quoted
 * field cannot be told from a field holding line breaks: they make one record of the lines between.
 *
 * <p>Not thread-safe: one reader per input stream.
 */
public final class CsvRecordReader implements Closeable {

  static final int BUFFER_SIZE = 1 << 20;
  static final int MAX_RECORD_BYTES = 1 << 16;
  private static final int MAX_RAW_TEXT = 4_096;
  private static final int NEED_MORE = -1;
  private static final int TOO_LONG = 1;
  private static final int UNTERMINATED = 2;
  private static final int STRAY_QUOTE = 3;

  private final InputStream in;
  private final byte[] buffer;
  private final int maxRecordBytes;
  private int position;
  private int limit;
  private boolean endOfInput;
  private boolean atStart = true;
  private boolean skipLineFeed;

  private byte[] fieldData = new byte[256];
  private int fieldDataLength;
  private int[] fieldStarts = new int[16];
  private int[] fieldEnds = new int[16];
  private int fieldCount;

  private long nextLineNumber = 1;
  private long lineNumber;
  private int recordStart;
  private int recordEnd;
  private String malformation;
  private int linesInRecord;

  public CsvRecordReader(InputStream in) {
    this(in, BUFFER_SIZE, MAX_RECORD_BYTES);
  }

  /**
   * For tests: a small buffer and record limit put buffer ends and over-long records within reach of
   * small inputs. A record of the limit and its line end must fit the buffer, or an over-long record
   * could never be told from one that needs more input.
   */
  CsvRecordReader(InputStream in, int bufferSize, int maxRecordBytes) {
    if (bufferSize < 8 || maxRecordBytes < 1 || maxRecordBytes > bufferSize - 2) {
      throw new IllegalArgumentException("need 8 <= bufferSize and 1 <= maxRecordBytes <= bufferSize - 2, got "
          + bufferSize + ", " + maxRecordBytes);
    }
    this.in = in;
    this.buffer = new byte[bufferSize];
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Advances to the next non-blank record. Returns false at the end of the input. */
  public boolean next() throws IOException {
    if (atStart) {
      skipByteOrderMark();
      atStart = false;
    }
    while (true) {
      if (position >= limit) {
        position = 0;
        limit = 0;
        if (!fill()) {
          return false;
        }
      }
      if (skipLineFeed) {
        skipLineFeed = false;
        if (buffer[position] == '\n') {
          position++;
          continue;
        }
      }
      int blankEnd = blankLineEnd(position);
      if (blankEnd == NEED_MORE && limit - position < buffer.length) {
        compactAndFill();
        continue;
      }
      if (blankEnd >= 0 && blankEnd != NEED_MORE) {
        position = blankEnd;
        nextLineNumber++;
        continue;
      }
      int end = parseRecord(position);
      if (end == NEED_MORE) {
        // More than maxRecordBytes + 1 bytes and still incomplete: longer than the limit even if the last
        // byte is the CR of its line end (the parse looks one byte past a CR or a closing quote).
        if (limit - position > maxRecordBytes + 1) {
          cutAtFirstLineEnd(TOO_LONG);
          return true;
        }
        if (endOfInput) {
          cutAtFirstLineEnd(UNTERMINATED);
          return true;
        }
        compactAndFill();
        continue;
      }
      if (recordEnd - position > maxRecordBytes) {
        // Decided here too, not only when the record overflows the buffer: whether a record is too long
        // must not depend on where the buffer happens to end.
        cutAtFirstLineEnd(TOO_LONG);
        return true;
      }
      if (linesInRecord > 0 && malformation != null) {
        // A quoted field ran over a line end and then broke the syntax: almost always a stray quote that
        // paired with a quote on a later line. Cut it like an unterminated quote, or it swallows the
        // valid lines in between.
        cutAtFirstLineEnd(STRAY_QUOTE);
        return true;
      }
      lineNumber = nextLineNumber;
      nextLineNumber += 1 + linesInRecord;
      position = end;
      return true;
    }
  }

  /** The physical line (1-based) where the current record starts. */
  public long lineNumber() {
    return lineNumber;
  }

  public int fieldCount() {
    return fieldCount;
  }

  /** The array holding every field's bytes (unescaped); see {@link #fieldStart} and {@link #fieldEnd}. */
  public byte[] fieldBytes() {
    return fieldData;
  }

  public int fieldStart(int field) {
    return fieldStarts[field];
  }

  public int fieldEnd(int field) {
    return fieldEnds[field];
  }

  public String fieldAsString(int field) {
    return new String(fieldData, fieldStarts[field], fieldEnds[field] - fieldStarts[field], StandardCharsets.UTF_8);
  }

  /** Why the current record breaks CSV syntax, or {@code null} if it does not. */
  public String malformation() {
    return malformation;
  }

  /** The current record exactly as written (without its line end), cut at 4,096 bytes. */
  public String rawText() {
    int length = Math.min(recordEnd - recordStart, MAX_RAW_TEXT);
    String text = new String(buffer, recordStart, length, StandardCharsets.UTF_8);
    return length < recordEnd - recordStart ? text + "..." : text;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void skipByteOrderMark() throws IOException {
    while (limit < 3 && !endOfInput) {
      fill();
    }
    if (limit >= 3 && (buffer[0] & 0xff) == 0xEF && (buffer[1] & 0xff) == 0xBB && (buffer[2] & 0xff) == 0xBF) {
      position = 3;
    }
  }

  /**
   * If the line at {@code from} holds only spaces and tabs, the index after its line end; -2 if it is
   * not blank; {@link #NEED_MORE} if the buffer ends before deciding.
   */
  private int blankLineEnd(int from) {
    int i = from;
    while (i < limit) {
      byte b = buffer[i];
      if (b == '\n') {
        return i + 1;
      }
      if (b == '\r') {
        if (i + 1 < limit) {
          return buffer[i + 1] == '\n' ? i + 2 : i + 1;
        }
        return endOfInput ? i + 1 : NEED_MORE;
      }
      if (b != ' ' && b != '\t') {
        return -2;
      }
      i++;
    }
    return endOfInput ? limit : NEED_MORE;
  }

  /** Parses one record starting at {@code from}; returns the index after it, or NEED_MORE. */
  private int parseRecord(int from) {
    fieldDataLength = 0;
    fieldCount = 0;
    malformation = null;
    linesInRecord = 0;
    recordStart = from;
    int i = from;
    while (true) {
      // Start of a field.
      ensureFieldCapacity();
      fieldStarts[fieldCount] = fieldDataLength;
      if (i < limit && buffer[i] == '"') {
        i++;
        while (true) {
          if (i >= limit) {
            return NEED_MORE;
          }
          byte b = buffer[i];
          if (b == '"') {
            if (i + 1 >= limit && !endOfInput) {
              return NEED_MORE;
            }
            if (i + 1 < limit && buffer[i + 1] == '"') {
              append(b);
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (b == '\n' || (b == '\r' && (i + 1 >= limit || buffer[i + 1] != '\n'))) {
            linesInRecord++;
          }
          append(b);
          i++;
        }
        // After the closing quote: a separator, a line end or the end of input.
        while (i < limit && (buffer[i] == ' ' || buffer[i] == '\t')) {
          i++;
        }
        if (i < limit && buffer[i] != ',' && buffer[i] != '\n' && buffer[i] != '\r') {
          if (malformation == null) {
            malformation = "text after a closing quote in field " + (fieldCount + 1);
          }
          while (i < limit && buffer[i] != ',' && buffer[i] != '\n' && buffer[i] != '\r') {
            append(buffer[i]);
            i++;
          }
        }
      } else {
        while (i < limit) {
          byte b = buffer[i];
          if (b == ',' || b == '\n' || b == '\r') {
            break;
          }
          if (b == '"' && malformation == null) {
            malformation = "a quote inside unquoted field " + (fieldCount + 1);
          }
          append(b);
          i++;
        }
      }
      fieldEnds[fieldCount] = fieldDataLength;
      fieldCount++;
      if (i >= limit) {
        if (!endOfInput) {
          return NEED_MORE;
        }
        recordEnd = i;
        return i;
      }
      byte b = buffer[i];
      if (b == ',') {
        i++;
        continue;
      }
      recordEnd = i;
      if (b == '\r') {
        if (i + 1 >= limit && !endOfInput) {
          return NEED_MORE;
        }
        return i + 1 < limit && buffer[i + 1] == '\n' ? i + 2 : i + 1;
      }
      return i + 1;
    }
  }

  /**
   * The record at {@link #position} cannot be completed or must not be (unterminated or stray quote,
   * too long): return its first physical line as one malformed record and resume after it.
   */
  private void cutAtFirstLineEnd(int cause) throws IOException {
    int i = position;
    while (true) {
      while (i < limit && buffer[i] != '\n' && buffer[i] != '\r') {
        i++;
      }
      if (i < limit || endOfInput) {
        break;
      }
      // A single line longer than the buffer: keep its head for the raw text, drop the middle. At most
      // half the buffer, so that the fill below always has room (a test-sized buffer can be tiny).
      int keep = Math.min(Math.min(MAX_RAW_TEXT + 1, buffer.length / 2), limit - position);
      System.arraycopy(buffer, position, buffer, 0, keep);
      limit = keep;
      position = 0;
      i = keep;
      fill();
    }
    recordStart = position;
    recordEnd = i;
    fieldCount = 0;
    fieldDataLength = 0;
    malformation = switch (cause) {
      case TOO_LONG -> "record longer than " + maxRecordBytes + " bytes (runaway quote?)";
      case STRAY_QUOTE -> "a quoted field runs over the line end and then breaks the syntax (stray quote?)";
      default -> "unterminated quoted field";
    };
    lineNumber = nextLineNumber;
    nextLineNumber++;
    if (i < limit && buffer[i] == '\r') {
      i++;
      if (i < limit && buffer[i] == '\n') {
        i++;
      } else if (i >= limit) {
        skipLineFeed = true; // a CRLF split by the buffer end: drop the LF on the next call
      }
    } else if (i < limit) {
      i++;
    }
    position = i;
  }

  private void append(byte b) {
    if (fieldDataLength == fieldData.length) {
      fieldData = Arrays.copyOf(fieldData, fieldData.length * 2);
    }
    fieldData[fieldDataLength++] = b;
  }

  private void ensureFieldCapacity() {
    if (fieldCount == fieldStarts.length) {
      fieldStarts = Arrays.copyOf(fieldStarts, fieldCount * 2);
      fieldEnds = Arrays.copyOf(fieldEnds, fieldCount * 2);
    }
  }

  private boolean compactAndFill() throws IOException {
    compactFrom(position);
    return fill();
  }

  private void compactFrom(int from) {
    int remaining = limit - from;
    System.arraycopy(buffer, from, buffer, 0, remaining);
    limit = remaining;
    position -= from;
    if (position < 0) {
      position = 0;
    }
  }

  /** Reads more bytes after {@link #limit}. Returns false if nothing more could be read. */
  private boolean fill() throws IOException {
    if (endOfInput) {
      return false;
    }
    if (limit == buffer.length) {
      return true; // full: the caller handles records that do not fit
    }
    int read = in.read(buffer, limit, buffer.length - limit);
    if (read < 0) {
      endOfInput = true;
      return false;
    }
    limit += read;
    return true;
  }
}
