package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md: the serving runtime classpath holds no Spark, Hadoop, Iceberg or Spring Batch. Reads the runtime
 * classpath the build records ({@code target/classpath}, maven-dependency-plugin build-classpath, runtime scope)
 * and looks into every jar, by name and by content.
 */
class ArchitectureTest {

  private static final List<String> FORBIDDEN_PACKAGES = List.of("org/apache/spark/", "org/apache/hadoop/",
      "org/apache/iceberg/", "org/springframework/batch/");
  private static final List<String> FORBIDDEN_JARS = List.of("spark-", "hadoop-", "iceberg-", "spring-batch");

  @Test
  void shouldKeepSparkHadoopIcebergAndSpringBatchOffTheRuntimeClasspath() throws IOException {
    Path file = Path.of(System.getProperty("serving.classpath.file", "target/classpath"));
    List<String> entries = List.of(Files.readString(file, StandardCharsets.UTF_8).trim().split(java.io.File.pathSeparator));
    List<String> violations = new ArrayList<>();
    int classes = 0;
    for (String entry : entries) {
      Path jar = Path.of(entry);
      String name = jar.getFileName().toString();
      FORBIDDEN_JARS.stream().filter(name::startsWith).forEach(prefix -> violations.add(name));
      if (!name.endsWith(".jar")) {
        continue;
      }
      try (JarFile contents = new JarFile(jar.toFile())) {
        for (Enumeration<JarEntry> e = contents.entries(); e.hasMoreElements();) {
          String path = e.nextElement().getName();
          if (path.endsWith(".class")) {
            classes++;
            for (String forbidden : FORBIDDEN_PACKAGES) {
              if (path.startsWith(forbidden) || path.contains("/shaded/" + forbidden)) {
                violations.add(name + "!" + path);
                break;
              }
            }
          }
        }
      }
    }

    assertThat(entries).as("the recorded runtime classpath").anyMatch(e -> e.contains("model-runtime"))
        .anyMatch(e -> e.contains("micrometer-registry-prometheus"));
    assertThat(classes).as("classes inspected").isGreaterThan(10_000);
    assertThat(violations).isEmpty();
  }
}
