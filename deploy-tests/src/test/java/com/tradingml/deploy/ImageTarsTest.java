package com.tradingml.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images `mvn -Pimages package` builds with Jib (jib:buildTar, docs/operations.md "Images"):
 * each tar's config runs as a non-root user with the OCI labels, and its layers hold the Java
 * runtime, the CycloneDX SBOM and no root-only surprises. Runs for the image tars that exist; with
 * {@code -Dimages.required=true} (the README's test command, after building them) a missing tar fails.
 */
class ImageTarsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The image tar's files: manifest.json, config, and every layer's entries (path -> mode). */
  record Image(JsonNode config, Map<String, Integer> files, Map<String, byte[]> sbom) {}

  static Image open(Path tar) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        if (entry.isFile()) {
          entries.put(entry.getName(), in.readAllBytes());
        }
      }
    }
    JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
    JsonNode config = JSON.readTree(entries.get(manifest.get("Config").asText()));
    Map<String, Integer> files = new HashMap<>();
    Map<String, byte[]> sbom = new HashMap<>();
    for (JsonNode layer : manifest.get("Layers")) {
      byte[] bytes = entries.get(layer.asText());
      InputStream raw = new ByteArrayInputStream(bytes);
      InputStream layerStream = layer.asText().endsWith(".gz") || (bytes.length > 1 && bytes[0] == 0x1f && (bytes[1] & 0xff) == 0x8b)
          ? new GZIPInputStream(raw) : raw;
      try (TarArchiveInputStream in = new TarArchiveInputStream(layerStream)) {
        TarArchiveEntry entry;
        while ((entry = in.getNextEntry()) != null) {
          String name = entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
          files.put(name, entry.getMode());
          if (name.startsWith("opt/sbom/") && name.endsWith(".json")) {
            sbom.put(name, in.readAllBytes());
          }
        }
      }
    }
    return new Image(config, files, sbom);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jobs", "feature-engineering", "model-serving"})
  void shouldRunAsNonRootWithOciLabelsTheRuntimeAndAnSbom(String module) throws IOException {
    Path tar = Repo.path(module + "/target/jib-image.tar");
    if (Boolean.getBoolean("images.required")) { // run-tests builds them first: then a missing tar is a failure
      assertThat(tar).as("the image tar (mvn -Pimages package)").isRegularFile();
    }
    assumeTrue(Files.isRegularFile(tar), tar + " does not exist: build the images with -Pimages (docs/operations.md)");
    Image image = open(tar);
    JsonNode config = image.config().path("config");

    String user = config.path("User").asText("");
    assertThat(user).as("%s user", module).isNotBlank();
    String uid = user.split(":")[0];
    assertThat(uid).as("%s runs as non-root", module).isNotIn("0", "root").matches("[0-9]+");
    assertThat(Long.parseLong(uid)).isPositive();

    JsonNode labels = config.path("Labels");
    for (String label : new String[] {"org.opencontainers.image.title", "org.opencontainers.image.version",
        "org.opencontainers.image.source", "org.opencontainers.image.revision", "org.opencontainers.image.licenses",
        "org.opencontainers.image.description", "org.opencontainers.image.vendor"}) {
      assertThat(labels.path(label).asText("")).as("%s label %s", module, label).isNotBlank();
    }

    assertThat(image.files()).as("%s has the Java runtime", module).containsKey("opt/java/bin/java");
    assertThat(image.files().get("opt/java/bin/java") & 0111).as("java is executable").isNotZero();
    assertThat(image.files()).containsKeys("etc/passwd", "lib64/ld-linux-x86-64.so.2", "opt/tools/HealthCheck.java");
    Set<Integer> setuid = new HashSet<>();
    image.files().forEach((name, mode) -> {
      if ((mode & 06000) != 0) {
        setuid.add(mode);
      }
    });
    assertThat(setuid).as("%s has no setuid/setgid files", module).isEmpty();

    assertThat(image.sbom()).as("%s ships its CycloneDX SBOM under /opt/sbom", module).isNotEmpty();
    for (byte[] bom : image.sbom().values()) {
      JsonNode sbom = JSON.readTree(bom);
      assertThat(sbom.path("bomFormat").asText()).isEqualTo("CycloneDX");
      assertThat(sbom.path("components").size()).isPositive();
    }
  }
}
