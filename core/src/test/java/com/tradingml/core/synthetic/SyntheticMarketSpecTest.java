package com.tradingml.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.market.Timeframe;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SyntheticMarketSpecTest {

  @Test
  void shouldStartFromDocumentedDefaults() {
    SyntheticMarketSpec spec = SyntheticMarketSpec.defaults();
    assertThat(spec.symbols()).isEqualTo(10);
    assertThat(spec.barsPerSymbol()).isEqualTo(2_520);
    assertThat(spec.timeframe()).isEqualTo(Timeframe.ONE_DAY);
    assertThat(spec.signal()).isEqualTo(0.3);
    assertThat(spec.horizon()).isEqualTo(1);
    assertThat(spec.startDate()).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(spec.rowOrder()).isEqualTo(RowOrder.TIME_MAJOR);
    assertThat(spec.rows()).isEqualTo(25_200);
    assertThat(spec.toBuilder().build()).isEqualTo(spec);
  }

  @Test
  void shouldNameSymbolsSoThatTheySortLikeTheirIndices() {
    assertThat(SyntheticMarketSpec.builder().symbols(3).build().symbolName(2)).isEqualTo("SYN002");
    SyntheticMarketSpec many = SyntheticMarketSpec.builder().symbols(1001).barsPerSymbol(10).build();
    assertThat(many.symbolName(0)).isEqualTo("SYN0000");
    assertThat(many.symbolName(1000)).isEqualTo("SYN1000");
    assertThat(many.symbolName(101).compareTo(many.symbolName(1000))).isNegative();
  }

  @Test
  void shouldParseTheTimeframeAndAcceptOnlyMinutesAndDays() {
    assertThat(SyntheticMarketSpec.builder().timeframe("1m").build().timeframe()).isEqualTo(Timeframe.ONE_MINUTE);
    assertThatThrownBy(() -> SyntheticMarketSpec.builder().timeframe("5m").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5m");
  }

  @Test
  void shouldRejectInvalidParametersNamingTheValue() {
    assertInvalid(SyntheticMarketSpec.builder().symbols(0), "symbols", "0");
    assertInvalid(SyntheticMarketSpec.builder().signal(-0.1), "signal", "-0.1");
    assertInvalid(SyntheticMarketSpec.builder().signal(Double.NaN), "signal", "NaN");
    assertInvalid(SyntheticMarketSpec.builder().horizon(0), "horizon", "0");
    assertInvalid(SyntheticMarketSpec.builder().barsPerSymbol(5).horizon(5), "barsPerSymbol", "5");
    assertInvalid(SyntheticMarketSpec.builder().monteCarloPaths(3), "monteCarloPaths", "3");
    assertInvalid(SyntheticMarketSpec.builder().startDate(null), "startDate", "null");
    assertInvalid(SyntheticMarketSpec.builder().startDate(LocalDate.of(1969, 12, 31)), "startDate", "1969-12-31");
    assertInvalid(SyntheticMarketSpec.builder().barsPerSymbol(60_000), "2199", "60000");
  }

  private static void assertInvalid(SyntheticMarketSpec.Builder builder, String field, String value) {
    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(field).hasMessageContaining(value);
  }
}
