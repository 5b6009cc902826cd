package com.tradingml.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelSpecTest {

  @Test
  void shouldDefaultToTheNextBarsSignWithoutDeadZone() {
    LabelSpec spec = LabelSpec.defaultSpec();
    assertThat(spec.horizonBars()).isEqualTo(1);
    assertThat(spec.deadZone()).isEqualTo(0.0);
    assertThat(spec.classOf(1e-12)).isEqualTo(LabelSpec.UP);
    assertThat(spec.classOf(-1e-12)).isEqualTo(LabelSpec.DOWN);
    assertThat(spec.classOf(0.0)).isEqualTo(LabelSpec.FLAT);
    assertThat(spec.classOf(-0.0)).isEqualTo(LabelSpec.FLAT);
  }

  @Test
  void shouldClassifyWithAClosedDeadZone() {
    LabelSpec spec = LabelSpec.of(5, 0.01);
    assertThat(spec.classOf(0.01)).isEqualTo(LabelSpec.FLAT);
    assertThat(spec.classOf(-0.01)).isEqualTo(LabelSpec.FLAT);
    assertThat(spec.classOf(Math.nextUp(0.01))).isEqualTo(LabelSpec.UP);
    assertThat(spec.classOf(-Math.nextUp(0.01))).isEqualTo(LabelSpec.DOWN);
    assertThat(spec.classOf(Double.NaN)).isEqualTo(LabelSpec.UNKNOWN).isEqualTo(-1);
    assertThat(spec.classOf(Double.POSITIVE_INFINITY)).isEqualTo(LabelSpec.UP);
  }

  @Test
  void shouldRefuseAnInvalidSpecNamingTheValue() {
    assertThatThrownBy(() -> LabelSpec.of(0, 0)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> LabelSpec.of(1, -0.5)).hasMessageContaining("-0.5");
    assertThatThrownBy(() -> LabelSpec.of(1, Double.NaN)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> LabelSpec.of(1, Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
  }

  @Test
  void shouldDescribeItselfCanonically() {
    assertThat(LabelSpec.of(3, 0.5).description()).isEqualTo("label: r = ln(close[t+3] / close[t]) (horizon 3 bars);"
        + " class 0 DOWN if r < -0.5, 1 FLAT if |r| <= 0.5, 2 UP if r > 0.5, -1 if r is unknown");
    assertThat(LabelSpec.defaultSpec().description()).contains("r < -0,", "horizon 1 bars");
  }
}
