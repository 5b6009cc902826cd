package com.tradingml.core.ingest;

import com.tradingml.core.market.RejectReason;
import com.tradingml.core.market.Symbol;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads bars from CSV (DESIGN.md "Input format for bars") and hands every row to a {@link BarRowSink}:
 * kept exactly as given, or rejected with the first reason it fails, in {@link RejectReason} order.
 * Streams: memory is the reader's buffer plus the validator's per-symbol state. Not thread-safe.
 */
public final class CsvBarReader {

  private final String source;
  private final BarValidator validator;
  private final SymbolInterner symbols = new SymbolInterner();

  public CsvBarReader(String source, BarValidator validator) {
    this.source = source;
    this.validator = validator;
  }

  /**
   * Reads the whole input. Throws {@link InvalidInputException} when the input has no usable header;
   * never for a bad row.
   */
  public void read(InputStream input, BarRowSink sink) throws IOException {
    try (CsvRecordReader records = new CsvRecordReader(input)) {
      if (!records.next()) {
        throw new InvalidInputException(source + ": empty input, expected the header " + BarColumns.HEADER);
      }
      if (records.malformation() != null) {
        throw new InvalidInputException(source + ": unreadable header (" + records.malformation() + ")");
      }
      List<String> header = new ArrayList<>(records.fieldCount());
      for (int i = 0; i < records.fieldCount(); i++) {
        header.add(records.fieldAsString(i));
      }
      BarColumns columns = BarColumns.fromHeader(header, source);
      while (records.next()) {
        readRow(records, columns, sink);
      }
    }
  }

  private void readRow(CsvRecordReader row, BarColumns columns, BarRowSink sink) {
    if (row.malformation() != null) {
      sink.reject(row.lineNumber(), RejectReason.MALFORMED_ROW, row.malformation(), row.rawText());
      return;
    }
    if (row.fieldCount() != columns.width()) {
      sink.reject(row.lineNumber(), RejectReason.MALFORMED_ROW,
          "expected " + columns.width() + " fields, found " + row.fieldCount(), row.rawText());
      return;
    }
    byte[] bytes = row.fieldBytes();
    double open = number(row, columns.open());
    double high = number(row, columns.high());
    double low = number(row, columns.low());
    double close = number(row, columns.close());
    boolean volumePresent = columns.hasVolume() && !isEmpty(row, columns.volume());
    double volume = volumePresent ? number(row, columns.volume()) : Double.NaN;
    if (AsciiNumbers.isMalformed(open) || AsciiNumbers.isMalformed(high) || AsciiNumbers.isMalformed(low)
        || AsciiNumbers.isMalformed(close) || AsciiNumbers.isMalformed(volume)) {
      sink.reject(row.lineNumber(), RejectReason.MALFORMED_ROW, unparsableFieldName(row, columns), row.rawText());
      return;
    }
    long timestamp = AsciiTimestamps.parseEpochMicros(bytes, row.fieldStart(columns.timestamp()),
        row.fieldEnd(columns.timestamp()));
    if (timestamp == AsciiTimestamps.INVALID) {
      sink.reject(row.lineNumber(), RejectReason.BAD_TIMESTAMP,
          "not an ISO-8601 date-time with a zone, nor a plain date: '" + row.fieldAsString(columns.timestamp()) + "'",
          row.rawText());
      return;
    }
    String symbol = symbol(row, columns.symbol());
    String symbolProblem = Symbol.problemWith(symbol);
    if (symbolProblem != null) {
      sink.reject(row.lineNumber(), RejectReason.EMPTY_SYMBOL, symbolProblem, row.rawText());
      return;
    }
    if (validator.offer(symbol, timestamp, open, high, low, close, volume, volumePresent)) {
      sink.accept(symbol, timestamp, open, high, low, close, volume);
    } else {
      sink.reject(row.lineNumber(), validator.lastReason(), validator.lastDetail(), row.rawText());
    }
  }

  private static double number(CsvRecordReader row, int field) {
    return AsciiNumbers.parseDouble(row.fieldBytes(), row.fieldStart(field), row.fieldEnd(field));
  }

  private static boolean isEmpty(CsvRecordReader row, int field) {
    byte[] bytes = row.fieldBytes();
    for (int i = row.fieldStart(field); i < row.fieldEnd(field); i++) {
      if (!AsciiNumbers.isBlank(bytes[i])) {
        return false;
      }
    }
    return true;
  }

  private String symbol(CsvRecordReader row, int field) {
    byte[] bytes = row.fieldBytes();
    int from = row.fieldStart(field);
    int to = row.fieldEnd(field);
    while (from < to && AsciiNumbers.isBlank(bytes[from])) {
      from++;
    }
    while (to > from && AsciiNumbers.isBlank(bytes[to - 1])) {
      to--;
    }
    return symbols.intern(bytes, from, to);
  }

  private static String unparsableFieldName(CsvRecordReader row, BarColumns columns) {
    int[] fields = {columns.open(), columns.high(), columns.low(), columns.close(), columns.volume()};
    for (int k = 0; k < fields.length; k++) {
      int field = fields[k];
      if (field != BarColumns.ABSENT && !(k == 4 && isEmpty(row, field)) && AsciiNumbers.isMalformed(number(row, field))) {
        return "field '" + BarColumns.NAMES.get(k + 2) + "' is not a number: '" + row.fieldAsString(field) + "'";
      }
    }
    return "unparsable number";
  }
}
