package com.tradingml.jobs.cli;

import com.tradingml.core.ingest.BarRowSink;
import com.tradingml.core.ingest.BarValidator;
import com.tradingml.core.ingest.CsvBarReader;
import com.tradingml.core.ingest.PriorBars;
import com.tradingml.core.ingest.ValidationLimits;
import com.tradingml.core.market.RejectReason;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pipeline ingest --input PATH --dataset NAME}: validate bars and quarantine bad rows. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Validate a CSV file of bars: every row is kept or quarantined with a reason.")
final class IngestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, description = "A CSV file of bars.")
  Path input;

  @Option(names = "--dataset", required = true, description = "Dataset name.")
  String dataset;

  @Option(names = "--json", description = "Print one JSON summary as the last line of stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> summary = ingest(input, dataset);
    if (json) {
      JsonSummary.print(spec.commandLine().getOut(), summary);
    } else {
      spec.commandLine().getOut().println(summary);
    }
    return PipelineCli.EXIT_OK;
  }

  static Map<String, Object> ingest(Path input, String dataset) throws Exception {
    long started = System.nanoTime();
    long[] kept = {0};
    EnumMap<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    BarRowSink sink = new BarRowSink() {
      @Override
      public void accept(String symbol, long epochMicros, double open, double high, double low, double close,
          double volume) {
        kept[0]++;
      }

      @Override
      public void reject(long lineNumber, RejectReason reason, String detail, String rawText) {
        rejected.merge(reason, 1L, Long::sum);
      }
    };
    try (InputStream in = Files.newInputStream(input)) {
      new CsvBarReader(input.toString(), new BarValidator(ValidationLimits.DEFAULT, PriorBars.NONE)).read(in, sink);
    }
    long quarantined = rejected.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("dataset", dataset);
    summary.put("rowsRead", kept[0] + quarantined);
    summary.put("rowsKept", kept[0]);
    summary.put("rowsQuarantined", quarantined);
    summary.put("quarantinedByReason", rejected);
    summary.put("seconds", (System.nanoTime() - started) / 1e9);
    return summary;
  }
}
