import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The containers' health check: our images have no shell, curl or wget, so Docker and Compose run
 * {@code java /opt/tools/HealthCheck.java URL} (the JDK's source launcher). Exit 0 when URL answers
 * 2xx within 3 seconds, 1 otherwise. Kubernetes does not need it: its probes call HTTP directly.
 */
public final class HealthCheck {
  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "http://127.0.0.1:8080/health/ready";
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build();
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      System.exit(status >= 200 && status < 300 ? 0 : 1);
    } catch (Exception e) {
      System.err.println("health check " + url + ": " + e);
      System.exit(1);
    }
  }
}
