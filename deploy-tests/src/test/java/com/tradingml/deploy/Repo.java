package com.tradingml.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository under test and typed access to its YAML and JSON files. The root comes from the
 * {@code repo.root} system property (set by the module's surefire configuration), else the parent
 * of the working directory.
 */
final class Repo {

  private Repo() {}

  static Path root() {
    String property = System.getProperty("repo.root");
    Path root = property != null ? Path.of(property) : Path.of("").toAbsolutePath().getParent();
    return root.toAbsolutePath().normalize();
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static String relative(Path file) {
    return root().relativize(file.toAbsolutePath().normalize()).toString();
  }

  /** Regular files under {@code dir} (relative to the root) whose names end with one of {@code suffixes}. */
  static List<Path> files(String dir, String... suffixes) {
    Path base = path(dir);
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(base)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> suffixes.length == 0 || Arrays.stream(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every non-empty document of a YAML file (SnakeYAML's safe constructor: plain maps and lists). */
  static List<Map<String, Object>> yamlDocuments(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    List<Map<String, Object>> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (Object document : yaml.loadAll(reader)) {
        if (document == null) {
          continue;
        }
        if (!(document instanceof Map<?, ?>)) {
          throw new AssertionError(relative(file) + ": a YAML document is not a mapping: " + document);
        }
        documents.add(cast(document));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  static Map<String, Object> yaml(Path file) {
    List<Map<String, Object>> documents = yamlDocuments(file);
    if (documents.size() != 1) {
      throw new AssertionError(relative(file) + ": expected one YAML document, found " + documents.size());
    }
    return documents.get(0);
  }

  @SuppressWarnings("unchecked")
  static <T> T cast(Object value) {
    return (T) value;
  }

  /** The value at a path of keys (a number selects a list element); null where a step is missing. */
  static Object at(Object node, Object... keys) {
    Object current = node;
    for (Object key : keys) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(key);
      } else if (current instanceof List<?> list && key instanceof Integer index) {
        current = index < list.size() ? list.get(index) : null;
      } else {
        return null;
      }
    }
    return current;
  }

  static Map<String, Object> map(Object node, Object... keys) {
    Object value = at(node, keys);
    return value instanceof Map<?, ?> ? cast(value) : Map.of();
  }

  static List<Object> list(Object node, Object... keys) {
    Object value = at(node, keys);
    return value instanceof List<?> ? cast(value) : List.of();
  }

  static List<Map<String, Object>> maps(Object node, Object... keys) {
    return list(node, keys).stream().filter(Objects::nonNull).map(o -> Repo.<Map<String, Object>>cast(o)).toList();
  }

  static String string(Object node, Object... keys) {
    Object value = at(node, keys);
    return value == null ? null : value.toString();
  }
}
