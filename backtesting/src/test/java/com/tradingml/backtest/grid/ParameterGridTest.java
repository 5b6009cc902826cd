package com.tradingml.backtest.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterGridTest {

  @Test
  void shouldExpandRangesAndListsWithTheFirstAxisSlowest() {
    ParameterGrid grid = ParameterGrid.parse("fast=5:20:5, slow = 30:90:30 ,cost-bps=0|5|10");

    assertThat(grid.axes()).containsExactly(Map.entry("fast", List.of("5", "10", "15", "20")),
        Map.entry("slow", List.of("30", "60", "90")), Map.entry("cost-bps", List.of("0", "5", "10")));
    assertThat(grid.size()).isEqualTo(36);
    List<Map<String, String>> points = grid.points();
    assertThat(points).hasSize(36);
    assertThat(points.get(0)).containsExactly(Map.entry("fast", "5"), Map.entry("slow", "30"),
        Map.entry("cost-bps", "0"));
    assertThat(points.get(1)).containsEntry("cost-bps", "5").containsEntry("slow", "30");
    assertThat(points.get(3)).containsEntry("slow", "60").containsEntry("cost-bps", "0");
    assertThat(points.get(35)).containsExactly(Map.entry("fast", "20"), Map.entry("slow", "90"),
        Map.entry("cost-bps", "10"));
    assertThat(grid.canonical()).isEqualTo("fast=5|10|15|20,slow=30|60|90,cost-bps=0|5|10");
  }

  @Test
  void shouldStepDecimalsExactlyAndStopAtTheLastStepNotPastTheEnd() {
    assertThat(ParameterGrid.parse("x=0:10:2.5").axes().get("x")).containsExactly("0", "2.5", "5", "7.5", "10");
    assertThat(ParameterGrid.parse("x=0.1:0.3:0.1").axes().get("x")).containsExactly("0.1", "0.2", "0.3");
    assertThat(ParameterGrid.parse("x=1:10:4").axes().get("x")).containsExactly("1", "5", "9");
    assertThat(ParameterGrid.parse("x=3:5").axes().get("x")).containsExactly("3", "4", "5");
    assertThat(ParameterGrid.parse("x=2.50|long-only").axes().get("x")).containsExactly("2.5", "long-only");
  }

  @Test
  void shouldRefuseMalformedGridsNamingTheProblem() {
    assertThatThrownBy(() -> ParameterGrid.parse("")).hasMessageContaining("at least one axis");
    assertThatThrownBy(() -> ParameterGrid.parse("fast")).hasMessageContaining("'fast' is not key=values");
    assertThatThrownBy(() -> ParameterGrid.parse("fast=5,fast=6")).hasMessageContaining("appears twice");
    assertThatThrownBy(() -> ParameterGrid.parse("fast=5|5.0")).hasMessageContaining("lists 5 twice");
    assertThatThrownBy(() -> ParameterGrid.parse("fast=20:5:5")).hasMessageContaining("runs backwards");
    assertThatThrownBy(() -> ParameterGrid.parse("fast=5:20:0")).hasMessageContaining("positive step");
    assertThatThrownBy(() -> ParameterGrid.parse("fast=5:x")).hasMessageContaining("bad number 'x'");
    assertThatThrownBy(() -> ParameterGrid.parse("Fast=5")).hasMessageContaining("lower-case");
    assertThatThrownBy(() -> ParameterGrid.parse("fast=")).hasMessageContaining("no values");
    assertThatThrownBy(() -> ParameterGrid.parse("a=1:400,b=1:400")).hasMessageContaining("more than 100000 points");
  }
}
