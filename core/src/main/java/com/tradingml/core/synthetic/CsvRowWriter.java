package com.tradingml.core.synthetic;

import com.tradingml.core.ingest.ShortestDecimal;
import com.tradingml.core.ingest.BarColumns;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Writes generated bars as CSV (DESIGN.md "Input format for bars"): the header
 * {@code timestamp,symbol,open,high,low,close,volume}, LF line ends, timestamps
 * {@code 2024-01-02T14:30:00Z}, prices as {@link ShortestDecimal} (shortest round-trip, plain
 * notation), volume as a whole number.
 *
 * <p>Built for tens of millions of rows: rows are assembled as ASCII in one 1 MiB array that goes to
 * the stream in whole chunks (the job of a BufferedOutputStream, minus a call per field); the
 * timestamp text is formatted once per distinct timestamp (all symbols of a time step share it) and
 * its date part once per day; symbol names are encoded once. No allocation per row. Not thread-safe.
 */
final class CsvRowWriter implements SyntheticMarket.RowSink {

  private static final int BUFFER_SIZE = 1 << 20;
  /** The longest possible row: timestamp, symbol, four prices and a volume, with separators. */
  private static final int MAX_ROW = 20 + 1 + 64 + 4 * (ShortestDecimal.MAX_LENGTH + 1) + 20 + 1;

  private final OutputStream out;
  private final byte[][] symbols;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int position;
  private final byte[] timestamp = new byte[20];
  private long timestampSecond = Long.MIN_VALUE;
  private long timestampDay = Long.MIN_VALUE;

  CsvRowWriter(OutputStream out, String[] symbolNames) {
    this.out = out;
    this.symbols = new byte[symbolNames.length][];
    for (int i = 0; i < symbolNames.length; i++) {
      symbols[i] = symbolNames[i].getBytes(StandardCharsets.US_ASCII);
    }
    timestamp[10] = 'T';
    timestamp[13] = ':';
    timestamp[16] = ':';
    timestamp[19] = 'Z';
  }

  void writeHeader() throws IOException {
    byte[] header = (BarColumns.HEADER + "\n").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(header, 0, buffer, position, header.length);
    position += header.length;
  }

  @Override
  public void bar(int symbol, long epochSecond, double open, double high, double low, double close, long volume)
      throws IOException {
    if (position > BUFFER_SIZE - MAX_ROW) {
      flushBuffer();
    }
    if (epochSecond != timestampSecond) {
      formatTimestamp(epochSecond);
    }
    byte[] b = buffer;
    int p = position;
    System.arraycopy(timestamp, 0, b, p, 20);
    p += 20;
    b[p++] = ',';
    byte[] name = symbols[symbol];
    System.arraycopy(name, 0, b, p, name.length);
    p += name.length;
    b[p++] = ',';
    p = ShortestDecimal.write(open, b, p);
    b[p++] = ',';
    p = ShortestDecimal.write(high, b, p);
    b[p++] = ',';
    p = ShortestDecimal.write(low, b, p);
    b[p++] = ',';
    p = ShortestDecimal.write(close, b, p);
    b[p++] = ',';
    p = ShortestDecimal.writeLong(volume, b, p);
    b[p++] = '\n';
    position = p;
  }

  private void formatTimestamp(long epochSecond) {
    long day = Math.floorDiv(epochSecond, 86_400L);
    if (day != timestampDay) {
      LocalDate date = LocalDate.ofEpochDay(day);
      ShortestDecimal.writeFixed(date.getYear(), 4, timestamp, 0);
      timestamp[4] = '-';
      ShortestDecimal.writeFixed(date.getMonthValue(), 2, timestamp, 5);
      timestamp[7] = '-';
      ShortestDecimal.writeFixed(date.getDayOfMonth(), 2, timestamp, 8);
      timestampDay = day;
    }
    int secondOfDay = (int) (epochSecond - day * 86_400L);
    ShortestDecimal.writeFixed(secondOfDay / 3600, 2, timestamp, 11);
    ShortestDecimal.writeFixed(secondOfDay / 60 % 60, 2, timestamp, 14);
    ShortestDecimal.writeFixed(secondOfDay % 60, 2, timestamp, 17);
    timestampSecond = epochSecond;
  }

  private void flushBuffer() throws IOException {
    out.write(buffer, 0, position);
    position = 0;
  }

  /** Writes what is buffered and flushes the stream (does not close it). */
  void finish() throws IOException {
    flushBuffer();
    out.flush();
  }
}
