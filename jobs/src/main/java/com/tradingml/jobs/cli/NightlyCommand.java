package com.tradingml.jobs.cli;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.jobs.batch.JobSteps;
import com.tradingml.jobs.batch.PipelineJobs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.JobParametersBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pipeline nightly --date YYYY-MM-DD}: the nightly retraining for one business date, as a
 * restartable Spring Batch job. Running the same date again: a completed run is reported, not redone;
 * a failed or crashed one resumes.
 */
@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = {"Run the nightly retraining for a business date: ingest -> features -> train a candidate.",
        "Restartable: a crashed or failed run of the same date resumes; a completed one is not redone."})
final class NightlyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOption options;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Business date (never 'now').")
  LocalDate date;

  @Option(names = "--dataset", defaultValue = "prices", paramLabel = "NAME", description = "Dataset (default ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--input", split = ",", paramLabel = "PATH", description = "The date's bar files or directories.")
  List<Path> inputs = List.of();

  @Option(names = "--model", defaultValue = "prices-mlp", paramLabel = "NAME", description = "Registry model (default ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--feature-set", paramLabel = "NAME", description = "Feature set (default core_v1).")
  String featureSet;

  @Option(names = "--label-horizon", defaultValue = "1", paramLabel = "H")
  int labelHorizon;

  @Option(names = "--training-config", paramLabel = "FILE")
  Path trainingConfig;

  @Option(names = "--actor", paramLabel = "WHO")
  String actor;

  @Override
  public Integer call() throws Exception {
    PipelineConfig config = options.load();
    JobParameters parameters = parameters(date, dataset, model, inputs, featureSet, labelHorizon, trainingConfig,
        TrainCommand.actorOrUser(actor));
    PipelineJobs.Outcome outcome;
    try (PipelineJobs jobs = PipelineJobs.open(config)) {
      outcome = jobs.run("nightly", parameters);
    }
    print(spec.commandLine().getOut(), outcome, options.json);
    return outcome.succeeded() ? PipelineCli.EXIT_OK : PipelineCli.EXIT_FAILURE;
  }

  static JobParameters parameters(LocalDate date, String dataset, String model, List<Path> inputs, String featureSet,
      int labelHorizon, Path trainingConfig, String actor) {
    JobParametersBuilder b = new JobParametersBuilder()
        .addString(JobSteps.DATE, date.toString(), true)
        .addString(JobSteps.DATASET, dataset, true)
        .addString(JobSteps.MODEL, model, true)
        .addString(JobSteps.INPUTS, inputs.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining(",")), false)
        .addLong(JobSteps.LABEL_HORIZON, (long) labelHorizon, false)
        .addString(JobSteps.ACTOR, actor, false);
    if (featureSet != null) {
      b.addString(JobSteps.FEATURE_SET, featureSet, false);
    }
    if (trainingConfig != null) {
      b.addString(JobSteps.TRAINING_CONFIG, trainingConfig.toAbsolutePath().toString(), false);
    }
    return b.toJobParameters();
  }

  static void print(PrintWriter out, PipelineJobs.Outcome outcome, boolean json) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("job", outcome.job());
    summary.put("executionId", outcome.executionId());
    summary.put("status", outcome.status().name());
    summary.put("exitCode", outcome.exitCode());
    summary.put("exitDescription", outcome.exitDescription());
    summary.put("alreadyComplete", outcome.alreadyComplete());
    summary.put("recoveredCrashedRun", outcome.recovered());
    summary.put("outputs", outcome.context());
    if (json) {
      JsonSummary.print(out, summary);
    } else {
      out.println(outcome.job() + " execution " + outcome.executionId() + ": " + outcome.status()
          + (outcome.alreadyComplete() ? " (already completed earlier: nothing redone)" : "")
          + (outcome.recovered() ? " (recovered a crashed run and resumed it)" : ""));
      if (outcome.exitDescription() != null && !outcome.exitDescription().isBlank()) {
        out.println("  " + outcome.exitDescription().lines().findFirst().orElse(""));
      }
      new java.util.TreeMap<>(outcome.context()).forEach((k, v) -> out.println("  " + k + " = " + v));
      out.flush();
    }
  }
}
