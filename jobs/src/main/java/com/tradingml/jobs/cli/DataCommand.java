package com.tradingml.jobs.cli;

import com.tradingml.storage.tables.DatasetInspection;
import com.tradingml.storage.tables.Warehouse;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline data inspect --dataset NAME}: what a dataset holds and where it came from. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Inspect datasets.",
    subcommands = {DataCommand.Inspect.class})
final class DataCommand {

  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = "Symbols, row counts, time ranges, quarantine by reason, and snapshots with lineage.")
  static final class Inspect implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOption options;

    @Option(names = "--dataset", required = true, paramLabel = "NAME")
    String dataset;

    @Override
    public Integer call() {
      Map<String, Object> inspection;
      try (Warehouse warehouse = Warehouse.open(options.load())) {
        inspection = DatasetInspection.inspect(warehouse, dataset);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (options.json) {
        JsonSummary.print(out, inspection);
      } else {
        print(out, inspection);
      }
      return PipelineCli.EXIT_OK;
    }

    @SuppressWarnings("unchecked")
    static void print(PrintWriter out, Map<String, Object> inspection) {
      out.printf("dataset %s (%s), %,d rows, current snapshot %s%n", inspection.get("dataset"), inspection.get("table"),
          (Long) inspection.get("rows"), inspection.get("currentSnapshotId"));
      out.printf("  %-12s %10s  %-22s %-22s %s%n", "symbol", "rows", "from", "to", "files");
      for (Map<String, Object> s : (List<Map<String, Object>>) inspection.get("symbols")) {
        out.printf("  %-12s %,10d  %-22s %-22s %s%n", s.get("symbol"), (Long) s.get("rows"), s.get("from"), s.get("to"),
            s.get("files"));
      }
      Map<String, Long> quarantine = (Map<String, Long>) inspection.get("quarantinedByReason");
      out.println("  quarantine: " + (quarantine.isEmpty() ? "empty" : quarantine));
      out.println("  snapshots (oldest first):");
      for (Map<String, Object> s : (List<Map<String, Object>>) inspection.get("snapshots")) {
        out.printf("    %s  %s  %s  %s%n", s.get("snapshotId"), s.get("committedAt"), s.get("operation"), s.get("summary"));
      }
      out.flush();
    }
  }
}
