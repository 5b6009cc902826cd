package com.tradingml.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.ingest.CsvBarFixturesTest.Event;
import com.tradingml.core.ingest.CsvBarFixturesTest.Kept;
import com.tradingml.core.ingest.CsvBarFixturesTest.RecordingSink;
import com.tradingml.core.ingest.CsvBarFixturesTest.Rejected;
import com.tradingml.core.market.RejectReason;
import com.tradingml.core.market.Symbol;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvBarReaderTest {

  private static final String HEADER = "timestamp,symbol,open,high,low,close,volume\n";

  private static List<Event> read(String csv) throws IOException {
    return read(csv.getBytes(StandardCharsets.UTF_8), PriorBars.NONE);
  }

  private static List<Event> read(byte[] csv, PriorBars prior) throws IOException {
    RecordingSink sink = new RecordingSink();
    new CsvBarReader("test.csv", new BarValidator(ValidationLimits.DEFAULT, prior))
        .read(new ByteArrayInputStream(csv), sink);
    return sink.events;
  }

  private static long micros(String instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(instant));
  }

  private static Rejected onlyRejection(List<Event> events) {
    assertThat(events).hasSize(1).first().isInstanceOf(Rejected.class);
    return (Rejected) events.get(0);
  }

  private static Kept onlyKept(List<Event> events) {
    assertThat(events).hasSize(1).first().isInstanceOf(Kept.class);
    return (Kept) events.get(0);
  }

  @Nested
  class Header {

    @Test
    void shouldMapColumnsInAnyOrderAndCase() throws IOException {
      Kept bar = onlyKept(read(" VOLUME ,Close,low,High,OPEN,Symbol,TimeStamp\n"
          + "7,10.5,9,11,10,IBM,2024-01-02T00:00:00Z\n"));
      assertThat(bar).isEqualTo(new Kept("IBM", micros("2024-01-02T00:00:00Z"), 10, 11, 9, 10.5, 7));
    }

    @Test
    void shouldTreatEveryVolumeAsUnknownWithoutAVolumeColumn() throws IOException {
      Kept bar = onlyKept(read("timestamp,symbol,open,high,low,close\n2024-01-02,IBM,10,11,9,10.5\n"));
      assertThat(bar.volume()).isNaN();
      assertThat(bar.close()).isEqualTo(10.5);
    }

    @Test
    void shouldAcceptQuotedColumnNamesAndAByteOrderMark() throws IOException {
      byte[] csv = ("\uFEFF\"timestamp\",\"symbol\",open,high,low,close,\"volume\"\r\n"
          + "2024-01-02,IBM,10,11,9,10.5,1\r\n").getBytes(StandardCharsets.UTF_8);
      assertThat(onlyKept(read(csv, PriorBars.NONE)).symbol()).isEqualTo("IBM");
    }

    @Test
    void shouldSkipBlankLinesBeforeTheHeaderAndCountThem() throws IOException {
      Rejected rejected = onlyRejection(read("\n  \n" + HEADER + "2024-01-02,IBM,10,9,11,10,1\n"));
      assertThat(rejected.line()).isEqualTo(4);
    }

    @Test
    void shouldRejectAnUnknownColumnNamingIt() {
      assertThatThrownBy(() -> read("timestamp,symbol,open,high,low,close,volume,vwap\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("test.csv").hasMessageContaining("'vwap'");
    }

    @Test
    void shouldRejectARepeatedColumnNamingIt() {
      assertThatThrownBy(() -> read("timestamp,symbol,open,high,low,close,Close\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("test.csv").hasMessageContaining("'close'").hasMessageContaining("twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"timestamp", "symbol", "open", "high", "low", "close"})
    void shouldRejectAMissingRequiredColumnNamingIt(String missing) {
      String header = String.join(",", BarColumns.NAMES.stream().filter(n -> !n.equals(missing)).toList());
      assertThatThrownBy(() -> read(header + "\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("test.csv").hasMessageContaining("no '" + missing + "' column");
    }

    @Test
    void shouldRejectAnEmptyColumnName() {
      assertThatThrownBy(() -> read("timestamp,symbol,open,high,low,close,volume,\n"))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("unexpected column ''");
    }

    @Test
    void shouldRejectADataRowWhereTheHeaderShouldBe() {
      assertThatThrownBy(() -> read("2024-01-02,IBM,10,11,9,10.5,1\n"))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("'2024-01-02'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "  \r\n\t\n", "\uFEFF"})
    void shouldRejectAnEmptyInput(String csv) {
      assertThatThrownBy(() -> read(csv))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("test.csv").hasMessageContaining("empty input");
    }

    @Test
    void shouldRejectAnUnreadableHeader() {
      assertThatThrownBy(() -> read("timestamp,\"symbol,open,high,low,close,volume\n"))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("unreadable header");
    }

    @Test
    void shouldReadAHeaderOnlyFileAsNoRows() throws IOException {
      assertThat(read(HEADER)).isEmpty();
      assertThat(read(HEADER.trim())).isEmpty();
    }
  }

  @Nested
  class Rows {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "2024-01-02T14:30:00Z,IBM,10,11,9,10.5                | MALFORMED_ROW",
        "2024-01-02T14:30:00Z,IBM,10,11,9,10.5,1,2            | MALFORMED_ROW",
        "2024-01-02T14:30:00Z,IBM,10,11,9,10.5,1,5            | MALFORMED_ROW",
        "2024-01-02T14:30:00Z,IBM,10,11,9,10.5,`\"1,5\"`      | MALFORMED_ROW",
        "2024-01-02T14:30:00Z,IBM,1.2.3,11,9,10.5,1           | MALFORMED_ROW",
        "2024-01-02T14:30:00Z,IBM,10,11,9,,1                  | MALFORMED_ROW",
        "2024-01-02T14:30:00Z,IBM,10,11,9,10.5,abc            | MALFORMED_ROW",
        "2024-01-02T14:30:00Z,`\"IBM\"x`,10,11,9,10.5,1       | MALFORMED_ROW",
        "2024-01-02T14:30:00,IBM,10,11,9,10.5,1               | BAD_TIMESTAMP",
        "2023-02-29,IBM,10,11,9,10.5,1                        | BAD_TIMESTAMP",
        "garbage,IBM,10,11,9,10.5,1                           | BAD_TIMESTAMP",
        "2024-01-02T14:30:00Z,,10,11,9,10.5,1                 | EMPTY_SYMBOL",
        "2024-01-02T14:30:00Z,  ,10,11,9,10.5,1               | EMPTY_SYMBOL",
        "2024-01-02T14:30:00Z,BRK B,10,11,9,10.5,1            | EMPTY_SYMBOL",
        "2024-01-02T14:30:00Z,IBM,NaN,11,9,10.5,1             | NON_FINITE_PRICE",
        "2024-01-02T14:30:00Z,IBM,10,Infinity,9,10.5,1        | NON_FINITE_PRICE",
        "2024-01-02T14:30:00Z,IBM,10,11,-9,10.5,1             | NON_POSITIVE_PRICE",
        "2024-01-02T14:30:00Z,IBM,10,9,11,10.5,1              | HIGH_LT_LOW",
        "2024-01-02T14:30:00Z,IBM,12,11,9,10.5,1              | OPEN_OUTSIDE_RANGE",
        "2024-01-02T14:30:00Z,IBM,10,11,9,8,1                 | CLOSE_OUTSIDE_RANGE",
        "2024-01-02T14:30:00Z,IBM,1e10,1e10,1e10,1e10,1       | PRICE_OUT_OF_RANGE",
        "2024-01-02T14:30:00Z,IBM,10,11,9,10.5,NaN            | NON_FINITE_VOLUME",
        "2024-01-02T14:30:00Z,IBM,10,11,9,10.5,0              | NON_POSITIVE_VOLUME"})
    void shouldQuarantineABadRowWithItsReasonLineAndText(String row, RejectReason reason) throws IOException {
      Rejected rejected = onlyRejection(read(HEADER + row + "\n"));
      assertThat(rejected.reason()).isEqualTo(reason);
      assertThat(rejected.line()).isEqualTo(2);
      assertThat(rejected.rawText()).isEqualTo(row);
      assertThat(rejected.detail()).isNotBlank();
    }

    @Test
    void shouldQuarantineHighBelowLow() throws IOException {
      Rejected rejected = onlyRejection(read(HEADER + "2024-01-02T14:30:00Z,IBM,10,9,11,10.5,1\n"));
      assertThat(rejected.reason()).isEqualTo(RejectReason.HIGH_LT_LOW);
      assertThat(rejected.detail()).contains("high 9.0").contains("low 11.0");
    }

    @Test
    void shouldNameTheFieldThatIsNotANumber() throws IOException {
      Rejected rejected = onlyRejection(read(HEADER + "2024-01-02T14:30:00Z,IBM,10,11,9,10.5,1O0\n"));
      assertThat(rejected.detail()).contains("'volume'").contains("'1O0'");
      rejected = onlyRejection(read(HEADER + "2024-01-02T14:30:00Z,IBM,10,1l,9,10.5,100\n"));
      assertThat(rejected.detail()).contains("'high'").contains("'1l'");
    }

    @Test
    void shouldNameTheExpectedAndFoundFieldCounts() throws IOException {
      Rejected rejected = onlyRejection(read(HEADER + "2024-01-02T14:30:00Z,IBM,10,11,9\n"));
      assertThat(rejected.detail()).contains("expected 7 fields, found 5");
    }

    @Test
    void shouldKeepEveryValueExactlyAsGiven() throws IOException {
      Kept bar = onlyKept(read(HEADER
          + "2024-03-15T09:30:00.000001-05:00,\"BRK.B\",400.10000000000002,400.3,0.1,0.30000000000000004,1e22\n"));
      assertThat(bar).isEqualTo(new Kept("BRK.B", micros("2024-03-15T14:30:00.000001Z"), 400.10000000000002,
          400.3, 0.1, 0.30000000000000004, 1e22));
    }

    @Test
    void shouldKeepAnEmptyVolumeAsUnknown() throws IOException {
      assertThat(onlyKept(read(HEADER + "2024-01-02,IBM,10,11,9,10.5,\n")).volume()).isNaN();
      assertThat(onlyKept(read(HEADER + "2024-01-02,IBM,10,11,9,10.5,  \n")).volume()).isNaN();
      assertThat(onlyKept(read(HEADER + "2024-01-02,IBM,10,11,9,10.5,\"\"\n")).volume()).isNaN();
    }

    @Test
    void shouldTrimSpacesAroundSymbolsAndNumbers() throws IOException {
      Kept bar = onlyKept(read(HEADER + " 2024-01-02 , IBM ,\t10 , 11,9 ,10.5 , 3 \n"));
      assertThat(bar).isEqualTo(new Kept("IBM", micros("2024-01-02T00:00:00Z"), 10, 11, 9, 10.5, 3));
    }

    @Test
    void shouldKeepASymbolWithAnEscapedQuoteOrACommaAndNonAsciiLetters() throws IOException {
      List<Event> events = read(HEADER + "2024-01-02,\"A\"\"B\",10,11,9,10.5,1\n"
          + "2024-01-02,\"EUR,USD\",1.1,1.2,1.0,1.1,1\n"
          + "2024-01-02,NESN.SW-Ä,10,11,9,10.5,1\n");
      assertThat(events).extracting(e -> ((Kept) e).symbol()).containsExactly("A\"B", "EUR,USD", "NESN.SW-Ä");
    }

    @Test
    void shouldQuarantineASymbolThatIsNotValidUtf8() throws IOException {
      // Latin-1 bytes: decoding would turn both into the same "\uFFFDBC" and merge two series.
      ByteArrayOutputStream csv = new ByteArrayOutputStream();
      csv.writeBytes(HEADER.getBytes(StandardCharsets.UTF_8));
      csv.writeBytes("2024-01-02,".getBytes(StandardCharsets.UTF_8));
      csv.write(0xC4); // Ä in Latin-1
      csv.writeBytes("BC,10,11,9,10.5,1\n2024-01-02,".getBytes(StandardCharsets.UTF_8));
      csv.write(0xD6); // Ö in Latin-1
      csv.writeBytes("BC,10,11,9,10.5,1\n".getBytes(StandardCharsets.UTF_8));
      List<Event> events = read(csv.toByteArray(), PriorBars.NONE);
      assertThat(events).hasSize(2).allSatisfy(e -> {
        assertThat(e).isInstanceOf(Rejected.class);
        assertThat(((Rejected) e).reason()).isEqualTo(RejectReason.EMPTY_SYMBOL);
        assertThat(((Rejected) e).detail()).contains("UTF-8");
      });
    }

    @Test
    void shouldQuarantineASymbolLongerThanTheLimit() throws IOException {
      String symbol = "S".repeat(Symbol.MAX_LENGTH + 1);
      Rejected rejected = onlyRejection(read(HEADER + "2024-01-02," + symbol + ",10,11,9,10.5,1\n"));
      assertThat(rejected.reason()).isEqualTo(RejectReason.EMPTY_SYMBOL);
      assertThat(onlyKept(read(HEADER + "2024-01-02," + symbol.substring(1) + ",10,11,9,10.5,1\n")).symbol())
          .hasSize(Symbol.MAX_LENGTH);
    }

    @Test
    void shouldReportTheFirstLineOfARecordThatSpansLines() throws IOException {
      List<Event> events = read(HEADER + "2024-01-02,\"IB\nM\",10,11,9,10.5,1\n2024-01-03,IBM,10,9,11,10.5,1\n");
      assertThat(events).extracting(e -> ((Rejected) e).line()).containsExactly(2L, 4L);
      assertThat(events).extracting(e -> ((Rejected) e).reason())
          .containsExactly(RejectReason.EMPTY_SYMBOL, RejectReason.HIGH_LT_LOW);
      assertThat(((Rejected) events.get(0)).rawText()).isEqualTo("2024-01-02,\"IB\nM\",10,11,9,10.5,1");
    }

    @Test
    void shouldCostOneRowForAStrayQuoteEvenWithQuotedFieldsLater() throws IOException {
      List<Event> events = read(HEADER
          + "2024-01-02,\"IBM,10,11,9,10.5,1\n"
          + "2024-01-03,\"IBM\",10,11,9,10.5,1\n"
          + "2024-01-04,IBM,10,11,9,\"10.5\",1\n");
      assertThat(events).hasSize(3);
      assertThat(events.get(0)).isInstanceOf(Rejected.class);
      assertThat(((Rejected) events.get(0)).reason()).isEqualTo(RejectReason.MALFORMED_ROW);
      assertThat(((Rejected) events.get(0)).line()).isEqualTo(2);
      assertThat(events.subList(1, 3)).allSatisfy(e -> assertThat(e).isInstanceOf(Kept.class));
    }

    @Test
    void shouldQuarantineALineLongerThanTheBufferAsOneMalformedRowAndContinue() throws IOException {
      ByteArrayOutputStream csv = new ByteArrayOutputStream();
      csv.writeBytes(HEADER.getBytes(StandardCharsets.UTF_8));
      csv.writeBytes("2024-01-02,IBM,10,11,9,10.5,".getBytes(StandardCharsets.UTF_8));
      csv.writeBytes("9".repeat(2 * CsvRecordReader.BUFFER_SIZE).getBytes(StandardCharsets.UTF_8));
      csv.writeBytes("\n2024-01-03,IBM,10,11,9,10.5,1\n".getBytes(StandardCharsets.UTF_8));
      List<Event> events = read(csv.toByteArray(), PriorBars.NONE);
      assertThat(events).hasSize(2);
      Rejected rejected = (Rejected) events.get(0);
      assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_ROW);
      assertThat(rejected.line()).isEqualTo(2);
      assertThat(rejected.rawText()).startsWith("2024-01-02,IBM,").hasSizeLessThan(5_000);
      assertThat(events.get(1)).isEqualTo(new Kept("IBM", micros("2024-01-03T00:00:00Z"), 10, 11, 9, 10.5, 1));
    }

    @Test
    void shouldCheckOrderAndDuplicatesPerSymbol() throws IOException {
      List<Event> events = read(HEADER
          + "2024-01-02T14:35:00Z,BBB,20,21,19,20.5,1\n"
          + "2024-01-02T14:30:00Z,AAA,10,11,9,10.5,1\n"
          + "2024-01-02T14:30:00Z,BBB,20,21,19,20.5,1\n"
          + "2024-01-02T09:30:00-05:00,AAA,10,11,9,10.5,1\n");
      assertThat(events).hasSize(4);
      assertThat(events.subList(0, 2)).allSatisfy(e -> assertThat(e).isInstanceOf(Kept.class));
      assertThat(((Rejected) events.get(2)).reason()).isEqualTo(RejectReason.OUT_OF_ORDER);
      assertThat(((Rejected) events.get(3)).reason()).isEqualTo(RejectReason.DUPLICATE_TIMESTAMP);
    }
  }

  @Nested
  class WithStoredBars {

    private final BarValidatorTest.InMemoryPriorBars stored = new BarValidatorTest.InMemoryPriorBars()
        .store("IBM", micros("2024-01-02T00:00:00Z"), 100)
        .store("IBM", micros("2024-01-04T00:00:00Z"), 104);

    private List<Event> readWithStored(String rows) throws IOException {
      return read((HEADER + rows).getBytes(StandardCharsets.UTF_8), stored);
    }

    @Test
    void shouldRejectARowThatIsAlreadyStored() throws IOException {
      Rejected rejected = onlyRejection(readWithStored("2024-01-04,IBM,104,105,103,104,1\n"));
      assertThat(rejected.reason()).isEqualTo(RejectReason.DUPLICATE_TIMESTAMP);
    }

    @Test
    void shouldKeepABackfillThatIsNotStored() throws IOException {
      List<Event> events = readWithStored("2024-01-01,IBM,99,100,98,99,1\n2024-01-03,IBM,102,103,101,102,1\n");
      assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOf(Kept.class)).hasSize(2);
    }

    @Test
    void shouldMeasureTheJumpOfTheFirstNewBarFromTheLastStoredClose() throws IOException {
      List<Event> events = readWithStored("2024-01-05,IBM,10400,10500,10300,10400,1\n"
          + "2024-01-05,IBM,104,105,52,52,1\n");
      assertThat(((Rejected) events.get(0)).reason()).isEqualTo(RejectReason.PRICE_OUT_OF_RANGE);
      assertThat(events.get(1)).isInstanceOf(Kept.class);
    }
  }

  @Nested
  class Streaming {

    private static final int ROWS = 2_000_000;
    private static final String[] SYMBOLS = {"AAA", "BBB", "CCC"};

    /**
     * Generates a valid CSV of {@code rows} rows on the fly, a row at a time: never held in memory.
     * Prices random-walk in cents, so each is exact decimal text; the sum of the closes is recorded.
     */
    static final class GeneratedBars extends InputStream {
      private final int rows;
      private final java.util.Random random = new java.util.Random(2_000_000L);
      private final long[] cents = {10_000, 2_000, 50_000};
      private byte[] current = HEADER.getBytes(StandardCharsets.US_ASCII);
      private int position;
      private int row;
      private final long start = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
      double closeSum;
      long volumeSum;

      GeneratedBars(int rows) {
        this.rows = rows;
      }

      private boolean advance() {
        if (position < current.length) {
          return true;
        }
        if (row == rows) {
          return false;
        }
        int s = row % SYMBOLS.length;
        long close = Math.max(100, cents[s] + random.nextInt(201) - 100);
        long open = cents[s];
        long high = Math.max(open, close) + random.nextInt(50);
        long low = Math.max(1, Math.min(open, close) - random.nextInt(50));
        cents[s] = close;
        long volume = 1 + random.nextInt(1_000_000);
        String timestamp = Instant.ofEpochSecond(start + (row / SYMBOLS.length) * 60L).toString();
        String line = timestamp + "," + SYMBOLS[s] + "," + price(open) + "," + price(high) + "," + price(low) + ","
            + price(close) + "," + volume + (row % 2 == 0 ? "\n" : "\r\n");
        closeSum += Double.parseDouble(price(close));
        volumeSum += volume;
        current = line.getBytes(StandardCharsets.US_ASCII);
        position = 0;
        row++;
        return true;
      }

      private static String price(long cents) {
        return cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100;
      }

      @Override
      public int read() {
        return advance() ? current[position++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        int n = 0;
        while (n < len && advance()) {
          int chunk = Math.min(len - n, current.length - position);
          System.arraycopy(current, position, b, off + n, chunk);
          position += chunk;
          n += chunk;
        }
        return n == 0 ? -1 : n;
      }
    }

    @Test
    void shouldStreamTwoMillionRowsAndKeepThemAll() throws IOException {
      GeneratedBars input = new GeneratedBars(ROWS);
      long[] kept = new long[1];
      double[] closeSum = new double[1];
      long[] volumeSum = new long[1];
      long[] lastMicros = new long[1];
      List<String> rejected = new java.util.ArrayList<>();
      new CsvBarReader("generated.csv", new BarValidator(ValidationLimits.DEFAULT, PriorBars.NONE))
          .read(input, new BarRowSink() {
            @Override
            public void accept(String symbol, long epochMicros, double open, double high, double low, double close,
                double volume) {
              kept[0]++;
              closeSum[0] += close;
              volumeSum[0] += (long) volume;
              lastMicros[0] = epochMicros;
            }

            @Override
            public void reject(long lineNumber, RejectReason reason, String detail, String rawText) {
              if (rejected.size() < 10) {
                rejected.add(lineNumber + " " + reason + " " + detail + ": " + rawText);
              }
            }
          });
      assertThat(rejected).isEmpty();
      assertThat(kept[0]).isEqualTo(ROWS);
      assertThat(closeSum[0]).isEqualTo(input.closeSum);
      assertThat(volumeSum[0]).isEqualTo(input.volumeSum);
      assertThat(lastMicros[0]).isEqualTo(
          (Instant.parse("2020-01-01T00:00:00Z").getEpochSecond() + (ROWS - 1) / 3 * 60L) * 1_000_000L);
    }
  }
}
