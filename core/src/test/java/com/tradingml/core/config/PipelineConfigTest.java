package com.tradingml.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {

  @TempDir Path dir;

  @Test
  void shouldKeepEverythingUnderTheHomeByDefault() {
    PipelineConfig config = PipelineConfig.load(Map.of("PIPELINE_HOME", dir.toString()), null);

    assertThat(config.home()).isEqualTo(dir.toAbsolutePath());
    assertThat(config.objectStore().kind()).isEqualTo("local");
    assertThat(config.objectStore().directory()).isEqualTo(dir.resolve("objects"));
    assertThat(config.catalog().url()).startsWith("jdbc:h2:file:" + dir.resolve("db").resolve("pipeline"))
        .contains("DATABASE_TO_UPPER=FALSE").contains("AUTO_SERVER=TRUE");
    assertThat(config.redisUrl()).isNull();
  }

  @Test
  void shouldLetEnvironmentVariablesOverrideTheFileAndTheFileOverrideDefaults() throws Exception {
    Path file = dir.resolve("pipeline.properties");
    Files.writeString(file, "object-store.kind=s3\nobject-store.endpoint=http://file:9000\nobject-store.bucket=b\n"
        + "catalog.jdbc-url=jdbc:postgresql://db/pipeline\n");
    PipelineConfig config = PipelineConfig.load(Map.of(
        "PIPELINE_HOME", dir.toString(),
        "PIPELINE_OBJECT_STORE_ENDPOINT", "http://env:9000",
        "PIPELINE_OBJECT_STORE_SECRET_KEY", "s3cr3t"), file);

    assertThat(config.objectStore().isS3()).isTrue();
    assertThat(config.objectStore().endpoint()).isEqualTo("http://env:9000");
    assertThat(config.objectStore().bucket()).isEqualTo("b");
    assertThat(config.catalog().url()).isEqualTo("jdbc:postgresql://db/pipeline");
  }

  @Test
  void shouldReadTheHomesOwnPropertiesFileWhenNoneIsNamed() throws Exception {
    Files.writeString(dir.resolve("pipeline.properties"), "redis.url=redis://127.0.0.1:6379\n");
    assertThat(PipelineConfig.load(Map.of("PIPELINE_HOME", dir.toString()), null).redisUrl())
        .isEqualTo("redis://127.0.0.1:6379");
  }

  @Test
  void shouldRejectUnknownKeysSoATypoCannotFallBackToADefault() throws Exception {
    Path file = dir.resolve("typo.properties");
    Files.writeString(file, "object-store.bukcet=b\n");
    assertThatThrownBy(() -> PipelineConfig.load(Map.of("PIPELINE_HOME", dir.toString()), file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown key 'object-store.bukcet'");
  }

  @Test
  void shouldRequireAnEndpointAndBucketForS3() {
    assertThatThrownBy(() -> PipelineConfig.load(Map.of("PIPELINE_HOME", dir.toString(),
        "PIPELINE_OBJECT_STORE_KIND", "s3"), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("object-store.endpoint");
  }

  @Test
  void shouldNeverPrintSecrets() {
    PipelineConfig config = PipelineConfig.load(Map.of("PIPELINE_HOME", dir.toString(),
        "PIPELINE_OBJECT_STORE_KIND", "s3", "PIPELINE_OBJECT_STORE_ENDPOINT", "http://h:9000",
        "PIPELINE_OBJECT_STORE_ACCESS_KEY", "AKIAXXXX", "PIPELINE_OBJECT_STORE_SECRET_KEY", "topsecret",
        "PIPELINE_CATALOG_PASSWORD", "dbpassword", "PIPELINE_REDIS_URL", "redis://user:redispass@h:6379"), null);

    assertThat(config.toString()).doesNotContain("topsecret", "dbpassword", "redispass", "AKIAXXXX");
  }
}
