package com.tradingml.jobs.scheduler;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * A stand-in for the nightly job in clustering tests: records which node ran which scheduled fire (and
 * whether as a recovery) in a PostgreSQL table, then works for a while.
 */
@DisallowConcurrentExecution
public final class RecordingJob implements Job {

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    String table = System.getProperty("test.fires.table");
    long sleep = Long.getLong("test.job.millis", 1000);
    try (Connection c = DriverManager.getConnection(System.getProperty("test.jdbc.url"), "postgres", "");
        PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
            + " (fire_time, instance_id, recovering, business_date) VALUES (?, ?, ?, ?)")) {
      insert.setLong(1, recoveredOrScheduled(context));
      insert.setString(2, context.getScheduler().getSchedulerInstanceId());
      insert.setBoolean(3, context.isRecovering());
      insert.setString(4, NightlyQuartzJob.businessDate(context, java.time.ZoneOffset.UTC).toString());
      insert.executeUpdate();
      Thread.sleep(sleep);
    } catch (Exception e) {
      throw new JobExecutionException(e, false);
    }
  }

  static long recoveredOrScheduled(JobExecutionContext context) {
    if (context.isRecovering()) {
      String original = context.getMergedJobDataMap()
          .getString(org.quartz.Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS);
      if (original != null) {
        return Long.parseLong(original);
      }
    }
    return context.getScheduledFireTime().getTime();
  }
}
