package com.tradingml.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.storage.registry.ModelIntegrityException;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.registry.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing and loading through the embedded registry (H2 file database, local directory), under the guard. */
class RegistryModelsTest {

  @TempDir
  Path temp;

  @Test
  void shouldPublishAndLoadAVerifiedPackage() {
    long before = SerializationGuard.rejections();
    ModelPackage model = PackageFixture.get();
    try (ModelRegistry registry = new ModelRegistry(PipelineConfig.embedded(temp.resolve("home")), Clock.systemUTC())) {
      ModelVersion version = RegistryModels.publish(registry, "direction", model, temp.resolve("out"),
          Map.of("trained_by", "test"), "test");

      ModelPackage loaded = RegistryModels.load(registry, version, temp.resolve("in"));

      assertThat(version.metadata()).containsEntry("format", ModelPackage.FORMAT).containsEntry("trained_by", "test")
          .containsEntry("feature_set_hash", model.features().hash());
      assertThat(loaded.sha256()).isEqualTo(model.sha256());
      double[] a = new double[3];
      double[] b = new double[3];
      double[] row = TestModels.inputs(3, 1, model.predictor().inputSize())[0];
      model.predictor().predict(row, a);
      loaded.predictor().predict(row, b);
      assertThat(b).containsExactly(a);
    }
    assertThat(SerializationGuard.rejections()).as("H2, the registry and DL4J needed no deserialization").isEqualTo(before);
  }

  @Test
  void shouldRefuseAVersionWhoseStoredParamsWereChanged() throws Exception {
    Path home = temp.resolve("home");
    try (ModelRegistry registry = new ModelRegistry(PipelineConfig.embedded(home), Clock.systemUTC())) {
      ModelVersion version = RegistryModels.publish(registry, "direction", PackageFixture.get(), temp.resolve("out"),
          Map.of(), "test");
      Path stored = home.resolve("objects/models/direction/1/params.bin");
      byte[] bytes = Files.readAllBytes(stored);
      bytes[100] ^= 0x10;
      Files.write(stored, bytes);

      assertThatThrownBy(() -> RegistryModels.load(registry, version, temp.resolve("in")))
          .isInstanceOf(ModelIntegrityException.class)
          .hasMessageContaining("artifact 'params.bin' does not match its registered digest");
    }
  }
}
