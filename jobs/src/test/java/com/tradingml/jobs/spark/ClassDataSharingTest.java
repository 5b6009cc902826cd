package com.tradingml.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life of a Spark driver's class-data-sharing archive, without starting a JVM: the first run is told to write
 * one, keeps it only if it succeeded, the next run maps it, a changed classpath gets a new one that replaces the
 * old, and an environment with JVM options (agents, Flight Recorder) or the off switch gets none.
 */
class ClassDataSharingTest {

  @TempDir Path dir;

  private String classpath() throws Exception {
    Path jar = dir.resolve("app.jar");
    if (!Files.exists(jar)) {
      Files.writeString(jar, "jar bytes");
    }
    return jar + File.pathSeparator + dir.resolve("missing.jar");
  }

  private static Path optionPath(List<String> options, String prefix) {
    assertThat(options).hasSize(1);
    assertThat(options.get(0)).startsWith(prefix);
    return Path.of(options.get(0).substring(prefix.length()));
  }

  @Test
  void shouldWriteAnArchiveOnTheFirstSuccessfulRunAndMapItAfterwards() throws Exception {
    String classpath = classpath();
    ClassDataSharing.Plan failing = ClassDataSharing.plan(dir, "features", classpath, Map.of());
    Path failedDump = optionPath(failing.jvmOptions(), "-XX:ArchiveClassesAtExit=");
    Files.writeString(failedDump, "half an archive");
    failing.finished(1);
    assertThat(failedDump).as("a failed run's archive is dropped").doesNotExist();

    ClassDataSharing.Plan first = ClassDataSharing.plan(dir, "features", classpath, Map.of());
    Path dump = optionPath(first.jvmOptions(), "-XX:ArchiveClassesAtExit=");
    assertThat(dump).isNotEqualTo(failedDump);
    Files.writeString(dump, "archive");
    first.finished(0);
    assertThat(dump).doesNotExist();

    ClassDataSharing.Plan second = ClassDataSharing.plan(dir, "features", classpath, Map.of());
    Path mapped = optionPath(second.jvmOptions(), "-XX:SharedArchiveFile=");
    assertThat(mapped).hasContent("archive").hasParent(dir.resolve("cds"));
    assertThat(mapped.getFileName().toString()).startsWith("features-").endsWith(".jsa");
  }

  @Test
  void shouldMakeANewArchiveWhenAClasspathEntryChangesAndDropTheOldOne() throws Exception {
    String classpath = classpath();
    String before = ClassDataSharing.key(classpath);
    ClassDataSharing.Plan first = ClassDataSharing.plan(dir, "features", classpath, Map.of());
    Files.writeString(optionPath(first.jvmOptions(), "-XX:ArchiveClassesAtExit="), "old");
    first.finished(0);

    Path jar = dir.resolve("app.jar");
    Files.writeString(jar, "rebuilt jar bytes");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
    assertThat(ClassDataSharing.key(classpath)).isNotEqualTo(before);
    ClassDataSharing.Plan rebuilt = ClassDataSharing.plan(dir, "features", classpath, Map.of());
    Path dump = optionPath(rebuilt.jvmOptions(), "-XX:ArchiveClassesAtExit=");
    Files.writeString(dump, "new");
    rebuilt.finished(0);

    try (Stream<Path> archives = Files.list(dir.resolve("cds"))) {
      List<Path> left = archives.toList();
      assertThat(left).hasSize(1);
      assertThat(left.get(0)).hasContent("new");
      assertThat(left.get(0).getFileName().toString()).contains(ClassDataSharing.key(classpath));
    }
  }

  @Test
  void shouldStayOffWhenSwitchedOffOrWhenTheEnvironmentCarriesJvmOptions() throws Exception {
    String classpath = classpath();
    for (Map<String, String> env : List.of(Map.of("PIPELINE_SPARK_CDS", "off"), Map.of("PIPELINE_SPARK_CDS", "FALSE"),
        Map.of("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording"), Map.of("JDK_JAVA_OPTIONS", "-javaagent:x.jar"),
        Map.of("PIPELINE_SPARK_DRIVER_OPTS", "-XX:StartFlightRecording:filename=x.jfr"))) {
      ClassDataSharing.Plan plan = ClassDataSharing.plan(dir, "features", classpath, env);
      assertThat(plan.jvmOptions()).as("options for %s", env).isEmpty();
      plan.finished(0);
    }
    assertThat(dir.resolve("cds").toFile().list()).as("nothing written").isNullOrEmpty();
    assertThat(ClassDataSharing.plan(dir, "features", classpath, Map.of("JAVA_TOOL_OPTIONS", " ")).jvmOptions())
        .as("blank options are no options").hasSize(1);
    assertThat(ClassDataSharing.plan(dir, "features", classpath,
        Map.of("PIPELINE_SPARK_DRIVER_OPTS", "-XX:TieredStopAtLevel=4 -Xmn512m")).jvmOptions())
        .as("JIT and GC settings keep the archive").hasSize(1);
    assertThat(ClassDataSharing.plan(dir, "features", classpath,
        Map.of("PIPELINE_SPARK_DRIVER_OPTS", "-javaagent:x.jar")).jvmOptions()).as("an agent does not").isEmpty();
  }
}
