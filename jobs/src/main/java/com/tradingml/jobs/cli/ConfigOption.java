package com.tradingml.jobs.cli;

import com.tradingml.core.config.PipelineConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command shares: where the configuration comes from, and JSON output. */
final class ConfigOption {

  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration properties file (default: $PIPELINE_CONFIG, else $PIPELINE_HOME/pipeline.properties).")
  Path configFile;

  @Option(names = "--json", description = "Print one JSON summary object as the last line of stdout.")
  boolean json;

  PipelineConfig load() {
    return PipelineConfig.load(System.getenv(), configFile);
  }
}
