package com.tradingml.jobs.batch;

import org.springframework.batch.core.Job;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code train} job: one step of the nightly flow on its own, with the same restart semantics. */
@Configuration
public class TrainJobConfig {

  @Bean
  public Job train(JobRepository repository, Step trainStep) {
    return new JobBuilder("train", repository).start(trainStep).build();
  }
}
