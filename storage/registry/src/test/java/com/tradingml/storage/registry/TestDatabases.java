package com.tradingml.storage.registry;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.config.PipelineConfig.JdbcSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Registry databases for tests: an H2 file per test, or a PostgreSQL schema of its own per test. */
final class TestDatabases {

  static final String POSTGRES_URL = System.getProperty("test.postgres.url",
      "jdbc:postgresql://127.0.0.1:5432/pipeline_test");
  static final String POSTGRES_USER = System.getProperty("test.postgres.user", "postgres");

  private TestDatabases() {}

  /** The embedded default's URL shape (AUTO_SERVER, DATABASE_TO_UPPER=FALSE), in {@code folder}. */
  static JdbcSettings h2(Path folder) {
    return new JdbcSettings(PipelineConfig.embeddedH2Url(folder.resolve("db").resolve("pipeline")), "sa", "");
  }

  /** Creates a fresh schema on the machine's PostgreSQL; the settings' connections use only it. */
  static JdbcSettings newPostgresSchema() {
    String schema = "registry_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE SCHEMA " + schema);
    return new JdbcSettings(POSTGRES_URL + "?currentSchema=" + schema, POSTGRES_USER, "");
  }

  static void dropPostgresSchema(JdbcSettings settings) {
    String url = settings.url();
    String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private static void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + POSTGRES_URL + ": " + e.getMessage(), e);
    }
  }
}
