package com.tradingml.jobs.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.jobs.batch.JobMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void shouldServeTheJobAndJvmMetricsInPrometheusTextFormat() throws Exception {
    JobMetrics metrics = new JobMetrics().withJvmMetrics();
    metrics.success("nightly", 1_764_470_400L);
    metrics.failure("nightly");
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(metrics, "127.0.0.1", 0)) {
      HttpResponse<String> response = get(endpoint, "/metrics", "GET");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
      assertThat(response.body())
          .contains("pipeline_job_last_success_timestamp_seconds{job=\"nightly\"} 1.7644704E9")
          .contains("pipeline_job_failures_total{job=\"nightly\"} 1.0")
          .contains("jvm_memory_used_bytes")
          .contains("process_uptime_seconds");
    }
  }

  @Test
  void shouldAnswerOnlyGetOfMetrics() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(new JobMetrics(), "127.0.0.1", 0)) {
      assertThat(get(endpoint, "/", "GET").statusCode()).isEqualTo(404);
      assertThat(get(endpoint, "/metrics/x", "GET").statusCode()).isEqualTo(404);
      HttpResponse<String> post = get(endpoint, "/metrics", "POST");
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }
  }

  private HttpResponse<String> get(MetricsEndpoint endpoint, String path, String method) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
