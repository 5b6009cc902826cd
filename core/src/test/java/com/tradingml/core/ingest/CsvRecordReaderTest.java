package com.tradingml.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** One record as the reader returned it. */
  record Parsed(long line, List<String> fields, String malformation, String raw) {
    boolean malformed() {
      return malformation != null;
    }
  }

  /** A record as the test expects it; {@code fields == null} for a malformed record. */
  record Expected(long line, List<String> fields) {
    static Expected of(long line, String... fields) {
      return new Expected(line, List.of(fields));
    }

    static Expected malformed(long line) {
      return new Expected(line, null);
    }
  }

  /** Delivers the input in random small reads, so that the reader's fill boundary falls anywhere. */
  static final class ChunkedInputStream extends InputStream {
    private final byte[] data;
    private final Random random;
    private final int maxChunk;
    private int position;

    ChunkedInputStream(byte[] data, long seed, int maxChunk) {
      this.data = data;
      this.random = new Random(seed);
      this.maxChunk = maxChunk;
    }

    @Override
    public int read() {
      return position < data.length ? data[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (position >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + random.nextInt(maxChunk)), data.length - position);
      System.arraycopy(data, position, b, off, n);
      position += n;
      return n;
    }
  }

  private static List<Parsed> readAll(CsvRecordReader reader) throws IOException {
    List<Parsed> records = new ArrayList<>();
    try (reader) {
      while (reader.next()) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < reader.fieldCount(); i++) {
          fields.add(reader.fieldAsString(i));
        }
        records.add(new Parsed(reader.lineNumber(), fields, reader.malformation(), reader.rawText()));
      }
    }
    return records;
  }

  private static List<Parsed> readAll(String text) throws IOException {
    return readAll(new CsvRecordReader(new ByteArrayInputStream(utf8(text))));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertRecords(List<Parsed> actual, List<Expected> expected) {
    assertThat(actual).as("record count of %s", actual).hasSameSizeAs(expected);
    for (int k = 0; k < expected.size(); k++) {
      Parsed got = actual.get(k);
      Expected want = expected.get(k);
      assertThat(got.line()).as("line number of record %d: %s", k, got).isEqualTo(want.line());
      if (want.fields() == null) {
        assertThat(got.malformed()).as("record %d should be malformed: %s", k, got).isTrue();
      } else {
        assertThat(got.malformation()).as("record %d: %s", k, got).isNull();
        assertThat(got.fields()).as("fields of record %d", k).isEqualTo(want.fields());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Syntax

  @Test
  void shouldReadPlainRecordsWithLineNumbers() throws IOException {
    assertRecords(readAll("a,b,c\nd,e,f\n"), List.of(Expected.of(1, "a", "b", "c"), Expected.of(2, "d", "e", "f")));
  }

  @Test
  void shouldAcceptLfCrlfAndLoneCrLineEndsAlike() throws IOException {
    assertRecords(readAll("a,1\r\nb,2\rc,3\nd,4"),
        List.of(Expected.of(1, "a", "1"), Expected.of(2, "b", "2"), Expected.of(3, "c", "3"),
            Expected.of(4, "d", "4")));
  }

  @Test
  void shouldSkipEmptyAndWhitespaceOnlyLinesButCountThem() throws IOException {
    assertRecords(readAll("\n\r\n  \n\t \r\na,1\n\n \t\nb,2\n   "),
        List.of(Expected.of(5, "a", "1"), Expected.of(8, "b", "2")));
  }

  @Test
  void shouldReturnNoRecordForEmptyOrBlankInput() throws IOException {
    assertThat(readAll("")).isEmpty();
    assertThat(readAll("\n\n  \r\n\t")).isEmpty();
    assertThat(readAll(new CsvRecordReader(new ByteArrayInputStream(BOM)))).isEmpty();
  }

  @Test
  void shouldReadTheLastRecordWithoutAFinalLineEnd() throws IOException {
    assertRecords(readAll("a,1\nb,2"), List.of(Expected.of(1, "a", "1"), Expected.of(2, "b", "2")));
    assertRecords(readAll("a,"), List.of(Expected.of(1, "a", "")));
    assertRecords(readAll("\"a\""), List.of(Expected.of(1, "a")));
  }

  @Test
  void shouldUnescapeQuotedFieldsWithCommasQuotesAndLineBreaks() throws IOException {
    List<Parsed> records = readAll("\"A\"\"B\",\"x,y\",\"line1\nline2\",\"cr\r\nlf\",\"\"\nnext,1\n");
    assertRecords(records, List.of(Expected.of(1, "A\"B", "x,y", "line1\nline2", "cr\r\nlf", ""),
        Expected.of(4, "next", "1")));
    assertThat(records.get(0).raw()).isEqualTo("\"A\"\"B\",\"x,y\",\"line1\nline2\",\"cr\r\nlf\",\"\"");
  }

  @Test
  void shouldCountLoneCrInsideAQuotedFieldAsALineBreak() throws IOException {
    assertRecords(readAll("\"a\rb\r\nc\n\rd\",1\ne,2\n"), List.of(Expected.of(1, "a\rb\r\nc\n\rd", "1"),
        Expected.of(6, "e", "2")));
  }

  @Test
  void shouldIgnoreSpacesBetweenAClosingQuoteAndTheSeparator() throws IOException {
    assertRecords(readAll("\"a\"  ,\"b\"\t\n"), List.of(Expected.of(1, "a", "b")));
  }

  @Test
  void shouldKeepSpacesOfUnquotedFields() throws IOException {
    assertRecords(readAll(" a , b\n"), List.of(Expected.of(1, " a ", " b")));
  }

  @Test
  void shouldSkipAByteOrderMarkOnlyAtTheStart() throws IOException {
    byte[] input = concat(BOM, utf8("a,b\n"), BOM, utf8("c\n"));
    List<Parsed> records = readAll(new CsvRecordReader(new ByteArrayInputStream(input)));
    assertRecords(records, List.of(Expected.of(1, "a", "b"), Expected.of(2, "\uFEFFc")));
  }

  @Test
  void shouldSkipAByteOrderMarkDeliveredOneByteAtATime() throws IOException {
    byte[] input = concat(BOM, utf8("a,b\n"));
    List<Parsed> records = readAll(new CsvRecordReader(new ChunkedInputStream(input, 1, 1)));
    assertRecords(records, List.of(Expected.of(1, "a", "b")));
  }

  @Test
  void shouldKeepATruncatedByteOrderMarkAsData() throws IOException {
    byte[] input = concat(new byte[] {(byte) 0xEF, (byte) 0xBB}, utf8(",b\n"));
    List<Parsed> records = readAll(new CsvRecordReader(new ByteArrayInputStream(input)));
    assertThat(records).hasSize(1);
    assertThat(records.get(0).fields()).hasSize(2);
    assertThat(records.get(0).fields().get(1)).isEqualTo("b");
  }

  @Test
  void shouldFlagTextAfterAClosingQuoteAndKeepReading() throws IOException {
    List<Parsed> records = readAll("\"a\"b,c\nd,e\n");
    assertRecords(records, List.of(Expected.malformed(1), Expected.of(2, "d", "e")));
    assertThat(records.get(0).malformation()).contains("after a closing quote");
    assertThat(records.get(0).raw()).isEqualTo("\"a\"b,c");
  }

  @Test
  void shouldFlagAQuoteInsideAnUnquotedField() throws IOException {
    List<Parsed> records = readAll("a\"b,c\nd,e\n");
    assertRecords(records, List.of(Expected.malformed(1), Expected.of(2, "d", "e")));
    assertThat(records.get(0).malformation()).contains("quote inside unquoted field 1");
  }

  // ---------------------------------------------------------------------------------------------
  // Resynchronisation: one broken line costs one record

  @Test
  void shouldCutAnUnterminatedQuoteAtItsLineEndAndResume() throws IOException {
    List<Parsed> records = readAll("a,\"b\nc,d\r\ne,f\n");
    assertRecords(records, List.of(Expected.malformed(1), Expected.of(2, "c", "d"), Expected.of(3, "e", "f")));
    assertThat(records.get(0).malformation()).contains("unterminated");
    assertThat(records.get(0).raw()).isEqualTo("a,\"b");
  }

  @Test
  void shouldCutAnUnterminatedQuoteOnTheLastLine() throws IOException {
    List<Parsed> records = readAll("a,b\nc,\"d");
    assertRecords(records, List.of(Expected.of(1, "a", "b"), Expected.malformed(2)));
    assertThat(records.get(1).raw()).isEqualTo("c,\"d");
  }

  @Test
  void shouldNotLetAStrayQuotePairWithAQuoteOnALaterLine() throws IOException {
    // The stray quote of line 1 would otherwise close at the first quote of line 2 and swallow it.
    List<Parsed> records = readAll("1,\"IBM,2\n3,\"MSFT\",4\n5,\"x\"\n6,7\n");
    assertRecords(records, List.of(Expected.malformed(1), Expected.of(2, "3", "MSFT", "4"),
        Expected.of(3, "5", "x"), Expected.of(4, "6", "7")));
    assertThat(records.get(0).malformation()).contains("stray quote");
    assertThat(records.get(0).raw()).isEqualTo("1,\"IBM,2");
  }

  @Test
  void shouldNotLetAStrayQuoteSwallowLinesUpToALaterFieldThatEndsWithAQuote() throws IOException {
    List<Parsed> records = readAll("1,2\"\n3,4\n5,\"6\"\n7,8\n");
    assertRecords(records, List.of(Expected.malformed(1), Expected.of(2, "3", "4"), Expected.of(3, "5", "6"),
        Expected.of(4, "7", "8")));
  }

  @Test
  void shouldReadTwoStrayQuotesThatFormALegalQuotedFieldAsOneRecord() throws IOException {
    // Indistinguishable from a field holding a line break, which RFC 4180 allows: one record. Callers
    // that know the width reject it for its field count; the line between is the known cost.
    List<Parsed> records = readAll("a,\"b\nc,d\ne\",f\ng,h\n");
    assertRecords(records, List.of(Expected.of(1, "a", "b\nc,d\ne", "f"), Expected.of(4, "g", "h")));
  }

  @Test
  void shouldCutAStrayOpeningQuoteWhoseClosingQuoteIsFarAway() throws IOException {
    String manyLines = "x,1\n".repeat(30_000); // 120 kB: more than one record may span
    List<Parsed> records = readAll("a,\"b\n" + manyLines + "y,\"q\"\n");
    assertThat(records).hasSize(30_002);
    assertThat(records.get(0).malformed()).isTrue();
    assertThat(records.subList(1, 30_001)).allSatisfy(r -> assertThat(r.fields()).containsExactly("x", "1"));
    assertThat(records.get(30_001).fields()).containsExactly("y", "q");
    assertThat(records.get(30_001).line()).isEqualTo(30_002);
  }

  @Test
  void shouldReturnALineLongerThanTheBufferAsOneMalformedRecordAndContinue() throws IOException {
    byte[] longLine = new byte[3 * CsvRecordReader.BUFFER_SIZE + 17];
    Arrays.fill(longLine, (byte) 'L');
    byte[] input = concat(utf8("a,1\n"), longLine, utf8("\r\nb,2\n"));
    List<Parsed> records = readAll(new CsvRecordReader(new ByteArrayInputStream(input)));
    assertRecords(records, List.of(Expected.of(1, "a", "1"), Expected.malformed(2), Expected.of(3, "b", "2")));
    assertThat(records.get(1).malformation()).contains("longer than");
    assertThat(records.get(1).raw()).startsWith("LLLL").endsWith("...").hasSize(4_096 + 3);
  }

  @Test
  void shouldReturnALongLineWithCrlfSplitByTheBufferEndAsOneRecord() throws IOException {
    // The line end (CR, LF) falls on both sides of the first buffer's end; "a,1\n" takes 4 bytes.
    for (int shift = -3; shift <= 3; shift++) {
      byte[] longLine = new byte[CsvRecordReader.BUFFER_SIZE - 4 + shift];
      Arrays.fill(longLine, (byte) 'L');
      byte[] input = concat(utf8("a,1\n"), longLine, utf8("\r\nb,2\n"));
      List<Parsed> records = readAll(new CsvRecordReader(new ByteArrayInputStream(input)));
      assertRecords(records, List.of(Expected.of(1, "a", "1"), Expected.malformed(2), Expected.of(3, "b", "2")));
    }
  }

  @Test
  void shouldCutARecordLongerThanTheLimitEvenWhenItsLineIsShort() throws IOException {
    // A quoted field running over many lines: the record exceeds the limit, its first line is cut.
    String runaway = "a,\"" + "z\n".repeat(CsvRecordReader.MAX_RECORD_BYTES) + "\"\nb,2\n";
    List<Parsed> records = readAll(runaway);
    assertThat(records.get(0).line()).isEqualTo(1);
    assertThat(records.get(0).malformed()).isTrue();
    assertThat(records.get(records.size() - 1).fields()).containsExactly("b", "2");
    assertThat(records.get(records.size() - 1).line()).isEqualTo(CsvRecordReader.MAX_RECORD_BYTES + 2);
  }

  @Test
  void shouldDecideARecordIsTooLongWhereverTheBufferEnds() throws IOException {
    int maxRecordBytes = 32;
    for (String lineEnd : new String[] {"\n", "\r\n", ""}) {
      for (int before = 0; before <= 64; before++) {
        String input = fillerText(before) + "x".repeat(maxRecordBytes) + "\n" + "y".repeat(maxRecordBytes + 1)
            + "\n" + "\"" + "q".repeat(maxRecordBytes - 2) + "\"" + lineEnd;
        for (int maxChunk : new int[] {1, 5, 1_000}) {
          List<Parsed> records = readAll(new CsvRecordReader(new ChunkedInputStream(utf8(input), before, maxChunk),
              64, maxRecordBytes));
          List<Expected> expected = new ArrayList<>(fillerRecords(before));
          long line = lineBreaks(fillerText(before));
          expected.add(Expected.of(line + 1, "x".repeat(maxRecordBytes)));
          expected.add(Expected.malformed(line + 2));
          expected.add(Expected.of(line + 3, "q".repeat(maxRecordBytes - 2)));
          assertRecords(records, expected);
        }
      }
    }
  }

  @Test
  void shouldCutRawTextAt4096Bytes() throws IOException {
    String field = "v".repeat(5_000);
    List<Parsed> records = readAll(field + ",1\n");
    assertThat(records).hasSize(1);
    assertThat(records.get(0).fields()).containsExactly(field, "1");
    assertThat(records.get(0).raw()).isEqualTo("v".repeat(4_096) + "...");
  }

  @Test
  void shouldRejectAnInconsistentTestBufferConfiguration() {
    InputStream empty = new ByteArrayInputStream(new byte[0]);
    assertThatThrownBy(() -> new CsvRecordReader(empty, 64, 63)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new CsvRecordReader(empty, 64, 62).fieldCount()).isZero();
    assertThatThrownBy(() -> new CsvRecordReader(empty, 4, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // Buffer boundaries

  /**
   * Tricky snippets, each with what it must parse to (line numbers relative to the snippet's first
   * line). The test puts every byte of each at the end of the 1 MiB buffer in turn.
   */
  private static final List<Snippet> SNIPPETS = List.of(
      new Snippet("\"q\"\"uo,te\",\"x\r\ny\"\r\n", List.of(Expected.of(1, "q\"uo,te", "x\r\ny"))),
      new Snippet("\"\"\"\"\"\",\"\"\r\n", List.of(Expected.of(1, "\"\"", ""))),
      new Snippet("ab,cd\r\nef,gh\r\n", List.of(Expected.of(1, "ab", "cd"), Expected.of(2, "ef", "gh"))),
      new Snippet("\r\n \r\n\t\n\r\n", List.of()),
      new Snippet("a\rb\r\r\nc\r", List.of(Expected.of(1, "a"), Expected.of(2, "b"), Expected.of(4, "c"))),
      new Snippet("\"a\" ,\"b\"\t\r\n", List.of(Expected.of(1, "a", "b"))),
      new Snippet("u,\"nterminated\r\nnext,\"line\"\r\n",
          List.of(Expected.malformed(1), Expected.of(2, "next", "line"))),
      new Snippet("\"a\"b,c\r\nd\r\n", List.of(Expected.malformed(1), Expected.of(2, "d"))),
      new Snippet("é,€,\"𝄞\"\n", List.of(Expected.of(1, "é", "€", "𝄞"))));

  record Snippet(String text, List<Expected> records) {}

  @Test
  void shouldParseRecordsStraddlingTheBufferEndAtEveryOffset() throws IOException {
    for (Snippet snippet : SNIPPETS) {
      byte[] snippetBytes = utf8(snippet.text());
      for (int before = 0; before <= snippetBytes.length + 2; before++) {
        byte[] filler = filler(CsvRecordReader.BUFFER_SIZE - before);
        byte[] input = concat(filler, snippetBytes, utf8("tail,1\n"));
        List<Parsed> records = readAll(new CsvRecordReader(new ByteArrayInputStream(input)));
        assertStraddled(records, snippet, filler.length, "snippet " + snippet.text() + " at " + before);
      }
    }
  }

  @Test
  void shouldParseRecordsStraddlingASmallBufferAtEveryOffsetAndEveryReadSize() throws IOException {
    for (Snippet snippet : SNIPPETS) {
      byte[] snippetBytes = utf8(snippet.text());
      for (int bufferSize = 40; bufferSize <= 48; bufferSize++) {
        for (int before = 0; before <= bufferSize + 2; before++) {
          byte[] filler = filler(before);
          byte[] input = concat(filler, snippetBytes, utf8("tail,1\n"));
          for (int maxChunk : new int[] {1, 3, 7, 1_000}) {
            List<Parsed> records = readAll(new CsvRecordReader(
                new ChunkedInputStream(input, before * 31L + maxChunk, maxChunk), bufferSize, bufferSize - 2));
            assertStraddled(records, snippet, filler.length,
                "snippet " + snippet.text() + " after " + before + " bytes, buffer " + bufferSize + ", reads of "
                    + maxChunk);
          }
        }
      }
    }
  }

  private static void assertStraddled(List<Parsed> records, Snippet snippet, int fillerLength, String what) {
    List<Expected> expected = new ArrayList<>(fillerRecords(fillerLength));
    long fillerLines = lineBreaks(fillerText(fillerLength));
    for (Expected record : snippet.records()) {
      expected.add(new Expected(fillerLines + record.line(), record.fields()));
    }
    expected.add(Expected.of(fillerLines + 1 + lineBreaks(snippet.text()), "tail", "1"));
    assertThat(records).as(what).hasSize(expected.size());
    for (int k = 0; k < expected.size(); k++) {
      Parsed got = records.get(k);
      Expected want = expected.get(k);
      assertThat(got.line()).as("%s: line of %s", what, got).isEqualTo(want.line());
      if (want.fields() == null) {
        assertThat(got.malformed()).as("%s: %s", what, got).isTrue();
      } else {
        assertThat(got.malformation()).as("%s: %s", what, got).isNull();
        assertThat(got.fields()).as("%s: %s", what, got).isEqualTo(want.fields());
      }
    }
  }

  /**
   * Filler lines are at most this long: short enough for the smallest test buffer, long enough that
   * 1 MiB of filler is not a million records.
   */
  private static int fillerLine(int length) {
    return length > 1_000 ? 1_000 : 20;
  }

  /** Lines {@code fxxx...\n} adding up to exactly {@code length} bytes. */
  private static byte[] filler(int length) {
    return utf8(fillerText(length));
  }

  private static String fillerText(int length) {
    int maxLine = fillerLine(length);
    StringBuilder text = new StringBuilder();
    int remaining = length;
    while (remaining > 0) {
      int line = remaining == maxLine + 1 ? maxLine - 1 : Math.min(maxLine, remaining);
      text.append(line == 1 ? "" : "f" + "x".repeat(line - 2)).append('\n'); // a 1-byte line is blank
      remaining -= line;
    }
    return text.toString();
  }

  /** The records of {@link #filler}, with their line numbers. */
  private static List<Expected> fillerRecords(int length) {
    List<Expected> records = new ArrayList<>();
    String[] lines = fillerText(length).split("\n", -1);
    for (int k = 0; k < lines.length - 1; k++) {
      if (!lines[k].isEmpty()) {
        records.add(Expected.of(k + 1, lines[k]));
      }
    }
    return records;
  }

  /** Physical line ends in {@code text}: LF, CRLF and a lone CR each count once. */
  static int lineBreaks(String text) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
        count++;
      }
    }
    return count;
  }

  // ---------------------------------------------------------------------------------------------
  // Property: random well-formed files parse back to what was written

  private static final String PLAIN_CHARS = "abcXYZ0189 .-+:\té€";
  private static final String QUOTED_CHARS = "abcXYZ019 ,.\"\t\r\né€𝄞";

  @Test
  void shouldParseRandomWellFormedFilesToTheGeneratedFields() throws IOException {
    Random random = new Random(4180L);
    for (int round = 0; round < 3_000; round++) {
      int bufferSize = random.nextBoolean() ? CsvRecordReader.BUFFER_SIZE : 16 + random.nextInt(200);
      int maxRecordBytes = Math.min(bufferSize - 2, CsvRecordReader.MAX_RECORD_BYTES);
      GeneratedFile file = GeneratedFile.random(random, maxRecordBytes);
      int maxChunk = random.nextBoolean() ? 1 + random.nextInt(8) : 1 + random.nextInt(bufferSize);
      List<Parsed> records = readAll(new CsvRecordReader(new ChunkedInputStream(file.bytes(), round, maxChunk),
          bufferSize, maxRecordBytes));
      List<Expected> expected = file.expected();
      assertThat(records).as("round %d: %s", round, file.text()).hasSameSizeAs(expected);
      for (int k = 0; k < expected.size(); k++) {
        assertThat(records.get(k).malformation()).as("round %d record %d: %s", round, k, file.text()).isNull();
        assertThat(records.get(k).fields()).as("round %d record %d: %s", round, k, file.text())
            .isEqualTo(expected.get(k).fields());
        assertThat(records.get(k).line()).as("round %d record %d: %s", round, k, file.text())
            .isEqualTo(expected.get(k).line());
      }
    }
  }

  /** A random RFC 4180 file, built together with the records it holds. */
  record GeneratedFile(byte[] bytes, String text, List<Expected> expected) {

    static GeneratedFile random(Random random, int maxRecordBytes) {
      StringBuilder text = new StringBuilder();
      List<Integer> starts = new ArrayList<>();
      List<List<String>> records = new ArrayList<>();
      int recordCount = random.nextInt(12);
      for (int r = 0; r < recordCount; r++) {
        while (random.nextInt(4) == 0) {
          text.append(random.nextBoolean() ? "" : random.nextBoolean() ? "  " : " \t").append(lineEnd(random));
        }
        String record;
        List<String> fields;
        do {
          fields = new ArrayList<>();
          StringBuilder line = new StringBuilder();
          int fieldCount = 1 + random.nextInt(6);
          for (int f = 0; f < fieldCount; f++) {
            if (f > 0) {
              line.append(',');
            }
            String value;
            if (random.nextInt(3) == 0) {
              value = randomText(random, QUOTED_CHARS);
              line.append('"').append(value.replace("\"", "\"\"")).append('"');
              if (random.nextInt(5) == 0) {
                line.append(random.nextBoolean() ? " " : "\t ");
              }
            } else {
              value = randomText(random, PLAIN_CHARS);
              line.append(value);
            }
            fields.add(value);
          }
          record = line.toString();
        } while ((fields.size() == 1 && record.isBlank())
            || record.getBytes(StandardCharsets.UTF_8).length > maxRecordBytes);
        starts.add(text.length());
        records.add(fields);
        text.append(record);
        if (r < recordCount - 1 || random.nextBoolean()) {
          text.append(lineEnd(random));
        }
      }
      boolean endsWithLineEnd = text.length() == 0 || text.charAt(text.length() - 1) == '\n'
          || text.charAt(text.length() - 1) == '\r';
      if (endsWithLineEnd && random.nextInt(4) == 0) {
        text.append(random.nextBoolean() ? "\n" : "  "); // a trailing blank line, with or without its line end
      }
      String body = text.toString();
      List<Expected> expected = new ArrayList<>();
      for (int r = 0; r < records.size(); r++) {
        expected.add(new Expected(1 + lineBreaks(body.substring(0, starts.get(r))), records.get(r)));
      }
      byte[] bytes = utf8(body);
      if (random.nextBoolean()) {
        bytes = concat(BOM, bytes);
      }
      return new GeneratedFile(bytes, body, expected);
    }

    private static String lineEnd(Random random) {
      return switch (random.nextInt(3)) {
        case 0 -> "\n";
        case 1 -> "\r\n";
        default -> "\r";
      };
    }

    private static String randomText(Random random, String alphabet) {
      int length = random.nextInt(4) == 0 ? 0 : random.nextInt(12);
      StringBuilder value = new StringBuilder();
      int[] codePoints = alphabet.codePoints().toArray();
      for (int k = 0; k < length; k++) {
        value.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
      }
      return value.toString();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Property: broken lines cost exactly themselves

  /**
   * Every valid line comes back as itself with its line number, whatever broken lines surround it, and
   * every broken line comes back as one malformed record. (Broken lines here never hold a quote that
   * could legally close a quoted field; for two that do, see
   * {@link #shouldReadTwoStrayQuotesThatFormALegalQuotedFieldAsOneRecord}.)
   */
  @Test
  void shouldLoseNoValidRecordAroundRandomBrokenLines() throws IOException {
    Random random = new Random(99L);
    String[] broken = {"a,\"unterminated", "\"x\"y,z", "p\"q,r", "1,2,\"3", "\"\"\"u", "s,\"t\"\"u", "\"m\",\"n",
        "\"\",x\"y"};
    for (int round = 0; round < 2_000; round++) {
      StringBuilder text = new StringBuilder();
      Map<Long, List<String>> valid = new HashMap<>();
      Set<Long> brokenLines = new HashSet<>();
      int lines = 1 + random.nextInt(30);
      for (long line = 1; line <= lines; line++) {
        if (random.nextInt(4) == 0) {
          text.append(broken[random.nextInt(broken.length)]);
          brokenLines.add(line);
        } else {
          String a = "v" + line;
          String b = random.nextBoolean() ? "w" + random.nextInt(100) : "\"q" + random.nextInt(100) + "\"";
          text.append(a).append(',').append(b);
          valid.put(line, List.of(a, b.replace("\"", "")));
        }
        text.append(line < lines || random.nextBoolean() ? (random.nextBoolean() ? "\n" : "\r\n") : "");
      }
      int bufferSize = random.nextBoolean() ? CsvRecordReader.BUFFER_SIZE : 24 + random.nextInt(100);
      List<Parsed> records = readAll(new CsvRecordReader(
          new ChunkedInputStream(utf8(text.toString()), round, 1 + random.nextInt(50)), bufferSize,
          Math.min(bufferSize - 2, CsvRecordReader.MAX_RECORD_BYTES)));
      Map<Long, List<String>> validRead = new HashMap<>();
      for (Parsed record : records) {
        if (valid.containsKey(record.line())) {
          assertThat(record.malformation()).as("round %d: %s", round, text).isNull();
          validRead.put(record.line(), record.fields());
        } else {
          assertThat(brokenLines).as("round %d: %s comes from a broken line: %s", round, record, text)
              .contains(record.line());
          assertThat(record.malformed()).as("round %d: %s", round, text).isTrue();
        }
      }
      assertThat(validRead).as("round %d: %s", round, text).isEqualTo(valid);
      assertThat(records).as("round %d: %s", round, text).hasSize(lines);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
