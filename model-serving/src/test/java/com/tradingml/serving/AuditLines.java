package com.tradingml.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the audit log's JSON lines, all files in name order. */
final class AuditLines {

  private AuditLines() {}

  static List<JsonNode> read(Path directory) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.sorted().toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            lines.add(ServingFixture.json(line));
          }
        }
      }
    }
    return lines;
  }
}
