package com.tradingml.storage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.config.PipelineConfig.JdbcSettings;
import com.tradingml.storage.objectstore.LocalDirectoryObjectStore;
import com.tradingml.storage.objectstore.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded default: an H2 file database (as PipelineConfig.embedded makes it) and a local directory. */
class EmbeddedModelRegistryTest extends ModelRegistryContract {

  @Override
  ObjectStore newStore(Path folder) {
    return new LocalDirectoryObjectStore(folder);
  }

  @Override
  JdbcSettings newDatabase(Path folder) {
    return TestDatabases.h2(folder);
  }

  @Test
  void shouldOpenFromTheEmbeddedConfigurationAndKeepItsTablesApartFromIcebergs() throws Exception {
    Path home = temp.resolve("home");
    PipelineConfig config = PipelineConfig.embedded(home);
    Path artifact = Files.writeString(temp.resolve("network.bin"), "weights", StandardCharsets.UTF_8);
    try (ModelRegistry embedded = new ModelRegistry(config, Clock.systemUTC())) {
      ModelVersion version = embedded.publish("demo", Map.of("network.bin", artifact), Map.of(), "demo");
      assertThat(embedded.fetch(version, temp.resolve("out")).file("network.bin")).hasContent("weights");
    }
    assertThat(home.resolve("objects/models/demo/1/network.bin")).hasContent("weights");
    List<String> tables = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(config.catalog().url(), "sa", "");
        ResultSet rows = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rows.next()) {
        if (!"INFORMATION_SCHEMA".equalsIgnoreCase(rows.getString("TABLE_SCHEM"))) {
          tables.add(rows.getString("TABLE_NAME"));
        }
      }
    }
    assertThat(tables).containsExactlyInAnyOrder("registry_models", "registry_versions", "registry_aliases",
        "registry_alias_changes");
  }
}
