package com.tradingml.jobs.cli;

import com.tradingml.jobs.serving.ServingProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code pipeline serve [--port N]}: the decision service with embedded defaults against
 * {@code $PIPELINE_HOME}'s registry, in its own JVM (this CLI never loads serving). SIGTERM to this
 * process is passed on, so the service drains in-flight requests and exits cleanly.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run the HTTP decision service (model-serving) in the foreground.",
        "Options after these are passed to the service (see its --help)."})
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", description = "Port (default 8080).")
  Integer port;

  @Option(names = "--model", paramLabel = "NAME[@ALIAS]", description = "Model to serve (default direction@production).")
  String model;

  @Unmatched List<String> passThrough = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>();
    if (port != null) {
      args.addAll(List.of("--port", port.toString()));
    }
    if (model != null) {
      args.addAll(List.of("--model", model));
    }
    args.addAll(passThrough);
    Process service = ServingProcess.builder(args).inheritIO().start();
    Thread forward = new Thread(() -> {
      service.destroy(); // SIGTERM: graceful drain
      try {
        service.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "serve-shutdown");
    Runtime.getRuntime().addShutdownHook(forward);
    int exit = service.waitFor();
    Runtime.getRuntime().removeShutdownHook(forward);
    return exit;
  }
}
