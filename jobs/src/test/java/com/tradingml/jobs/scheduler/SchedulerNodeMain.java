package com.tradingml.jobs.scheduler;

import com.tradingml.core.config.PipelineConfig;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;

/** A scheduler node in its own JVM for clustering tests: args = home, scheduler name, cron. */
public final class SchedulerNodeMain {
  private SchedulerNodeMain() {}

  public static void main(String[] args) throws Exception {
    PipelineConfig config = PipelineConfig.load(Map.of("PIPELINE_HOME", args[0],
        "PIPELINE_CATALOG_JDBC_URL", System.getProperty("test.jdbc.url"), "PIPELINE_CATALOG_USER", "postgres"), null);
    try (var db = com.tradingml.jobs.batch.JobDatabase.open(config)) {
      // creates the Quartz tables if needed
    }
    PipelineScheduler scheduler = PipelineScheduler.start(config, args[1], args[2], ZoneOffset.UTC,
        (date, recovering) -> {}, RecordingJob.class, Long.getLong("test.checkin.millis", 5_000));
    System.out.println("started " + scheduler.scheduler().getSchedulerInstanceId());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
