package com.tradingml.storage.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRefTest {

  @Test
  void shouldReadABareNameAsItsProductionAlias() {
    ModelRef ref = ModelRef.parse("momentum-v2");
    assertThat(ref.isAlias()).isTrue();
    assertThat(ref.alias()).isEqualTo(ModelRegistry.PRODUCTION);
    assertThat(ref).hasToString("momentum-v2@production");
  }

  @Test
  void shouldReadDigitsAsAVersionAndAnythingElseAsAnAlias() {
    assertThat(ModelRef.parse("trend@12")).isEqualTo(ModelRef.of("trend", 12));
    assertThat(ModelRef.parse("trend@12").versionNumber()).hasValue(12);
    assertThat(ModelRef.parse("trend@candidate")).isEqualTo(ModelRef.ofAlias("trend", "candidate"));
    assertThat(ModelRef.parse("trend@shadow_2")).isEqualTo(ModelRef.ofAlias("trend", "shadow_2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "@1", "trend@", "Trend", "trend@Prod", "trend@1@2", "trend@-x", "1trend", "trend@0",
      "trend@99999999999", "trend/1", "a-name-that-is-far-too-long-for-a-model-name-in-this-registry-really"})
  void shouldRejectMalformedReferencesNamingThem(String ref) {
    assertThatThrownBy(() -> ModelRef.parse(ref)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + ref + "'");
  }
}
