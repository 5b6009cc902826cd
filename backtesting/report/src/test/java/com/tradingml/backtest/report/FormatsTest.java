package com.tradingml.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class FormatsTest {

  @Test
  void shouldFormatPercentagesWithSignAndNeverNegativeZero() {
    assertThat(Formats.signedPercent(0.01234)).isEqualTo("+1.23%");
    assertThat(Formats.signedPercent(-0.5)).isEqualTo("-50.00%");
    assertThat(Formats.signedPercent(-0.000001)).isEqualTo("0.00%");
    assertThat(Formats.percent(Double.NaN)).isEqualTo(Formats.UNDEFINED);
  }

  @Test
  void shouldFormatNumbersIndependentlyOfTheDefaultLocale() {
    Locale original = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(Formats.number(1234567.891)).isEqualTo("1,234,567.89");
      assertThat(Formats.number(100000.0)).isEqualTo("100,000");
      assertThat(Formats.number(0.123456789)).isEqualTo("0.123457");
      assertThat(Formats.number(-2.5)).isEqualTo("-2.5");
      assertThat(Formats.number(1.5e-9)).isEqualTo("1.5E-9");
      assertThat(Formats.integer(-1234)).isEqualTo("-1,234");
      assertThat(Formats.price(93.2)).isEqualTo("93.20");
      assertThat(Formats.price(0.000123456)).isEqualTo("0.000123");
    } finally {
      Locale.setDefault(original);
    }
  }

  @Test
  void shouldFormatSummaryValuesByType() {
    assertThat(Formats.value(null)).isEqualTo(Formats.UNDEFINED);
    assertThat(Formats.value(42)).isEqualTo("42");
    assertThat(Formats.value(new BigDecimal("0.100"))).isEqualTo("0.100");
    assertThat(Formats.value(Instant.parse("2024-01-02T03:04:05Z"))).isEqualTo("2024-01-02T03:04:05Z");
    assertThat(Formats.value(Double.POSITIVE_INFINITY)).isEqualTo("\u221e");
  }

  @Test
  void shouldWriteShortDeterministicCoordinatesAndJsonNumbers() {
    assertThat(Formats.coordinate(12.345)).isEqualTo("12.3");
    assertThat(Formats.coordinate(12.0)).isEqualTo("12");
    assertThat(Formats.coordinate(-0.25)).isEqualTo("-0.2");
    assertThat(Formats.coordinate(-3.26)).isEqualTo("-3.3");
    assertThat(Formats.json(Double.NaN)).isEqualTo("null");
    assertThat(Formats.json(123456.789)).isEqualTo("123456.8");
  }

  @Test
  void shouldEscapeHtmlAndScriptSafeJson() {
    assertThat(Html.escape("<script>alert('x')</script> & \"q\""))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    assertThat(Html.escape("plain")).isEqualTo("plain");
    assertThat(Html.jsonString("</script><!--\"\\\n"))
        .isEqualTo("\"\\u003c/script\\u003e\\u003c!--\\\"\\\\\\n\"");
  }
}
