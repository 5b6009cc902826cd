package com.tradingml.jobs.cli;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.storage.tables.BarIngestion;
import com.tradingml.storage.tables.DatasetInspection;
import com.tradingml.storage.tables.IngestReport;
import com.tradingml.storage.tables.IngestRequest;
import com.tradingml.storage.tables.Warehouse;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pipeline demo}: the nightly pipeline end to end on the bundled real data with embedded
 * defaults. Today: ingest (validate, quarantine, commit a snapshot) and inspect; later issues add
 * features, training, backtest, promotion and a live decision.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the pipeline end to end on the bundled real data (embedded defaults under $PIPELINE_HOME).")
final class DemoCommand implements Callable<Integer> {

  static final Path BUNDLED_DATA = Path.of("data", "dj30_daily_1991_2000.csv");
  static final String DATASET = "dj30";

  @Spec CommandSpec spec;
  @Mixin ConfigOption options;

  @Option(names = "--data", paramLabel = "FILE", description = "The daily bars to run on (default: ${DEFAULT-VALUE}).")
  Path data = BUNDLED_DATA;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(data)) {
      throw new IllegalArgumentException("bundled data " + data.toAbsolutePath()
          + " not found: run the demo from the repository root (./pipeline demo)");
    }
    PipelineConfig config = options.load();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    err.println("demo: home " + config.home() + " (" + config + ")");
    Map<String, Object> summary = new LinkedHashMap<>();
    try (Warehouse warehouse = Warehouse.open(config)) {
      err.println("demo: [1/1] ingest " + data + " into dataset " + DATASET);
      IngestRequest request = new IngestRequest(DATASET, List.of(data),
          IngestRequest.DEFAULT_MAX_QUARANTINE_RATIO, null, null, BuildInfo.version());
      IngestReport report = new BarIngestion(warehouse).ingest(request);
      summary.put("ingest", report.toMap());
      Map<String, Object> inspection = DatasetInspection.inspect(warehouse, DATASET);
      summary.put("dataset", inspection);
      if (!options.json) {
        out.println(IngestCommand.describe(report));
        DataCommand.Inspect.print(out, inspection);
      }
    }
    if (options.json) {
      JsonSummary.print(out, summary);
    }
    return PipelineCli.EXIT_OK;
  }
}
