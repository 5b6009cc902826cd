package com.tradingml.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportDataTest {
  private static final Instant T0 = Instant.parse("2024-01-02T00:00:00Z");

  @Test
  void shouldRejectEquityTimesThatDoNotIncrease() {
    assertThatThrownBy(() -> ReportData.builder().title("t")
            .equityPoint(EquityPoint.of(T0, 1))
            .equityPoint(EquityPoint.of(T0, 2))
            .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("point 1 at 2024-01-02T00:00:00Z");
  }

  @Test
  void shouldRejectABlankTitle() {
    assertThatThrownBy(() -> ReportData.builder().title(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("title");
  }

  @Test
  void shouldRejectNonFiniteEquityButAcceptAnAbsentBenchmark() {
    assertThatThrownBy(() -> EquityPoint.of(T0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> EquityPoint.of(T0, 1, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("benchmark");
    assertThat(EquityPoint.of(T0, 1).hasBenchmark()).isFalse();
    assertThat(EquityPoint.ofEpochMicros(1_704_153_600_000_001L, 1, 2).time())
        .isEqualTo(Instant.parse("2024-01-02T00:00:00.000001Z"));
  }

  @Test
  void shouldRejectTradesThatExitBeforeEntryOrHaveNoQuantity() {
    assertThatThrownBy(() -> new TradeRow("AAPL", PositionSide.LONG, T0, 10, T0.minusSeconds(1), 11, 1, 0.1, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exits before it enters");
    assertThatThrownBy(() -> new TradeRow("AAPL", PositionSide.LONG, T0, 10, T0, 11, 0, 0.1, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> new TradeRow("AAPL", PositionSide.LONG, T0, -1, T0, 11, 1, 0.1, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry price of AAPL");
  }

  @Test
  void shouldRejectBadSettingsNamingTheValue() {
    assertThatThrownBy(() -> ReportSettings.defaults().withRollingWindow(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rollingWindow")
        .hasMessageContaining("got 1");
    assertThatThrownBy(() -> ReportSettings.defaults().withMaxChartPoints(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 10");
  }

  @Test
  void shouldCopyItsInputsAndKeepTheirOrder() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("z", 1);
    summary.put("a", null);
    List<EquityPoint> equity = new java.util.ArrayList<>(List.of(EquityPoint.of(T0, 1)));

    ReportData data = ReportData.of("t", summary, equity, List.of(), Map.of());
    summary.put("b", 2);
    equity.clear();

    assertThat(data.summary()).containsOnlyKeys("z", "a");
    assertThat(data.summary().keySet()).containsExactly("z", "a");
    assertThat(data.equity()).hasSize(1);
    assertThatThrownBy(() -> data.summary().put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
  }
}
