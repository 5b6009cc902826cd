package com.tradingml.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SymbolInternerTest {

  private final SymbolInterner interner = new SymbolInterner();

  private String intern(String text) {
    byte[] bytes = ("," + text + ",").getBytes(StandardCharsets.UTF_8);
    return interner.intern(bytes, 1, bytes.length - 1);
  }

  @Test
  void shouldReturnTheSameInstanceForTheSameBytes() {
    String first = intern("IBM");
    assertThat(intern("IBM")).isEqualTo("IBM").isSameAs(first);
  }

  @Test
  void shouldTellApartSymbolsWhoseHashesCollide() {
    // "Aa" and "BB" have the same 31-polynomial hash.
    assertThat(intern("Aa")).isEqualTo("Aa");
    assertThat(intern("BB")).isEqualTo("BB");
    assertThat(intern("Aa")).isEqualTo("Aa");
  }

  @Test
  void shouldDecodeUtf8() {
    assertThat(intern("NESN.SW-Ä€")).isEqualTo("NESN.SW-Ä€");
    assertThat(intern("")).isEmpty();
  }

  @Test
  void shouldStayCorrectPastItsCapacity() {
    for (int round = 0; round < 2; round++) {
      for (int k = 0; k < 40_000; k++) {
        assertThat(intern("S" + k)).isEqualTo("S" + k);
      }
    }
  }
}
