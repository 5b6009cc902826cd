package com.tradingml.storage.tables;

import com.tradingml.core.config.PipelineConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Configurations of real backends for tests: embedded H2 + local directory, PostgreSQL, S3. */
final class TestWarehouses {

  static final String POSTGRES_URL = System.getProperty("test.postgres.url",
      "jdbc:postgresql://127.0.0.1:5432/pipeline_test");

  private TestWarehouses() {}

  /** Embedded defaults under {@code home}: H2 file catalog, local object store. */
  static PipelineConfig embedded(Path home) {
    return PipelineConfig.embedded(home);
  }

  /** A PostgreSQL catalog (the machine's server, trust auth) with a local object store under {@code home}. */
  static PipelineConfig postgres(Path home) {
    Map<String, String> env = new HashMap<>();
    env.put("PIPELINE_HOME", home.toString());
    env.put("PIPELINE_CATALOG_JDBC_URL", POSTGRES_URL);
    env.put("PIPELINE_CATALOG_USER", "postgres");
    return PipelineConfig.load(env, null);
  }

  /** A catalog name of its own per test: isolation on a shared PostgreSQL database. */
  static String uniqueCatalogName() {
    return "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
