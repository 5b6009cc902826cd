package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.policy.PositionMode;
import com.tradingml.core.policy.SizingMode;
import com.tradingml.core.risk.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingConfigTest {

  @TempDir
  Path home;

  static final Map<String, String> RISK = Map.of(
      "PIPELINE_SERVING_RISK_MAX_ORDER_QUANTITY", "1000",
      "PIPELINE_SERVING_RISK_MAX_ORDER_NOTIONAL", "100000",
      "PIPELINE_SERVING_RISK_MAX_POSITION", "2000",
      "PIPELINE_SERVING_RISK_MAX_GROSS_EXPOSURE", "500000.50",
      "PIPELINE_SERVING_RISK_PRICE_COLLAR_BPS", "50",
      "PIPELINE_SERVING_RISK_REFERENCE_MAX_AGE", "5s",
      "PIPELINE_SERVING_RISK_MAX_ORDERS_PER_WINDOW", "5",
      "PIPELINE_SERVING_RISK_ORDER_RATE_WINDOW", "PT1S",
      "PIPELINE_SERVING_RISK_MAX_DAILY_LOSS", "10000",
      "PIPELINE_SERVING_RISK_CLIENT_ORDER_ID_RETENTION", "1h");

  private ServingConfig load(Map<String, String> env, Properties system, Map<String, String> overrides) {
    return ServingConfig.load(PipelineConfig.embedded(home), env, system, overrides);
  }

  @Test
  void shouldUseTheDocumentedDefaults() {
    ServingConfig config = load(Map.of(), new Properties(), Map.of());

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.modelName()).isEqualTo("direction");
    assertThat(config.modelAlias()).isEqualTo("production");
    assertThat(config.deadline()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.maxBodyBytes()).isEqualTo(65_536);
    assertThat(config.riskLimits()).isEmpty();
    assertThat(config.apiKeys().size()).isZero();
    assertThat(config.riskStateKind()).isEqualTo("memory");
    assertThat(config.auditDirectory()).isEqualTo(home.toAbsolutePath().resolve("serving/audit"));
    assertThat(ServingConfig.KEYS).containsKeys("serving.port", "serving.risk.max-daily-loss");
  }

  @Test
  void shouldLayerFileSystemPropertiesEnvironmentAndOverrides() throws Exception {
    Files.writeString(home.resolve("serving.properties"), "serving.port=9001\nserving.threads=3\n"
        + "serving.deadline=80ms\nserving.model.name=fromfile\n");
    Properties system = new Properties();
    system.setProperty("serving.threads", "4");
    system.setProperty("serving.model.name", "fromsystem");
    Map<String, String> env = new HashMap<>(RISK);
    env.put("PIPELINE_SERVING_MODEL_NAME", "fromenv");
    env.put("PIPELINE_API_KEYS", "k-0123456789abcdef:decide");

    ServingConfig config = load(env, system, Map.of("serving.port", "9100"));

    assertThat(config.port()).isEqualTo(9100);
    assertThat(config.workerThreads()).isEqualTo(4);
    assertThat(config.deadline()).isEqualTo(Duration.ofMillis(80));
    assertThat(config.modelName()).isEqualTo("fromenv");
    assertThat(config.apiKeys().size()).isEqualTo(1);
    assertThat(config.riskLimits()).hasValueSatisfying(limits -> {
      assertThat(limits.maxGrossExposure()).isEqualTo(Money.parse("500000.5"));
      assertThat(limits.orderRateWindow()).isEqualTo(Duration.ofSeconds(1));
      assertThat(limits.tradingDayZone()).isEqualTo(ZoneId.of("UTC"));
    });
  }

  @Test
  void shouldReadThePolicy() {
    Properties system = new Properties();
    system.setProperty("serving.policy.sizing", "scaled");
    system.setProperty("serving.policy.max-position", "500");
    system.setProperty("serving.policy.lot-size", "10");
    system.setProperty("serving.policy.position-mode", "long_short");
    system.setProperty("serving.policy.min-edge", "0.1");

    ServingConfig config = load(Map.of(), system, Map.of());

    assertThat(config.policy().sizingMode()).isEqualTo(SizingMode.SCALED_BY_EDGE);
    assertThat(config.policy().positionMode()).isEqualTo(PositionMode.LONG_SHORT);
    assertThat(config.policy().maxPosition()).isEqualTo(500);
    assertThat(config.policy().minEdge()).isEqualTo(0.1);
  }

  @Test
  void shouldRefuseTyposPartialLimitsAndBadValuesNamingTheKey() throws Exception {
    Properties typo = new Properties();
    typo.setProperty("serving.prot", "1");
    Map<String, String> partial = new HashMap<>(RISK);
    partial.remove("PIPELINE_SERVING_RISK_MAX_DAILY_LOSS");

    assertThatThrownBy(() -> load(Map.of(), typo, Map.of())).hasMessageContaining("unknown serving key 'serving.prot'");
    assertThatThrownBy(() -> load(partial, new Properties(), Map.of()))
        .hasMessageContaining("missing serving.risk.max-daily-loss");
    assertThatThrownBy(() -> load(Map.of("PIPELINE_SERVING_DEADLINE", "soon"), new Properties(), Map.of()))
        .hasMessageContaining("serving.deadline (PIPELINE_SERVING_DEADLINE) must be a duration");
    assertThatThrownBy(() -> load(Map.of("PIPELINE_SERVING_PORT", "70000"), new Properties(), Map.of()))
        .hasMessageContaining("serving.port");
    Files.writeString(home.resolve("serving.properties"), "serving.bogus=1\n");
    assertThatThrownBy(() -> load(Map.of(), new Properties(), Map.of())).hasMessageContaining("serving.bogus");
  }

  @Test
  void shouldReadKeysFromAFileButNotFromTwoPlaces() throws Exception {
    Path keys = home.resolve("keys");
    Files.writeString(keys, "# keys\nadmin-0123456789abcdef:admin\n");

    ServingConfig config = load(Map.of("PIPELINE_API_KEYS_FILE", keys.toString()), new Properties(), Map.of());

    assertThat(config.apiKeys().authenticate("Bearer admin-0123456789abcdef")).isPresent();
    assertThatThrownBy(() -> load(Map.of("PIPELINE_API_KEYS_FILE", keys.toString(), "PIPELINE_API_KEYS",
        "other-0123456789abcdef:decide"), new Properties(), Map.of())).hasMessageContaining("use one");
  }

  @Test
  void shouldGenerateAnAdminKeyFileOnceWhenNoneIsConfigured() throws Exception {
    ApiKeys first = ServingMain.generatedKeys(home, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    String text = Files.readString(home.resolve("serving/api-keys"));
    ApiKeys second = ServingMain.generatedKeys(home, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));

    assertThat(first.size()).isEqualTo(1);
    assertThat(Files.readString(home.resolve("serving/api-keys"))).isEqualTo(text);
    String key = text.lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow().split(":")[0];
    assertThat(second.authenticate("Bearer " + key)).hasValueSatisfying(p ->
        assertThat(p.role()).isEqualTo(ApiKeys.Role.ADMIN));
    // As sets: the permissions' HashSet prints in an order that changes from one JVM to the next.
    assertThat(Files.getPosixFilePermissions(home.resolve("serving/api-keys")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }
}
