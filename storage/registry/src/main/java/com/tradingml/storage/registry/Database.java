package com.tradingml.storage.registry;

import com.tradingml.core.config.PipelineConfig.JdbcSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plain JDBC for the registry: a small pool of connections (idle ones are kept, so an embedded H2
 * database is not closed and reopened between operations), transactions that commit or roll back as
 * a whole, and retries of the failures a concurrent database reports when it wants a transaction
 * run again (deadlock, serialization failure, lock timeout, lost connection). Thread-safe.
 */
final class Database implements AutoCloseable {

  /** Work inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  static final String UNIQUE_VIOLATION = "23505";

  private static final int MAX_IDLE = 4;
  private static final int MAX_ATTEMPTS = 12;
  /** H2's lock timeout (milliseconds) for our sessions: publishers of one model queue on one row. */
  private static final int H2_LOCK_TIMEOUT_MILLIS = 10_000;

  private final JdbcSettings settings;
  private final Deque<Connection> idle = new ArrayDeque<>(); // guarded by this
  private boolean closed; // guarded by this

  Database(JdbcSettings settings) {
    this.settings = Objects.requireNonNull(settings, "JDBC settings");
  }

  boolean isH2() {
    return settings.isH2();
  }

  boolean isPostgres() {
    return settings.url().startsWith("jdbc:postgresql:");
  }

  /** {@code what} names the operation in error messages. */
  <T> T transaction(String what, Work<T> work) {
    return transaction(what, false, work);
  }

  /**
   * Runs {@code work} in a transaction and commits it; rolls back on any failure. Transient failures
   * are retried with a fresh transaction (so {@code work} must be safe to run again), as are unique-key
   * violations when {@code retryUniqueViolations} (an insert that lost a race). Other SQL failures
   * become a {@link RegistryException}; runtime exceptions and errors from {@code work} pass through
   * unchanged after the rollback.
   */
  <T> T transaction(String what, boolean retryUniqueViolations, Work<T> work) {
    SQLException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Connection connection;
      try {
        connection = borrow();
      } catch (SQLException e) {
        last = e;
        if (isConnectionFailure(e) && attempt < MAX_ATTEMPTS) {
          pause(attempt);
          continue;
        }
        break;
      }
      boolean reusable = false;
      try {
        T result = work.run(connection);
        connection.commit();
        reusable = true;
        return result;
      } catch (SQLException e) {
        rollbackQuietly(connection, e);
        last = e;
        if (!(isTransient(e) || retryUniqueViolations && UNIQUE_VIOLATION.equals(e.getSQLState()))) {
          break;
        }
        pause(attempt);
      } catch (RuntimeException e) {
        reusable = rollbackQuietly(connection, e); // a refusal (unknown model...) leaves a healthy connection
        throw e;
      } catch (Error e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        release(connection, reusable);
      }
    }
    throw new RegistryException(what + " failed on " + settings + ": " + describe(last), last);
  }

  private synchronized Connection pollIdle() throws SQLException {
    if (closed) {
      throw new IllegalStateException("the model registry is closed");
    }
    return idle.pollFirst();
  }

  private Connection borrow() throws SQLException {
    Connection pooled = pollIdle();
    if (pooled != null) {
      return pooled;
    }
    Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
    try {
      if (isH2()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("SET LOCK_TIMEOUT " + H2_LOCK_TIMEOUT_MILLIS);
        }
      }
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      connection.setAutoCommit(false);
      return connection;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection, e);
      throw e;
    }
  }

  private void release(Connection connection, boolean reusable) {
    synchronized (this) {
      if (reusable && !closed && idle.size() < MAX_IDLE) {
        idle.addFirst(connection);
        return;
      }
    }
    closeQuietly(connection, null);
  }

  @Override
  public String toString() {
    return settings.toString(); // the URL and user, never the password
  }

  @Override
  public void close() {
    Deque<Connection> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayDeque<>(idle);
      idle.clear();
    }
    for (Connection connection : toClose) {
      closeQuietly(connection, null);
    }
  }

  /** Deadlock, serialization failure, lock timeout, concurrent update, lost connection: run it again. */
  static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return false;
    }
    return state.equals("40001") // serialization failure / H2 deadlock
        || state.equals("40P01") // PostgreSQL deadlock
        || state.equals("55P03") // PostgreSQL lock not available
        || state.equals("HYT00") // H2 lock timeout
        || state.equals("90131") // H2 concurrent update
        || isConnectionFailure(e);
  }

  private static boolean isConnectionFailure(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("08");
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 10)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while retrying a registry transaction", e);
    }
  }

  private static boolean rollbackQuietly(Connection connection, Throwable failure) {
    try {
      connection.rollback();
      return true;
    } catch (SQLException e) {
      failure.addSuppressed(e);
      return false;
    }
  }

  private static void closeQuietly(Connection connection, Throwable failure) {
    try {
      connection.close();
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }

  static String describe(SQLException e) {
    if (e == null) {
      return "no attempt was made";
    }
    return e.getMessage() + " (SQLState " + e.getSQLState() + ")";
  }

  // --- Column helpers: timestamps are stored in UTC with microsecond precision on every database. ---

  static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
    statement.setObject(index, OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
  }

  static Instant getInstant(ResultSet rows, String column) throws SQLException {
    Object value = rows.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof OffsetDateTime) {
      return ((OffsetDateTime) value).toInstant();
    }
    if (value instanceof Timestamp) {
      return ((Timestamp) value).toInstant();
    }
    return rows.getObject(column, OffsetDateTime.class).toInstant();
  }

  static Integer getInteger(ResultSet rows, String column) throws SQLException {
    int value = rows.getInt(column);
    return rows.wasNull() ? null : value;
  }
}
