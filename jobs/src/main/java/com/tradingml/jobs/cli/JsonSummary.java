package com.tradingml.jobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Map;

/** Prints a command's summary as one line of JSON, the last line of stdout (DESIGN.md, CLI). */
final class JsonSummary {

  private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private JsonSummary() {}

  static void print(PrintWriter out, Map<String, ?> summary) {
    try {
      out.println(MAPPER.writeValueAsString(summary));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("summary is not serializable: " + e.getMessage(), e);
    }
  }
}
