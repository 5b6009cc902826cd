package com.tradingml.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AsciiNumbersTest {

  private static double parse(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    return AsciiNumbers.parseDouble(bytes, 0, bytes.length);
  }

  /** Compares bit for bit, so that -0.0 and 0.0 (and NaN payloads) are told apart. */
  private static void assertSameAsJdk(String text) {
    double expected = Double.parseDouble(text);
    double actual = parse(text);
    assertThat(Double.doubleToRawLongBits(actual))
        .as("'%s': expected %s, got %s", text, expected, actual)
        .isEqualTo(Double.doubleToRawLongBits(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-0", "+0", "0.0", "-0.0", "0.1", "0.2", "0.3", "1", "-1", "+1", "1.5", "100.25",
      ".5", "7.", "-.5", "+7.", "1e22", "1e23", "1E23", "9e22", "9007199254740993", "9007199254740992",
      "9007199254740995", "4.9e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
      "2.2250738585072011e-308", "2.2250738585072014e-308", "1.7976931348623157e308", "1.7976931348623158e308",
      "1e309", "-1e309", "1e-400", "-1e-400", "123456789012345", "1234567890123456", "12345678901234567",
      "123456789012345678", "1234567890123456789", "12345678901234567890123", "0.000000000000000000000000001",
      "000000000000000000000123.45", "1.00000000000000000000000000001", "3.141592653589793238462643383279",
      "1e0000000000000000000000001", "1e-0", "1e+5", "1E-5", "0e999999", "1e99999999999", "1e-99999999999",
      "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540"
          + "4581", "8.98846567431158e307", "5e-324", "2.5e-324", "123.456e-22", "123.456e22",
      "999999999999999.9", "0.30000000000000004", "  42.5  ", "\t42.5\t"})
  void shouldEqualDoubleParseDoubleOnEdgeCases(String text) {
    assertSameAsJdk(text);
  }

  @Test
  void shouldEqualDoubleParseDoubleOnRandomDecimalStrings() {
    Random random = new Random(20240315L);
    for (int n = 0; n < 100_000; n++) {
      assertSameAsJdk(randomDecimal(random));
    }
  }

  /** Random digits (1..25 of them), a random decimal point position, maybe an exponent, sign, leading zeros. */
  private static String randomDecimal(Random random) {
    StringBuilder text = new StringBuilder();
    switch (random.nextInt(3)) {
      case 0 -> text.append('-');
      case 1 -> text.append('+');
      default -> { }
    }
    int leadingZeros = random.nextInt(4) == 0 ? random.nextInt(6) : 0;
    text.append("0".repeat(leadingZeros));
    int digitCount = 1 + random.nextInt(25);
    int point = random.nextInt(digitCount + 2) - 1; // -1: no point; digitCount: trailing point
    for (int k = 0; k < digitCount; k++) {
      if (k == point) {
        text.append('.');
      }
      // Runs of 9s and 0s find rounding-boundary bugs more often than uniform digits.
      int style = random.nextInt(10);
      char digit = style == 0 ? '9' : style == 1 ? '0' : (char) ('0' + random.nextInt(10));
      text.append(digit);
    }
    if (point == digitCount) {
      text.append('.');
    }
    if (random.nextBoolean()) {
      text.append(random.nextBoolean() ? 'e' : 'E');
      int exponent = random.nextInt(61) - 30;
      if (exponent >= 0 && random.nextBoolean()) {
        text.append('+');
      }
      text.append(exponent);
    }
    return text.toString();
  }

  @Test
  void shouldEqualDoubleParseDoubleOnShortestReprOfRandomDoubles() {
    Random random = new Random(7L);
    for (int n = 0; n < 50_000; n++) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(value)) {
        assertSameAsJdk(Double.toString(value));
      }
      double price = random.nextDouble() * Math.pow(10, random.nextInt(12) - 4);
      assertSameAsJdk(Double.toString(price));
      assertSameAsJdk(new BigDecimal(price).setScale(6, RoundingMode.HALF_EVEN).toPlainString());
    }
  }

  @Test
  void shouldParseOnlyTheGivenRangeOfTheArray() {
    byte[] bytes = "x12.5,7e1y".getBytes(StandardCharsets.US_ASCII);
    assertThat(AsciiNumbers.parseDouble(bytes, 1, 5)).isEqualTo(12.5);
    assertThat(AsciiNumbers.parseDouble(bytes, 6, 9)).isEqualTo(70.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", "1.2.3", "1,5", "0x10", "0X1p3", "1e", "1e+", "1E-", "-", "+", ".", "-.",
      "+.e5", "e5", "1d", "1f", "1D", "1.0F", "abc", "1 5", "1e5.5", "--1", "+-1", "1-", "1e--5", "١", "NaNa",
      "Infinit", "infinityy", "nan1", "1_000", "∞", "１"})
  void shouldYieldMalformedForTextThatIsNotADecimalNumber(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    double value = AsciiNumbers.parseDouble(bytes, 0, bytes.length);
    assertThat(AsciiNumbers.isMalformed(value)).as("'%s' parsed to %s", text, value).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "nan", "NAN", "-NaN", "+nan", " NaN "})
  void shouldParseNanWordsToAWellFormedNan(String text) {
    double value = parse(text);
    assertThat(value).isNaN();
    assertThat(AsciiNumbers.isMalformed(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Inf", "inf", "+Inf", "Infinity", "INFINITY", "+infinity"})
  void shouldParseInfinityWordsToPositiveInfinity(String text) {
    assertThat(parse(text)).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-Inf", "-inf", "-Infinity", "-INFINITY"})
  void shouldParseNegativeInfinityWordsToNegativeInfinity(String text) {
    assertThat(parse(text)).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void shouldNeverReportAnArithmeticNanAsMalformed() {
    assertThat(AsciiNumbers.isMalformed(Double.NaN)).isFalse();
    assertThat(AsciiNumbers.isMalformed(0.0 / 0.0)).isFalse();
    assertThat(AsciiNumbers.isMalformed(Math.sqrt(-1))).isFalse();
    assertThat(AsciiNumbers.isMalformed(Double.POSITIVE_INFINITY - Double.POSITIVE_INFINITY)).isFalse();
    assertThat(AsciiNumbers.isMalformed(AsciiNumbers.MALFORMED)).isTrue();
  }
}
