package com.tradingml.storage.registry;

import com.tradingml.core.config.PipelineConfig.JdbcSettings;
import com.tradingml.storage.objectstore.LocalDirectoryObjectStore;
import com.tradingml.storage.objectstore.ObjectStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A registry client in a JVM of its own, for {@link MultiProcessPublishIT}. Publishes every file of a
 * folder as one version of a model, and talks to the parent over stdin/stdout:
 * <ul>
 *   <li>{@code publish}: prints {@code OPEN} once the registry is open, waits for a line {@code GO},
 *       publishes, prints {@code PUBLISHED <version>} and exits;</li>
 *   <li>{@code stop-at:STEP}: publishes at once; at STEP (the first time) prints
 *       {@code REACHED STEP <version>} and sleeps until it is killed.</li>
 * </ul>
 * Arguments: mode, JDBC URL, JDBC user, object store folder, model, artifact folder.
 */
public final class RegistryChild {

  private RegistryChild() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    JdbcSettings jdbc = new JdbcSettings(args[1], args[2], "");
    String model = args[4];
    Map<String, Path> artifacts = new TreeMap<>();
    try (Stream<Path> files = Files.list(Path.of(args[5]))) {
      files.forEach(file -> artifacts.put(file.getFileName().toString(), file));
    }
    try (ObjectStore store = new LocalDirectoryObjectStore(Path.of(args[3]));
        ModelRegistry registry = new ModelRegistry(store, jdbc)) {
      if (mode.equals("publish")) {
        System.out.println("OPEN");
        System.out.flush();
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(stdin.readLine())) {
          throw new IllegalStateException("expected GO on stdin");
        }
        ModelVersion version = registry.publish(model, artifacts, Map.of("pid", Long.toString(ProcessHandle.current()
            .pid())), "child-" + ProcessHandle.current().pid());
        System.out.println("PUBLISHED " + version.version());
        System.out.flush();
      } else if (mode.startsWith("stop-at:")) {
        PublishHook.Step stopAt = PublishHook.Step.valueOf(mode.substring("stop-at:".length()));
        registry.publishHook((step, name, version, artifact) -> {
          if (step == stopAt) {
            System.out.println("REACHED " + step + " " + version);
            System.out.flush();
            sleepUntilKilled();
          }
        });
        registry.publish(model, artifacts, Map.of(), "doomed-child");
        throw new IllegalStateException("the publish was to be killed at " + stopAt + " but completed");
      } else {
        throw new IllegalArgumentException("unknown mode " + mode);
      }
    }
  }

  private static void sleepUntilKilled() {
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        // only SIGKILL ends this
      }
    }
  }
}
