package com.tradingml.storage.tables;

import com.tradingml.core.config.PipelineConfig;
import java.nio.file.Path;

/** Production catalog: the machine's PostgreSQL (127.0.0.1:5432, database pipeline_test). */
class PostgresBarIngestionIT extends BarIngestionContract {
  @Override
  protected PipelineConfig config(Path home) {
    return TestWarehouses.postgres(home);
  }
}
