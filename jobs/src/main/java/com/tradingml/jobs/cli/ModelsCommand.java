package com.tradingml.jobs.cli;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.model.runtime.ModelPackage;
import com.tradingml.model.runtime.RegistryModels;
import com.tradingml.storage.registry.AliasChange;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.registry.ModelVersion;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pipeline models list|show|promote|rollback|verify|history}: the model registry by hand. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Inspect, verify, promote and roll back models.",
    subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Show.class, ModelsCommand.Promote.class,
        ModelsCommand.Rollback.class, ModelsCommand.Verify.class, ModelsCommand.History.class})
final class ModelsCommand {

  /** Shared plumbing: open the registry, print text or the JSON summary. */
  abstract static class RegistryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOption options;

    @Override
    public Integer call() throws Exception {
      PipelineConfig config = options.load();
      Map<String, Object> result;
      try (ModelRegistry registry = new ModelRegistry(config)) {
        result = run(config, registry);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (options.json) {
        JsonSummary.print(out, result);
      } else {
        out.println(text(result));
        out.flush();
      }
      return PipelineCli.EXIT_OK;
    }

    abstract Map<String, Object> run(PipelineConfig config, ModelRegistry registry) throws Exception;

    abstract String text(Map<String, Object> result);
  }

  static Map<String, Object> versionMap(ModelVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ref", v.ref());
    m.put("model", v.model());
    m.put("version", v.version());
    m.put("status", v.status().name());
    m.put("createdAt", v.createdAt().toString());
    m.put("actor", v.actor());
    m.put("manifestSha256", v.manifestSha256());
    m.put("metadata", v.metadata());
    return m;
  }

