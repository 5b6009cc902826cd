package com.tradingml.core.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

  @ParameterizedTest
  @CsvSource({
      "100.0, 100000000",
      "0.1, 100000",
      "99.950001, 99950001",
      "0.0000005, 0",
      "0.0000015, 2",
      "0.0000025, 2",
      "-0.0000015, -2",
      "1.23456749, 1234567",
      "1.2345675, 1234568",
      "1.2345665, 1234566"})
  void shouldRoundTheShortestDecimalHalfEvenToMicros(double units, long micros) {
    assertThat(Money.ofUnits(units).micros()).isEqualTo(micros);
  }

  @Test
  void shouldConvertExactlyLikeTheDecimalReferenceAlsoOnTheFastPath() {
    java.util.Random random = new java.util.Random(0x6d6f6e6579L);
    int checked = 0;
    for (int i = 0; i < 400_000; i++) {
      double units;
      switch (i % 5) {
        case 0 -> units = random.nextInt(100_000_000) / Math.pow(10, random.nextInt(9)); // prices of 0 to 8 decimals
        case 1 -> units = (random.nextInt(2_000_000) + 0.5) / 1e6 * (random.nextBoolean() ? 1 : -1); // ties
        case 2 -> {
          double tie = (random.nextInt(2_000_000_000) + 0.5) / 1e6;
          units = random.nextBoolean() ? Math.nextUp(tie) : Math.nextDown(tie); // next to ties
        }
        case 3 -> units = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(26) - 12); // any magnitude
        default -> units = Double.longBitsToDouble(random.nextLong()); // any double
      }
      if (!Double.isFinite(units) || Math.abs(units) >= 9e12) {
        continue;
      }
      assertThat(Money.unitsToMicros(units)).as("%s", units).isEqualTo(Money.exactUnitsToMicros(units));
      checked++;
    }
    assertThat(checked).isGreaterThan(300_000);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e13, -1e13})
  void shouldRefuseAmountsThatAreNotFiniteOrOutOfRange(double units) {
    assertThatThrownBy(() -> Money.ofUnits(units)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(units));
  }

  @Test
  void shouldParseExactDecimalsAndRefuseMoreThanSixDecimals() {
    assertThat(Money.parse("100000").micros()).isEqualTo(100_000_000_000L);
    assertThat(Money.parse("-12.5").micros()).isEqualTo(-12_500_000L);
    assertThat(Money.parse("1.100000000").micros()).isEqualTo(1_100_000L);
    assertThatThrownBy(() -> Money.parse("1.0000001")).hasMessageContaining("more than six decimals");
    assertThatThrownBy(() -> Money.parse("abc")).hasMessageContaining("'abc'");
    assertThatThrownBy(() -> Money.parse("99999999999999")).hasMessageContaining("out of range");
  }

  @Test
  void shouldDoExactArithmeticAndThrowOnOverflow() {
    Money price = Money.parse("100.000001");
    assertThat(price.times(1_000)).isEqualTo(Money.parse("100000.001"));
    assertThat(price.times(-3)).isEqualTo(Money.parse("-300.000003"));
    assertThat(price.plus(Money.ofMicros(1)).minus(Money.parse("0.000002"))).isEqualTo(Money.parse("100"));
    assertThat(Money.parse("-5").abs()).isEqualTo(Money.parse("5"));
    assertThat(Money.ofMicros(Long.MAX_VALUE).negate().micros()).isEqualTo(-Long.MAX_VALUE);
    assertThatThrownBy(() -> Money.ofMicros(Long.MAX_VALUE).times(2)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Money.ofMicros(Long.MIN_VALUE).abs()).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void shouldPrintSixDecimalsAndCompareByAmount() {
    assertThat(Money.parse("1000")).hasToString("1000.000000");
    assertThat(Money.ofMicros(-1)).hasToString("-0.000001");
    assertThat(Money.parse("2").isGreaterThan(Money.parse("1.999999"))).isTrue();
    assertThat(Money.parse("1.999999").isLessThan(Money.parse("2"))).isTrue();
    assertThat(Money.parse("2").compareTo(Money.ofMicros(2_000_000))).isZero();
  }
}
