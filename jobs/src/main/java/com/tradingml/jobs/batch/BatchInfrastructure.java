package com.tradingml.jobs.batch;

import com.tradingml.core.config.PipelineConfig;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.support.DefaultBatchConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Spring Batch's infrastructure on the jobs database: the JobRepository (restart state), the launcher,
 * explorer and operator. The job definitions are separate {@code @Configuration}s, one per job.
 */
@Configuration
public class BatchInfrastructure extends DefaultBatchConfiguration {

  /**
   * Job and step contexts as JSON, not Java serialization (the default): this JVM refuses all Java
   * deserialization (RELIABILITY.md M4), and JSON is readable in the database. Contexts hold only
   * strings, numbers and booleans.
   */
  @Override
  protected org.springframework.batch.core.repository.ExecutionContextSerializer getExecutionContextSerializer() {
    return new org.springframework.batch.core.repository.dao.Jackson2ExecutionContextStringSerializer();
  }

  @Bean
  public DataSource dataSource(JobDatabase database) {
    return database.dataSource();
  }

  @Bean
  public PlatformTransactionManager transactionManager(DataSource dataSource) {
    return new JdbcTransactionManager(dataSource);
  }

}
