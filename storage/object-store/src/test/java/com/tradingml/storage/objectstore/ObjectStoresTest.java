package com.tradingml.storage.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.config.PipelineConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the implementation from configuration (the S3 case is in {@link S3ObjectStoreTest}). */
class ObjectStoresTest {

  @TempDir
  Path home;

  @Test
  void shouldOpenTheLocalDirectoryOfTheEmbeddedConfiguration() {
    PipelineConfig config = PipelineConfig.embedded(home);

    try (ObjectStore store = ObjectStores.open(config.objectStore())) {
      store.put("k", "v".getBytes(StandardCharsets.UTF_8));

      assertThat(store).isInstanceOf(LocalDirectoryObjectStore.class);
      assertThat(home.resolve("objects/k")).hasContent("v");
      assertThat(store.baseUri()).isEqualTo(home.resolve("objects").toUri().toString());
    }
  }
}
