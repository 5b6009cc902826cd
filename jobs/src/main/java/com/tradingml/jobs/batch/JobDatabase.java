package com.tradingml.jobs.batch;

import com.tradingml.core.config.PipelineConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The jobs' database: the same JDBC database as the Iceberg catalog and the model registry (H2 under
 * {@code $PIPELINE_HOME} by default, PostgreSQL in production), holding Spring Batch's JobRepository
 * tables, the job leases and Quartz's tables. Creates what is missing on open, using the DDL shipped
 * inside the Spring Batch and Quartz jars, so the schema always matches the library version.
 */
public final class JobDatabase implements AutoCloseable {

  private final PipelineConfig.JdbcSettings settings;
  private final HikariDataSource dataSource;

  private JobDatabase(PipelineConfig.JdbcSettings settings, HikariDataSource dataSource) {
    this.settings = settings;
    this.dataSource = dataSource;
  }

  public static JobDatabase open(PipelineConfig config) {
    PipelineConfig.JdbcSettings settings = config.catalog();
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(settings.url());
    hikari.setUsername(settings.user());
    hikari.setPassword(settings.password());
    hikari.setMaximumPoolSize(6);
    hikari.setMinimumIdle(0);
    hikari.setPoolName("pipeline-jobs");
    JobDatabase database = new JobDatabase(settings, new HikariDataSource(hikari));
    database.ensureSchema();
    return database;
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  public boolean isPostgres() {
    return settings.url().startsWith("jdbc:postgresql:");
  }

  public boolean isH2() {
    return settings.isH2();
  }

  private void ensureSchema() {
    try (Connection connection = dataSource.getConnection()) {
      String dialect = isPostgres() ? "postgresql" : "h2";
      if (isPostgres()) {
        // Several processes may open a fresh database at once: serialize schema creation.
        try (Statement lock = connection.createStatement()) {
          lock.execute("SELECT pg_advisory_lock(7424001)");
        }
      }
      try {
        if (!tableExists(connection, "BATCH_JOB_INSTANCE")) {
          runScript(connection, "/org/springframework/batch/core/schema-" + dialect + ".sql");
        }
        if (!tableExists(connection, "QRTZ_JOB_DETAILS")) {
          runScript(connection, "/org/quartz/impl/jdbcjobstore/tables_" + (isPostgres() ? "postgres" : "h2") + ".sql");
        }
        if (!tableExists(connection, "PIPELINE_JOB_LEASES")) {
          try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS PIPELINE_JOB_LEASES ("
                + " LEASE_KEY VARCHAR(300) NOT NULL PRIMARY KEY,"
                + " OWNER VARCHAR(200) NOT NULL,"
                + " HEARTBEAT_AT TIMESTAMP WITH TIME ZONE NOT NULL)");
          }
        }
      } finally {
        if (isPostgres()) {
          try (Statement unlock = connection.createStatement()) {
            unlock.execute("SELECT pg_advisory_unlock(7424001)");
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the jobs schema in " + settings + ": " + e.getMessage(), e);
    }
  }

  private static boolean tableExists(Connection connection, String table) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    for (String name : new String[] {table, table.toLowerCase(java.util.Locale.ROOT)}) {
      try (ResultSet rs = meta.getTables(null, null, name, new String[] {"TABLE"})) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  /** Runs a DDL script from the classpath: statements separated by ';', '--' comments skipped. */
  private static void runScript(Connection connection, String resource) throws SQLException {
    String script;
    try (InputStream in = JobDatabase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("DDL script " + resource + " not on the classpath");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder cleaned = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.startsWith("#")) {
        continue;
      }
      cleaned.append(line).append('\n');
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      for (String sql : cleaned.toString().split(";")) {
        if (!sql.isBlank()) {
          statement.execute(sql.strip());
        }
      }
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
