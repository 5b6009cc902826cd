package com.tradingml.core.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CheckResultTest {

  @Test
  void shouldFormatALazyReasonOnceOnFirstUseAndEqualTheSameResultGivenAsText() {
    AtomicInteger formatted = new AtomicInteger();
    CheckResult lazy = CheckResult.lazy(RiskCheck.MAX_ORDER_QUANTITY, true, (quantity, max, unused, none) -> {
      formatted.incrementAndGet();
      return "quantity " + quantity + " <= max " + max;
    }, 10, 1000, 0, null);
    CheckResult text = CheckResult.pass(RiskCheck.MAX_ORDER_QUANTITY, "quantity 10 <= max 1000");

    assertThat(formatted).hasValue(0);
    assertThat(lazy.reason()).isEqualTo("quantity 10 <= max 1000");
    assertThat(lazy.reason()).isSameAs(lazy.reason());
    assertThat(formatted).hasValue(1);
    assertThat(lazy).isEqualTo(text).hasSameHashCodeAs(text)
        .hasToString("max_order_quantity passed: quantity 10 <= max 1000");
    assertThat(lazy).isNotEqualTo(CheckResult.fail(RiskCheck.MAX_ORDER_QUANTITY, "quantity 10 <= max 1000"));
  }

  @Test
  void shouldNeverGiveABlankReasonNorThrowWhenAFormatterFails() {
    CheckResult blank = CheckResult.lazy(RiskCheck.ORDER_RATE, false, (a, b, c, x) -> " ", 0, 0, 0, null);
    CheckResult throwing = CheckResult.lazy(RiskCheck.ORDER_RATE, false, (a, b, c, x) -> {
      throw new IllegalStateException("bug");
    }, 0, 0, 0, null);

    assertThat(blank.reason()).isEqualTo("order_rate failed (reason could not be formatted)");
    assertThat(throwing.reason()).isEqualTo("order_rate failed (reason could not be formatted)");
    assertThatThrownBy(() -> CheckResult.pass(RiskCheck.ORDER_RATE, " ")).isInstanceOf(IllegalArgumentException.class);
  }
}
