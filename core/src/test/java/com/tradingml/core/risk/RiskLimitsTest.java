package com.tradingml.core.risk;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.BBB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RiskLimitsTest {

  @Test
  void shouldNameEveryMissingLimitInsteadOfDefaultingIt() {
    assertThatThrownBy(() -> RiskLimits.builder().maxOrderQuantity(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid risk limits: missing maxOrderNotional, maxPosition, maxGrossExposure, priceCollarBps, "
            + "referenceMaxAge, orderRate, maxDailyLoss, clientOrderIdRetention");
  }

  @Test
  void shouldNameEveryInvalidLimit() {
    assertThatThrownBy(() -> RiskFixtures.limitsBuilder().maxOrderQuantity(0).maxDailyLoss(Money.parse("-1"))
        .orderRate(5, Duration.ZERO).build())
        .hasMessageContaining("maxOrderQuantity must be positive: 0")
        .hasMessageContaining("maxDailyLoss must be positive: -1.000000")
        .hasMessageContaining("orderRateWindow must be positive: PT0S");
  }

  @Test
  void shouldApplyTheLowestOfGlobalLimitAndSymbolOverride() {
    RiskLimits limits = RiskFixtures.limitsBuilder()
        .symbolLimits(AAA, SymbolLimits.NONE.withMaxOrderQuantity(500).withMaxOrderNotional(Money.parse("20000"))
            .withMaxPosition(700))
        .symbolLimits(BBB, SymbolLimits.NONE.withMaxOrderQuantity(5_000).withMaxOrderNotional(Money.parse("1e6"))
            .withMaxPosition(9_000))
        .build();

    assertThat(limits.maxOrderQuantity(AAA)).isEqualTo(500);
    assertThat(limits.maxOrderNotional(AAA)).isEqualTo(Money.parse("20000"));
    assertThat(limits.maxPosition(AAA)).isEqualTo(700);
    assertThat(limits.maxOrderQuantity(BBB)).isEqualTo(1_000);
    assertThat(limits.maxOrderNotional(BBB)).isEqualTo(Money.parse("100000"));
    assertThat(limits.maxPosition(BBB)).isEqualTo(2_000);
    assertThat(limits.maxOrderQuantity(RiskFixtures.CCC)).isEqualTo(1_000);
  }

  @Test
  void shouldRoundTripThroughItsBuilder() {
    RiskLimits limits = RiskFixtures.limitsBuilder().symbolLimits(AAA, SymbolLimits.NONE.withMaxPosition(3)).build();
    assertThat(limits.toBuilder().build()).isEqualTo(limits);
    assertThat(limits.toBuilder().maxPosition(7).build().maxPosition()).isEqualTo(7);
  }

  @Test
  void shouldRefuseANonPositiveSymbolOverride() {
    assertThatThrownBy(() -> SymbolLimits.NONE.withMaxOrderQuantity(0))
        .hasMessageContaining("symbol max order quantity must be positive: 0");
  }
}
