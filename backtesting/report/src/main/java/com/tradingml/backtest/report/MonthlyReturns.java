package com.tradingml.backtest.report;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Calendar-month and calendar-year returns of an equity curve, in UTC.
 *
 * <p>Definition: a month's closing value is the curve's last (non-NaN) value with a timestamp in that month.
 * A month's return is its closing value over the previous closing value, minus one, where "previous" is the
 * closing value of the latest earlier month that has one (a month without any point has no return, and the
 * next month's return spans the gap) and, for the first month, the curve's first value: the first month is
 * a partial month, from the start of the backtest to its month end, and so is the last. Year returns are
 * defined the same way on calendar years, so they compound the year's months exactly. A return whose base
 * is not positive is NaN.
 *
 * <p>Immutable and thread-safe.
 *
 * @param months every month with at least one point, in time order
 * @param years every year with at least one point, in time order
 */
public record MonthlyReturns(List<MonthReturn> months, List<YearReturn> years) {

  /** One month's return (a fraction, 0.01 = +1%). */
  public record MonthReturn(YearMonth month, double value) {}

  /** One year's return (a fraction). */
  public record YearReturn(int year, double value) {}

  public MonthlyReturns {
    months = List.copyOf(months);
    years = List.copyOf(years);
  }

  public static MonthlyReturns of(long[] epochMillis, double[] equity) {
    if (epochMillis.length != equity.length) {
      throw new IllegalArgumentException(
          "times and equity differ in length: " + epochMillis.length + " vs " + equity.length);
    }
    List<MonthReturn> months = new ArrayList<>();
    List<YearReturn> years = new ArrayList<>();
    double monthBase = Double.NaN;
    double yearBase = Double.NaN;
    YearMonth currentMonth = null;
    double currentClose = Double.NaN;
    for (int i = 0; i < equity.length; i++) {
      double value = equity[i];
      if (Double.isNaN(value)) {
        continue;
      }
      YearMonth month = monthOf(epochMillis[i]);
      if (currentMonth == null) {
        monthBase = value;
        yearBase = value;
      } else if (!month.equals(currentMonth)) {
        months.add(new MonthReturn(currentMonth, ratio(currentClose, monthBase)));
        monthBase = currentClose;
        if (month.getYear() != currentMonth.getYear()) {
          years.add(new YearReturn(currentMonth.getYear(), ratio(currentClose, yearBase)));
          yearBase = currentClose;
        }
      }
      currentMonth = month;
      currentClose = value;
    }
    if (currentMonth != null) {
      months.add(new MonthReturn(currentMonth, ratio(currentClose, monthBase)));
      years.add(new YearReturn(currentMonth.getYear(), ratio(currentClose, yearBase)));
    }
    return new MonthlyReturns(months, years);
  }

  private static double ratio(double close, double base) {
    return base > 0 ? close / base - 1.0 : Double.NaN;
  }

  private static YearMonth monthOf(long epochMillis) {
    ZonedDateTime time = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
    return YearMonth.of(time.getYear(), time.getMonth());
  }
}
