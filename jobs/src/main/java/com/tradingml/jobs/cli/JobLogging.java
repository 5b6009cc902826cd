package com.tradingml.jobs.cli;

import com.tradingml.core.logging.LogLines;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import org.slf4j.MDC;

/**
 * The CLI's logging: core's {@link LogLines} on standard error, with the batch context of the logging
 * thread (the job execution id and step that {@code JobSteps} put in SLF4J's MDC) on every line.
 */
final class JobLogging {

  private JobLogging() {}

  /** {@code defaultLevel}: the project's level when PIPELINE_LOG_LEVEL is unset (see {@link LogLines}). */
  static void configure(Map<String, String> env, String defaultLevel) {
    LogLines.configure(env, System.err, JobLogging::context, defaultLevel);
    // Hadoop warns at every start that it has no native library; nothing to act on.
    LogLines.setLevel("org.apache.hadoop", Level.SEVERE);
  }

  /** {@code jobExecutionId} and {@code step} from the MDC, under the names the log pipeline expects. */
  static Map<String, String> context() {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    if (mdc == null || mdc.isEmpty()) {
      return Map.of();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    mdc.forEach((key, value) -> fields.put(key.equals("jobExecutionId") ? "job_execution_id" : key, value));
    return fields;
  }
}
