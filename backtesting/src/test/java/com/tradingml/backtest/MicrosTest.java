package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.risk.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The exact micro-unit arithmetic of the hot path agrees with core's Money and with BigDecimal. */
class MicrosTest {

  @Test
  void shouldConvertPricesExactlyAsMoneyOfUnits() {
    SplittableRandom random = new SplittableRandom(17);
    double[] fixed = {27.86, 0.1, 1e-6, 5e-7, 1.5e-6, 2.5e-6, 0.0000005, 123.4567895, 123.4567885, 99.9999995,
        1e9, 12345.678901, 0.333333333333, 7.0000005000000001, 1e-8};
    for (double price : fixed) {
      assertThat(Micros.ofPrice(price)).as("%s", price).isEqualTo(Money.ofUnits(price).micros());
    }
    for (int i = 0; i < 200_000; i++) {
      double price = switch (i % 4) {
        case 0 -> random.nextDouble(0.01, 1e6);
        case 1 -> Math.round(random.nextDouble(1, 1e5) * 100) / 100.0;
        case 2 -> (Math.floor(random.nextDouble(1, 1e6) * 1e6) + 0.5) / 1e6;
        default -> random.nextLong(1, 1L << 40) / 1e7;
      };
      assertThat(Micros.ofPrice(price)).as("%s", price).isEqualTo(Money.ofUnits(price).micros());
    }
  }

  @Test
  void shouldMultiplyAndDivideHalfEvenLikeBigDecimal() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      long a = i % 3 == 0 ? random.nextLong() : random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L);
      long b = random.nextLong(0, 100_000_000L);
      long c = i % 2 == 0 ? 10_000_000_000L : random.nextLong(1, Long.MAX_VALUE);
      BigDecimal exact = new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
          .divide(BigDecimal.valueOf(c), 0, RoundingMode.HALF_EVEN);
      if (exact.toBigInteger().bitLength() < 63) {
        assertThat(Micros.mulDivHalfEven(a, b, c)).as("%d x %d / %d", a, b, c).isEqualTo(exact.longValueExact());
      }
    }
    assertThat(Micros.mulDivHalfEven(5, 1, 2)).isEqualTo(2);
    assertThat(Micros.mulDivHalfEven(7, 1, 2)).isEqualTo(4);
    assertThat(Micros.mulDivHalfEven(-5, 1, 2)).isEqualTo(-2);
    assertThat(Micros.mulDivHalfEven(-7, 1, 2)).isEqualTo(-4);
  }

  @Test
  void shouldCompareProductsBeyondSixtyFourBits() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 100_000; i++) {
      long a = random.nextLong();
      long b = random.nextLong(1, 1 << 20);
      long c = random.nextBoolean() ? a : random.nextLong();
      long d = random.nextBoolean() ? b : random.nextLong(1, 1 << 20);
      int expected = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b))
          .compareTo(BigInteger.valueOf(c).multiply(BigInteger.valueOf(d)));
      assertThat(Micros.compareProducts(a, b, c, d)).isEqualTo(expected);
    }
  }

  @Test
  void shouldPrintMoneyAsPlainDecimalsWithoutTrailingZeros() {
    assertThat(Micros.text(27_860_000L)).isEqualTo("27.86");
    assertThat(Micros.text(100_000_000L)).isEqualTo("100");
    assertThat(Micros.text(-1L)).isEqualTo("-0.000001");
    assertThat(Micros.text(0L)).isEqualTo("0");
    assertThat(Micros.text(10_000_000_000_000L)).isEqualTo("10000000");
  }
}
