package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradingml.core.features.FeatureSet;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY.md S5: size limits, strict JSON (unknown fields, NaN, Infinity, wrong types) with messages naming the
 * field, and fuzzed bodies that never give a 5xx or an uncaught exception.
 */
class RequestFuzzTest {

  @TempDir
  static Path temp;

  static ServingFixture fixture;

  static final String BAR = "{\"timestamp\":\"2024-03-04T15:30:00Z\",\"open\":100.0,\"high\":100.5,\"low\":99.5,"
      + "\"close\":100.2,\"volume\":1000}";
  static final String VALID = "{\"symbol\":\"ACME\",\"account\":\"acct-1\",\"clientOrderId\":\"ord-1\",\"position\":0,"
      + "\"bar\":" + BAR + "}";

  @BeforeAll
  static void start() throws Exception {
    fixture = new ServingFixture(temp);
    fixture.publishAndPromote(TestModels.constant(FeatureSet.defaultSet(), 0.3, 0.4, 0.3, TestModels.warmup()));
    fixture.start(fixture.config().build());
    fixture.clock.set(java.time.Instant.parse("2024-03-04T15:30:01Z"));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown field           | {"symbol":"ACME","account":"a","clientOrderId":"o","position":0,"colour":"red"} | colour
      unknown bar field       | {"symbol":"ACME","account":"a","clientOrderId":"o","position":0,"bar":{"timestamp":"2024-03-04T15:30:00Z","open":1,"high":1,"low":1,"close":1,"vwap":1}} | bar.vwap
      NaN literal             | {"symbol":"ACME","account":"a","clientOrderId":"o","position":0,"bar":{"timestamp":"2024-03-04T15:30:00Z","open":1,"high":1,"low":1,"close":NaN}} | bar.close
      Infinity literal        | {"symbol":"ACME","account":"a","clientOrderId":"o","position":0,"bar":{"timestamp":"2024-03-04T15:30:00Z","open":1,"high":Infinity,"low":1,"close":1}} | bar.high
      huge exponent           | {"symbol":"ACME","account":"a","clientOrderId":"o","position":0,"bar":{"timestamp":"2024-03-04T15:30:00Z","open":1,"high":1e999,"low":1,"close":1}} | bar.high
      NaN as a string         | {"symbol":"ACME","account":"a","clientOrderId":"o","position":0,"bar":{"timestamp":"2024-03-04T15:30:00Z","open":"NaN","high":1,"low":1,"close":1}} | bar.open
      number as string        | {"symbol":"ACME","account":"a","clientOrderId":"o","position":"5"} | position
      fraction for integer    | {"symbol":"ACME","account":"a","clientOrderId":"o","position":1.5} | position
      exponent for integer    | {"symbol":"ACME","account":"a","clientOrderId":"o","position":1e30} | position
      integer out of range    | {"symbol":"ACME","account":"a","clientOrderId":"o","position":123456789012345678901234567890} | position
      number for string       | {"symbol":5,"account":"a","clientOrderId":"o","position":0} | symbol
      array for object        | {"symbol":"ACME","account":"a","clientOrderId":"o","position":0,"bar":[]} | bar
      duplicate key           | {"symbol":"ACME","symbol":"BETA","account":"a","clientOrderId":"o","position":0} | symbol
      missing field           | {"symbol":"ACME","account":"a","position":0} | clientOrderId
      null field              | {"symbol":"ACME","account":"a","clientOrderId":"o","position":null} | position
      blank symbol            | {"symbol":" ","account":"a","clientOrderId":"o","position":0} | symbol
      whitespace in id        | {"symbol":"ACME","account":"a b","clientOrderId":"o","position":0} | account
      high below low          | {"symbol":"ACME","account":"a","clientOrderId":"o","position":0,"bar":{"timestamp":"2024-03-04T15:30:00Z","open":1,"high":1,"low":2,"close":1}} | bar.high
      negative price          | {"symbol":"ACME","account":"a","clientOrderId":"o","position":0,"bar":{"timestamp":"2024-03-04T15:30:00Z","open":-1,"high":1,"low":1,"close":1}} | bar.open
      zero volume             | {"symbol":"ACME","account":"a","clientOrderId":"o","position":0,"bar":{"timestamp":"2024-03-04T15:30:00Z","open":1,"high":1,"low":1,"close":1,"volume":0}} | bar.volume
      bad timestamp           | {"symbol":"ACME","account":"a","clientOrderId":"o","position":0,"bar":{"timestamp":"yesterday","open":1,"high":1,"low":1,"close":1}} | bar.timestamp
      zone-less timestamp     | {"symbol":"ACME","account":"a","clientOrderId":"o","position":0,"bar":{"timestamp":"2024-03-04T15:30:00","open":1,"high":1,"low":1,"close":1}} | bar.timestamp
      absurdly long number    | {"symbol":"ACME","account":"a","clientOrderId":"o","position":0,"bar":{"timestamp":"2024-03-04T15:30:00Z","open":1.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001,"high":1,"low":1,"close":1}} | bar
      """)
  void shouldRefuseWithAMessageNamingTheField(String name, String body, String field) {
    HttpResponse<String> response = fixture.post("/v1/decisions", ServingFixture.DECIDE_KEY, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode error = ServingFixture.json(response.body());
    assertThat(error.get("error").asText()).isEqualTo("invalid_request");
    assertThat(error.get("field").asText()).as(response.body()).isEqualTo(field);
    assertThat(error.get("message").asText()).startsWith(field + ":");
  }

  @Test
  void shouldNameTheBarAtFaultInAStream() {
    String body = "{\"bars\":[" + withSymbol(BAR) + "," + withSymbol(BAR) + "," + withSymbol(BAR.replace("100.2", "NaN"))
        + "]}";
    HttpResponse<String> response = fixture.post("/v1/bars", ServingFixture.DECIDE_KEY, body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(ServingFixture.json(response.body()).get("field").asText()).isEqualTo("bars[2].close");
  }

  @Test
  void shouldRefuseBadKillSwitchActions() {
    HttpResponse<String> response = fixture.post("/v1/admin/kill-switch", ServingFixture.ADMIN_KEY,
        "{\"account\":\"a\",\"action\":\"explode\",\"reason\":\"x\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(ServingFixture.json(response.body()).get("field").asText()).isEqualTo("action");
  }

  @Test
  void shouldRefuseBodiesOverTheLimitWith413() {
    String padding = " ".repeat(70 * 1024);
    HttpResponse<String> declared = fixture.post("/v1/decisions", ServingFixture.DECIDE_KEY, VALID + padding);
    HttpResponse<String> chunked = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/decisions"))
        .header("Authorization", "Bearer " + ServingFixture.DECIDE_KEY)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
            (VALID + padding).getBytes(StandardCharsets.UTF_8)))).build());

    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(ServingFixture.json(declared.body()).get("error").asText()).isEqualTo("payload_too_large");
    assertThat(chunked.statusCode()).isEqualTo(413);
  }

  @Test
  void shouldRefuseOtherMediaTypesAndMethodsAndPaths() {
    HttpResponse<String> xml = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/decisions"))
        .header("Authorization", "Bearer " + ServingFixture.DECIDE_KEY).header("Content-Type", "application/xml")
        .POST(HttpRequest.BodyPublishers.ofString(VALID)).build());
    HttpResponse<String> get = fixture.get("/v1/decisions", ServingFixture.DECIDE_KEY);
    HttpResponse<String> nowhere = fixture.get("/v1/decisionsx", ServingFixture.DECIDE_KEY);

    assertThat(xml.statusCode()).isEqualTo(415);
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(nowhere.statusCode()).isEqualTo(404);
  }

  @Test
  void shouldNeverAnswerAFuzzedBodyWithA5xx() {
    Random random = new Random(0x5E5);
    List<String> fragments = List.of("NaN", "Infinity", "-Infinity", "1e999", "-1e999", "null", "true", "[]", "{}",
        "\"\"", "\"x\"", "0", "-0", "1.5", "99999999999999999999999", "\"\\u0000\"", "\"\\ud800\"", "[[[[[[[[[[",
        "{\"a\":{\"b\":{\"c\":{}}}}", "\"2024-13-45T99:99:99Z\"");
    int[] statuses = new int[600];
    int requests = 1_500;
    for (int i = 0; i < requests; i++) {
      String body = mutate(random, fragments);
      String path = random.nextInt(4) == 0 ? "/v1/bars" : "/v1/decisions";
      HttpResponse<String> response = fixture.post(path, ServingFixture.DECIDE_KEY, body);
      statuses[response.statusCode()]++;
      assertThat(response.statusCode()).as("body %s -> %s", body, response.body()).isLessThan(500);
      JsonNode json = ServingFixture.json(response.body());
      if (response.statusCode() != 200) {
        assertThat(json.has("error")).as(response.body()).isTrue();
      }
    }
    assertThat(statuses[400]).as("most mutations are refused").isGreaterThan(requests / 2);
    assertThat(statuses[200]).as("some survive as valid requests").isPositive();
  }

  /**
   * The same on the wire: a whole request (line, headers, body) mutated byte by byte, sent on a raw socket that then
   * half-closes. The server may refuse it (4xx, 501, 505) or end the connection, but never answers 500, never leaves
   * it hanging, and keeps serving.
   */
  @Test
  void shouldNeverAnswerAFuzzedRequestHeadWithA500() throws Exception {
    Random random = new Random(0xF022);
    String valid = "POST /v1/decisions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ServingFixture.DECIDE_KEY
        + "\r\nContent-Type: application/json\r\nContent-Length: " + VALID.length() + "\r\n\r\n" + VALID;
    String[] inserts = {"\r\n", "\n", "\r", " ", ":", "\t", "\u0000", "Transfer-Encoding: chunked\r\n",
        "Content-Length: 7\r\n", "Content-Length: -1\r\n", "Expect: 100-continue\r\n", "HTTP/1.0", "%", "0\r\n\r\n",
        "http:", "*", "//", "?"};
    java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    for (int i = 0; i < 400; i++) {
      StringBuilder request = new StringBuilder(valid);
      for (int k = 0; k < 1 + random.nextInt(3) && request.length() > 0; k++) {
        int at = random.nextInt(request.length());
        switch (random.nextInt(4)) {
          case 0 -> request.setCharAt(at, (char) random.nextInt(256));
          case 1 -> request.insert(at, inserts[random.nextInt(inserts.length)]);
          case 2 -> request.delete(at, Math.min(request.length(), at + 1 + random.nextInt(20)));
          default -> request.setLength(at);
        }
      }
      String response;
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", fixture.server.port())) {
        socket.setSoTimeout(15_000); // past the server's 10 s read timeout: it must answer or close by then
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.shutdownOutput();
        response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      }
      java.util.regex.Matcher status = java.util.regex.Pattern.compile("HTTP/1\\.1 (\\d{3}) ").matcher(response);
      while (status.find()) {
        int code = Integer.parseInt(status.group(1));
        statuses.merge(code, 1, Integer::sum);
        assertThat(code).as("request %s -> %s", request, response).isNotEqualTo(500);
      }
    }
    assertThat(statuses.getOrDefault(400, 0)).as("%s", statuses).isPositive();
    assertThat(statuses.getOrDefault(200, 0)).as("some mutations leave a valid request: %s", statuses).isPositive();
    assertThat(fixture.post("/v1/decisions", ServingFixture.DECIDE_KEY, VALID).statusCode()).isEqualTo(200);
  }

  private static String mutate(Random random, List<String> fragments) {
    String base = random.nextBoolean() ? VALID : "{\"bars\":[" + withSymbol(BAR) + "]}";
    switch (random.nextInt(6)) {
      case 0: {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
      }
      case 1:
        return base.substring(0, random.nextInt(base.length()));
      case 2: {
        char[] chars = base.toCharArray();
        for (int k = 0; k < 1 + random.nextInt(3); k++) {
          chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(95));
        }
        return new String(chars);
      }
      case 3: {
        String[] values = {"\"ACME\"", "\"acct-1\"", "\"ord-1\"", "0", "100.0", "100.5", "99.5", "100.2", "1000",
            "\"2024-03-04T15:30:00Z\""};
        String target = values[random.nextInt(values.length)];
        return base.replaceFirst(java.util.regex.Pattern.quote(target),
            java.util.regex.Matcher.quoteReplacement(fragments.get(random.nextInt(fragments.size()))));
      }
      case 4: {
        int at = base.indexOf('{', 1);
        String field = "\"f" + random.nextInt(5) + "\":" + fragments.get(random.nextInt(fragments.size())) + ",";
        return at < 0 ? base : base.substring(0, at + 1) + field + base.substring(at + 1);
      }
      default:
        return base.replace("\"clientOrderId\":\"ord-1\"", "\"clientOrderId\":\"ord-" + random.nextInt(1_000_000)
            + "\"");
    }
  }

  private static String withSymbol(String bar) {
    return "{\"symbol\":\"ACME\"," + bar.substring(1);
  }
}
