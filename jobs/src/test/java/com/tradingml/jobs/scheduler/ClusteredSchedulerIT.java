package com.tradingml.jobs.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scheduler nodes (two JVMs) on one PostgreSQL (RELIABILITY.md B6): every scheduled fire runs
 * exactly once across the cluster, and when a node is killed mid-run another node recovers the job.
 */
class ClusteredSchedulerIT {

  private static final String JDBC = System.getProperty("test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/pipeline_test");

  @TempDir Path home;
  private final String table = "test_fires_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final String schedulerName = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Process> nodes = new ArrayList<>();

  @BeforeEach
  void createTable() throws Exception {
    try (Connection c = DriverManager.getConnection(JDBC, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + table + " (fire_time BIGINT, instance_id VARCHAR(200), recovering BOOLEAN,"
          + " business_date VARCHAR(10), recorded_at TIMESTAMP DEFAULT now())");
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (Process node : nodes) {
      node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try (Connection c = DriverManager.getConnection(JDBC, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
      for (String t : List.of("QRTZ_FIRED_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_SIMPLE_TRIGGERS", "QRTZ_TRIGGERS",
          "QRTZ_JOB_DETAILS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS")) {
        s.execute("DELETE FROM " + t + " WHERE SCHED_NAME = '" + schedulerName + "'");
      }
    }
  }

  private Process startNode(String cron, long jobMillis) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-Dtest.jdbc.url=" + JDBC, "-Dtest.fires.table=" + table, "-Dtest.job.millis=" + jobMillis,
        "-cp", classpath, SchedulerNodeMain.class.getName(), home.toString(), schedulerName, cron)
        .redirectErrorStream(true).redirectOutput(home.resolve("node-" + nodes.size() + ".log").toFile()).start();
    nodes.add(p);
    return p;
  }

  private List<Map<String, Object>> fires() throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(JDBC, "postgres", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT fire_time, instance_id, recovering FROM " + table + " ORDER BY recorded_at")) {
      while (rs.next()) {
        rows.add(Map.of("fire", rs.getLong(1), "node", rs.getString(2), "recovering", rs.getBoolean(3)));
      }
    }
    return rows;
  }

  @Test
  void shouldRunEachScheduledFireExactlyOnceAcrossTwoNodes() throws Exception {
    startNode("0/3 * * * * ?", 500);
    startNode("0/3 * * * * ?", 500);
    Thread.sleep(20_000);
    List<Map<String, Object>> fires = fires();

    Map<Long, Integer> perFire = new HashMap<>();
    fires.forEach(f -> perFire.merge((Long) f.get("fire"), 1, Integer::sum));
    assertThat(fires).as("fires recorded").hasSizeGreaterThanOrEqualTo(3);
    assertThat(perFire.values()).as("runs per scheduled fire time: " + perFire + "; fires " + fires).allMatch(n -> n == 1);
    assertThat(fires).as("no recoveries while both nodes live").noneMatch(f -> Boolean.TRUE.equals(f.get("recovering")));
  }

  @Test
  void shouldRecoverOnTheOtherNodeAJobWhoseNodeWasKilledMidRun() throws Exception {
    Process first = startNode("0/30 * * * * ?", 12_000);
    Thread.sleep(3_000); // let the first node take the lead before the second joins
    startNode("0/30 * * * * ?", 12_000);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<Map<String, Object>> fires = fires();
    while (fires.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      fires = fires();
    }
    assertThat(fires).as("a fire started").isNotEmpty();
    Map<String, Object> running = fires.get(0);
    Process victim = nodes.stream().filter(Process::isAlive).toList().get(0);
    // Kill the node that is running the job (ask each: the one whose instance id matches).
    for (Process node : nodes) {
      String log = java.nio.file.Files.readString(home.resolve("node-" + nodes.indexOf(node) + ".log"));
      if (log.contains("started " + running.get("node"))) {
        victim = node;
      }
    }
    victim.destroyForcibly(); // kill -9 mid-run
    victim.waitFor(10, TimeUnit.SECONDS);

    long recoveryDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    boolean recovered = false;
    while (!recovered && System.nanoTime() < recoveryDeadline) {
      Thread.sleep(250);
      // A recovered fire carries the ORIGINAL trigger's actual fire time (a few ms after the scheduled one).
      recovered = fires().stream().anyMatch(f -> Boolean.TRUE.equals(f.get("recovering"))
          && Math.abs((Long) f.get("fire") - (Long) running.get("fire")) < 1_000
          && !f.get("node").equals(running.get("node")));
    }
    assertThat(recovered).as("the surviving node re-ran fire " + running.get("fire") + " as a recovery: " + fires())
        .isTrue();
    assertThat(first).isNotNull();
  }
}
