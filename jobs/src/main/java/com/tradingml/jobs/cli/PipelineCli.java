package com.tradingml.jobs.cli;

import com.tradingml.core.ingest.InvalidInputException;
import com.tradingml.tracing.Tracing;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pipeline} command. Exit codes (DESIGN.md): 0 success, 2 bad usage or bad input, 1 failure.
 * Progress and errors go to stderr; with {@code --json} the last line of stdout is one JSON summary.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = "Market bars to risk-checked order decisions: ingest, features, training, backtests, serving.",
    subcommands = {DemoCommand.class, IngestCommand.class, ExportCommand.class, DataCommand.class,
        GenerateCommand.class, FeaturesCommand.class, TrainCommand.class, ModelsCommand.class, NightlyCommand.class, SchedulerCommand.class, ServeCommand.class, BacktestCommand.class, SweepCommand.class})
public final class PipelineCli {

  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_BAD_INPUT = 2;

  public static void main(String[] args) {
    // First, before anything can open an ObjectInputStream: no Java deserialization in this JVM
    // (RELIABILITY.md M4; model files use formats that need none).
    com.tradingml.model.runtime.SerializationGuard.install();
    String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "";
    Tracing tracing = Tracing.off();
    try {
      // Commands keep stderr for their own progress; the scheduler is a service and logs its runs at INFO.
      JobLogging.configure(System.getenv(), command.equals("scheduler") ? "info" : "warn");
      // Spans over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set: the command, and each batch job and step in it.
      tracing = Tracing.fromEnvironment(System.getenv(), "pipeline-jobs");
    } catch (IllegalArgumentException e) {
      System.err.println("pipeline: " + e.getMessage());
      System.exit(2);
    }
    Tracing.installForProcess(tracing);
    int code;
    if (command.equals("scheduler") || command.equals("serve")) {
      // No span around a service's lifetime: each scheduled run is a trace of its own, and the decision service
      // traces its requests itself.
      code = run(args);
    } else {
      try (Tracing.CurrentSpan span = tracing.startSpan(command.isEmpty() ? "pipeline" : "pipeline " + command)) {
        code = run(args);
        span.tag("process.exit.code", Integer.toString(code));
      }
    }
    tracing.close(); // sends the spans still queued
    System.exit(code);
  }

  /** Runs a command line and returns its exit code; never calls {@code System.exit} (tests use it). */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** As {@link #run(String...)}, with the command's stdout and stderr given. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new PipelineCli());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
      PrintWriter errors = cmd.getErr();
      if (exception instanceof InvalidInputException || exception instanceof IllegalArgumentException) {
        errors.println("error: " + exception.getMessage());
        return EXIT_BAD_INPUT;
      }
      errors.println("failed: " + exception);
      Throwable cause = exception.getCause();
      while (cause != null) {
        errors.println("  caused by: " + cause);
        cause = cause.getCause();
      }
      if (System.getenv("PIPELINE_DEBUG") != null) {
        exception.printStackTrace(errors);
      }
      return EXIT_FAILURE;
    });
    // Usage errors (unknown option, missing required option) exit with picocli's default, 2: ours too.
    return commandLine.execute(args);
  }
}
