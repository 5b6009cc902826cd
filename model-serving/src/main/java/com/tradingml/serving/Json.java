package com.tradingml.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.List;

/**
 * Strict JSON for the API (RELIABILITY.md S5): unknown fields, duplicate keys, trailing content, NaN and
 * Infinity literals, numbers as strings (and the reverse), fractions where a whole number belongs, nulls for
 * required values, absurdly long numbers and deep nesting are all refused with a {@link RequestException}
 * naming the field. Finite-ness of decoded doubles ({@code 1e999} decodes to Infinity) is checked by the
 * request records themselves. Thread-safe.
 */
final class Json {

  /** The mapper for requests and responses. */
  static final ObjectMapper MAPPER = strictMapper();

  private Json() {}

  private static ObjectMapper strictMapper() {
    JsonFactory factory = JsonFactory.builder()
        .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .disable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        // Correctly rounded like Double.parseDouble / shortest round-tripping like Double.toString, without
        // JDK 17's FloatingDecimal garbage: formatting the probabilities of one decision's audit line was a
        // quarter of the service's allocation (JFR, 13k decisions/s).
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(16)
            .maxNumberLength(1_000)
            .maxStringLength(64 * 1024)
            .build())
        .build();
    ObjectMapper mapper = JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .build();
    mapper.coercionConfigDefaults()
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
    mapper.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Enum)
        .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
    mapper.coercionConfigFor(LogicalType.DateTime)
        .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
    return mapper;
  }

  /** A reader of {@code type} (build once, reuse: readers are immutable and thread-safe). */
  static ObjectReader readerFor(Class<?> type) {
    return MAPPER.readerFor(type);
  }

  /** Decodes {@code bytes[0, length)} as {@code reader}'s type, or a 400 naming the field at fault. */
  static <T> T read(ObjectReader reader, byte[] bytes, int length) throws RequestException {
    if (length == 0) {
      throw RequestException.invalid(null, "the request body is empty; a JSON object is expected");
    }
    try {
      T value = reader.readValue(bytes, 0, length);
      if (value == null) {
        throw RequestException.invalid(null, "the request body is JSON null; a JSON object is expected");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      String field = path(e.getPath());
      throw RequestException.invalid(field, "unknown field (known: " + e.getKnownPropertyIds() + ")");
    } catch (MismatchedInputException e) {
      String field = path(e.getPath());
      String expected = e.getTargetType() == null ? "a value of another type" : describe(e.getTargetType());
      if (field == null) {
        throw RequestException.invalid(null, "the request body must be a JSON object of the documented shape");
      }
      throw RequestException.invalid(field, "must be " + expected);
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StreamReadException streamProblem) {
        // A token the parser refused inside a bound object (NaN, an over-long number): its own path is precise.
        throw streamProblem(streamProblem, path(e.getPath()));
      }
      String field = path(e.getPath());
      if (cause instanceof StreamConstraintsException) {
        // Jackson does not say which value; the path of the object holding it is the best it knows.
        throw RequestException.invalid(field, "holds a number or string that is too long, or is nested too deeply");
      }
      String problem = cause instanceof IllegalArgumentException && cause.getMessage() != null
          ? cause.getMessage() : "invalid value";
      throw RequestException.invalid(field, problem);
    } catch (StreamReadException e) {
      throw streamProblem(e, null);
    } catch (JsonProcessingException e) {
      throw RequestException.invalid(null, "malformed JSON");
    } catch (IOException e) {
      throw RequestException.invalid(null, "unreadable request body");
    }
  }

  private static RequestException streamProblem(StreamReadException e, String fallbackField) {
    String message = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
    String field = message.startsWith("Duplicate field") ? duplicateField(e, message) : path(e);
    if (field == null) {
      field = fallbackField;
    }
    String problem = e instanceof InputCoercionException ? "number out of range"
        : message.contains("Non-standard token") || message.contains("NaN") || message.contains("Infinity")
            ? "NaN and Infinity are not JSON numbers"
        : message.startsWith("Duplicate field") ? "appears twice"
        : message.contains("Number value length") || message.contains("String value length")
            || message.contains("nesting depth") ? "too long or too deeply nested"
        : "malformed JSON (" + firstLine(message) + ")";
    return RequestException.invalid(field, problem);
  }

  /** Serializes a response value. */
  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response not serializable: " + e.getMessage(), e);
    }
  }

  private static String describe(Class<?> type) {
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (List.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }

  /** {@code bar.close}, {@code bars[3].high} from databind's path. */
  static String path(List<JsonMappingException.Reference> references) {
    if (references == null || references.isEmpty()) {
      return null;
    }
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? null : path.toString();
  }

  /** The path of the value the parser was reading when it failed, from its context chain. */
  private static String path(StreamReadException e) {
    JsonParser parser = e.getProcessor();
    return parser == null ? null : path(parser.getParsingContext(), null);
  }

  private static String path(JsonStreamContext context, String leaf) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      String segment;
      if (c.inObject()) {
        if (c.getCurrentName() == null) {
          continue;
        }
        segment = "." + c.getCurrentName();
      } else {
        segment = "[" + Math.max(0, c.getCurrentIndex()) + "]";
      }
      path.insert(0, segment);
    }
    if (leaf != null) {
      path.append('.').append(leaf);
    }
    String text = path.toString();
    if (text.startsWith(".")) {
      text = text.substring(1);
    }
    return text.isEmpty() ? null : text;
  }

  private static String duplicateField(StreamReadException e, String message) {
    int start = message.indexOf('\'');
    int end = message.indexOf('\'', start + 1);
    String name = start >= 0 && end > start ? message.substring(start + 1, end) : null;
    JsonParser parser = e.getProcessor();
    if (parser == null) {
      return name;
    }
    // The context is the object holding the duplicate; its own current name is the duplicate itself.
    JsonStreamContext context = parser.getParsingContext();
    return path(context.getParent(), null) == null ? name : path(context.getParent(), name);
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 120 ? line.substring(0, 120) + "..." : line;
  }
}
