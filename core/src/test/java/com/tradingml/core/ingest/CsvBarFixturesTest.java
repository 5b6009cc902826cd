package com.tradingml.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.market.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads every fixture in {@code src/test/resources/ingest} (format: README.md there) and checks each
 * record's outcome, and that each kept bar holds exactly the values of its input text.
 */
class CsvBarFixturesTest {

  /** One line of an {@code .expected} file. {@code values} is null for a rejection. */
  record ExpectedOutcome(long line, String outcome, List<String> values) {
    boolean kept() {
      return outcome.equals("KEEP");
    }
  }

  /** What the reader reported for one record. */
  sealed interface Event permits Kept, Rejected {}

  record Kept(String symbol, long epochMicros, double open, double high, double low, double close, double volume)
      implements Event {}

  record Rejected(long line, RejectReason reason, String detail, String rawText) implements Event {}

  static final class RecordingSink implements BarRowSink {
    final List<Event> events = new ArrayList<>();

    @Override
    public void accept(String symbol, long epochMicros, double open, double high, double low, double close,
        double volume) {
      events.add(new Kept(symbol, epochMicros, open, high, low, close, volume));
    }

    @Override
    public void reject(long lineNumber, RejectReason reason, String detail, String rawText) {
      events.add(new Rejected(lineNumber, reason, detail, rawText));
    }
  }

