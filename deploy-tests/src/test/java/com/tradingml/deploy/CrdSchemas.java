package com.tradingml.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates custom resources against the OpenAPI v3 schema of their CRD (kept as test data in
 * src/test/resources/crds/). The CRD dialect is turned into JSON Schema draft 4 first:
 * {@code format: int32/int64} become numeric bounds, {@code x-kubernetes-int-or-string} an anyOf,
 * and every object that declares properties and does not preserve unknown fields rejects unknown
 * ones ({@code additionalProperties: false}). The API server would silently PRUNE an unknown field
 * (a typo such as {@code executors:} would just vanish), so the test is stricter than the server.
 */
final class CrdSchemas {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CrdSchemas() {}

  /** The openAPIV3Schema of version {@code version} of the CRD in {@code crds/<file>}. */
  static ObjectNode openApiSchema(String file, String version) {
    Map<String, Object> crd = Repo.yaml(Repo.path("deploy-tests/src/test/resources/crds/" + file));
    for (Map<String, Object> v : Repo.maps(crd, "spec", "versions")) {
      if (version.equals(v.get("name"))) {
        return (ObjectNode) MAPPER.valueToTree(Repo.map(v, "schema", "openAPIV3Schema"));
      }
    }
    throw new AssertionError(file + " has no version " + version);
  }

  static JsonSchema sparkApplication() {
    return compile(openApiSchema("sparkoperator.k8s.io_sparkapplications.yaml", "v1beta2"));
  }

  /** ScheduledSparkApplication, with SparkApplication's spec schema grafted under spec.template. */
  static JsonSchema scheduledSparkApplication() {
    ObjectNode scheduled = openApiSchema("sparkoperator.k8s.io_scheduledsparkapplications.yaml", "v1beta2");
    ObjectNode template = (ObjectNode) scheduled.at("/properties/spec/properties/template");
    if (!"SparkApplicationSpec".equals(template.path("x-tradingml-graft").asText())) {
      throw new AssertionError("spec.template of the ScheduledSparkApplication CRD is not marked for grafting");
    }
    ObjectNode sparkSpec = (ObjectNode) openApiSchema("sparkoperator.k8s.io_sparkapplications.yaml", "v1beta2")
        .at("/properties/spec");
    ((ObjectNode) scheduled.at("/properties/spec/properties")).set("template", sparkSpec.deepCopy());
    return compile(scheduled);
  }

  static JsonSchema compile(ObjectNode openApi) {
    ObjectNode draft4 = toDraft4(openApi.deepCopy());
    draft4.put("$schema", "http://json-schema.org/draft-04/schema#");
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(draft4);
  }

  /** The validation errors of {@code object} (a manifest as parsed from YAML), sorted. */
  static Set<String> errors(JsonSchema schema, Map<String, Object> object) {
    JsonNode node = MAPPER.valueToTree(object);
    Set<String> errors = new TreeSet<>();
    for (ValidationMessage message : schema.validate(node)) {
      errors.add(message.getMessage());
    }
    return errors;
  }

  private static ObjectNode toDraft4(ObjectNode schema) {
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      ArrayNode anyOf = NODES.arrayNode();
      anyOf.add(NODES.objectNode().put("type", "integer"));
      anyOf.add(NODES.objectNode().put("type", "string"));
      schema.set("anyOf", anyOf);
    }
    String format = schema.path("format").asText("");
    if (format.equals("int32") || format.equals("int64")) {
      long min = format.equals("int32") ? Integer.MIN_VALUE : Long.MIN_VALUE;
      long max = format.equals("int32") ? Integer.MAX_VALUE : Long.MAX_VALUE;
      if (!schema.has("minimum")) {
        schema.put("minimum", min);
      }
      if (!schema.has("maximum")) {
        schema.put("maximum", max);
      }
      schema.remove("format");
    }
    List<String> extensions = new ArrayList<>();
    for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.startsWith("x-")) {
        extensions.add(name);
      }
    }
    extensions.forEach(schema::remove);
    if (schema.has("properties")) {
      ObjectNode properties = (ObjectNode) schema.get("properties");
      for (Iterator<Map.Entry<String, JsonNode>> fields = properties.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        field.setValue(toDraft4((ObjectNode) field.getValue()));
      }
      if (!preserve && !schema.has("additionalProperties")) {
        schema.put("additionalProperties", false);
      }
    }
    if (schema.get("additionalProperties") instanceof ObjectNode additional) {
      schema.set("additionalProperties", toDraft4(additional));
    }
    if (schema.get("items") instanceof ObjectNode items) {
      schema.set("items", toDraft4(items));
    }
    return schema;
  }
}
