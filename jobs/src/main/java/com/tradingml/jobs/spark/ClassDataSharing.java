package com.tradingml.jobs.spark;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A class-data-sharing archive (JDK CDS) for a Spark driver JVM: the tens of thousands of classes Spark, Iceberg
 * and Parquet load, already parsed and verified, mapped from one file. On this 2-core machine it took 3-4 s off
 * every 10M-bar feature run (docs/BENCHMARKS.md); most of a small job's time is that start-up.
 *
 * <p>The first run of a given classpath on a given JDK writes the archive at exit ({@code
 * -XX:ArchiveClassesAtExit}: that run takes about 20 s longer); later runs map it ({@code -XX:SharedArchiveFile}).
 * The archive's name is a digest of the JDK, the classpath and every entry's size and modification time, so a
 * rebuild or another JDK gets a new one, and a JVM given a stale archive anyway falls back to loading classes as
 * usual. Archives live in {@code cds/} of the application's jar directory, shared by every pipeline home using
 * that build; where that directory is not writable (a container image) there is no archive. Concurrent first runs
 * each write their own temporary file and the last rename wins; a new archive replaces the application's older ones.
 *
 * <p>Off with {@code PIPELINE_SPARK_CDS=off}, whenever {@code JAVA_TOOL_OPTIONS} or {@code JDK_JAVA_OPTIONS} is
 * set, and when {@code PIPELINE_SPARK_DRIVER_OPTS} starts a recording or an agent (other options, GC or JIT
 * settings, keep it): agents and Flight Recorder hook class loading, and this JDK (17.0.15) crashed in
 * {@code check_shared_class_file_load_hook} when a recording started at launch met a dynamic archive.
 */
final class ClassDataSharing {

  /**
   * What to add to the JVM's command line, and what to do once it has exited: when the JVM dumps an archive
   * ({@code dump} not null), keep it as {@code archive} after a success and drop it otherwise.
   */
  record Plan(List<String> jvmOptions, Path dump, Path archive, String appName) {

    static final Plan NONE = new Plan(List.of(), null, null, null);

    /** Called with the JVM's exit code. */
    void finished(int exitCode) {
      if (dump == null) {
        return;
      }
      try {
        if (exitCode == 0 && Files.isRegularFile(dump)) {
          try {
            Files.move(dump, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(dump, archive, StandardCopyOption.REPLACE_EXISTING);
          }
          deleteOlderArchives(archive.getParent(), appName, archive);
        }
        Files.deleteIfExists(dump);
      } catch (IOException e) {
        // An archive is only a speed-up: without it the next run writes one again.
      }
    }
  }

  /** Driver options that hook class loading, which a mapped dynamic archive does not survive on this JDK. */
  private static final List<String> CLASS_LOADING_HOOKS = List.of("FlightRecord", "-javaagent", "-agentlib",
      "-agentpath");

  private ClassDataSharing() {}

  /**
   * The plan for a JVM of {@code appName} with {@code classpath}, its archives under {@code jarDirectory}, in an
   * environment {@code env} (the child's: it inherits ours).
   */
  static Plan plan(Path jarDirectory, String appName, String classpath, Map<String, String> env) {
    String setting = env.get("PIPELINE_SPARK_CDS");
    if (setting != null && List.of("off", "false", "0", "no").contains(setting.strip().toLowerCase(Locale.ROOT))) {
      return Plan.NONE;
    }
    if (!env.getOrDefault("JAVA_TOOL_OPTIONS", "").isBlank() || !env.getOrDefault("JDK_JAVA_OPTIONS", "").isBlank()) {
      return Plan.NONE;
    }
    String driverOptions = env.getOrDefault("PIPELINE_SPARK_DRIVER_OPTS", "");
    if (CLASS_LOADING_HOOKS.stream().anyMatch(driverOptions::contains)) {
      return Plan.NONE;
    }
    Path directory = jarDirectory.resolve("cds");
    try {
      Files.createDirectories(directory);
    } catch (IOException notWritable) {
      return Plan.NONE;
    }
    if (!Files.isWritable(directory)) {
      return Plan.NONE;
    }
    Path archive = directory.resolve(appName + "-" + key(classpath) + ".jsa");
    if (Files.isRegularFile(archive)) {
      return new Plan(List.of("-XX:SharedArchiveFile=" + archive), null, archive, appName);
    }
    Path dump = directory.resolve(archive.getFileName() + "." + UUID.randomUUID() + ".tmp");
    return new Plan(List.of("-XX:ArchiveClassesAtExit=" + dump), dump, archive, appName);
  }

  /** Archives of earlier builds of the application (each ~150 MB); temporary files of running dumps are kept. */
  private static void deleteOlderArchives(Path directory, String appName, Path current) throws IOException {
    try (DirectoryStream<Path> archives = Files.newDirectoryStream(directory, appName + "-*.jsa")) {
      for (Path archive : archives) {
        if (!archive.equals(current)) {
          Files.deleteIfExists(archive);
        }
      }
    }
  }

  /** A digest of the JDK and of the classpath's entries with their sizes and modification times. */
  static String key(String classpath) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((System.getProperty("java.home") + "\n" + System.getProperty("java.vm.version") + "\n")
          .getBytes(StandardCharsets.UTF_8));
      for (String entry : classpath.split(File.pathSeparator)) {
        String stamp = entry;
        try {
          BasicFileAttributes attributes = Files.readAttributes(Path.of(entry), BasicFileAttributes.class);
          stamp += "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis();
        } catch (IOException | RuntimeException missing) {
          stamp += "|missing";
        }
        digest.update((stamp + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
