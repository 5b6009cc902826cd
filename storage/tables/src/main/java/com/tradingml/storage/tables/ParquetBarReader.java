package com.tradingml.storage.tables;

import com.tradingml.core.ingest.AsciiNumbers;
import com.tradingml.core.ingest.AsciiTimestamps;
import com.tradingml.core.ingest.BarColumns;
import com.tradingml.core.ingest.BarRowSink;
import com.tradingml.core.ingest.BarValidator;
import com.tradingml.core.ingest.InvalidInputException;
import com.tradingml.core.market.RejectReason;
import com.tradingml.core.market.Symbol;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads bars from a plain Parquet file with the CSV's columns (matched by name, case-insensitively;
 * volume optional) and applies the same checks in the same order as {@link com.tradingml.core.ingest.CsvBarReader}.
 *
 * <p>Accepted physical types: timestamp as INT64 with a UTC-adjusted TIMESTAMP annotation (millis,
 * micros, nanos), INT32 DATE (a daily bar at 00:00 UTC), INT96 (legacy, UTC), or a string parsed like
 * the CSV's; a timestamp not adjusted to UTC has no zone and is {@code BAD_TIMESTAMP}. Prices and volume
 * as DOUBLE, FLOAT, INT32, INT64 or DECIMAL. A null in a required column is {@code MALFORMED_ROW}. The
 * "line number" of a Parquet row is its 1-based row number; its "raw text" is the row's values joined
 * by commas in the file's column order.
 */
final class ParquetBarReader {

  private ParquetBarReader() {}

  static void read(Path file, BarValidator validator, BarRowSink sink) throws IOException {
    InputFile input = new LocalInputFile(file);
    try (ParquetReader<Group> reader = new GroupReaderBuilder(input).build()) {
      Group row = reader.read();
      if (row == null) {
        return;
      }
      int[] columns = columnPositions(row.getType(), file);
      long rowNumber = 0;
      while (row != null) {
        rowNumber++;
        readRow(row, columns, rowNumber, validator, sink);
        row = reader.read();
      }
    }
  }

  private static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
    GroupReaderBuilder(InputFile file) {
      super(file);
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }

  /** Positions of timestamp, symbol, open, high, low, close, volume (-1 if absent) in the file schema. */
  private static int[] columnPositions(GroupType schema, Path file) {
    List<String> names = new ArrayList<>();
    for (Type field : schema.getFields()) {
      names.add(field.getName());
    }
    BarColumns columns = BarColumns.fromHeader(names, file.toString());
    int[] positions = {columns.timestamp(), columns.symbol(), columns.open(), columns.high(), columns.low(),
        columns.close(), columns.volume()};
    for (int p : positions) {
      if (p >= 0 && !schema.getType(p).isPrimitive()) {
        throw new InvalidInputException(file + ": column '" + schema.getType(p).getName() + "' is not a primitive column");
      }
    }
    return positions;
  }

  private static void readRow(Group row, int[] c, long rowNumber, BarValidator validator, BarRowSink sink) {
    double open = number(row, c[2]);
    double high = number(row, c[3]);
    double low = number(row, c[4]);
    double close = number(row, c[5]);
    boolean volumePresent = c[6] >= 0 && row.getFieldRepetitionCount(c[6]) > 0;
    double volume = volumePresent ? number(row, c[6]) : Double.NaN;
    if (AsciiNumbers.isMalformed(open) || AsciiNumbers.isMalformed(high) || AsciiNumbers.isMalformed(low)
        || AsciiNumbers.isMalformed(close) || AsciiNumbers.isMalformed(volume)) {
      sink.reject(rowNumber, RejectReason.MALFORMED_ROW, "a price is null or not a number", rawText(row));
      return;
    }
    long timestamp = timestamp(row, c[0]);
    if (timestamp == AsciiTimestamps.INVALID) {
      sink.reject(rowNumber, RejectReason.BAD_TIMESTAMP, "null, zoneless or invalid timestamp", rawText(row));
      return;
    }
    String symbol = row.getFieldRepetitionCount(c[1]) == 0 ? "" : row.getString(c[1], 0).strip();
    String symbolProblem = Symbol.problemWith(symbol);
    if (symbolProblem != null) {
      sink.reject(rowNumber, RejectReason.EMPTY_SYMBOL, symbolProblem, rawText(row));
      return;
    }
    if (validator.offer(symbol, timestamp, open, high, low, close, volume, volumePresent)) {
      sink.accept(symbol, timestamp, open, high, low, close, volume);
    } else {
      sink.reject(rowNumber, validator.lastReason(), validator.lastDetail(), rawText(row));
    }
  }

  private static double number(Group row, int field) {
    if (row.getFieldRepetitionCount(field) == 0) {
      return AsciiNumbers.MALFORMED;
    }
    PrimitiveType type = row.getType().getType(field).asPrimitiveType();
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
      BigInteger unscaled = switch (type.getPrimitiveTypeName()) {
        case INT32 -> BigInteger.valueOf(row.getInteger(field, 0));
        case INT64 -> BigInteger.valueOf(row.getLong(field, 0));
        default -> new BigInteger(row.getBinary(field, 0).getBytes());
      };
      return new BigDecimal(unscaled, decimal.getScale()).doubleValue();
    }
    return switch (type.getPrimitiveTypeName()) {
      case DOUBLE -> row.getDouble(field, 0);
      case FLOAT -> row.getFloat(field, 0);
      case INT32 -> row.getInteger(field, 0);
      case INT64 -> row.getLong(field, 0);
      case BINARY -> {
        byte[] bytes = row.getBinary(field, 0).getBytes();
        yield AsciiNumbers.parseDouble(bytes, 0, bytes.length);
      }
      default -> AsciiNumbers.MALFORMED;
    };
  }

  private static long timestamp(Group row, int field) {
    if (row.getFieldRepetitionCount(field) == 0) {
      return AsciiTimestamps.INVALID;
    }
    PrimitiveType type = row.getType().getType(field).asPrimitiveType();
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    switch (type.getPrimitiveTypeName()) {
      case INT64 -> {
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
          if (!ts.isAdjustedToUTC()) {
            return AsciiTimestamps.INVALID;
          }
          long value = row.getLong(field, 0);
          return switch (ts.getUnit()) {
            case MILLIS -> Math.multiplyExact(value, 1_000L);
            case MICROS -> value;
            case NANOS -> value % 1_000 == 0 ? value / 1_000 : AsciiTimestamps.INVALID;
          };
        }
        return AsciiTimestamps.INVALID;
      }
      case INT32 -> {
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return row.getInteger(field, 0) * 86_400L * 1_000_000L;
        }
        return AsciiTimestamps.INVALID;
      }
      case INT96 -> {
        ByteBuffer buffer = ByteBuffer.wrap(row.getInt96(field, 0).getBytes()).order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = buffer.getLong();
        int julianDay = buffer.getInt();
        long epochDay = julianDay - 2_440_588L;
        return epochDay * 86_400_000_000L + nanosOfDay / 1_000;
      }
      case BINARY -> {
        byte[] bytes = row.getBinary(field, 0).getBytes();
        return AsciiTimestamps.parseEpochMicros(bytes, 0, bytes.length);
      }
      default -> {
        return AsciiTimestamps.INVALID;
      }
    }
  }

  private static String rawText(Group row) {
    StringJoiner joiner = new StringJoiner(",");
    GroupType schema = row.getType();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      joiner.add(row.getFieldRepetitionCount(i) == 0 ? "" : row.getValueToString(i, 0));
    }
    return joiner.toString();
  }
}
