package com.tradingml.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The local stack (docker-compose.yml at the repository root). No Docker engine runs on the build
 * machines, so the file is parsed and checked instead of started.
 */
class ComposeTest {

  private static final Map<String, Object> COMPOSE = Repo.yaml(Repo.path("docker-compose.yml"));

  private static Map<String, Object> services() {
    return Repo.map(COMPOSE, "services");
  }

  @Test
  void shouldRunTheWholeLocalStack() {
    assertThat(services()).containsKeys("postgres", "minio", "redis", "prometheus", "grafana", "alertmanager", "loki",
        "jaeger", "serving", "scheduler");
  }

  @Test
  void shouldPinEveryImage() {
    services().forEach((name, service) ->
        assertThat(Images.problem(Repo.string(service, "image"))).as("service %s", name).isNull());
  }

  @Test
  void shouldHealthCheckEveryLongRunningService() {
    services().forEach((name, service) -> {
      if ("no".equals(Repo.string(service, "restart"))) {
        return;
      }
      assertThat(Repo.list(service, "healthcheck", "test")).as("healthcheck of %s", name).isNotEmpty();
      assertThat(Repo.string(service, "healthcheck", "interval")).as("healthcheck interval of %s", name).isNotBlank();
    });
  }

  @Test
  void shouldStartDependentsOnlyOnceTheirDependenciesAreHealthy() {
    services().forEach((name, service) -> Repo.map(service, "depends_on").forEach((dependency, condition) ->
        assertThat(Repo.string(condition, "condition")).as("%s depends on %s", name, dependency)
            .isIn("service_healthy", "service_completed_successfully")));
  }

  @Test
  void shouldKeepSecretsOutOfTheFile() {
    Set<String> secretWords = Set.of("PASSWORD", "SECRET", "TOKEN", "ACCESS_KEY", "API_KEY", "CREDENTIAL");
    services().forEach((name, service) -> {
      Object environment = Repo.at(service, "environment");
      Map<String, Object> env = environment instanceof Map<?, ?> ? Repo.cast(environment) : Map.of();
      assertThat(environment).as("environment of %s is a mapping (KEY=VALUE lists hide values from this check)", name)
          .satisfiesAnyOf(e -> assertThat(e).isNull(), e -> assertThat(e).isInstanceOf(Map.class));
      env.forEach((key, value) -> {
        boolean secretish = secretWords.stream().anyMatch(w -> key.toUpperCase(Locale.ROOT).contains(w));
        if (secretish) {
          assertThat(key).as("%s: secret %s comes from a file (_FILE), not inline", name, key).endsWith("_FILE");
        }
      });
    });
    Map<String, Object> secrets = Repo.map(COMPOSE, "secrets");
    assertThat(secrets).isNotEmpty();
    secrets.forEach((name, secret) -> {
      assertThat(Repo.string(secret, "file")).as("secret %s", name).startsWith("deploy/secrets/");
      assertThat(Repo.map(secret)).as("secret %s", name).doesNotContainKey("environment");
    });
    for (String service : List.of("serving", "scheduler")) {
      assertThat(Repo.list(services(), service, "env_file")).contains("deploy/compose.env");
    }
    assertThat(Repo.read(Repo.path("deploy/compose.env.example")).lines()
        .filter(l -> !l.startsWith("#") && l.contains("=") && l.matches("(?i).*(PASSWORD|SECRET|ACCESS_KEY|REDIS_URL)=.*")))
        .allSatisfy(l -> assertThat(l).endsWith("="));
  }

  @Test
  void shouldRunOurContainersNonRootReadOnlyWithoutCapabilities() {
    for (String name : List.of("serving", "scheduler")) {
      Map<String, Object> service = Repo.map(services(), name);
      assertThat(Repo.string(service, "image")).startsWith("ghcr.io/tradingml/");
      assertThat(Repo.string(service, "user")).isEqualTo("65532:65532");
      assertThat(service.get("read_only")).isEqualTo(true);
      assertThat(Repo.list(service, "cap_drop")).contains("ALL");
      assertThat(Repo.list(service, "security_opt")).contains("no-new-privileges:true");
      assertThat(Repo.list(service, "tmpfs")).anySatisfy(t -> assertThat(t.toString()).startsWith("/tmp"));
    }
  }

  @Test
  void shouldPublishPortsOnLoopbackOnly() {
    services().forEach((name, service) -> Repo.list(service, "ports").forEach(port ->
        assertThat(port.toString()).as("port of %s", name).startsWith("127.0.0.1:")));
  }

  @Test
  void shouldMountMonitoringFilesThatExist() {
    services().forEach((name, service) -> Repo.list(service, "volumes").forEach(volume -> {
      String source = volume.toString().split(":")[0];
      if (source.startsWith("./monitoring/")) {
        assertThat(Repo.path(source.substring(2))).as("%s mounts %s", name, source).exists();
      }
    }));
    assertThat(Repo.path("monitoring/loki/promtail.yml")).exists();
  }

  @Test
  void shouldEnableVersioningOnTheLocalBucket() {
    assertThat(String.join(" ", Repo.list(services(), "minio-init", "command").stream().map(Object::toString).toList()))
        .contains("mc mb --ignore-existing local/trading-pipeline", "mc version enable local/trading-pipeline");
  }
}
