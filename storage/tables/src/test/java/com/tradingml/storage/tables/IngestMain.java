package com.tradingml.storage.tables;

import com.tradingml.core.config.PipelineConfig;
import java.nio.file.Path;

/** A child JVM for crash tests: ingests one file into dataset "prices" under a home, then exits. */
public final class IngestMain {
  private IngestMain() {}

  public static void main(String[] args) {
    PipelineConfig config = PipelineConfig.embedded(Path.of(args[0]));
    try (Warehouse warehouse = Warehouse.open(config, args[1])) {
      IngestReport report = new BarIngestion(warehouse).ingest(IngestRequest.of("prices", Path.of(args[2])));
      System.out.println("committed " + report.snapshotId() + " rows " + report.rowsKept());
    }
  }
}
