package com.tradingml.storage.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code manifest.json} of a version: every artifact with its SHA-256 and size, and the metadata.
 * The database records the manifest's own SHA-256, so the chain database -> manifest -> artifacts
 * authenticates every byte a reader loads. Immutable.
 *
 * <p>The JSON form is canonical (fixed field order, artifacts sorted by name, metadata sorted by key),
 * so equal manifests have equal bytes and equal digests.
 *
 * @param artifacts sorted by name, names unique (also ignoring case: they become file names)
 * @param metadata sorted by key
 */
public record Manifest(String model, int version, String actor, List<Artifact> artifacts,
    Map<String, String> metadata) {

  /** The format tag written into every manifest; a manifest with another tag is rejected. */
  public static final String FORMAT = "tradingml-model-manifest/1";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One artifact: its simple file name, SHA-256 (lower-case hex) and size in bytes. */
  public record Artifact(String name, String sha256, long size) {
    public Artifact {
      Names.artifact(name);
      if (!Digests.isSha256Hex(sha256)) {
        throw new IllegalArgumentException("artifact '" + name + "' has no valid SHA-256: '" + sha256 + "'");
      }
      if (size < 0) {
        throw new IllegalArgumentException("artifact '" + name + "' has a negative size: " + size);
      }
    }
  }

  public Manifest {
    Names.model(model);
    Names.version(version);
    Names.actor(actor);
    if (artifacts == null || artifacts.isEmpty()) {
      throw new IllegalArgumentException("a manifest lists at least one artifact");
    }
    List<Artifact> sorted = new ArrayList<>(artifacts);
    sorted.sort(Comparator.comparing(Artifact::name));
    Set<String> seen = new HashSet<>();
    for (Artifact artifact : sorted) {
      if (!seen.add(artifact.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("artifact names must be unique ignoring case: '" + artifact.name() + "'");
      }
    }
    artifacts = List.copyOf(sorted);
    metadata = Collections.unmodifiableMap(new TreeMap<>(Names.metadata(metadata)));
  }

  /** The canonical JSON (UTF-8, ending with a newline). */
  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("model", model);
    root.put("version", version);
    root.put("actor", actor);
    ArrayNode list = root.putArray("artifacts");
    for (Artifact artifact : artifacts) {
      list.addObject().put("name", artifact.name()).put("sha256", artifact.sha256()).put("size", artifact.size());
    }
    ObjectNode meta = root.putObject("metadata");
    metadata.forEach(meta::put);
    try {
      return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  /** The SHA-256 of {@link #toJson()}. */
  public String sha256() {
    return Digests.sha256(toJson());
  }

  /** The artifact named {@code name}, or null. */
  public Artifact artifact(String name) {
    for (Artifact artifact : artifacts) {
      if (artifact.name().equals(name)) {
        return artifact;
      }
    }
    return null;
  }

  /**
   * Parses a manifest, strictly: the format tag, every field with its type, nothing else. An
   * {@link IllegalArgumentException} says what is wrong.
   */
  public static Manifest parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("manifest is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("manifest must be a JSON object");
    }
    onlyFields(root, "manifest", "format", "model", "version", "actor", "artifacts", "metadata");
    if (!FORMAT.equals(text(root, "format"))) {
      throw new IllegalArgumentException("manifest format must be '" + FORMAT + "', got '" + root.get("format") + "'");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isInt()) {
      throw new IllegalArgumentException("manifest field 'version' must be an integer");
    }
    JsonNode list = root.get("artifacts");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("manifest field 'artifacts' must be an array");
    }
    List<Artifact> artifacts = new ArrayList<>();
    for (JsonNode entry : list) {
      if (!entry.isObject()) {
        throw new IllegalArgumentException("manifest artifacts must be objects");
      }
      onlyFields(entry, "artifact", "name", "sha256", "size");
      JsonNode size = entry.get("size");
      if (size == null || !size.canConvertToLong() || !size.isIntegralNumber()) {
        throw new IllegalArgumentException("manifest artifact size must be an integer: " + entry);
      }
      artifacts.add(new Artifact(text(entry, "name"), text(entry, "sha256"), size.longValue()));
    }
    JsonNode meta = root.get("metadata");
    if (meta == null || !meta.isObject()) {
      throw new IllegalArgumentException("manifest field 'metadata' must be an object");
    }
    Map<String, String> metadata = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getValue().isTextual()) {
        throw new IllegalArgumentException("manifest metadata value of '" + field.getKey() + "' must be a string");
      }
      metadata.put(field.getKey(), field.getValue().textValue());
    }
    return new Manifest(text(root, "model"), version.intValue(), text(root, "actor"), artifacts, metadata);
  }

  static String metadataJson(Map<String, String> metadata) {
    ObjectNode meta = JSON.createObjectNode();
    new TreeMap<>(metadata).forEach(meta::put);
    String json = meta.toString();
    if (json.length() > Names.MAX_METADATA_JSON) {
      throw new IllegalArgumentException("metadata too large: " + json.length() + " characters of JSON, at most "
          + Names.MAX_METADATA_JSON);
    }
    return json;
  }

  static Map<String, String> parseMetadataJson(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      Map<String, String> metadata = new TreeMap<>();
      node.fields().forEachRemaining(field -> metadata.put(field.getKey(), field.getValue().asText()));
      return metadata;
    } catch (IOException e) {
      throw new IllegalStateException("the registry's metadata column holds invalid JSON: " + e.getMessage(), e);
    }
  }

  private static void onlyFields(JsonNode node, String what, String... allowed) {
    Set<String> known = Set.of(allowed);
    node.fieldNames().forEachRemaining(name -> {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown field '" + name + "' in manifest " + what);
      }
    });
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("manifest field '" + field + "' must be a string");
    }
    return value.textValue();
  }
}
