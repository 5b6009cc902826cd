package com.tradingml.serving.risk.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RiskKeysTest {

  private final RiskKeys keys = new RiskKeys(RiskKeys.DEFAULT_PREFIX);

  @Test
  void shouldPutTheAccountInAHashTagSoThatOneAccountsKeysShareASlot() {
    assertThat(keys.stateKey("acct-7")).isEqualTo("risk:{acct-7}:state");
    assertThat(keys.decisionKey("acct-7", "ord-42")).isEqualTo("risk:{acct-7}:order:ord-42");
  }

  @Test
  void shouldEncodeBracesAndPercentInTheAccountSoThatNoTwoPairsShareAKey() {
    assertThat(keys.stateKey("a}b{c%d")).isEqualTo("risk:{a%7Db%7Bc%25d}:state");
    List<String> generated = List.of(
        keys.stateKey("a}:order:x"), keys.decisionKey("a", "x}:state"),
        keys.stateKey("a%7D"), keys.stateKey("a}"),
        keys.decisionKey("a}:order:b", "c"), keys.decisionKey("a", "b}:order:c"));
    Set<String> distinct = new HashSet<>(generated);

    assertThat(distinct).hasSameSizeAs(generated);
  }

  @Test
  void shouldRefuseAPrefixThatWouldBreakTheHashTagOrTheCleanupPattern() {
    for (String bad : List.of("", "risk{x}:", "risk*:", "risk?", "risk [a]", "r\\k")) {
      assertThatThrownBy(() -> new RiskKeys(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(new RiskKeys("prod:eu:risk:").everyKeyPattern()).isEqualTo("prod:eu:risk:*");
  }
}
