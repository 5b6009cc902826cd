package com.tradingml.core.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SymbolTest {

  @ParameterizedTest
  @ValueSource(strings = {"IBM", "BRK.B", "EUR/USD", "A\"B", "EUR,USD", "NESN.SW-Ä", "ibm"})
  void shouldKeepAValidSymbolExactlyAsGiven(String value) {
    assertThat(Symbol.problemWith(value)).isNull();
    assertThat(Symbol.of(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", "BRK B", "IBM\n", "I\u0000BM", "\uFFFDBC",
      "SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS"})
  void shouldNameTheProblemOfAnInvalidSymbol(String value) {
    assertThat(Symbol.problemWith(value)).isNotBlank();
    assertThatThrownBy(() -> Symbol.of(value)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Symbol.problemWith(value));
  }
}
