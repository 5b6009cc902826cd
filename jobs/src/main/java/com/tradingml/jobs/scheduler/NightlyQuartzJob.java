package com.tradingml.jobs.scheduler;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.PersistJobDataAfterExecution;
import org.quartz.Scheduler;

/**
 * The Quartz job that runs the nightly Spring Batch job for the business date its trigger was scheduled
 * for: the day before the scheduled fire time in the scheduler's time zone (never "now": a fire recovered
 * on another node, or fired late after a misfire, still processes the date it was meant for). Never two at
 * once ({@link DisallowConcurrentExecution}, cluster-wide on the JDBC store). A failure is rethrown as a
 * {@link JobExecutionException} (recorded by Quartz and counted by the scheduler), never swallowed.
 */
@DisallowConcurrentExecution
@PersistJobDataAfterExecution
public final class NightlyQuartzJob implements Job {

  /** Scheduler-context key of the {@link NightlyRunner} the job calls. */
  public static final String RUNNER = "nightlyRunner";
  public static final String ZONE = "zone";

  /** What runs for a business date; the scheduler provides it through its context. */
  @FunctionalInterface
  public interface NightlyRunner {
    void run(LocalDate businessDate, boolean recovering) throws Exception;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    try {
      Scheduler scheduler = context.getScheduler();
      NightlyRunner runner = (NightlyRunner) scheduler.getContext().get(RUNNER);
      ZoneId zone = ZoneId.of(scheduler.getContext().getString(ZONE));
      runner.run(businessDate(context, zone), context.isRecovering());
    } catch (Exception e) {
      throw new JobExecutionException("nightly run failed: " + e.getMessage(), e, false);
    }
  }

  /** The day before the scheduled (or, for a recovered fire, the originally scheduled) fire time. */
  static LocalDate businessDate(JobExecutionContext context, ZoneId zone) {
    Instant scheduled = context.getScheduledFireTime().toInstant();
    if (context.isRecovering()) {
      String original = context.getMergedJobDataMap().getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS);
      if (original != null) {
        scheduled = Instant.ofEpochMilli(Long.parseLong(original));
      }
    }
    return scheduled.atZone(zone).toLocalDate().minusDays(1);
  }
}
