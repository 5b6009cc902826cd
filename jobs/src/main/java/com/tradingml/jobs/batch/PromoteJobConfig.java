package com.tradingml.jobs.batch;

import org.springframework.batch.core.Job;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code promote} job: backtest a candidate (job parameter {@code candidateVersion}) against
 * production on the candidate's out-of-sample window and move {@code production} only if the gate passes;
 * every decision is recorded. (The nightly job runs the same step after training.)
 */
@Configuration
public class PromoteJobConfig {

  @Bean
  public Job promote(JobRepository repository, Step promoteStep) {
    return new JobBuilder("promote", repository).start(promoteStep).build();
  }
}
