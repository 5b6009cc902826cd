package com.tradingml.jobs.cli;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.jobs.batch.JobMetrics;
import com.tradingml.jobs.batch.PipelineJobs;
import com.tradingml.jobs.scheduler.NightlyQuartzJob;
import com.tradingml.jobs.scheduler.MetricsEndpoint;
import com.tradingml.jobs.scheduler.PipelineScheduler;
import com.tradingml.tracing.Tracing;
import io.micrometer.core.instrument.Gauge;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pipeline scheduler}: a long-running Quartz node firing the nightly job. Run several on one
 * PostgreSQL for high availability: the trigger fires once across them, and a job running on a node
 * that dies is recovered by another. Stops cleanly on SIGTERM (waits for a running job).
 */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
    description = {"Run the clustered Quartz scheduler that fires the nightly retraining (cron and time zone configurable).",
        "The business date of a fire is the day before its scheduled time in that zone; the date's files are read",
        "from <inbox>/<YYYY-MM-DD>/ when that directory exists."})
final class SchedulerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOption options;

  @Option(names = "--cron", defaultValue = "0 0 2 ? * TUE-SAT", description = "Quartz cron (default: ${DEFAULT-VALUE}).")
  String cron;

  @Option(names = "--zone", defaultValue = "America/New_York", description = "Time zone of the cron (default ${DEFAULT-VALUE}).")
  ZoneId zone;

  @Option(names = "--inbox", paramLabel = "DIR", description = "Directory with one sub-directory of bar files per date.")
  Path inbox;

  @Option(names = "--dataset", defaultValue = "prices") String dataset;

  @Option(names = "--model", defaultValue = "prices-mlp") String model;

  @Option(names = "--feature-set") String featureSet;

  @Option(names = "--metrics-port", defaultValue = "9464",
      description = "Port of GET /metrics (Prometheus text); 0 turns it off (default ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--metrics-address", defaultValue = "127.0.0.1",
      description = "Address /metrics listens on; 0.0.0.0 in a container (default ${DEFAULT-VALUE}).")
  String metricsAddress;

  @Override
  public Integer call() throws Exception {
    PipelineConfig config = options.load();
    PrintWriter err = spec.commandLine().getErr();
    JobMetrics metrics = new JobMetrics().withJvmMetrics();
    NightlyQuartzJob.NightlyRunner runner = (date, recovering) -> runNightly(config, metrics, date, recovering, err);
    CountDownLatch stopped = new CountDownLatch(1);
    try (MetricsEndpoint endpoint = metricsPort == 0 ? null : MetricsEndpoint.start(metrics, metricsAddress, metricsPort);
        PipelineScheduler scheduler = PipelineScheduler.start(config, "pipeline", cron, zone, runner,
            NightlyQuartzJob.class, 15_000)) {
      if (endpoint != null) {
        err.println("scheduler: metrics on http://" + metricsAddress + ":" + endpoint.port() + "/metrics");
      }
      Gauge.builder("pipeline_scheduler_next_fire_timestamp_seconds", () -> nextFireEpochSecond(scheduler))
          .description("when this node's scheduler fires the nightly job next (any node of the cluster may run it)")
          .register(metrics.registry());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        scheduler.close();
        // The spans of the run the close waited for: main's own flush after the await may never run, because the
        // JVM halts as soon as the shutdown hooks are done.
        Tracing.forProcess().close();
        stopped.countDown();
      }, "scheduler-shutdown"));
      err.println("scheduler: node " + scheduler.scheduler().getSchedulerInstanceId() + " running nightly at '" + cron
          + "' (" + zone + "); next fire " + scheduler.scheduler().getTrigger(PipelineScheduler.NIGHTLY_TRIGGER)
          .getNextFireTime());
      err.flush();
      stopped.await();
    }
    return PipelineCli.EXIT_OK;
  }

  private static double nextFireEpochSecond(PipelineScheduler scheduler) {
    try {
      var trigger = scheduler.scheduler().getTrigger(PipelineScheduler.NIGHTLY_TRIGGER);
      return trigger == null || trigger.getNextFireTime() == null ? Double.NaN
          : trigger.getNextFireTime().toInstant().getEpochSecond();
    } catch (org.quartz.SchedulerException e) {
      return Double.NaN;
    }
  }

  private void runNightly(PipelineConfig config, JobMetrics metrics, LocalDate date, boolean recovering, PrintWriter err)
      throws Exception {
    Instant started = Instant.now();
    List<Path> inputs = inbox != null && Files.isDirectory(inbox.resolve(date.toString()))
        ? List.of(inbox.resolve(date.toString())) : List.of();
    err.println("scheduler: nightly for " + date + (recovering ? " (recovering a run of a dead node)" : "")
        + (inputs.isEmpty() ? ", no new files" : ", files in " + inputs.get(0)));
    err.flush();
    try (PipelineJobs jobs = PipelineJobs.open(config)) {
      PipelineJobs.Outcome outcome = jobs.run("nightly", NightlyCommand.parameters(date, dataset, model, inputs,
          featureSet, 1, null, "scheduler"));
      if (!outcome.succeeded()) {
        throw new IllegalStateException("nightly " + date + " ended " + outcome.status() + ": " + outcome.exitDescription());
      }
      metrics.success("nightly", Instant.now().getEpochSecond());
    } catch (Exception e) {
      metrics.failure("nightly");
      throw e;
    } finally {
      metrics.duration("nightly", Duration.between(started, Instant.now()));
      String pushError = metrics.push(config.pushgatewayUrl(), "nightly");
      if (pushError != null) {
        err.println("scheduler: metrics not pushed: " + pushError);
      }
    }
  }
}
