package com.tradingml.model.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Screens {@code network.json} before DL4J parses it. DL4J's configuration JSON names classes
 * ({@code "@class"}) that its (shaded) Jackson instantiates; Jackson only accepts subtypes of the declared
 * field types, and the file's digest was checked before this, but as defence in depth every named class must
 * also be a DL4J or ND4J configuration class: a crafted file cannot make the parser load anything else.
 */
final class NetworkJsonScreen {

  /** Packages of the classes a DL4J multi-layer configuration names. */
  static final List<String> ALLOWED_PACKAGES = List.of(
      "org.deeplearning4j.nn.conf.",
      "org.deeplearning4j.nn.weights.",
      "org.nd4j.linalg.activations.impl.",
      "org.nd4j.linalg.lossfunctions.impl.",
      "org.nd4j.linalg.learning.config.",
      "org.nd4j.linalg.learning.regularization.",
      "org.nd4j.linalg.schedule.");

  private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+");
  private static final int MAX_DEPTH = 64;

  private NetworkJsonScreen() {}

  /** Throws a {@link ModelPackageException} about {@code network.json} for any class outside {@link #ALLOWED_PACKAGES}. */
  static void check(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new ModelPackageException(ModelPackage.NETWORK, "not a JSON object (a DL4J MultiLayerConfiguration)");
    }
    if (!root.has("confs")) {
      throw new ModelPackageException(ModelPackage.NETWORK, "has no \"confs\": not a DL4J MultiLayerConfiguration");
    }
    walk(root, "$", 0);
  }

  private static void walk(JsonNode node, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new ModelPackageException(ModelPackage.NETWORK, "nested deeper than " + MAX_DEPTH + " levels at " + path);
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getKey().equals("@class")) {
          checkClass(field.getValue(), path);
        }
        walk(field.getValue(), path + "." + field.getKey(), depth + 1);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", depth + 1);
      }
    }
  }

  private static void checkClass(JsonNode value, String path) {
    String name = value.isTextual() ? value.asText() : null;
    if (name == null || !CLASS_NAME.matcher(name).matches()) {
      throw new ModelPackageException(ModelPackage.NETWORK, "\"@class\" at " + path + " is not a class name: " + value);
    }
    for (String allowed : ALLOWED_PACKAGES) {
      if (name.startsWith(allowed)) {
        return;
      }
    }
    throw new ModelPackageException(ModelPackage.NETWORK, "\"@class\" at " + path + " names " + name
        + ", which is not a DL4J/ND4J configuration class (allowed packages: " + ALLOWED_PACKAGES + "); refusing to parse");
  }
}
