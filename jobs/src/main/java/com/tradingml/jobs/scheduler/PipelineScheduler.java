package com.tradingml.jobs.scheduler;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.jobs.batch.JobDatabase;
import java.time.ZoneId;
import java.util.Properties;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The clustered Quartz scheduler (RELIABILITY.md B6): a JDBC job store in the pipeline database
 * (PostgreSQL in production: several scheduler processes share it and the nightly trigger fires once
 * across all of them; H2 works for one process), the nightly cron trigger with its time zone,
 * {@code requestsRecovery} so a job running on a node that dies is re-fired by another node, and an
 * explicit misfire policy: fire once now, then keep the schedule (a scheduler that was down at 02:00 runs
 * the missed night when it comes back, and never runs several missed nights at once).
 */
public final class PipelineScheduler implements AutoCloseable {

  public static final JobKey NIGHTLY_JOB = JobKey.jobKey("nightly", "pipeline");
  public static final TriggerKey NIGHTLY_TRIGGER = TriggerKey.triggerKey("nightly-cron", "pipeline");

  private final Scheduler scheduler;

  private PipelineScheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Starts a scheduler node. {@code jobClass} is {@link NightlyQuartzJob} in production; tests pass a
   * recording job to observe clustering without running Spark.
   */
  public static PipelineScheduler start(PipelineConfig config, String schedulerName, String cron, ZoneId zone,
      NightlyQuartzJob.NightlyRunner runner, Class<? extends org.quartz.Job> jobClass, long clusterCheckinMillis)
      throws SchedulerException {
    // Quartz expects its tables; a fresh database (the laptop's H2) gets them here, from Quartz's own DDL.
    JobDatabase.open(config).close();
    StdSchedulerFactory factory = new StdSchedulerFactory(properties(config, schedulerName, clusterCheckinMillis));
    Scheduler scheduler = factory.getScheduler();
    scheduler.getContext().put(NightlyQuartzJob.RUNNER, runner);
    scheduler.getContext().put(NightlyQuartzJob.ZONE, zone.getId());
    JobDetail job = JobBuilder.newJob(jobClass).withIdentity(NIGHTLY_JOB).requestRecovery(true).storeDurably().build();
    Trigger trigger = TriggerBuilder.newTrigger().withIdentity(NIGHTLY_TRIGGER).forJob(NIGHTLY_JOB)
        .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone(zone))
            .withMisfireHandlingInstructionFireAndProceed())
        .build();
    // Idempotent registration: every node declares the same job and trigger; replacing keeps one of each.
    scheduler.addJob(job, true);
    Trigger existing = scheduler.getTrigger(NIGHTLY_TRIGGER);
    if (existing == null) {
      try {
        scheduler.scheduleJob(trigger);
      } catch (org.quartz.ObjectAlreadyExistsException raced) {
        // another node registered it first
      }
    } else if (!sameSchedule(existing, cron, zone)) {
      scheduler.rescheduleJob(NIGHTLY_TRIGGER, trigger);
    }
    scheduler.start();
    return new PipelineScheduler(scheduler);
  }

  /**
   * Whether the stored trigger already has this schedule. Zones are compared as the trigger stores them
   * ({@link TimeZone} ids): {@code ZoneOffset.UTC} is stored as "UTC", which reads back as a different
   * {@link ZoneId}, and replacing the trigger at every node start let two nodes run one fire.
   */
  static boolean sameSchedule(Trigger existing, String cron, ZoneId zone) {
    return existing instanceof org.quartz.CronTrigger c && c.getCronExpression().equals(cron)
        && c.getTimeZone().getID().equals(TimeZone.getTimeZone(zone).getID());
  }

  static Properties properties(PipelineConfig config, String schedulerName, long clusterCheckinMillis) {
    boolean postgres = config.catalog().url().startsWith("jdbc:postgresql:");
    Properties p = new Properties();
    // Nodes with the same name form one cluster; a different name is an independent scheduler (tests).
    p.setProperty("org.quartz.scheduler.instanceName", schedulerName);
    p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", postgres
        ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(clusterCheckinMillis));
    p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    p.setProperty("org.quartz.jobStore.useProperties", "true"); // string job data only: no Java serialization
    p.setProperty("org.quartz.jobStore.dataSource", "pipeline");
    p.setProperty("org.quartz.dataSource.pipeline.provider", "hikaricp");
    p.setProperty("org.quartz.dataSource.pipeline.driver", postgres ? "org.postgresql.Driver" : "org.h2.Driver");
    p.setProperty("org.quartz.dataSource.pipeline.URL", config.catalog().url());
    p.setProperty("org.quartz.dataSource.pipeline.user", config.catalog().user());
    p.setProperty("org.quartz.dataSource.pipeline.password", config.catalog().password());
    p.setProperty("org.quartz.dataSource.pipeline.maxConnections", "4");
    return p;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public void close() {
    try {
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      throw new IllegalStateException("scheduler shutdown failed: " + e.getMessage(), e);
    }
  }
}
