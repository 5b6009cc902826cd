package com.tradingml.core.logging;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The pipeline's log output, configured once per process from its environment:
 * <ul>
 *   <li>{@value #FORMAT_ENV}: {@code text} (default) or {@code json}, one JSON object per line with
 *       {@code time} (ISO-8601 UTC), {@code level}, {@code logger}, {@code thread}, {@code message}, the
 *       context fields (in batch jobs {@code job_execution_id} and {@code step}; inside a traced span
 *       {@code trace_id} and {@code span_id}) and {@code error} (the
 *       stack trace) when there is one;</li>
 *   <li>{@value #LEVEL_ENV}: {@code error}, {@code warn} (default), {@code info} or {@code debug} for the
 *       project's own loggers ({@code com.tradingml}); libraries log warnings and errors only, so that a
 *       command's own output stays readable.</li>
 * </ul>
 * Context fields come from a supplier the process installs (the jobs pass SLF4J's MDC and the current span,
 * the decision service the current span), read on the logging thread when the line is formatted.
 */
public final class LogLines {

  public static final String FORMAT_ENV = "PIPELINE_LOG_FORMAT";
  public static final String LEVEL_ENV = "PIPELINE_LOG_LEVEL";
  static final String PROJECT_LOGGER = "com.tradingml";

  /** java.util.logging keeps loggers weakly: a level set on one nobody holds is lost when it is collected. */
  private static final List<Logger> CONFIGURED = new CopyOnWriteArrayList<>();

  private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private LogLines() {}

  /**
   * Sends every log record of this JVM to {@code out} in the format and at the level {@code env} asks for,
   * replacing java.util.logging's default console handler. Unknown values are errors naming the variable.
   */
  public static void configure(Map<String, String> env, OutputStream out, Supplier<Map<String, String>> context) {
    configure(env, out, context, "warn");
  }

  /**
   * As {@link #configure(Map, OutputStream, Supplier)}, with the project's level when {@value #LEVEL_ENV} is
   * unset: {@code warn} suits a command whose output is its own, {@code info} a long-running service.
   */
  public static void configure(Map<String, String> env, OutputStream out, Supplier<Map<String, String>> context,
      String defaultLevel) {
    Formatter formatter = formatter(env.getOrDefault(FORMAT_ENV, "text"), context);
    Level level = level(env.getOrDefault(LEVEL_ENV, defaultLevel));
    Logger root = LogManager.getLogManager().getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    // java.util.logging closes its handlers in its own shutdown hook; closing the process's stderr there
    // would swallow what other shutdown hooks still print, so the handler gets a stream it cannot close.
    OutputStream unclosable = new FilterOutputStream(out) {
      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
    Handler handler = new StreamHandler(unclosable, formatter) {
      @Override
      public synchronized void publish(LogRecord record) {
        super.publish(record);
        flush(); // one line at a time: a crash loses nothing already logged
      }
    };
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(Level.WARNING.intValue() < level.intValue() ? level : Level.WARNING);
    setLevel(PROJECT_LOGGER, level);
  }

  /** Sets a logger's level and keeps the logger, so that the setting outlives garbage collection. */
  public static void setLevel(String loggerName, Level level) {
    Logger logger = Logger.getLogger(loggerName);
    logger.setLevel(level);
    CONFIGURED.add(logger);
  }

  /** {@code text} or {@code json}. */
  public static Formatter formatter(String format, Supplier<Map<String, String>> context) {
    switch (format.trim().toLowerCase(Locale.ROOT)) {
      case "json":
        return new JsonFormatter(context);
      case "text":
        return new TextFormatter(context);
      default:
        throw new IllegalArgumentException(FORMAT_ENV + " must be text or json, got '" + format + "'");
    }
  }

  static Level level(String name) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "error":
        return Level.SEVERE;
      case "warn":
        return Level.WARNING;
      case "info":
        return Level.INFO;
      case "debug":
        return Level.FINE;
      default:
        throw new IllegalArgumentException(LEVEL_ENV + " must be error, warn, info or debug, got '" + name + "'");
    }
  }

  static String levelName(Level level) {
    if (level.intValue() >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (level.intValue() >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (level.intValue() >= Level.INFO.intValue()) {
      return "INFO";
    }
    return level.intValue() >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
  }

  static String stackTrace(Throwable thrown) {
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }

  private static Map<String, String> contextOf(Supplier<Map<String, String>> context) {
    Map<String, String> fields = context == null ? null : context.get();
    return fields == null ? Map.of() : fields;
  }

  /** {@code 07:01:02.345 WARN logger: message [key=value ...]}, then the stack trace if any. */
  static final class TextFormatter extends Formatter {
    private final Supplier<Map<String, String>> context;

    TextFormatter(Supplier<Map<String, String>> context) {
      this.context = context;
    }

    @Override
    public String format(LogRecord record) {
      StringBuilder line = new StringBuilder(160).append(TEXT_TIME.format(record.getInstant())).append(' ')
          .append(levelName(record.getLevel())).append(' ').append(record.getLoggerName()).append(": ")
          .append(formatMessage(record));
      Map<String, String> fields = contextOf(context);
      if (!fields.isEmpty()) {
        line.append(" [");
        fields.forEach((key, value) -> line.append(key).append('=').append(value).append(' '));
        line.setCharAt(line.length() - 1, ']');
      }
      line.append(System.lineSeparator());
      if (record.getThrown() != null) {
        line.append(stackTrace(record.getThrown()));
      }
      return line.toString();
    }
  }

  /** One JSON object per line, for Loki, Elasticsearch and the like. */
  static final class JsonFormatter extends Formatter {
    private final Supplier<Map<String, String>> context;

    JsonFormatter(Supplier<Map<String, String>> context) {
      this.context = context;
    }

    @Override
    public String format(LogRecord record) {
      StringBuilder json = new StringBuilder(256).append('{');
      field(json, "time", record.getInstant().toString());
      field(json, "level", levelName(record.getLevel()));
      field(json, "logger", record.getLoggerName());
      field(json, "thread", Thread.currentThread().getName()); // handlers format on the logging thread
      field(json, "message", formatMessage(record));
      contextOf(context).forEach((key, value) -> field(json, key, value));
      if (record.getThrown() != null) {
        field(json, "error", stackTrace(record.getThrown()));
      }
      json.setCharAt(json.length() - 1, '}');
      return json.append('\n').toString();
    }

    private static void field(StringBuilder json, String key, String value) {
      string(json, key);
      json.append(':');
      string(json, value == null ? "" : value);
      json.append(',');
    }

    /** A JSON string literal: quotes, backslashes and every control character escaped (RFC 8259). */
    static void string(StringBuilder json, String text) {
      json.append('"');
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '"' -> json.append("\\\"");
          case '\\' -> json.append("\\\\");
          case '\n' -> json.append("\\n");
          case '\r' -> json.append("\\r");
          case '\t' -> json.append("\\t");
          default -> {
            if (c < 0x20 || c == 0x2028 || c == 0x2029) {
              json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
              json.append(c);
            }
          }
        }
      }
      json.append('"');
    }
  }
}
