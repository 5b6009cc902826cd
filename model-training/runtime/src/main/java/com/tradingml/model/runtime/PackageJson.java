package com.tradingml.model.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradingml.core.features.LabelSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON files of a package: canonical when written (fixed field order, model-card keys sorted, LF line
 * ends, doubles in their shortest round-trip form), strict when read (a format tag, exactly the known
 * fields with their types, no duplicate keys, no NaN). Plain data binding to trees: no polymorphic types,
 * so reading them can create no object but strings, numbers, lists and maps.
 */
final class PackageJson {

  static final String NORMALIZER_FORMAT = "tradingml-normalizer/1";
  static final String FEATURES_FORMAT = "tradingml-features/1";
  static final String LABEL_FORMAT = "tradingml-label/1";
  static final String GOLDEN_FORMAT = "tradingml-golden/1";

  /** Nesting bound for the free-form model card. */
  private static final int MAX_CARD_DEPTH = 32;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // NaN and Infinity stay refused (the default)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();
  private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance));

  private PackageJson() {}

  // ---------------------------------------------------------------------------------------------- writing

  static byte[] normalizer(InputNormalizer normalizer, List<String> columns) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", NORMALIZER_FORMAT);
    strings(root.putArray("columns"), columns);
    doubles(root.putArray("mean"), normalizer.mean());
    doubles(root.putArray("std"), normalizer.std());
    return bytes(root);
  }

  static byte[] features(FeatureSpec features) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FEATURES_FORMAT);
    root.put("name", features.name());
    root.put("version", features.version());
    root.put("hash", features.hash());
    strings(root.putArray("inputColumns"), features.inputColumns());
    return bytes(root);
  }

  static byte[] label(LabelDefinition label) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", LABEL_FORMAT);
    root.put("horizonBars", label.spec().horizonBars());
    root.put("deadZone", label.spec().deadZone());
    strings(root.putArray("classes"), label.classes());
    root.put("description", label.description());
    return bytes(root);
  }

  static byte[] golden(GoldenSet golden) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", GOLDEN_FORMAT);
    ArrayNode rows = root.putArray("rows");
    for (GoldenSet.Row row : golden.rows()) {
      ObjectNode item = rows.addObject();
      doubles(item.putArray("inputs"), row.inputs());
      doubles(item.putArray("probabilities"), row.probabilities());
    }
    return bytes(root);
  }

  static byte[] card(Map<String, Object> card) {
    try {
      return (WRITER.writeValueAsString(card) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("model card cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static void doubles(ArrayNode array, double[] values) {
    for (double value : values) {
      array.add(value);
    }
  }

  private static byte[] bytes(JsonNode root) {
    try {
      return (WRITER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  // ---------------------------------------------------------------------------------------------- reading

  /** The normalizer and the column names it lists. */
  record Normalizer(InputNormalizer normalizer, List<String> columns) {}

  static Normalizer readNormalizer(byte[] bytes) {
    String file = ModelPackage.NORMALIZER;
    ObjectNode root = object(bytes, file, NORMALIZER_FORMAT, Set.of("columns", "mean", "std"));
    List<String> columns = stringList(root.get("columns"), file, "columns");
    double[] mean = doubleArray(root.get("mean"), file, "mean");
    double[] std = doubleArray(root.get("std"), file, "std");
    if (columns.size() != mean.length) {
      throw new ModelPackageException(file, "lists " + columns.size() + " columns but " + mean.length + " means");
    }
    try {
      return new Normalizer(new InputNormalizer(mean, std), columns);
    } catch (IllegalArgumentException e) {
      throw new ModelPackageException(file, e.getMessage(), e);
    }
  }

  static FeatureSpec readFeatures(byte[] bytes) {
    String file = ModelPackage.FEATURES;
    ObjectNode root = object(bytes, file, FEATURES_FORMAT, Set.of("name", "version", "hash", "inputColumns"));
    try {
      return new FeatureSpec(text(root.get("name"), file, "name"), integer(root.get("version"), file, "version"),
          text(root.get("hash"), file, "hash"), stringList(root.get("inputColumns"), file, "inputColumns"));
    } catch (IllegalArgumentException e) {
      throw new ModelPackageException(file, e.getMessage(), e);
    }
  }

  static LabelDefinition readLabel(byte[] bytes) {
    String file = ModelPackage.LABEL;
    ObjectNode root = object(bytes, file, LABEL_FORMAT, Set.of("horizonBars", "deadZone", "classes", "description"));
    text(root.get("description"), file, "description"); // informational: the spec below is what counts
    try {
      LabelSpec spec = new LabelSpec(integer(root.get("horizonBars"), file, "horizonBars"),
          number(root.get("deadZone"), file, "deadZone"));
      return new LabelDefinition(spec, stringList(root.get("classes"), file, "classes"));
    } catch (IllegalArgumentException e) {
      throw new ModelPackageException(file, e.getMessage(), e);
    }
  }

  static GoldenSet readGolden(byte[] bytes) {
    String file = ModelPackage.GOLDEN;
    ObjectNode root = object(bytes, file, GOLDEN_FORMAT, Set.of("rows"));
    JsonNode rows = root.get("rows");
    if (!rows.isArray()) {
      throw new ModelPackageException(file, "\"rows\" must be an array");
    }
    List<GoldenSet.Row> list = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      JsonNode row = rows.get(r);
      String where = "rows[" + r + "]";
      if (!row.isObject() || row.size() != 2 || !row.has("inputs") || !row.has("probabilities")) {
        throw new ModelPackageException(file, where + " must be an object with exactly \"inputs\" and \"probabilities\"");
      }
      try {
        list.add(new GoldenSet.Row(doubleArray(row.get("inputs"), file, where + ".inputs"),
            doubleArray(row.get("probabilities"), file, where + ".probabilities")));
      } catch (IllegalArgumentException e) {
        throw new ModelPackageException(file, where + ": " + e.getMessage(), e);
      }
    }
    try {
      return new GoldenSet(list);
    } catch (IllegalArgumentException e) {
      throw new ModelPackageException(file, e.getMessage(), e);
    }
  }

  static Map<String, Object> readCard(byte[] bytes) {
    String file = ModelPackage.CARD;
    JsonNode root = tree(bytes, file);
    if (!root.isObject()) {
      throw new ModelPackageException(file, "must be a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> card = (Map<String, Object>) plain(root, file, "$", 0);
    return card;
  }

  /** The network's JSON text, checked to be one JSON object with only allowed classes (see {@link NetworkJsonScreen}). */
  static String readNetwork(byte[] bytes) {
    NetworkJsonScreen.check(tree(bytes, ModelPackage.NETWORK));
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static JsonNode tree(byte[] bytes, String file) {
    try {
      JsonNode root = MAPPER.readTree(bytes);
      if (root == null || root.isMissingNode()) {
        throw new ModelPackageException(file, "is empty");
      }
      return root;
    } catch (IOException e) {
      throw new ModelPackageException(file, "is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static ObjectNode object(byte[] bytes, String file, String format, Set<String> fields) {
    JsonNode root = tree(bytes, file);
    if (!root.isObject()) {
      throw new ModelPackageException(file, "must be a JSON object");
    }
    JsonNode tag = root.get("format");
    if (tag == null || !tag.isTextual() || !tag.asText().equals(format)) {
      throw new ModelPackageException(file, "\"format\" must be \"" + format + "\", got " + tag);
    }
    Set<String> expected = new TreeSet<>(fields);
    expected.add("format");
    Set<String> found = new TreeSet<>();
    root.fieldNames().forEachRemaining(found::add);
    if (!found.equals(expected)) {
      throw new ModelPackageException(file, "fields must be exactly " + expected + ", got " + found);
    }
    return (ObjectNode) root;
  }

  private static String text(JsonNode node, String file, String field) {
    if (!node.isTextual()) {
      throw new ModelPackageException(file, "\"" + field + "\" must be a string, got " + node);
    }
    return node.asText();
  }

  private static int integer(JsonNode node, String file, String field) {
    if (!node.isInt()) {
      throw new ModelPackageException(file, "\"" + field + "\" must be an integer, got " + node);
    }
    return node.intValue();
  }

  private static double number(JsonNode node, String file, String field) {
    if (!node.isNumber()) {
      throw new ModelPackageException(file, "\"" + field + "\" must be a number, got " + node);
    }
    return node.doubleValue();
  }

  private static List<String> stringList(JsonNode node, String file, String field) {
    if (!node.isArray()) {
      throw new ModelPackageException(file, "\"" + field + "\" must be an array of strings");
    }
    List<String> values = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      values.add(text(item, file, field + "[]"));
    }
    return values;
  }

  private static double[] doubleArray(JsonNode node, String file, String field) {
    if (!node.isArray()) {
      throw new ModelPackageException(file, "\"" + field + "\" must be an array of numbers");
    }
    double[] values = new double[node.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = number(node.get(i), file, field + "[" + i + "]");
    }
    return values;
  }

  /** A JSON tree as plain, unmodifiable Java values: String, Boolean, Integer/Long/BigInteger, Double, List, Map. */
  private static Object plain(JsonNode node, String file, String path, int depth) {
    if (depth > MAX_CARD_DEPTH) {
      throw new ModelPackageException(file, "nested deeper than " + MAX_CARD_DEPTH + " levels at " + path);
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
        Map.Entry<String, JsonNode> field = fields.next();
        map.put(field.getKey(), plain(field.getValue(), file, path + "." + field.getKey(), depth + 1));
      }
      return Collections.unmodifiableMap(map);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (int i = 0; i < node.size(); i++) {
        list.add(plain(node.get(i), file, path + "[" + i + "]", depth + 1));
      }
      return Collections.unmodifiableList(list);
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNull()) {
      return null;
    }
    if (node.isInt()) {
      return node.intValue();
    }
    if (node.isLong()) {
      return node.longValue();
    }
    if (node.isBigInteger()) {
      return node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    throw new ModelPackageException(file, "unexpected JSON value at " + path + ": " + node);
  }

  // ---------------------------------------------------------------------------------------------- model card

  /**
   * A deep, unmodifiable copy of a model card with its keys sorted, checked to be plain JSON data: string
   * keys; values null, String, Boolean, an integral number, a finite Float/Double/BigDecimal, a List or a Map
   * of those. The message names the path of a bad value.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> copyCard(Map<String, ?> card) {
    if (card == null) {
      throw new IllegalArgumentException("model card must not be null (use Map.of() for an empty one)");
    }
    return (Map<String, Object>) copy(card, "$", 0);
  }

  private static Object copy(Object value, String path, int depth) {
    if (depth > MAX_CARD_DEPTH) {
      throw new IllegalArgumentException("model card nested deeper than " + MAX_CARD_DEPTH + " levels at " + path);
    }
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
        || value instanceof Long || value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
      return value;
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (!Double.isFinite(number)) {
        throw new IllegalArgumentException("model card value at " + path + " is " + number + "; JSON has no NaN or infinity");
      }
      return value;
    }
    if (value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new TreeMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException("model card keys must be strings, got " + entry.getKey() + " at " + path);
        }
        copy.put(key, copy(entry.getValue(), path + "." + key, depth + 1));
      }
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        copy.add(copy(list.get(i), path + "[" + i + "]", depth + 1));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException("model card value at " + path + " is a " + value.getClass().getName()
        + "; only strings, numbers, booleans, null, lists and maps are allowed");
  }
}
