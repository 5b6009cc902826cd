package com.tradingml.jobs.cli;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.ingest.ValidationLimits;
import com.tradingml.storage.tables.BarIngestion;
import com.tradingml.storage.tables.IngestReport;
import com.tradingml.storage.tables.IngestRequest;
import com.tradingml.storage.tables.Warehouse;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline ingest --input PATH --dataset NAME}: validated bars into the dataset's table. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Validate bar files (CSV, CSV.gz or Parquet; a file or a directory) into bars.NAME.",
        "Every row is kept exactly as given or quarantined in quarantine.NAME with a reason code.",
        "Idempotent: files already ingested (same content) are skipped."})
final class IngestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOption options;

  @Option(names = "--input", required = true, split = ",", paramLabel = "PATH",
      description = "Bar files or directories (repeatable, or comma-separated).")
  List<Path> inputs;

  @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "Dataset name ([a-z][a-z0-9_]*).")
  String dataset;

  @Option(names = "--max-quarantine-ratio", paramLabel = "R", defaultValue = "0.2",
      description = "Fail without committing when more than this fraction of rows is quarantined (default ${DEFAULT-VALUE}).")
  double maxQuarantineRatio;

  @Option(names = "--max-jump-factor", paramLabel = "F", defaultValue = "10",
      description = "A bar beyond F times (or 1/F of) the previous close is PRICE_OUT_OF_RANGE (default ${DEFAULT-VALUE}).")
  double maxJumpFactor;

  @Option(names = "--run-id", paramLabel = "ID", description = "Job execution id for lineage (default: derived from the inputs).")
  String runId;

  @Override
  public Integer call() {
    PipelineConfig config = options.load();
    IngestRequest request = new IngestRequest(dataset, inputs, maxQuarantineRatio, new ValidationLimits(maxJumpFactor),
        runId, BuildInfo.version());
    IngestReport report;
    try (Warehouse warehouse = Warehouse.open(config); ProgressBar progress = new ProgressBar("ingest " + dataset)) {
      report = new BarIngestion(warehouse).ingest(request, progress::update);
    }
    print(spec.commandLine().getOut(), report, options.json);
    return PipelineCli.EXIT_OK;
  }

  static void print(PrintWriter out, IngestReport report, boolean json) {
    if (json) {
      JsonSummary.print(out, report.toMap());
      return;
    }
    out.println(describe(report));
    out.flush();
  }

  static String describe(IngestReport report) {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "dataset %s: %,d rows read, %,d kept, %,d quarantined (%.2f%%) in %.2fs%n",
        report.dataset(), report.rowsRead(), report.rowsKept(), report.rowsQuarantined(),
        100 * report.quarantineRatio(), report.seconds()));
    report.quarantinedByReason().forEach((reason, count) ->
        text.append(String.format(Locale.ROOT, "  %-22s %,d%n", reason, count)));
    for (IngestReport.InputFileInfo skipped : report.skipped()) {
      text.append("  skipped (already ingested, same content): ").append(skipped.path()).append('\n');
    }
    text.append(report.committed()
        ? "committed bars snapshot " + report.snapshotId() + " (run " + report.runId() + ")"
        : "nothing new to commit; current bars snapshot " + report.snapshotId());
    return text.toString();
  }
}
