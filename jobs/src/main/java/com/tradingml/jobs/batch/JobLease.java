package com.tradingml.jobs.batch;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A heartbeat lease on one job instance (job name + business date): proof that a live process owns a
 * running execution. A process killed with -9 stops heartbeating; once its lease is older than
 * {@link #STALE_AFTER} (or at once, when the holder was a process of this machine that no longer
 * exists), the next launcher may take it over and recover the execution it left STARTED, with no
 * manual SQL. Claiming is one atomic statement, so of concurrent launchers exactly one wins.
 */
public final class JobLease implements AutoCloseable {

  static final Duration HEARTBEAT = Duration.ofSeconds(2);
  static final Duration STALE_AFTER = Duration.ofSeconds(10);

  private final DataSource dataSource;
  private final String key;
  private final String owner;
  private final ScheduledExecutorService heartbeat;

  private JobLease(DataSource dataSource, String key, String owner) {
    this.dataSource = dataSource;
    this.key = key;
    this.owner = owner;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "job-lease-" + key);
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleAtFixedRate(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** This process's identity: pid@host. */
  public static String processOwner() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }

  /** Who holds the lease now, if anyone. */
  public static Optional<String> holder(DataSource dataSource, String key) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT OWNER FROM PIPELINE_JOB_LEASES WHERE LEASE_KEY = ?")) {
      select.setString(1, key);
      try (var rs = select.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the job lease " + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * Claims the lease if it is free or stale; empty if a live process holds it. The caller must close the
   * lease when the run ends.
   */
  public static Optional<JobLease> claim(DataSource dataSource, String key) {
    String owner = processOwner();
    Instant now = Instant.now();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE PIPELINE_JOB_LEASES SET OWNER = ?, HEARTBEAT_AT = ? WHERE LEASE_KEY = ? AND HEARTBEAT_AT < ?")) {
        update.setString(1, owner);
        update.setTimestamp(2, Timestamp.from(now));
        update.setString(3, key);
        update.setTimestamp(4, Timestamp.from(now.minus(STALE_AFTER)));
        if (update.executeUpdate() == 1) {
          return Optional.of(new JobLease(dataSource, key, owner));
        }
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO PIPELINE_JOB_LEASES (LEASE_KEY, OWNER, HEARTBEAT_AT) VALUES (?, ?, ?)")) {
        insert.setString(1, key);
        insert.setString(2, owner);
        insert.setTimestamp(3, Timestamp.from(now));
        insert.executeUpdate();
        return Optional.of(new JobLease(dataSource, key, owner));
      } catch (SQLException insertFailed) {
        // Either another process holds a fresh lease (the row exists), or the database failed.
        String holder;
        try (PreparedStatement exists = connection.prepareStatement(
            "SELECT OWNER FROM PIPELINE_JOB_LEASES WHERE LEASE_KEY = ?")) {
          exists.setString(1, key);
          try (var rs = exists.executeQuery()) {
            if (!rs.next()) {
              throw insertFailed;
            }
            holder = rs.getString(1);
          }
        }
        // A holder on this machine whose process is gone is known dead now: no need to wait for staleness.
        if (isDeadLocalProcess(holder)) {
          try (PreparedStatement takeOver = connection.prepareStatement(
              "UPDATE PIPELINE_JOB_LEASES SET OWNER = ?, HEARTBEAT_AT = ? WHERE LEASE_KEY = ? AND OWNER = ?")) {
            takeOver.setString(1, owner);
            takeOver.setTimestamp(2, Timestamp.from(now));
            takeOver.setString(3, key);
            takeOver.setString(4, holder);
            if (takeOver.executeUpdate() == 1) {
              return Optional.of(new JobLease(dataSource, key, owner));
            }
          }
        }
        return Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot claim the job lease " + key + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code owner} (pid@host) names a process of this host that no longer runs. */
  static boolean isDeadLocalProcess(String owner) {
    int at = owner.indexOf('@');
    if (at <= 0) {
      return false;
    }
    String host = owner.substring(at + 1);
    String ourHost = processOwner().substring(processOwner().indexOf('@') + 1);
    if (!host.equals(ourHost)) {
      return false;
    }
    try {
      long pid = Long.parseLong(owner.substring(0, at));
      return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void beat() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(
            "UPDATE PIPELINE_JOB_LEASES SET HEARTBEAT_AT = ? WHERE LEASE_KEY = ? AND OWNER = ?")) {
      update.setTimestamp(1, Timestamp.from(Instant.now()));
      update.setString(2, key);
      update.setString(3, owner);
      update.executeUpdate();
    } catch (SQLException e) {
      // A missed beat only risks a takeover after STALE_AFTER; the next beat retries.
      System.getLogger(JobLease.class.getName()).log(System.Logger.Level.WARNING, "job lease heartbeat failed: " + e);
    }
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM PIPELINE_JOB_LEASES WHERE LEASE_KEY = ? AND OWNER = ?")) {
      delete.setString(1, key);
      delete.setString(2, owner);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot release the job lease " + key + ": " + e.getMessage(), e);
    }
  }
}
