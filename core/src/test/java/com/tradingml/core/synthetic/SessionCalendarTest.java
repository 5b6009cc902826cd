package com.tradingml.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SessionCalendarTest {

  private static List<Instant> timestamps(SyntheticMarketSpec spec) {
    List<Instant> out = new ArrayList<>();
    SyntheticMarket.of(spec).generate((symbol, micros, o, h, l, c, v) -> {
      if (symbol.equals(spec.symbolName(0))) {
        out.add(Instant.ofEpochSecond(micros / 1_000_000L));
      }
    });
    return out;
  }

  @Test
  void shouldEmit390MinuteBarsPerNewYorkSessionAcrossTheDaylightSavingSwitch() {
    // 2024-03-10 (a Sunday) moved New York from UTC-5 to UTC-4: two weeks straddle it.
    SyntheticMarketSpec spec = SyntheticMarketSpec.builder().timeframe("1m").symbols(2)
        .startDate(LocalDate.of(2024, 3, 4)).barsPerSymbol(390 * 10).build();
    List<Instant> bars = timestamps(spec);
    Map<LocalDate, List<ZonedDateTime>> byDay = new TreeMap<>();
    for (Instant bar : bars) {
      ZonedDateTime local = bar.atZone(SessionCalendar.NEW_YORK);
      byDay.computeIfAbsent(local.toLocalDate(), d -> new ArrayList<>()).add(local);
    }
    assertThat(byDay).hasSize(10);
    for (Map.Entry<LocalDate, List<ZonedDateTime>> day : byDay.entrySet()) {
      List<ZonedDateTime> session = day.getValue();
      assertThat(day.getKey().getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
      assertThat(session).hasSize(390);
      assertThat(session.get(0).toLocalTime()).isEqualTo(LocalTime.of(9, 30));
      assertThat(session.get(389).toLocalTime()).isEqualTo(LocalTime.of(15, 59));
      for (int i = 1; i < session.size(); i++) {
        assertThat(session.get(i).toEpochSecond() - session.get(i - 1).toEpochSecond()).isEqualTo(60);
      }
    }
    assertThat(bars.get(0)).isEqualTo(Instant.parse("2024-03-04T14:30:00Z"));
    assertThat(bars.get(390 * 5)).isEqualTo(Instant.parse("2024-03-11T13:30:00Z"));
    assertThat(bars.get(bars.size() - 1)).isEqualTo(Instant.parse("2024-03-15T19:59:00Z"));
  }

  @Test
  void shouldEmitDailyBarsAtMidnightUtcOnWeekdaysOnlyStartingMondayAfterAWeekendStart() {
    SyntheticMarketSpec spec = SyntheticMarketSpec.builder().timeframe("1d").symbols(1)
        .startDate(LocalDate.of(2024, 1, 6)).barsPerSymbol(30).build();
    List<Instant> bars = timestamps(spec);
    assertThat(bars.get(0)).isEqualTo(Instant.parse("2024-01-08T00:00:00Z"));
    for (int i = 0; i < bars.size(); i++) {
      ZonedDateTime utc = bars.get(i).atZone(ZoneOffset.UTC);
      assertThat(utc.toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
      assertThat(utc.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
      if (i > 0) {
        assertThat(bars.get(i)).isAfter(bars.get(i - 1));
      }
    }
    // 30 weekdays from Monday 2024-01-08 end on Friday 2024-02-16.
    assertThat(bars.get(29)).isEqualTo(Instant.parse("2024-02-16T00:00:00Z"));
    assertThat(SessionCalendar.lastSessionDate(spec.timeframe(), spec.startDate(), 30)).isEqualTo(LocalDate.of(2024, 2, 16));
  }

  @Test
  void shouldFormatCsvTimestampsAsIsoUtcWithZ() throws Exception {
    SyntheticMarketSpec spec = SyntheticMarketSpec.builder().timeframe("1m").symbols(3).barsPerSymbol(800).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GenerationReport report = SyntheticMarket.of(spec).writeCsv(out);
    String[] lines = out.toString(StandardCharsets.US_ASCII).split("\n");
    assertThat(lines[1]).startsWith("2024-01-02T14:30:00Z,SYN000,");
    for (int i = 1; i < lines.length; i++) {
      assertThat(lines[i]).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:00Z,SYN00[0-2],.*");
    }
    assertThat(report.firstTimestamp()).isEqualTo(Instant.parse("2024-01-02T14:30:00Z"));
    // The 800th bar is the 20th of the third session (2024-01-04): 09:49 in New York, 14:49Z.
    assertThat(report.lastTimestamp()).isEqualTo(Instant.parse("2024-01-04T14:49:00Z"));
    assertThat(lines[lines.length - 1]).startsWith("2024-01-04T14:49:00Z,SYN002,");
  }
}
