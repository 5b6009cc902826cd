package com.tradingml.jobs.cli;

import com.tradingml.core.logging.LogLines;
import com.tradingml.tracing.Tracing;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import org.slf4j.MDC;

/**
 * The CLI's logging: core's {@link LogLines} on standard error, with the batch context of the logging
 * thread (the job execution id and step that {@code JobSteps} put in SLF4J's MDC) and, when traced, the
 * current span's {@code trace_id} and {@code span_id} on every line.
 */
final class JobLogging {

  private JobLogging() {}

  /** {@code defaultLevel}: the project's level when PIPELINE_LOG_LEVEL is unset (see {@link LogLines}). */
  static void configure(Map<String, String> env, String defaultLevel) {
    LogLines.configure(env, System.err, JobLogging::context, defaultLevel);
    // Hadoop warns at every start that it has no native library; nothing to act on.
    LogLines.setLevel("org.apache.hadoop", Level.SEVERE);
  }

  /**
   * {@code jobExecutionId} and {@code step} from the MDC, under the names the log pipeline expects, then the
   * current span's ids.
   */
  static Map<String, String> context() {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    Map<String, String> trace = Tracing.logContext();
    if ((mdc == null || mdc.isEmpty()) && trace.isEmpty()) {
      return Map.of();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    if (mdc != null) {
      mdc.forEach((key, value) -> fields.put(key.equals("jobExecutionId") ? "job_execution_id" : key, value));
    }
    fields.putAll(trace);
    return fields;
  }
}
