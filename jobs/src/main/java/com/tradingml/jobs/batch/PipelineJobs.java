package com.tradingml.jobs.batch;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.tracing.Tracing;
import io.micrometer.observation.ObservationRegistry;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobInstance;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Runs the pipeline's Spring Batch jobs with restart semantics that need no manual SQL
 * (RELIABILITY.md B1, B2): a job instance is (job, business date, dataset, model); a COMPLETED instance
 * is not run again (same date twice = same outputs); a FAILED one restarts from its failed step; one
 * left STARTED by a process that died (kill -9) is recovered: its lease has gone stale, so it is
 * marked FAILED and restarted. Of concurrent launches of one instance exactly one runs: the lease is
 * claimed atomically, and Spring Batch refuses a second running execution.
 */
public final class PipelineJobs implements AutoCloseable {

  /** What a run did. */
  public record Outcome(String job, long executionId, BatchStatus status, String exitCode, String exitDescription,
      Map<String, Object> context, boolean alreadyComplete, boolean recovered) {

    public boolean succeeded() {
      return status == BatchStatus.COMPLETED;
    }
  }

  private final PipelineConfig config;
  private final JobDatabase database;
  private final AnnotationConfigApplicationContext context;

  private PipelineJobs(PipelineConfig config, JobDatabase database, AnnotationConfigApplicationContext context) {
    this.config = config;
    this.database = database;
    this.context = context;
  }

  /** Opens the jobs, traced through the process's {@link Tracing} (off unless configured). */
  public static PipelineJobs open(PipelineConfig config) {
    return open(config, Tracing.forProcess());
  }

  /** Opens the jobs; every job and step run becomes a span through {@code tracing} (Spring Batch's observations). */
  public static PipelineJobs open(PipelineConfig config, Tracing tracing) {
    JobDatabase database = JobDatabase.open(config);
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean(PipelineConfig.class, () -> config);
    context.registerBean(JobDatabase.class, () -> database);
    context.register(BatchInfrastructure.class, JobSteps.class, IngestJobConfig.class, FeaturesJobConfig.class,
        TrainJobConfig.class, BacktestJobConfig.class, PromoteJobConfig.class, NightlyJobConfig.class);
    context.refresh();
    ObservationRegistry observations = tracing.observationRegistry();
    context.getBeansOfType(AbstractJob.class).values().forEach(job -> job.setObservationRegistry(observations));
    context.getBeansOfType(AbstractStep.class).values().forEach(step -> step.setObservationRegistry(observations));
    return new PipelineJobs(config, database, context);
  }

  public JobDatabase database() {
    return database;
  }

  /** Runs (or restarts, or recovers and restarts) a job instance; returns the final outcome. */
  public Outcome run(String jobName, JobParameters parameters) throws Exception {
    Job job = context.getBean(jobName, Job.class);
    JobExplorer explorer = context.getBean(JobExplorer.class);
    JobRepository repository = context.getBean(JobRepository.class);
    StringBuilder leaseKey = new StringBuilder(jobName).append('?');
    new java.util.TreeMap<>(parameters.getIdentifyingParameters())
        .forEach((k, v) -> leaseKey.append(k).append('=').append(v.getValue()).append('&'));
    Optional<JobLease> claimed = JobLease.claim(database.dataSource(), leaseKey.toString());
    if (claimed.isEmpty()) {
      throw new JobAlreadyRunningException("job " + jobName + " with " + parameters.getIdentifyingParameters()
          + " is running in process " + JobLease.holder(database.dataSource(), leaseKey.toString()).orElse("?"));
    }
    try (JobLease lease = claimed.get()) {
      boolean recovered = false;
      JobInstance instance = explorer.getJobInstance(jobName, parameters);
      if (instance != null) {
        JobExecution last = explorer.getLastJobExecution(instance);
        if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
          return outcome(jobName, last, true, false);
        }
        if (last != null && last.isRunning()) {
          // We hold the lease, so whoever ran it is gone: record the crash, then restart.
          recover(repository, last);
          recovered = true;
        }
      }
      JobExecution execution = context.getBean(JobLauncher.class).run(job, parameters);
      return outcome(jobName, execution, false, recovered);
    }
  }

  private static void recover(JobRepository repository, JobExecution execution) {
    LocalDateTime now = LocalDateTime.now();
    String why = "recovered: the process running it stopped without finishing (killed or crashed)";
    for (StepExecution step : execution.getStepExecutions()) {
      if (step.getStatus().isRunning()) {
        step.setStatus(BatchStatus.FAILED);
        step.setExitStatus(ExitStatus.FAILED.addExitDescription(why));
        step.setEndTime(now);
        repository.update(step);
      }
    }
    execution.setStatus(BatchStatus.FAILED);
    execution.setExitStatus(ExitStatus.FAILED.addExitDescription(why));
    execution.setEndTime(now);
    repository.update(execution);
  }

  private static Outcome outcome(String job, JobExecution execution, boolean alreadyComplete, boolean recovered) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : execution.getExecutionContext().entrySet()) {
      values.put(e.getKey(), e.getValue());
    }
    Collection<Throwable> failures = execution.getAllFailureExceptions();
    String description = execution.getExitStatus().getExitDescription();
    if (!failures.isEmpty() && (description == null || description.isBlank())) {
      description = failures.iterator().next().toString();
    }
    return new Outcome(job, execution.getId(), execution.getStatus(), execution.getExitStatus().getExitCode(),
        description, values, alreadyComplete, recovered);
  }

  public PipelineConfig config() {
    return config;
  }

  @Override
  public void close() {
    context.close();
    database.close();
  }

  /** Another live process runs this job instance. */
  public static final class JobAlreadyRunningException extends IllegalStateException {
    public JobAlreadyRunningException(String message) {
      super(message);
    }
  }
}
