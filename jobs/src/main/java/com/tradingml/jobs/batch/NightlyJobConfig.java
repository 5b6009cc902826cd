package com.tradingml.jobs.batch;

import org.springframework.batch.core.Job;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The nightly retraining flow for one business date: ingest the new files, compute features, train a
 * candidate, backtest candidate and production on the same out-of-sample window, promote only if the
 * gate passes. Serving picks the promoted version up by watching the alias.
 */
@Configuration
public class NightlyJobConfig {

  @Bean
  public Job nightly(JobRepository repository, Step ingestStep, Step featuresStep, Step trainStep, Step promoteStep) {
    return new JobBuilder("nightly", repository).start(ingestStep).next(featuresStep).next(trainStep)
        .next(promoteStep).build();
  }
}
