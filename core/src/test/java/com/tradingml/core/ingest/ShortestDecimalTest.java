package com.tradingml.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShortestDecimalTest {

  @Test
  void shouldRenderKnownValuesInPlainNotation() {
    assertThat(ShortestDecimal.toString(0.1)).isEqualTo("0.1");
    assertThat(ShortestDecimal.toString(100.0)).isEqualTo("100");
    assertThat(ShortestDecimal.toString(1.0)).isEqualTo("1");
    assertThat(ShortestDecimal.toString(123.456)).isEqualTo("123.456");
    assertThat(ShortestDecimal.toString(0.002)).isEqualTo("0.002");
    assertThat(ShortestDecimal.toString(1e-5)).isEqualTo("0.00001");
    assertThat(ShortestDecimal.toString(1.5e7)).isEqualTo("15000000");
    assertThat(ShortestDecimal.toString(-2.5)).isEqualTo("-2.5");
    assertThat(ShortestDecimal.toString(0.0)).isEqualTo("0");
    assertThat(ShortestDecimal.toString(-0.0)).isEqualTo("-0");
    // Java 17's Double.toString gives "1.0E23" and, for 2e23, the non-shortest "2.0000000000000002E23".
    assertThat(ShortestDecimal.toString(1e23)).isEqualTo("1" + "0".repeat(23));
    assertThat(ShortestDecimal.toString(2e23)).isEqualTo("2" + "0".repeat(23));
    assertThat(ShortestDecimal.toString(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(ShortestDecimal.toString(Double.MIN_VALUE)).isEqualTo("0." + "0".repeat(323) + "5");
  }

  @Test
  void shouldWriteTheShortestDecimalThatParsesBackToTheSameDouble() {
    SplittableRandom random = new SplittableRandom(20240102);
    for (int i = 0; i < 30_000; i++) {
      assertShortestRoundTrip(Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL));
    }
    for (int i = 0; i < 60_000; i++) {
      // Prices across the whole accepted range [1e-8, 1e9).
      assertShortestRoundTrip(StrictMath.exp(StrictMath.log(1e-8) + random.nextDouble() * StrictMath.log(1e17)));
    }
    for (int e = -1074; e <= 1023; e++) {
      // Powers of two: the irregular rounding interval.
      assertShortestRoundTrip(Math.scalb(1.0, e));
    }
    for (double v : new double[] {Double.MIN_NORMAL, Double.MAX_VALUE, 9007199254740993.0, 4503599627370497.5,
        Math.nextUp(1.0), Math.nextDown(1.0), 2.2250738585072009e-308, 1e22, 5e-324}) {
      assertShortestRoundTrip(v);
    }
  }

  private static void assertShortestRoundTrip(double value) {
    String text = ShortestDecimal.toString(value);
    assertThat(text).as("plain notation for %s", value).matches("[0-9]+(\\.[0-9]+)?");
    assertThat(Double.parseDouble(text)).as("round trip of %s", text).isEqualTo(value);
    assertThat(text.length()).isLessThanOrEqualTo(ShortestDecimal.MAX_LENGTH);
    BigDecimal oracle = ShortestDecimal.shortestSlow(value);
    assertThat(new BigDecimal(text)).as("shortest and closest for %s", value).isEqualByComparingTo(oracle);
    assertThat(ShortestDecimal.toString(-value)).isEqualTo("-" + text);
  }

  @Test
  void shouldComputeTheFloorLogarithmsExactlyOverTheDoubleRange() {
    for (int q = -1100; q <= 1100; q++) {
      BigDecimal power = q >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(q))
          : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-q)));
      assertThat(ShortestDecimal.flog10pow2(q)).as("floor(log10(2^%d))", q).isEqualTo(floorLog10(power));
      assertThat(ShortestDecimal.flog10ThreeQuartersPow2(q)).as("floor(log10(3/4 2^%d))", q)
          .isEqualTo(floorLog10(power.multiply(new BigDecimal("0.75"))));
    }
    for (int e = -400; e <= 400; e++) {
      BigInteger power = BigInteger.TEN.pow(Math.abs(e));
      int expected = e >= 0 ? power.bitLength() - 1 : -power.bitLength();
      assertThat(ShortestDecimal.flog2pow10(e)).as("floor(log2(10^%d))", e).isEqualTo(expected);
    }
  }

  private static int floorLog10(BigDecimal positive) {
    return positive.precision() - positive.scale() - 1;
  }

  @Test
  void shouldWriteWholeNumbersWithoutPadding() {
    byte[] buffer = new byte[32];
    long[] values = {0, 7, 9, 10, 99, 100, 12_345, 99_999_999, 100_000_000, 123_456_789_012L, 999_999_999_999_999_999L};
    for (long value : values) {
      int end = ShortestDecimal.writeLong(value, buffer, 3);
      assertThat(new String(buffer, 3, end - 3, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo(Long.toString(value));
    }
  }

  @Test
  void shouldRejectNonFiniteValues() {
    assertThatThrownBy(() -> ShortestDecimal.toString(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> ShortestDecimal.toString(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
  }
}
