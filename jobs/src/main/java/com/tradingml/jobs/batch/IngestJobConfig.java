package com.tradingml.jobs.batch;

import org.springframework.batch.core.Job;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code ingest} job: one step of the nightly flow on its own, with the same restart semantics. */
@Configuration
public class IngestJobConfig {

  @Bean
  public Job ingest(JobRepository repository, Step ingestStep) {
    return new JobBuilder("ingest", repository).start(ingestStep).build();
  }
}
