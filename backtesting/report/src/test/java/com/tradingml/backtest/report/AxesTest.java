package com.tradingml.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AxesTest {

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void shouldPickYearTicksForADecade() {
    assertThat(TimeTicks.of(millis("1991-01-02T00:00:00Z"), millis("2000-12-29T00:00:00Z"), 8))
        .extracting(TimeTicks.Tick::label)
        .containsExactly("1992", "1994", "1996", "1998", "2000");
  }

  @Test
  void shouldPickMonthTicksForAYear() {
    assertThat(TimeTicks.of(millis("2023-01-03T00:00:00Z"), millis("2023-12-29T00:00:00Z"), 8))
        .extracting(TimeTicks.Tick::label)
        .containsExactly("Mar 2023", "May 2023", "Jul 2023", "Sep 2023", "Nov 2023");
  }

  @Test
  void shouldPickTimeOfDayTicksForOneSession() {
    assertThat(TimeTicks.of(millis("2024-03-01T14:30:00Z"), millis("2024-03-01T21:00:00Z"), 8))
        .extracting(TimeTicks.Tick::label)
        .containsExactly("15:00", "16:00", "17:00", "18:00", "19:00", "20:00", "21:00");
  }

  @Test
  void shouldSkipIntradayTicksForDailyBars() {
    assertThat(TimeTicks.of(millis("2024-01-01T00:00:00Z"), millis("2024-01-03T00:00:00Z"), 8, true))
        .extracting(TimeTicks.Tick::label)
        .containsExactly("2024-01-01", "2024-01-02", "2024-01-03");
  }

  @Test
  void shouldRoundValueAxesToNiceSteps() {
    ValueAxis axis = ValueAxis.covering(-0.1482, 0, 4, ValueAxis.Style.PERCENT);

    assertThat(axis.step()).isEqualTo(0.05);
    assertThat(axis.ticks()).extracting(axis::label).containsExactly("-15%", "-10%", "-5%", "0%");
    ValueAxis money = ValueAxis.covering(83_000, 178_000, 5, ValueAxis.Style.COMPACT);
    assertThat(money.ticks()).extracting(money::label).containsExactly("80k", "100k", "120k", "140k", "160k", "180k");
  }

  @Test
  void shouldWidenAZeroRange() {
    ValueAxis axis = ValueAxis.covering(0, 0, 4, ValueAxis.Style.PERCENT);

    assertThat(axis.low()).isLessThan(0);
    assertThat(axis.high()).isGreaterThan(0).isLessThanOrEqualTo(0.02);
  }
}
