package com.tradingml.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class MonthlyReturnsTest {

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void shouldChainMonthEndsAcrossAYearBoundary() {
    long[] times = {
      millis("2021-12-15T00:00:00Z"), millis("2021-12-31T23:59:59Z"), millis("2022-01-01T00:00:00Z"),
      millis("2022-01-31T00:00:00Z"), millis("2022-02-01T00:00:00Z")
    };
    double[] equity = {100, 110, 99, 121, 133.1};

    MonthlyReturns returns = MonthlyReturns.of(times, equity);

    assertThat(returns.months()).extracting(MonthlyReturns.MonthReturn::month)
        .containsExactly(YearMonth.of(2021, 12), YearMonth.of(2022, 1), YearMonth.of(2022, 2));
    // December from the first point (a partial month), January from December's close, February from January's.
    assertThat(returns.months().stream().mapToDouble(MonthlyReturns.MonthReturn::value).toArray())
        .containsExactly(new double[] {0.1, 0.1, 0.1}, within(1e-12));
    assertThat(returns.years()).extracting(MonthlyReturns.YearReturn::year).containsExactly(2021, 2022);
    assertThat(returns.years().get(0).value()).isCloseTo(0.1, within(1e-12));
    assertThat(returns.years().get(1).value()).isCloseTo(133.1 / 110 - 1, within(1e-12));
  }

  @Test
  void shouldSpanAMonthWithoutPointsFromTheLastClose() {
    long[] times = {millis("2023-01-10T00:00:00Z"), millis("2023-01-31T00:00:00Z"), millis("2023-03-15T00:00:00Z")};

    MonthlyReturns returns = MonthlyReturns.of(times, new double[] {100, 200, 300});

    assertThat(returns.months()).extracting(MonthlyReturns.MonthReturn::month)
        .containsExactly(YearMonth.of(2023, 1), YearMonth.of(2023, 3));
    assertThat(returns.months().get(1).value()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void shouldCompoundMonthsIntoTheYearExactly() {
    long[] times = new long[13];
    double[] equity = new double[13];
    times[0] = millis("2019-12-31T00:00:00Z");
    equity[0] = 100;
    for (int m = 1; m <= 12; m++) {
      times[m] = millis(String.format(java.util.Locale.ROOT, "2020-%02d-28T00:00:00Z", m));
      equity[m] = equity[m - 1] * (1 + 0.01 * (m % 3 - 1));
    }

    MonthlyReturns returns = MonthlyReturns.of(times, equity);

    double compounded = 1;
    for (MonthlyReturns.MonthReturn month : returns.months()) {
      if (month.month().getYear() == 2020) {
        compounded *= 1 + month.value();
      }
    }
    assertThat(returns.years().get(1).value()).isCloseTo(compounded - 1, within(1e-12));
  }

  @Test
  void shouldSkipAbsentValuesAndHandleEmptyAndSinglePoints() {
    assertThat(MonthlyReturns.of(new long[0], new double[0]).months()).isEmpty();

    MonthlyReturns single = MonthlyReturns.of(new long[] {millis("2024-05-05T00:00:00Z")}, new double[] {10});
    assertThat(single.months()).singleElement().satisfies(m -> assertThat(m.value()).isZero());

    MonthlyReturns absent = MonthlyReturns.of(new long[] {millis("2024-05-05T00:00:00Z")}, new double[] {Double.NaN});
    assertThat(absent.months()).isEmpty();
    assertThat(absent.years()).isEmpty();
  }
}
