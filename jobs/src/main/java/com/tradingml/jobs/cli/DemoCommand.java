package com.tradingml.jobs.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pipeline demo}: the nightly pipeline end to end on the bundled data, embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the pipeline end to end on the bundled real data (embedded defaults).")
final class DemoCommand implements Callable<Integer> {

  static final Path BUNDLED_DATA = Path.of("data", "dj30_daily_1991_2000.csv");

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> summary = IngestCommand.ingest(BUNDLED_DATA, "dj30");
    spec.commandLine().getOut().println("ingested " + BUNDLED_DATA + ": " + summary);
    return PipelineCli.EXIT_OK;
  }
}
