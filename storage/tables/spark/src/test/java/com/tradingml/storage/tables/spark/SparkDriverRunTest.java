package com.tradingml.storage.tables.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver's run: its preparation beside Spark's start, a rejected input reported without waiting for Spark, a
 * failed preparation never leaving a session running. Real local Spark where a session is needed.
 */
class SparkDriverRunTest {

  @TempDir
  Path dir;

  private Supplier<SparkSession> localSession() {
    return () -> SparkSession.builder().master("local[1]").appName("driver-run-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readResult(Path result) throws Exception {
    return new ObjectMapper().readValue(result.toFile(), Map.class);
  }

  @Test
  void shouldHandThePreparedValueToTheApplicationAndStopTheSession() throws Exception {
    Path result = dir.resolve("result.json");
    AtomicReference<SparkSession> used = new AtomicReference<>();
    AtomicReference<String> preparedOn = new AtomicReference<>();

    int exit = SparkDriver.runAndReport("test", localSession(), result, () -> {
      preparedOn.set(Thread.currentThread().getName());
      return 21;
    }, (spark, prepared) -> {
      used.set(spark);
      // Started on another thread, yet the active session here (what Iceberg's source resolves catalogs with).
      assertThat(SparkSession.active()).isSameAs(spark);
      assertThat(SparkSession.getActiveSession().isDefined()).isTrue();
      long rows = spark.range(prepared).count();
      return Map.of("rows", rows, "doubled", prepared * 2);
    });

    assertThat(exit).isZero();
    assertThat(readResult(result)).containsEntry("rows", 21).containsEntry("doubled", 42);
    // The preparation runs on the caller's thread; the session starts on another.
    assertThat(preparedOn.get()).isEqualTo(Thread.currentThread().getName());
    assertThat(used.get().sparkContext().isStopped()).isTrue();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hang, not a speed check
  void shouldReportARejectedInputWithoutWaitingForSpark() throws Exception {
    Path result = dir.resolve("result.json");
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean applicationRan = new AtomicBoolean();
    Supplier<SparkSession> startingForever = () -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("unreachable in this test");
    };

    int exit = SparkDriver.runAndReport("test", startingForever, result, () -> {
      throw new IllegalArgumentException("no dataset 'nope'");
    }, (spark, prepared) -> {
      applicationRan.set(true);
      return Map.of();
    });

    assertThat(exit).isEqualTo(SparkDriver.EXIT_BAD_INPUT);
    assertThat(readResult(result)).containsExactly(Map.entry(SparkDriver.ERROR, "no dataset 'nope'"));
    assertThat(applicationRan).isFalse();
  }

  @Test
  void shouldStopTheSessionWhenThePreparationFails() throws Exception {
    Path result = dir.resolve("result.json");
    AtomicReference<SparkSession> started = new AtomicReference<>();
    Supplier<SparkSession> session = () -> {
      SparkSession spark = localSession().get();
      started.set(spark);
      return spark;
    };

    assertThatThrownBy(() -> SparkDriver.runAndReport("test", session, result, () -> {
      throw new java.io.IOException("catalog unreachable");
    }, (spark, prepared) -> Map.of())).isInstanceOf(java.io.IOException.class).hasMessage("catalog unreachable");

    assertThat(started.get()).as("the session started meanwhile").isNotNull();
    assertThat(started.get().sparkContext().isStopped()).isTrue();
    assertThat(Files.exists(result)).isFalse();
  }

  @Test
  void shouldReportTheSessionsOwnFailureToStart() {
    Path result = dir.resolve("result.json");
    Supplier<SparkSession> failing = () -> {
      throw new IllegalStateException("no master");
    };

    assertThatThrownBy(() -> SparkDriver.runAndReport("test", failing, result, () -> 1, (spark, prepared) -> Map.of()))
        .isInstanceOf(IllegalStateException.class).hasMessage("no master");
  }
}
