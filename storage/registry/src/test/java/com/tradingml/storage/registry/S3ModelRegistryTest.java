package com.tradingml.storage.registry;

import com.tradingml.core.config.PipelineConfig.JdbcSettings;
import com.tradingml.storage.objectstore.ObjectStore;
import com.tradingml.storage.objectstore.S3TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Artifacts in S3 (s3proxy in this JVM, a fresh bucket per test), versions in H2. s3proxy 2.6.0 ignores
 * conditional writes, so here the manifest's create-if-absent is not atomic; the contract still holds
 * because version numbers come from the database (see ModelRegistry's class comment).
 */
class S3ModelRegistryTest extends ModelRegistryContract {

  private static S3TestServer server;

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  ObjectStore newStore(Path folder) {
    return server.newStore();
  }

  @Override
  JdbcSettings newDatabase(Path folder) {
    return TestDatabases.h2(folder);
  }
}
