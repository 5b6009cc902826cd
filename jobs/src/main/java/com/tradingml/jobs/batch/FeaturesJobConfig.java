package com.tradingml.jobs.batch;

import org.springframework.batch.core.Job;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code features} job: one step of the nightly flow on its own, with the same restart semantics. */
@Configuration
public class FeaturesJobConfig {

  @Bean
  public Job features(JobRepository repository, Step featuresStep) {
    return new JobBuilder("features", repository).start(featuresStep).build();
  }
}
