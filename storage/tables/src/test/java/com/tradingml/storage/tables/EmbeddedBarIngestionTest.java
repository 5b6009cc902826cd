package com.tradingml.storage.tables;

import com.tradingml.core.config.PipelineConfig;
import java.nio.file.Path;

/** Embedded defaults: H2 file catalog and a local object store directory. */
class EmbeddedBarIngestionTest extends BarIngestionContract {
  @Override
  protected PipelineConfig config(Path home) {
    return TestWarehouses.embedded(home);
  }
}
