package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The OpenAPI description documents exactly the endpoints the server routes, and the server serves that file. */
class OpenApiTest {

  @Test
  void shouldDescribeEveryEndpointTheServerRoutes() throws Exception {
    String yaml = Files.readString(Path.of("openapi.yaml"), StandardCharsets.UTF_8);
    List<String> documented = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^  (/[^:]+):\\s*$").matcher(yaml);
    while (m.find()) {
      documented.add(m.group(1));
    }
    List<String> served = new ArrayList<>();
    Matcher code = Pattern.compile("\\(\"(GET|POST)\", \"(/[^\"]+)\"").matcher(
        Files.readString(Path.of("src/main/java/com/tradingml/serving/ServingServer.java"), StandardCharsets.UTF_8));
    while (code.find()) {
      served.add(code.group(2));
    }

    assertThat(served).hasSize(8);
    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
    try (InputStream copy = ServingServer.class.getResourceAsStream("openapi.yaml")) {
      assertThat(new String(copy.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(yaml);
    }
  }
}
