package com.tradingml.jobs.cli;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.storage.tables.BarsScan;
import com.tradingml.storage.tables.TableExport;
import com.tradingml.storage.tables.Warehouse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline export --table bars|quarantine --dataset NAME [--snapshot ID] --out FILE.csv}. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write a table snapshot as CSV (bars: the input header, sorted by symbol then timestamp).")
final class ExportCommand implements Callable<Integer> {

  enum TableKind { bars, quarantine, features }

  @Spec CommandSpec spec;
  @Mixin ConfigOption options;

  @Option(names = "--table", required = true, paramLabel = "TABLE", description = "bars, quarantine or features.")
  TableKind table;

  @Option(names = "--feature-set", paramLabel = "NAME", description = "For --table features (default: core_v1).")
  String featureSet;

  @Option(names = "--dataset", required = true, paramLabel = "NAME")
  String dataset;

  @Option(names = "--snapshot", paramLabel = "ID", description = "A snapshot id (default: the current snapshot).")
  Long snapshot;

  @Option(names = "--out", required = true, paramLabel = "FILE.csv")
  Path out;

  @Override
  public Integer call() {
    PipelineConfig config = options.load();
    long started = System.nanoTime();
    long rows;
    Long snapshotRead;
    try (Warehouse warehouse = Warehouse.open(config)) {
      if (table == TableKind.bars) {
        Table bars = warehouse.findBarsTable(dataset)
            .orElseThrow(() -> new IllegalArgumentException("no dataset '" + dataset + "' (no table bars." + dataset + ")"));
        BarsScan scan = snapshot == null ? BarsScan.current(bars) : BarsScan.atSnapshot(bars, snapshot);
        rows = TableExport.exportBars(scan, out);
        snapshotRead = scan.snapshotId();
      } else if (table == TableKind.features) {
        String set = featureSet == null ? com.tradingml.core.features.FeatureSet.defaultSet().name() : featureSet;
        Table features = warehouse.findFeaturesTable(dataset, set).orElseThrow(() -> new IllegalArgumentException(
            "no features table features." + dataset + "__" + set + "; compute it with: pipeline features --dataset " + dataset));
        rows = TableExport.exportBySymbol(features, snapshot, out);
        snapshotRead = snapshot != null ? snapshot : features.currentSnapshot().snapshotId();
      } else {
        Table quarantine = warehouse.findQuarantineTable(dataset)
            .orElseThrow(() -> new IllegalArgumentException("no dataset '" + dataset + "' (no table quarantine." + dataset + ")"));
        rows = TableExport.exportQuarantine(quarantine, snapshot, out);
        snapshotRead = snapshot != null ? snapshot
            : quarantine.currentSnapshot() == null ? null : quarantine.currentSnapshot().snapshotId();
      }
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("table", table.name() + "." + dataset);
    summary.put("snapshotId", snapshotRead);
    summary.put("rows", rows);
    summary.put("out", out.toAbsolutePath().toString());
    summary.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
    if (options.json) {
      JsonSummary.print(spec.commandLine().getOut(), summary);
    } else {
      spec.commandLine().getOut().printf("exported %,d rows of %s.%s (snapshot %s) to %s%n", rows, table, dataset,
          snapshotRead, out);
    }
    return PipelineCli.EXIT_OK;
  }
}
