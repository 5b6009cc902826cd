package com.tradingml.jobs.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the decision service (module model-serving) in its own JVM. The jobs module never depends on
 * serving (DESIGN.md module rules), so it runs it by classpath: the directory named by system property
 * {@code pipeline.serving.home} or {@code PIPELINE_SERVING_HOME} holding {@code model-serving-*.jar}
 * and the {@code classpath} file the build writes (the {@code pipeline} script sets the property).
 */
public final class ServingProcess {

  public static final String HOME_PROPERTY = "pipeline.serving.home";
  public static final String MAIN_CLASS = "com.tradingml.serving.ServingMain";

  private ServingProcess() {}

  /** The command line of a serving JVM with the given service arguments. */
  public static List<String> command(List<String> serviceArgs) throws IOException {
    Path home = home();
    Path jar;
    try (var files = Files.list(home)) {
      jar = files.filter(p -> p.getFileName().toString().matches("model-serving-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().contains("tests")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no model-serving jar in " + home.toAbsolutePath()
              + ": build the model-serving module (mvn -pl model-serving -am package)"));
    }
    String classpath = jar + java.io.File.pathSeparator + Files.readString(home.resolve("classpath")).strip();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(System.getenv().getOrDefault("PIPELINE_SERVING_HEAP", "-Xmx512m"));
    command.add("-Dsun.net.httpserver.nodelay=true"); // else ~44 ms per response (STACK.md gotcha 14)
    command.add("-cp");
    command.add(classpath);
    command.add(MAIN_CLASS);
    command.addAll(serviceArgs);
    return command;
  }

  /** A process builder for the service, with one OpenMP thread (STACK.md gotcha 10). */
  public static ProcessBuilder builder(List<String> serviceArgs) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(serviceArgs));
    builder.environment().put("OMP_NUM_THREADS", "1");
    return builder;
  }

  static Path home() {
    String configured = System.getProperty(HOME_PROPERTY, System.getenv("PIPELINE_SERVING_HOME"));
    if (configured == null || configured.isBlank()) {
      throw new IllegalStateException("no serving jars: set -D" + HOME_PROPERTY + " or PIPELINE_SERVING_HOME to"
          + " model-serving/target (the pipeline script does this)");
    }
    Path home = Path.of(configured);
    if (!Files.isRegularFile(home.resolve("classpath"))) {
      throw new IllegalStateException(home.toAbsolutePath() + " has no classpath file: build the model-serving module");
    }
    return home;
  }
}