  static Stream<String> fixtures() {
    try (Stream<Path> files = Files.list(fixtureDirectory())) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted()
          .map(n -> n.substring(0, n.length() - 4)).toList();
      assertThat(names).as("fixtures in %s", fixtureDirectory()).isNotEmpty();
      return names.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path fixtureDirectory() {
    try {
      return Path.of(CsvBarFixturesTest.class.getResource("/ingest").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void shouldGiveEveryRecordItsExpectedOutcome(String fixture) throws IOException {
    List<ExpectedOutcome> expected = readExpected(fixture);
    List<Event> events = read(fixture);
    assertThat(events).as("%s: one outcome per record", fixture).hasSameSizeAs(expected);
    for (int k = 0; k < expected.size(); k++) {
      ExpectedOutcome want = expected.get(k);
      Event got = events.get(k);
      if (want.kept()) {
        assertThat(got).as("%s line %d", fixture, want.line()).isInstanceOf(Kept.class);
        assertKeptValues(fixture + " line " + want.line(), (Kept) got, want.values());
      } else {
        assertThat(got).as("%s line %d", fixture, want.line()).isInstanceOf(Rejected.class);
        Rejected rejected = (Rejected) got;
        assertThat(rejected.line()).as("%s: line of %s", fixture, rejected).isEqualTo(want.line());
        assertThat(rejected.reason().name()).as("%s line %d: %s", fixture, want.line(), rejected)
            .isEqualTo(want.outcome());
        assertThat(rejected.detail()).as("%s line %d", fixture, want.line()).isNotBlank();
        assertThat(rejected.rawText()).as("%s line %d: raw text as written", fixture, want.line())
            .startsWith(physicalLines(fixture).get((int) want.line() - 1));
      }
    }
  }

  /**
   * The expected values are checked against an independent reading of the input line (a plain split,
   * {@code Double.parseDouble}, {@code java.time}), so a wrong {@code .expected} entry cannot hide a
   * reader bug.
   */
  @ParameterizedTest
  @MethodSource("fixtures")
  void shouldListKeptValuesThatAreExactlyTheInputText(String fixture) throws IOException {
    List<String> lines = physicalLines(fixture);
    List<String> header = splitSimpleLine(lines.get(0)).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    for (ExpectedOutcome want : readExpected(fixture)) {
      if (!want.kept()) {
        continue;
      }
      List<String> fields = splitSimpleLine(lines.get((int) want.line() - 1));
      assertThat(fields).as("%s line %d", fixture, want.line()).hasSameSizeAs(header);
      String what = fixture + " line " + want.line();
      assertThat(referenceInstant(fields.get(header.indexOf("timestamp"))))
          .as(what).isEqualTo(Instant.parse(want.values().get(0)));
      assertThat(fields.get(header.indexOf("symbol")).trim()).as(what).isEqualTo(want.values().get(1));
      String[] prices = {"open", "high", "low", "close"};
      for (int p = 0; p < prices.length; p++) {
        assertThat(Double.parseDouble(fields.get(header.indexOf(prices[p])).trim())).as(what + " " + prices[p])
            .isEqualTo(Double.parseDouble(want.values().get(2 + p)));
      }
      int volume = header.indexOf("volume");
      String volumeText = volume < 0 ? "" : fields.get(volume).trim();
      if (volumeText.isEmpty()) {
        assertThat(want.values().get(6)).as(what).isEqualTo("-");
      } else {
        assertThat(Double.parseDouble(volumeText)).as(what).isEqualTo(Double.parseDouble(want.values().get(6)));
      }
    }
  }

  @Test
  void shouldCoverEveryRejectReasonAndTheInputFormatVariants() throws IOException {
    Set<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);
    int kept = 0;
    boolean bom = false;
    boolean crlf = false;
    boolean noFinalLineEnd = false;
    for (String fixture : fixtures().toList()) {
      for (ExpectedOutcome outcome : readExpected(fixture)) {
        if (outcome.kept()) {
          kept++;
        } else {
          reasons.add(RejectReason.valueOf(outcome.outcome()));
        }
      }
      byte[] bytes = bytes(fixture);
      String text = new String(bytes, StandardCharsets.UTF_8);
      bom |= bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF;
      crlf |= text.contains("\r\n");
      noFinalLineEnd |= !text.endsWith("\n") && !text.endsWith("\r");
    }
    assertThat(reasons).containsExactlyInAnyOrder(RejectReason.values());
    assertThat(kept).isGreaterThanOrEqualTo(20);
    assertThat(bom).as("a fixture starts with a byte-order mark (lost by an editor?)").isTrue();
    assertThat(crlf).as("a fixture has CRLF line ends (converted by git?)").isTrue();
    assertThat(noFinalLineEnd).as("a fixture has no final line end").isTrue();
  }

  private static void assertKeptValues(String what, Kept got, List<String> values) {
    assertThat(got.epochMicros()).as(what + " timestamp")
        .isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(values.get(0))));
    assertThat(got.symbol()).as(what + " symbol").isEqualTo(values.get(1));
    assertSameDouble(what + " open", got.open(), Double.parseDouble(values.get(2)));
    assertSameDouble(what + " high", got.high(), Double.parseDouble(values.get(3)));
    assertSameDouble(what + " low", got.low(), Double.parseDouble(values.get(4)));
    assertSameDouble(what + " close", got.close(), Double.parseDouble(values.get(5)));
    if (values.get(6).equals("-")) {
      assertThat(got.volume()).as(what + " volume unknown").isNaN();
    } else {
      assertSameDouble(what + " volume", got.volume(), Double.parseDouble(values.get(6)));
    }
  }

  private static void assertSameDouble(String what, double actual, double expected) {
    assertThat(Double.doubleToRawLongBits(actual)).as("%s: %s vs %s", what, actual, expected)
        .isEqualTo(Double.doubleToRawLongBits(expected));
  }

  private static List<Event> read(String fixture) throws IOException {
    RecordingSink sink = new RecordingSink();
    try (InputStream in = Files.newInputStream(fixtureDirectory().resolve(fixture + ".csv"))) {
      new CsvBarReader(fixture + ".csv", new BarValidator(ValidationLimits.DEFAULT, PriorBars.NONE)).read(in, sink);
    }
    return sink.events;
  }

  static List<ExpectedOutcome> readExpected(String fixture) throws IOException {
    List<ExpectedOutcome> outcomes = new ArrayList<>();
    long previousLine = 1;
    for (String line : Files.readAllLines(fixtureDirectory().resolve(fixture + ".expected"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] tokens = line.trim().split(" +");
      long number = Long.parseLong(tokens[0]);
      assertThat(number).as("%s.expected: lines ascend: %s", fixture, line).isGreaterThan(previousLine);
      previousLine = number;
      String outcome = tokens[1];
      if (outcome.equals("KEEP")) {
        assertThat(tokens).as("%s.expected: %s", fixture, line).hasSize(9);
        outcomes.add(new ExpectedOutcome(number, outcome, List.of(tokens).subList(2, 9)));
      } else {
        assertThat(tokens).as("%s.expected: %s", fixture, line).hasSize(2);
        RejectReason.valueOf(outcome); // a typo fails here
        outcomes.add(new ExpectedOutcome(number, outcome, null));
      }
    }
    return outcomes;
  }

  private static byte[] bytes(String fixture) throws IOException {
    return Files.readAllBytes(fixtureDirectory().resolve(fixture + ".csv"));
  }

  /** The file's physical lines (LF, CRLF or lone CR end one), BOM removed. */
  private static List<String> physicalLines(String fixture) throws IOException {
    String text = new String(bytes(fixture), StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return List.of(text.split("\r\n|\n|\r", -1));
  }

  /** Splits one line that holds a whole record; quotes are removed and {@code ""} unescaped. */
  private static List<String> splitSimpleLine(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  private static final DateTimeFormatter REFERENCE_DATE_TIME = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter(Locale.ROOT);

  /** The instant {@code java.time} reads from an input timestamp (a date is its UTC midnight). */
  private static Instant referenceInstant(String text) {
    String trimmed = text.trim();
    if (trimmed.length() == 10) {
      return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    String isoT = trimmed.substring(0, 10) + "T" + trimmed.substring(11);
    return OffsetDateTime.parse(isoT, REFERENCE_DATE_TIME).toInstant();
  }
}
