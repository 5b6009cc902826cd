package com.tradingml.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AsciiTimestampsTest {

  private static long parse(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return AsciiTimestamps.parseEpochMicros(bytes, 0, bytes.length);
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  @Test
  void shouldEqualOffsetDateTimeParseOnRandomDateTimesWithOffsetsAndFractions() {
    Random random = new Random(1800_2199L);
    LocalDateTime first = LocalDateTime.of(AsciiTimestamps.MIN_YEAR, 1, 1, 0, 0);
    long span = ChronoUnit.SECONDS.between(first, LocalDateTime.of(AsciiTimestamps.MAX_YEAR + 1, 1, 1, 0, 0));
    for (int n = 0; n < 30_000; n++) {
      LocalDateTime local = first.plusSeconds(Math.floorMod(random.nextLong(), span));
      int fractionDigits = random.nextInt(8); // 0: none; 7: a zero seventh digit
      StringBuilder text = new StringBuilder(local.toLocalDate().toString())
          .append(random.nextInt(5) == 0 ? ' ' : 'T')
          .append(String.format("%02d:%02d:%02d", local.getHour(), local.getMinute(), local.getSecond()));
      if (fractionDigits > 0) {
        text.append('.');
        for (int k = 0; k < Math.min(fractionDigits, 6); k++) {
          text.append((char) ('0' + random.nextInt(10)));
        }
        if (fractionDigits == 7) {
          text.append('0');
        }
      }
      int offsetMinutes = random.nextInt(3) == 0 ? 0 : (random.nextInt(18 * 60 * 2 + 1) - 18 * 60);
      String zone = offsetMinutes == 0 && random.nextBoolean() ? "Z"
          : ZoneOffset.ofTotalSeconds(offsetMinutes * 60).getId().replace("Z", "+00:00");
      text.append(zone);
      String iso = text.toString();
      long expected = micros(OffsetDateTime.parse(iso.replace(' ', 'T')).toInstant());
      assertThat(parse(iso)).as(iso).isEqualTo(expected);
    }
  }

  @Test
  void shouldEqualLocalDateAtUtcMidnightOnRandomPlainDates() {
    Random random = new Random(42L);
    long firstDay = LocalDate.of(AsciiTimestamps.MIN_YEAR, 1, 1).toEpochDay();
    long lastDay = LocalDate.of(AsciiTimestamps.MAX_YEAR, 12, 31).toEpochDay();
    for (int n = 0; n < 20_000; n++) {
      LocalDate date = LocalDate.ofEpochDay(firstDay + Math.floorMod(random.nextLong(), lastDay - firstDay + 1));
      long expected = micros(date.atStartOfDay(ZoneOffset.UTC).toInstant());
      assertThat(parse(date.toString())).as(date.toString()).isEqualTo(expected);
    }
  }

  @Test
  void shouldAcceptEveryDayOfTheSupportedYearsAndNoOther() {
    for (int year = AsciiTimestamps.MIN_YEAR; year <= AsciiTimestamps.MAX_YEAR; year++) {
      for (int month = 1; month <= 12; month++) {
        for (int day = 1; day <= 31; day++) {
          String text = year + "-" + twoDigits(month) + "-" + twoDigits(day) + "T12:00:00Z";
          boolean real = day <= YearMonth.of(year, month).lengthOfMonth();
          long expected = real
              ? (LocalDate.of(year, month, day).toEpochDay() * 86_400L + 12 * 3_600L) * 1_000_000L
              : AsciiTimestamps.INVALID;
          assertThat(parse(text)).as(text).isEqualTo(expected);
        }
      }
    }
  }

  private static String twoDigits(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }

  @ParameterizedTest
  @CsvSource(delimiterString = "|", value = {
      "2024-03-15T14:30:00Z          | 2024-03-15T14:30:00Z",
      "2024-03-15t14:30:00z          | 2024-03-15T14:30:00Z",
      "2024-03-15 14:30:00Z          | 2024-03-15T14:30:00Z",
      "2024-03-15T09:30:00-05:00     | 2024-03-15T14:30:00Z",
      "2024-03-15T09:30:00-0500      | 2024-03-15T14:30:00Z",
      "2024-03-15T09:30-0500         | 2024-03-15T14:30:00Z",
      "2024-03-15T09:30-05           | 2024-03-15T14:30:00Z",
      "2024-03-15T20:00:00+05:30     | 2024-03-15T14:30:00Z",
      "2024-03-15T20:00:00+0530      | 2024-03-15T14:30:00Z",
      "2024-03-15T14:30Z             | 2024-03-15T14:30:00Z",
      "2024-03-15T14:30:00.5Z        | 2024-03-15T14:30:00.500Z",
      "2024-03-15T14:30:00,25Z       | 2024-03-15T14:30:00.250Z",
      "2024-03-15T14:30:00.123456Z   | 2024-03-15T14:30:00.123456Z",
      "2024-03-15T14:30:00.1234560Z  | 2024-03-15T14:30:00.123456Z",
      "2024-03-15T14:30:00.000000000Z | 2024-03-15T14:30:00Z",
      "2024-01-01T02:00:00+18:00     | 2023-12-31T08:00:00Z",
      "2024-01-01T02:00:00-18:00     | 2024-01-01T20:00:00Z",
      "2024-01-01T00:00:00-00:00     | 2024-01-01T00:00:00Z",
      "2024-03-15                    | 2024-03-15T00:00:00Z",
      "2000-02-29                    | 2000-02-29T00:00:00Z",
      "2024-02-29T23:59:59.999999Z   | 2024-02-29T23:59:59.999999Z",
      "1800-01-01T00:00:00Z          | 1800-01-01T00:00:00Z",
      "2199-12-31T23:59:59Z          | 2199-12-31T23:59:59Z",
      "1800-01-01T00:30:00+01:00     | 1799-12-31T23:30:00Z",
      "1969-12-31T23:59:59.999999Z   | 1969-12-31T23:59:59.999999Z"})
  void shouldConvertAcceptedFormsToUtcEpochMicros(String text, String expectedInstant) {
    assertThat(parse(text)).isEqualTo(micros(Instant.parse(expectedInstant)));
  }

  @Test
  void shouldIgnoreSurroundingSpacesAndTabs() {
    assertThat(parse(" \t2024-03-15T14:30:00Z \t")).isEqualTo(micros(Instant.parse("2024-03-15T14:30:00Z")));
    assertThat(parse("  2024-03-15  ")).isEqualTo(micros(Instant.parse("2024-03-15T00:00:00Z")));
  }

  @Test
  void shouldParseOnlyTheGivenRangeOfTheArray() {
    byte[] bytes = "x,2024-03-15T14:30:00Z,IBM".getBytes(StandardCharsets.US_ASCII);
    assertThat(AsciiTimestamps.parseEpochMicros(bytes, 2, 22)).isEqualTo(micros(Instant.parse("2024-03-15T14:30:00Z")));
    assertThat(AsciiTimestamps.parseEpochMicros(bytes, 2, 21)).isEqualTo(AsciiTimestamps.INVALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "garbage", "2024", "2024-03", "2024-3-15", "2024-03-5", "2024/03/15", "20240315", "15-03-2024",
      "2023-02-29", "2100-02-29", "1900-02-29", "2024-02-30", "2024-04-31", "2024-13-01", "2024-00-10",
      "2024-01-00", "2024-01-32", "1799-12-31", "2200-01-01", "0000-01-01", "+2024-03-15", "-2024-03-15",
      "2023-02-29T00:00:00Z", "1900-02-29T12:00:00Z",
      "2024-03-15T14:30:00", "2024-03-15T14:30", "2024-03-15T14:30:00.123", "2024-03-15 14:30:00",
      "2024-03-15T24:00:00Z", "2024-03-15T23:60:00Z", "2024-03-15T23:59:60Z", "2024-03-15T25:00Z",
      "2024-03-15T14:30:00+19:00", "2024-03-15T14:30:00-19:00", "2024-03-15T14:30:00+18:01",
      "2024-03-15T14:30:00+05:60", "2024-03-15T14:30:00+5:30", "2024-03-15T14:30:00+05:3",
      "2024-03-15T14:30:00+053", "2024-03-15T14:30:00+05:30:00", "2024-03-15T14:30:00 Z",
      "2024-03-15T14:30:00.1234567Z", "2024-03-15T14:30:00.0000001Z", "2024-03-15T14:30:00.Z",
      "2024-03-15T14:30:00.12a4Z", "2024-03-15T14:30.5Z", "2024-03-15T14:30:0Z", "2024-03-15T1:30:00Z",
      "2024-03-15T14-30-00Z", "2024-03-15X14:30:00Z", "2024-03-15T", "2024-03-15TZ", "2024-03-15T14:30:00ZZ",
      "2024-03-15T14:30:00Zulu", "2024-03-15T14:30:00UTC", "2024-03-15T14:30:00GMT+1", "2024-03-15T14:30:00+",
      "2024-03-15T14:30:00+ab:cd", "2024-03-15T14:30:00[Europe/Paris]", "2024-03-15T14:30:00Z garbage",
      "2024-03-1５", "２024-03-15", "2024-03-15T14:3O:00Z", "NaN", "1710513000"})
  void shouldRejectInvalidTimestamps(String text) {
    assertThat(parse(text)).as(text).isEqualTo(AsciiTimestamps.INVALID);
  }
}
