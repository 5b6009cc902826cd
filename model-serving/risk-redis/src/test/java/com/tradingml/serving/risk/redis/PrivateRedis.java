package com.tradingml.serving.risk.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * A redis-server process of the test's own on a free loopback port, which a test may crash ({@code kill -9})
 * and restart: the machine's shared Redis must never be stopped or flushed by a test. Needs
 * {@code redis-server} on the PATH (Debian's redis-server package, which run-tests installs).
 */
final class PrivateRedis implements AutoCloseable {

  private final int port;
  private final Path dir;
  private final boolean appendOnly;
  private Process process;

  private PrivateRedis(int port, Path dir, boolean appendOnly) {
    this.port = port;
    this.dir = dir;
    this.appendOnly = appendOnly;
  }

  static boolean available() {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "redis-server"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Starts a server: without persistence, or with an append-only file fsynced on every write (the setting a
   * production Redis needs for the kill switch latch to survive a Redis crash, RELIABILITY.md R5).
   */
  static PrivateRedis start(boolean appendOnly) throws IOException, InterruptedException {
    PrivateRedis redis = new PrivateRedis(RedisTestSupport.unusedPort(), Files.createTempDirectory("private-redis-"),
        appendOnly);
    redis.startProcess();
    return redis;
  }

  int port() {
    return port;
  }

  /** {@code kill -9}: no shutdown, no final save. */
  void crash() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("redis-server on port " + port + " did not die");
    }
  }

  void restart() throws IOException, InterruptedException {
    startProcess();
  }

  private void startProcess() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--save", "", "--dir", dir.toString(), "--daemonize", "no", "--protected-mode", "no"));
    command.addAll(appendOnly ? List.of("--appendonly", "yes", "--appendfsync", "always")
        : List.of("--appendonly", "no"));
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; see "
            + dir.resolve("redis.log"));
      }
      try (Jedis jedis = new Jedis("127.0.0.1", port, 500)) {
        if ("PONG".equals(jedis.ping())) {
          return;
        }
      } catch (RuntimeException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server on port " + port + " did not answer within 20 s");
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
