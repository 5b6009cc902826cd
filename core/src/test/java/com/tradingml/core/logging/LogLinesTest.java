package com.tradingml.core.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogLinesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Handler[] savedHandlers;
  private Level savedRootLevel;
  private Level savedProjectLevel;

  @BeforeEach
  void saveLogging() {
    Logger root = LogManager.getLogManager().getLogger("");
    savedHandlers = root.getHandlers();
    savedRootLevel = root.getLevel();
    savedProjectLevel = Logger.getLogger(LogLines.PROJECT_LOGGER).getLevel();
  }

  @AfterEach
  void restoreLogging() {
    Logger root = LogManager.getLogManager().getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    for (Handler handler : savedHandlers) {
      root.addHandler(handler);
    }
    root.setLevel(savedRootLevel);
    Logger.getLogger(LogLines.PROJECT_LOGGER).setLevel(savedProjectLevel);
  }

  @Test
  void shouldWriteOneParseableJsonObjectPerLineWithContextAndStackTrace() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, String> context = new LinkedHashMap<>();
    context.put("job_execution_id", "42");
    context.put("step", "features");
    LogLines.configure(Map.of(LogLines.FORMAT_ENV, "json", LogLines.LEVEL_ENV, "info"), out, () -> context);

    Logger.getLogger("com.tradingml.jobs.Test").log(Level.INFO, "step {0} of job execution {1} starting",
        new Object[] {"features", 42});
    Logger.getLogger("com.tradingml.jobs.Test").log(Level.SEVERE, "a \"quoted\"\nmessage\u0001 with \\ and \u2028",
        new IllegalStateException("boom"));
    Logger.getLogger("org.library").info("library chatter below warn is not logged");

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("logger").asText()).isEqualTo("com.tradingml.jobs.Test");
    assertThat(first.get("message").asText()).isEqualTo("step features of job execution 42 starting");
    assertThat(first.get("job_execution_id").asText()).isEqualTo("42");
    assertThat(first.get("step").asText()).isEqualTo("features");
    assertThat(first.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(Instant.parse(first.get("time").asText())).isBeforeOrEqualTo(Instant.now());
    assertThat(first.has("error")).isFalse();

    JsonNode second = JSON.readTree(lines.get(1));
    assertThat(second.get("level").asText()).isEqualTo("ERROR");
    assertThat(second.get("message").asText()).isEqualTo("a \"quoted\"\nmessage\u0001 with \\ and \u2028");
    assertThat(second.get("error").asText()).startsWith("java.lang.IllegalStateException: boom")
        .contains("at com.tradingml.core.logging.LogLinesTest");
  }

  @Test
  void shouldKeepTheProjectAtWarnAndTextByDefault() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogLines.configure(Map.of(), out, () -> Map.of("job_execution_id", "7"));

    Logger.getLogger("com.tradingml.x").info("hidden at the default level");
    Logger.getLogger("com.tradingml.x").warning("shown");

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text.lines().toList()).hasSize(1);
    assertThat(text).matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} WARN com\\.tradingml\\.x: shown \\[job_execution_id=7]\\R");
  }

  @Test
  void shouldNeverCloseTheProcessStreamWhenLoggingShutsDown() {
    java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
      @Override
      public void close() {
        closed.set(true);
      }
    };
    LogLines.configure(Map.of(), bytes, Map::of, "info");
    Logger.getLogger("com.tradingml.y").info("before shutdown");

    // What LogManager's shutdown hook does: close every handler.
    for (Handler handler : LogManager.getLogManager().getLogger("").getHandlers()) {
      handler.close();
    }

    assertThat(closed).isFalse();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("INFO com.tradingml.y: before shutdown");
  }

  @Test
  void shouldRefuseUnknownFormatsAndLevelsNamingTheVariable() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> LogLines.configure(Map.of(LogLines.FORMAT_ENV, "xml"), out, Map::of))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PIPELINE_LOG_FORMAT");
    assertThatThrownBy(() -> LogLines.configure(Map.of(LogLines.LEVEL_ENV, "loud"), out, Map::of))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PIPELINE_LOG_LEVEL");
  }

  @Test
  void shouldFormatARecordWithoutContext() {
    LogRecord record = new LogRecord(Level.WARNING, "plain");
    record.setLoggerName("l");
    assertThat(LogLines.formatter("json", null).format(record)).endsWith("\"message\":\"plain\"}\n");
  }
}
