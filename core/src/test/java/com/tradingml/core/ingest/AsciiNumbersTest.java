package com.tradingml.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
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

  // ---------------------------------------------------------------------------------------------
  // Eisel-Lemire path: large randomized bit-for-bit comparisons with Double.parseDouble.

  /** Compares bit for bit without AssertJ per case (millions of cases); collects the first mismatches. */
  private static final class Comparison {
    private final List<String> mismatches = new ArrayList<>();
    private long cases;

    void check(String text) {
      cases++;
      double expected = Double.parseDouble(text);
      double actual = parse(text);
      if (Double.doubleToRawLongBits(actual) != Double.doubleToRawLongBits(expected) && mismatches.size() < 20) {
        mismatches.add(String.format(Locale.ROOT, "'%s': expected %s, got %s", text, expected, actual));
      }
    }

    void assertNoMismatch(String what) {
      System.out.printf(Locale.ROOT, "AsciiNumbersTest %s: %,d cases compared bit for bit%n", what, cases);
      assertThat(mismatches).as("%s (%,d cases)", what, cases).isEmpty();
    }
  }

  @Test
  void shouldEqualDoubleParseDoubleOnLongSignificandsAcrossTheExponentRange() {
    Random random = new Random(0x5eed1619L);
    Comparison comparison = new Comparison();
    for (int n = 0; n < 1_000_000; n++) {
      int digitCount = 16 + random.nextInt(4);
      char[] digits = new char[digitCount];
      digits[0] = (char) ('1' + random.nextInt(9));
      for (int k = 1; k < digitCount; k++) {
        int style = random.nextInt(10);
        digits[k] = style == 0 ? '9' : style == 1 ? '0' : (char) ('0' + random.nextInt(10));
      }
      // The value's decimal exponent: from far below the subnormals to past the largest double.
      int valueExponent = -345 + random.nextInt(656);
      comparison.check(layout(new String(digits), valueExponent, random));
    }
    comparison.assertNoMismatch("16-19 significant digits, 10^-345..10^310");
  }

  /** Writes significant digits {@code d0 d1 ...} so that the value is {@code d0.d1... * 10^valueExponent}. */
  private static String layout(String digits, int valueExponent, Random random) {
    String sign = random.nextInt(4) == 0 ? "-" : "";
    int style = random.nextInt(4);
    if (style == 0 && valueExponent >= -25 && valueExponent <= 25) {
      // Plain: 123.456, 0.000123, 123000.
      int point = valueExponent + 1; // digits before the point
      if (point <= 0) {
        return sign + "0." + "0".repeat(-point) + digits;
      }
      if (point >= digits.length()) {
        return sign + digits + "0".repeat(point - digits.length());
      }
      return sign + digits.substring(0, point) + "." + digits.substring(point);
    }
    if (style == 1) {
      return sign + digits + "e" + (valueExponent - digits.length() + 1); // integer significand
    }
    if (style == 2) {
      int point = 1 + random.nextInt(digits.length()); // somewhere inside, with an exponent
      return sign + digits.substring(0, point) + "." + digits.substring(point) + "E" + (valueExponent - point + 1);
    }
    return sign + digits.charAt(0) + "." + digits.substring(1) + "e" + valueExponent;
  }

  @Test
  void shouldEqualDoubleParseDoubleAroundHalfwayPointsBetweenDoubles() {
    Random random = new Random(0xba1f3a7L);
    Comparison comparison = new Comparison();
    int[] precisions = {15, 16, 17, 18, 19, 20, 21, 25};
    for (int n = 0; n < 25_000; n++) {
      double d;
      switch (n % 5) {
        case 0 -> d = Math.abs(Double.longBitsToDouble(random.nextLong())); // any magnitude
        case 1 -> d = random.nextDouble() * Math.pow(10, random.nextInt(12) - 4); // prices
        case 2 -> d = Math.scalb(1.0 + random.nextDouble(), 53 + random.nextInt(14)); // integer halfways
        case 3 -> d = Double.longBitsToDouble(random.nextLong() & 0x000fffffffffffffL); // subnormals
        default -> d = Math.scalb(1.0 + random.nextDouble(), random.nextInt(2098) - 1074); // any binade
      }
      if (!Double.isFinite(d) || d == Double.MAX_VALUE) {
        continue;
      }
      BigDecimal low = new BigDecimal(d);
      BigDecimal halfway = low.add(new BigDecimal(Math.nextUp(d))).divide(BigDecimal.valueOf(2)); // exact
      comparison.check(halfway.toString());
      for (int precision : precisions) {
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.DOWN, RoundingMode.UP}) {
          BigDecimal near = halfway.round(new MathContext(precision, mode));
          comparison.check(near.toString());
          comparison.check(near.add(near.ulp()).toString()); // one unit in the last decimal digit
          comparison.check(near.subtract(near.ulp()).toString());
        }
      }
    }
    comparison.assertNoMismatch("around halfway points");
  }

  @Test
  void shouldRoundExactTiesToEven() {
    Random random = new Random(0x7e5L);
    Comparison comparison = new Comparison();
    for (int n = 0; n < 100_000; n++) {
      // A tie: an odd 54-bit integer times 2^j lies halfway between two neighbouring doubles.
      long odd = (1L << 53) | random.nextLong() & ((1L << 53) - 1) | 1;
      BigInteger tie = BigInteger.valueOf(odd).shiftLeft(random.nextInt(12));
      comparison.check(tie.toString());
      comparison.check(tie.add(BigInteger.ONE).toString());
      comparison.check(tie.subtract(BigInteger.ONE).toString());
      // Ties written as w * 10^q with q > 0: 5^q must divide the odd integer.
      int q = 1 + random.nextInt(22);
      BigInteger fiveToQ = BigInteger.valueOf(5).pow(q);
      BigInteger multiple = BigInteger.ONE.shiftLeft(53).divide(fiveToQ).add(BigInteger.ONE);
      multiple = multiple.add(BigInteger.valueOf(random.nextInt(1 << 20)));
      BigInteger odd54 = multiple.multiply(fiveToQ);
      if (!odd54.testBit(0)) {
        odd54 = odd54.add(fiveToQ);
      }
      if (odd54.bitLength() == 54) {
        BigInteger w = odd54.divide(fiveToQ).shiftLeft(random.nextInt(8));
        comparison.check(w + "e" + q); // w * 10^q = odd54 * 2^(shift + q)
        comparison.check(w.add(BigInteger.ONE) + "e" + q);
        comparison.check(w.subtract(BigInteger.ONE) + "e" + q);
      }
    }
    comparison.assertNoMismatch("exact ties");
  }

  @Test
  void shouldEqualDoubleParseDoubleOnPowersOfTen() {
    Comparison comparison = new Comparison();
    for (int e = -400; e <= 400; e++) {
      for (String significand : new String[] {"1", "10", "1000000000000000000", "9999999999999999999",
          "1000000000000000001", "18446744073709551615", "5", "25", "4.9", "2.2250738585072014",
          "1.7976931348623157"}) {
        comparison.check(significand + "e" + e);
        comparison.check("-" + significand + "E" + e);
      }
    }
    for (int zeros = 0; zeros <= 330; zeros++) {
      comparison.check("1" + "0".repeat(zeros));
      comparison.check("0." + "0".repeat(zeros) + "1");
      comparison.check("0." + "0".repeat(zeros) + "9999999999999999999");
    }
    comparison.assertNoMismatch("powers of ten");
  }

  @Test
  void shouldEqualDoubleParseDoubleOnManyShortestReprs() {
    Random random = new Random(0x5407e57L);
    Comparison comparison = new Comparison();
    for (int n = 0; n < 300_000; n++) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(value)) {
        comparison.check(Double.toString(value));
      }
      comparison.check(Double.toString(Double.longBitsToDouble(random.nextLong() & 0x000fffffffffffffL)));
      comparison.check(Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(12) - 4)));
    }
    comparison.assertNoMismatch("shortest reprs");
  }

  @Test
  void shouldLeaveOnlyExactHalfwayPointsToTheSlowPathInTheNormalRange() {
    Random random = new Random(0xe15e1L);
    int undecided = 0;
    int undecidedPrices = 0;
    for (int n = 0; n < 1_000_000; n++) {
      long w = 1 + random.nextInt(9); // 19 digits, unsigned (up to 9999999999999999999 > Long.MAX_VALUE)
      for (int k = 1; k < 19; k++) {
        w = w * 10 + random.nextInt(10);
      }
      int q = -300 + random.nextInt(600);
      long bits = AsciiNumbers.eiselLemire(w, q);
      String text = Long.toUnsignedString(w) + "e" + q;
      double expected = Double.parseDouble(text);
      if (bits == AsciiNumbers.UNDECIDED) {
        undecided++;
        // Only a tie needs the slow path: the exact value is halfway between the result and a neighbour.
        BigDecimal exact = new BigDecimal(text);
        BigDecimal twice = exact.multiply(BigDecimal.valueOf(2));
        BigDecimal result = new BigDecimal(expected);
        assertThat(twice.compareTo(result.add(new BigDecimal(Math.nextUp(expected)))) == 0
            || twice.compareTo(result.add(new BigDecimal(Math.nextDown(expected)))) == 0)
            .as("undecided %s is no halfway point", text).isTrue();
      } else {
        assertThat(bits).as(text).isEqualTo(Double.doubleToRawLongBits(expected));
      }
      // A 17-significant-digit price never needs the slow path.
      long price = 10_000_000_000_000_000L + (random.nextLong() >>> 1) % 90_000_000_000_000_000L;
      if (AsciiNumbers.eiselLemire(price, -14 + random.nextInt(4)) == AsciiNumbers.UNDECIDED) {
        undecidedPrices++;
      }
    }
    System.out.printf(Locale.ROOT, "AsciiNumbersTest: %d of 1,000,000 random 19-digit w * 10^q (|q| <= 300) were"
        + " exact ties left to the slow path; %d of 1,000,000 prices%n", undecided, undecidedPrices);
    assertThat(undecided).isLessThan(100);
    assertThat(undecidedPrices).isZero();
  }

  @Test
  void shouldDecideExactlyRepresentableValuesWithANegativeExponent() {
    Random random = new Random(0xd1adL);
    for (int n = 0; n < 100_000; n++) {
      // An integer double above 2^53 written with a trailing ".0" or "0e-1": w = 10 * value, q = -1.
      // Even and in [2^53, 2^54), so exactly representable; 17 digits.
      long value = ((1L << 53) + (random.nextLong() >>> 11)) & -(1L << (1 + random.nextInt(8)));
      long w = value * 10;
      assertThat(AsciiNumbers.eiselLemire(w, -1)).as("%d.0", value)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(value + ".0")));
      assertSameAsJdk(value + ".0");
    }
  }

  @Test
  void shouldCountLeadingDigitsInEightBytes() {
    for (int position = 0; position < 8; position++) {
      for (int b = 0; b < 256; b++) {
        byte[] bytes = "01234567".getBytes(StandardCharsets.US_ASCII);
        bytes[position] = (byte) b;
        long eight = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int expected = AsciiNumbers.isDigit((byte) b) ? 8 : position;
        assertThat(AsciiNumbers.leadingDigits(eight)).as("byte %d at %d", b, position).isEqualTo(expected);
      }
    }
  }

  @Test
  void shouldReadEightDigitsAtOnce() {
    Random random = new Random(8L);
    for (int n = 0; n < 20_000; n++) {
      String text = String.format(Locale.ROOT, "%08d", n == 0 ? 99_999_999 : random.nextInt(100_000_000));
      long eight = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)).order(ByteOrder.LITTLE_ENDIAN).getLong();
      assertThat(AsciiNumbers.eightDigitsValue(eight)).isEqualTo(Long.parseLong(text));
    }
  }

  @Test
  void shouldNotReadPastTheFieldEvenWhereDigitsFollowIt() {
    Random random = new Random(0xf1e1dL);
    Comparison comparison = new Comparison();
    for (int n = 0; n < 100_000; n++) {
      String text = n % 2 == 0 ? randomDecimal(random) : layout(randomDigits(random, 1 + random.nextInt(22)),
          random.nextInt(40) - 20, random);
      // Digits (or a point, or an exponent) right after the field: an 8-byte read must not take them in.
      String before = randomDigits(random, random.nextInt(10));
      String after = random.nextInt(3) == 0 ? "" : random.nextBoolean() ? randomDigits(random, 1 + random.nextInt(12))
          : ".5e1" + randomDigits(random, random.nextInt(9));
      byte[] bytes = (before + text + after).getBytes(StandardCharsets.US_ASCII);
      double expected = Double.parseDouble(text);
      double actual = AsciiNumbers.parseDouble(bytes, before.length(), before.length() + text.length());
      comparison.cases++;
      if (Double.doubleToRawLongBits(actual) != Double.doubleToRawLongBits(expected)) {
        comparison.mismatches.add(before + "[" + text + "]" + after + ": expected " + expected + ", got " + actual);
      }
    }
    comparison.assertNoMismatch("fields inside longer arrays");
  }

  private static String randomDigits(Random random, int count) {
    StringBuilder digits = new StringBuilder(count);
    for (int k = 0; k < count; k++) {
      digits.append((char) ((k == 0 ? '1' : '0') + random.nextInt(k == 0 ? 9 : 10)));
    }
    return digits.toString();
  }

  @Test
  void shouldAgreeWithDoubleParseDoubleWhenDigitsOffsetAnExponentTooLongToTrack() {
    // An exponent past the tracked limit can be offset by as many leading zeros: 10^-99994 * 10^1000000.
    assertSameAsJdk("0." + "0".repeat(99_993) + "1e1000000");
    assertSameAsJdk("1" + "0".repeat(99_999) + "e-1000000");
    assertSameAsJdk("1" + "0".repeat(99_999) + "e-100005");
    assertSameAsJdk("0." + "0".repeat(99_993) + "1e100010");
  }

  @ParameterizedTest
  @ValueSource(strings = {"31.776813246342861", "123.45678901234567", "0.1000000000000000055511151231257827",
      "9999999999999999999", "10000000000000000000", "18446744073709551615", "18446744073709551616",
      "36893488147419103232", "1.00000000000000011102230246251565404236316680908203125",
      "1.00000000000000011102230246251565404236316680908203124",
      "1.00000000000000011102230246251565404236316680908203126",
      "9007199254740993.0000000000000000001", "2.225073858507201136057409796709131975934819546351645648e-308",
      "4.4501477170144022721148195934182639518696390927032912960468522194496444440421538910330590478162701758282983"
          + "178260792422137401728773891892910553144148156412434867599762821265346585071045737627442980259622449029037"
          + "796981144446145705102663115100318287949527959668236039986479250965780342141637013812613333119898765515451"
          + "440315261253813266652951306000184917766328660755595837392240989947807556594098101021612198814605258742579"
          + "179000071675999344145086087205681577915435923018910334964869420614052182892431445797605163650903606514140"
          + "377217442262561590244668525767372446430075513332450079650686719491377688478005309963967709758965844137894"
          + "433796621993967316936280457084866613206797017728916080020698679408551343728867675409720757232455434770912"
          + "461317493580281734466552734375e-308", "1.7976931348623158079e308", "1.7976931348623158e308",
      "1.797693134862315807937289714053e308", "2.2250738585072011e-308", "2.2250738585072012e-308",
      "1e-342", "1e-343", "9999999999999999999e-343", "1e308", "1e309", "0.9999999999999999999e309"})
  void shouldEqualDoubleParseDoubleOnLongSignificandEdgeCases(String text) {
    assertSameAsJdk(text);
    assertSameAsJdk("-" + text);
  }

  // ---------------------------------------------------------------------------------------------
  // Measurement (printed, never asserted). Off by default, like the other throughput measurements; run with
  // mvn -B -pl core test -Dtest=AsciiNumbersTest -Dascii.numbers.throughput=true
  // (the figures are in core/target/surefire-reports/...AsciiNumbersTest-output.txt).

  @Test
  @EnabledIfSystemProperty(named = "ascii.numbers.throughput", matches = "true")
  void shouldMeasureParsingTenMillionSeventeenDigitPrices() {
    Random random = new Random(17L);
    int distinct = 1_000_000;
    int passes = 10;
    byte[] bytes = new byte[distinct * 18];
    int[] offsets = new int[distinct + 1];
    int p = 0;
    for (int k = 0; k < distinct; k++) {
      offsets[k] = p;
      int integerDigits = 1 + random.nextInt(4); // 1.2345678901234567 .. 1234.5678901234567
      bytes[p++] = (byte) ('1' + random.nextInt(9));
      for (int digit = 1; digit < 17; digit++) {
        if (digit == integerDigits) {
          bytes[p++] = '.';
        }
        bytes[p++] = (byte) ('0' + random.nextInt(10));
      }
    }
    offsets[distinct] = p;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] before = new double[2];
    double[] after = new double[2];
    long checksumBefore = 0;
    long checksumAfter = 0;
    for (int round = 0; round < 4; round++) { // the first round warms up; the best of the others counts
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      long checksum = 0;
      for (int pass = 0; pass < passes; pass++) {
        for (int k = 0; k < distinct; k++) {
          // What the previous version did for every field with more than 15 significant digits.
          String text = new String(bytes, offsets[k], offsets[k + 1] - offsets[k], StandardCharsets.US_ASCII);
          checksum += Double.doubleToRawLongBits(Double.parseDouble(text));
        }
      }
      record(before, round, System.nanoTime() - wall, threads.getCurrentThreadCpuTime() - cpu);
      checksumBefore = checksum;
      cpu = threads.getCurrentThreadCpuTime();
      wall = System.nanoTime();
      checksum = 0;
      for (int pass = 0; pass < passes; pass++) {
        for (int k = 0; k < distinct; k++) {
          checksum += Double.doubleToRawLongBits(AsciiNumbers.parseDouble(bytes, offsets[k], offsets[k + 1]));
        }
      }
      record(after, round, System.nanoTime() - wall, threads.getCurrentThreadCpuTime() - cpu);
      checksumAfter = checksum;
    }
    long parses = (long) distinct * passes;
    System.out.printf(Locale.ROOT, "AsciiNumbers throughput, %,d parses of 17-significant-digit prices (load average"
        + " %.2f on %d processors):%n", parses, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    printThroughput("before (Double.parseDouble(new String))", before, parses);
    printThroughput("after  (AsciiNumbers.parseDouble)      ", after, parses);
    System.out.printf(Locale.ROOT, "  speed-up (CPU time): %.1fx%n", before[1] / after[1]);
    assertThat(checksumAfter).isEqualTo(checksumBefore); // same values; nothing is asserted about time
  }

  private static void printThroughput(String label, double[] best, long parses) {
    System.out.printf(Locale.ROOT, "  %s: %.0f ms wall, %.0f ms CPU, %.1f ns/parse, %.1f M parses/s%n", label,
        best[0] / 1e6, best[1] / 1e6, best[1] / parses, parses * 1e3 / best[1]);
  }

  /** Keeps the best (least CPU) of the measured rounds; round 0 is warm-up. */
  private static void record(double[] best, int round, long wallNanos, long cpuNanos) {
    if (round == 1 || (round > 1 && cpuNanos < best[1])) {
      best[0] = wallNanos;
      best[1] = cpuNanos;
    }
  }
}
