package com.tradingml.core.risk;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.BBB;
import static com.tradingml.core.risk.RiskFixtures.T0;
import static com.tradingml.core.risk.RiskFixtures.buy;
import static com.tradingml.core.risk.RiskFixtures.sell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class RiskStateCodecTest {

  private static AccountRiskState richState() {
    AccountRiskState state = AccountRiskState.empty("acct-ü").rollTo(LocalDate.of(2024, 3, 4))
        .apply(buy("o1", "acct-ü", AAA, 100, 10.123457), T0)
        .apply(sell("o2", "acct-ü", BBB, 20, 50.0), T0.plusNanos(123_456_789))
        .apply(sell("o3", "acct-ü", AAA, 30, 11.0), T0.plusSeconds(1))
        .rememberClientOrderId("rejected-1", T0.plusSeconds(2))
        .mark(AAA, Money.parse("9.5"), T0.plusSeconds(3))
        .mark(BBB, Money.parse("52.000001"), T0.minusSeconds(86_400 * 400L))
        .engageKillSwitch("daily loss limit reached: P&L -10000.000000 <= -10000.000000", T0.plusSeconds(4));
    return state;
  }

  @Test
  void shouldRoundTripAStateExactly() {
    AccountRiskState state = richState();
    assertThat(RiskStateCodec.decode(RiskStateCodec.encode(state))).isEqualTo(state);
  }

  @Test
  void shouldRoundTripAnEmptyState() {
    AccountRiskState state = AccountRiskState.empty("a");
    byte[] bytes = RiskStateCodec.encode(state);
    assertThat(RiskStateCodec.decode(bytes)).isEqualTo(state);
    assertThat(bytes.length).isLessThan(40);
  }

  @Test
  void shouldEncodeEqualStatesToIdenticalBytes() {
    assertThat(RiskStateCodec.encode(richState())).isEqualTo(RiskStateCodec.encode(richState()));
  }

  @Test
  void shouldBeCompact() {
    AccountRiskState state = AccountRiskState.empty("acct").rollTo(LocalDate.of(2024, 3, 4));
    for (int i = 0; i < 50; i++) {
      state = state.apply(buy("order-" + i, "acct", i % 2 == 0 ? AAA : BBB, 10, 100.25), T0.plusMillis(i));
    }
    // Per order: an order time (9 bytes) and an id of 7-8 characters with its time (17-18 bytes).
    assertThat(RiskStateCodec.encode(state).length).isLessThan(1_450);
  }

  @Test
  void shouldDetectEverySingleByteCorruption() {
    byte[] bytes = RiskStateCodec.encode(richState());
    for (int i = 0; i < bytes.length; i++) {
      byte[] corrupt = bytes.clone();
      corrupt[i] ^= 0x5A;
      int at = i;
      assertThatThrownBy(() -> RiskStateCodec.decode(corrupt)).as("byte %d", at)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void shouldRejectATruncatedState() {
    byte[] bytes = RiskStateCodec.encode(richState());
    for (int length : new int[] {0, 3, 7, bytes.length / 2, bytes.length - 1}) {
      assertThatThrownBy(() -> RiskStateCodec.decode(Arrays.copyOf(bytes, length)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void shouldRejectAnUnknownFormatVersionByName() {
    byte[] bytes = RiskStateCodec.encode(richState());
    bytes[2] = 2;
    assertThatThrownBy(() -> RiskStateCodec.decode(withFreshChecksum(bytes)))
        .hasMessage("unsupported risk state format version 2 (this build reads 1)");
  }

  @Test
  void shouldRejectTrailingBytesEvenWithAValidChecksum() {
    byte[] bytes = RiskStateCodec.encode(AccountRiskState.empty("a"));
    byte[] longer = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, longer, 0, bytes.length - 4);
    assertThatThrownBy(() -> RiskStateCodec.decode(withFreshChecksum(longer))).hasMessageContaining("trailing bytes");
  }

  @Test
  void shouldNotMistakeADecisionForAState() {
    byte[] decision = RiskStateCodec.encodeDecision(remembered());
    assertThatThrownBy(() -> RiskStateCodec.decode(decision)).hasMessageContaining("wrong magic");
  }

  @Test
  void shouldRoundTripARememberedDecisionWithItsOrder() {
    RememberedDecision remembered = remembered();
    assertThat(RiskStateCodec.decodeDecision(RiskStateCodec.encodeDecision(remembered))).isEqualTo(remembered);
  }

  @Test
  void shouldKeepANaNOrderPriceThroughTheCodec() {
    OrderIntent nan = buy("o9", "acct", AAA, 1, Double.NaN);
    RiskDecision rejected = RiskDecision.of("o9", PreTradeRiskChecks.evaluate(nan, AccountRiskState.empty("acct"),
        RiskFixtures.reference(1.0, T0), RiskFixtures.limits(), T0));
    RememberedDecision decoded = RiskStateCodec.decodeDecision(
        RiskStateCodec.encodeDecision(new RememberedDecision(nan, rejected)));
    assertThat(decoded.order().price()).isNaN();
    assertThat(decoded.decision()).isEqualTo(rejected);
  }

  @Test
  void shouldDetectACorruptDecision() {
    byte[] bytes = RiskStateCodec.encodeDecision(remembered());
    bytes[bytes.length / 2] ^= 1;
    assertThatThrownBy(() -> RiskStateCodec.decodeDecision(bytes)).hasMessageContaining("checksum");
  }

  private static RememberedDecision remembered() {
    OrderIntent order = buy("o1", "acct", AAA, 10, 100.25);
    RiskVerdict verdict = PreTradeRiskChecks.evaluate(order, AccountRiskState.empty("acct"),
        RiskFixtures.reference(100.0, T0), RiskFixtures.limits(), T0);
    return new RememberedDecision(order, RiskDecision.of("o1", verdict));
  }

  /** The message with its last four bytes replaced by the CRC-32C of the rest. */
  private static byte[] withFreshChecksum(byte[] message) {
    CRC32C crc = new CRC32C();
    crc.update(message, 0, message.length - 4);
    ByteBuffer.wrap(message, message.length - 4, 4).putInt((int) crc.getValue());
    return message;
  }
}
