package com.tradingml.jobs.batch;

import org.springframework.batch.core.Job;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code backtest} job: the daily backtest report of the production model over the last
 * {@code lookbackDays} (default 90) up to the business date; outputs under {@code backtests/<run-id>/}.
 */
@Configuration
public class BacktestJobConfig {

  @Bean
  public Job backtest(JobRepository repository, Step backtestStep) {
    return new JobBuilder("backtest", repository).start(backtestStep).build();
  }
}
