/**
 * How every process of the pipeline logs: one line per event on standard error, as text for people or as
 * a JSON object for log shippers ({@code PIPELINE_LOG_FORMAT=json}), through java.util.logging (the CLI's
 * and the service's SLF4J calls reach it through slf4j-jdk14).
 */
package com.tradingml.core.logging;
