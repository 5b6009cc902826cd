package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

  private static final String DECIDE = "decide-key-0123456789abcdef";
  private static final String ADMIN = "admin-key-0123456789abcdef0";

  @Test
  void shouldAuthenticateKeysWithTheirRoles() {
    ApiKeys keys = ApiKeys.parse("# comment\n" + DECIDE + ":decide\n\n" + ADMIN + ":ADMIN", "file");

    assertThat(keys.size()).isEqualTo(2);
    assertThat(keys.authenticate("Bearer " + DECIDE)).hasValueSatisfying(p -> {
      assertThat(p.role()).isEqualTo(ApiKeys.Role.DECIDE);
      assertThat(p.fingerprint()).hasSize(12).doesNotContain(DECIDE);
    });
    assertThat(keys.authenticate("bearer " + ADMIN)).hasValueSatisfying(p ->
        assertThat(p.role()).isEqualTo(ApiKeys.Role.ADMIN));
    assertThat(ApiKeys.Role.ADMIN.allows(ApiKeys.Role.DECIDE)).isTrue();
    assertThat(ApiKeys.Role.DECIDE.allows(ApiKeys.Role.ADMIN)).isFalse();
  }

  @Test
  void shouldRefuseMissingMalformedAndUnknownCredentials() {
    ApiKeys keys = ApiKeys.parse(DECIDE + ":decide", "env");

    assertThat(keys.authenticate(null)).isEmpty();
    assertThat(keys.authenticate("")).isEmpty();
    assertThat(keys.authenticate("Bearer")).isEmpty();
    assertThat(keys.authenticate("Bearer ")).isEmpty();
    assertThat(keys.authenticate("Basic " + DECIDE)).isEmpty();
    assertThat(keys.authenticate("Bearer " + DECIDE.substring(1))).isEmpty();
    assertThat(keys.authenticate("Bearer " + DECIDE + "0")).isEmpty();
    assertThat(ApiKeys.none().authenticate("Bearer " + DECIDE)).isEmpty();
  }

  @Test
  void shouldRefuseWeakOrMalformedEntriesWithoutQuotingTheKey() {
    assertThatThrownBy(() -> ApiKeys.parse("short:decide", "PIPELINE_API_KEYS"))
        .hasMessageContaining("entry 1").hasMessageContaining("shorter than 16").hasMessageNotContaining("short:");
    assertThatThrownBy(() -> ApiKeys.parse(DECIDE + ":root", "PIPELINE_API_KEYS"))
        .hasMessageContaining("role must be").hasMessageNotContaining(DECIDE);
    assertThatThrownBy(() -> ApiKeys.parse(DECIDE, "PIPELINE_API_KEYS")).hasMessageContaining("KEY:ROLE")
        .hasMessageNotContaining(DECIDE);
    assertThatThrownBy(() -> ApiKeys.parse(DECIDE + ":decide," + DECIDE + ":admin", "f"))
        .hasMessageContaining("listed twice");
  }

  @Test
  void shouldNotShowKeysInItsDescription() {
    assertThat(ApiKeys.parse(DECIDE + ":decide," + ADMIN + ":admin", "env").toString())
        .isEqualTo("ApiKeys[2 keys, 1 admin]");
  }
}
