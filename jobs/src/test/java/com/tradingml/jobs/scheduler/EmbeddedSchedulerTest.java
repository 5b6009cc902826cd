package com.tradingml.jobs.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.config.PipelineConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The laptop case: a scheduler on a fresh embedded home (H2) creates Quartz's tables and fires the real job class. */
class EmbeddedSchedulerTest {

  @TempDir Path home;

  @Test
  void shouldFireTheNightlyJobOnAFreshEmbeddedHome() throws Exception {
    List<LocalDate> dates = new CopyOnWriteArrayList<>();
    CountDownLatch fired = new CountDownLatch(1);
    NightlyQuartzJob.NightlyRunner runner = (date, recovering) -> {
      dates.add(date);
      fired.countDown();
    };
    try (PipelineScheduler scheduler = PipelineScheduler.start(PipelineConfig.embedded(home), "embedded-test",
        "0/1 * * * * ?", ZoneOffset.UTC, runner, NightlyQuartzJob.class, 15_000)) {
      assertThat(fired.await(30, TimeUnit.SECONDS)).as("a fire within 30 s").isTrue();
      assertThat(scheduler.scheduler().getTrigger(PipelineScheduler.NIGHTLY_TRIGGER).getNextFireTime()).isNotNull();
    }
    // The business date of a fire is the day before its scheduled time in the cron's zone.
    assertThat(dates.get(0)).isIn(LocalDate.now(ZoneOffset.UTC).minusDays(1), LocalDate.now(ZoneOffset.UTC).minusDays(2));
  }

  /**
   * A node that (re)starts with the schedule already registered keeps the stored trigger: replacing it at every
   * start (ZoneOffset.UTC read back as another ZoneId) let a second node run a fire the first had taken.
   */
  @Test
  void shouldKeepTheRegisteredTriggerWhenANodeRestartsWithTheSameSchedule() throws Exception {
    PipelineConfig config = PipelineConfig.embedded(home);
    NightlyQuartzJob.NightlyRunner idle = (date, recovering) -> { };
    java.util.Date registered;
    try (PipelineScheduler first = PipelineScheduler.start(config, "restart-test", "0 0 3 * * ?", ZoneOffset.UTC,
        idle, NightlyQuartzJob.class, 15_000)) {
      registered = first.scheduler().getTrigger(PipelineScheduler.NIGHTLY_TRIGGER).getStartTime();
    }
    Thread.sleep(50); // a replacement trigger would start later
    try (PipelineScheduler again = PipelineScheduler.start(config, "restart-test", "0 0 3 * * ?", ZoneOffset.UTC,
        idle, NightlyQuartzJob.class, 15_000)) {
      assertThat(again.scheduler().getTrigger(PipelineScheduler.NIGHTLY_TRIGGER).getStartTime())
          .as("the stored trigger, not a replacement").isEqualTo(registered);
    }
    try (PipelineScheduler changed = PipelineScheduler.start(config, "restart-test", "0 0 4 * * ?", ZoneOffset.UTC,
        idle, NightlyQuartzJob.class, 15_000)) {
      assertThat(((org.quartz.CronTrigger) changed.scheduler().getTrigger(PipelineScheduler.NIGHTLY_TRIGGER))
          .getCronExpression()).as("a changed schedule replaces it").isEqualTo("0 0 4 * * ?");
    }
  }
}
