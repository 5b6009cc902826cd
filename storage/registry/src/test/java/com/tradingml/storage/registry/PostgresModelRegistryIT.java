package com.tradingml.storage.registry;

import com.tradingml.core.config.PipelineConfig.JdbcSettings;
import com.tradingml.storage.objectstore.LocalDirectoryObjectStore;
import com.tradingml.storage.objectstore.ObjectStore;
import java.nio.file.Path;

/**
 * The production database: the machine's PostgreSQL (127.0.0.1:5432, database pipeline_test, or
 * -Dtest.postgres.url), a schema of its own per test, dropped afterwards; artifacts in a local directory.
 */
class PostgresModelRegistryIT extends ModelRegistryContract {

  @Override
  ObjectStore newStore(Path folder) {
    return new LocalDirectoryObjectStore(folder);
  }

  @Override
  JdbcSettings newDatabase(Path folder) {
    return TestDatabases.newPostgresSchema();
  }

  @Override
  void dropDatabase(JdbcSettings settings) {
    TestDatabases.dropPostgresSchema(settings);
  }
}