  static Map<String, Object> changeMap(AliasChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", c.model());
    m.put("alias", c.alias());
    m.put("from", c.fromVersion());
    m.put("to", c.toVersion());
    m.put("actor", c.actor());
    m.put("reason", c.reason());
    m.put("at", c.at().toString());
    return m;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Every model with its versions and aliases.")
  static final class ListModels extends RegistryCommand {
    @Override
    Map<String, Object> run(PipelineConfig config, ModelRegistry registry) {
      List<Map<String, Object>> models = new ArrayList<>();
      for (String model : registry.models()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("versions", registry.versions(model).stream().map(ModelsCommand::versionMap).toList());
        Map<String, Integer> aliases = new LinkedHashMap<>();
        registry.aliases(model).forEach((alias, v) -> aliases.put(alias, v.version()));
        m.put("aliases", aliases);
        models.add(m);
      }
      return Map.of("models", models);
    }

    @Override
    @SuppressWarnings("unchecked")
    String text(Map<String, Object> result) {
      StringBuilder s = new StringBuilder();
      for (Map<String, Object> m : (List<Map<String, Object>>) result.get("models")) {
        s.append(m.get("model")).append("  aliases ").append(m.get("aliases")).append('\n');
        for (Map<String, Object> v : (List<Map<String, Object>>) m.get("versions")) {
          Map<String, String> meta = (Map<String, String>) v.get("metadata");
          s.append(String.format("  v%-4s %-6s %s by %s  test accuracy %s%n", v.get("version"), v.get("status"),
              v.get("createdAt"), v.get("actor"), meta.getOrDefault("test-accuracy", "?")));
        }
      }
      return s.length() == 0 ? "no models" : s.toString().stripTrailing();
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One version: metadata and model card.")
  static final class Show extends RegistryCommand {
    @Parameters(paramLabel = "NAME[@VERSION|@ALIAS]") String ref;

    @Override
    Map<String, Object> run(PipelineConfig config, ModelRegistry registry) throws Exception {
      ModelVersion version = registry.resolve(ref);
      Map<String, Object> result = versionMap(version);
      ModelPackage model = load(config, registry, version);
      result.put("card", model.card());
      return result;
    }

    @Override
    String text(Map<String, Object> result) {
      return result.get("ref") + " " + result.get("status") + " created " + result.get("createdAt") + " by "
          + result.get("actor") + "\n  metadata " + result.get("metadata") + "\n  card " + result.get("card");
    }
  }

  static ModelPackage load(PipelineConfig config, ModelRegistry registry, ModelVersion version) throws Exception {
    Path work = Files.createDirectories(config.home().resolve("tmp"));
    Path dir = Files.createTempDirectory(work, "verify-");
    try {
      return RegistryModels.load(registry, version, dir.resolve("model"));
    } finally {
      TrainCommand.deleteTree(dir);
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true, description = "Point an alias (default production) at a version.")
  static final class Promote extends RegistryCommand {
    @Parameters(paramLabel = "NAME@VERSION") String ref;

    @Option(names = "--alias", defaultValue = "production") String alias;

    @Option(names = "--reason", required = true, description = "Why (recorded in the audit log).") String reason;

    @Option(names = "--actor") String actor;

    @Override
    Map<String, Object> run(PipelineConfig config, ModelRegistry registry) {
      ModelVersion version = registry.resolve(ref);
      return changeMap(registry.setAlias(version.model(), alias, version.version(), TrainCommand.actorOrUser(actor), reason));
    }

    @Override
    String text(Map<String, Object> r) {
      return r.get("model") + "@" + r.get("alias") + ": " + r.get("from") + " -> " + r.get("to") + " by " + r.get("actor")
          + " (" + r.get("reason") + ")";
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Move production back to the version it pointed to before, in one step.")
  static final class Rollback extends RegistryCommand {
    @Parameters(paramLabel = "NAME") String model;

    @Option(names = "--reason", required = true) String reason;

    @Option(names = "--actor") String actor;

    @Override
    Map<String, Object> run(PipelineConfig config, ModelRegistry registry) {
      return changeMap(registry.rollback(model, TrainCommand.actorOrUser(actor), reason));
    }

    @Override
    String text(Map<String, Object> r) {
      return r.get("model") + "@" + r.get("alias") + " rolled back: " + r.get("from") + " -> " + r.get("to");
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check every artifact's SHA-256, load the package and reproduce its golden outputs.")
  static final class Verify extends RegistryCommand {
    @Parameters(paramLabel = "NAME[@VERSION|@ALIAS]") String ref;

    @Override
    Map<String, Object> run(PipelineConfig config, ModelRegistry registry) throws Exception {
      ModelVersion version = registry.resolve(ref);
      ModelPackage model = load(config, registry, version);
      Map<String, Object> result = versionMap(version);
      result.put("verified", true);
      result.put("artifacts", model.sha256());
      result.put("goldenRows", model.golden().rows().size());
      return result;
    }

    @Override
    String text(Map<String, Object> r) {
      return r.get("ref") + ": every artifact's SHA-256 matches the manifest, the package loads and reproduces its "
          + r.get("goldenRows") + " golden outputs";
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true, description = "An alias's moves; --at answers what it was then.")
  static final class History extends RegistryCommand {
    @Parameters(paramLabel = "NAME") String model;

    @Option(names = "--alias", defaultValue = "production") String alias;

    @Option(names = "--at", paramLabel = "INSTANT", description = "ISO-8601 instant, e.g. 2026-11-30T12:00:00Z.")
    Instant at;

    @Override
    Map<String, Object> run(PipelineConfig config, ModelRegistry registry) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("model", model);
      result.put("alias", alias);
      result.put("changes", registry.history(model, alias).stream().map(ModelsCommand::changeMap).toList());
      if (at != null) {
        result.put("at", at.toString());
        result.put("versionAt", registry.aliasAt(model, alias, at).map(ModelVersion::version).orElse(null));
      }
      return result;
    }

    @Override
    @SuppressWarnings("unchecked")
    String text(Map<String, Object> r) {
      StringBuilder s = new StringBuilder(r.get("model") + "@" + r.get("alias") + ":\n");
      for (Map<String, Object> c : (List<Map<String, Object>>) r.get("changes")) {
        s.append(String.format("  %s  %s -> %s  by %s: %s%n", c.get("at"), c.get("from"), c.get("to"), c.get("actor"),
            c.get("reason")));
      }
      if (r.containsKey("at")) {
        s.append("  at ").append(r.get("at")).append(": version ").append(r.get("versionAt"));
      }
      return s.toString().stripTrailing();
    }
  }
}
