package com.tradingml.storage.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Deletes data files that no snapshot references: what a crashed or failed run leaves behind
 * (RELIABILITY.md B3). Only files older than a minimum age are touched, because a file an in-flight
 * run just wrote is unreferenced until that run commits; the age must exceed the longest run.
 */
public final class OrphanFiles {

  private OrphanFiles() {}

  /** Deletes unreferenced files under the table's {@code data/} older than {@code minAge}; returns them. */
  public static List<String> deleteUnreferenced(Table table, Duration minAge) {
    table.refresh();
    if (!(table.io() instanceof SupportsPrefixOperations io)) {
      throw new IllegalStateException("the table's FileIO cannot list files: " + table.io().getClass().getName());
    }
    Set<String> referenced = referencedDataFiles(table);
    Instant cutoff = Instant.now().minus(minAge);
    List<String> deleted = new ArrayList<>();
    for (FileInfo file : io.listPrefix(table.location() + "/data")) {
      String location = file.location();
      if (!referenced.contains(normalize(location)) && Instant.ofEpochMilli(file.createdAtMillis()).isBefore(cutoff)) {
        io.deleteFile(location);
        deleted.add(location);
      }
    }
    return deleted;
  }

  private static Set<String> referencedDataFiles(Table table) {
    Set<String> referenced = new HashSet<>();
    Set<String> seenManifests = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        if (!seenManifests.add(manifest.path())) {
          continue;
        }
        try (CloseableIterable<String> paths = ManifestFiles.readPaths(manifest, table.io())) {
          paths.forEach(p -> referenced.add(normalize(p)));
        } catch (IOException e) {
          throw new UncheckedIOException("reading manifest " + manifest.path(), e);
        }
      }
    }
    return referenced;
  }

  private static String normalize(String location) {
    return location.startsWith("file:///") ? "file:/" + location.substring("file:///".length()) : location;
  }
}
