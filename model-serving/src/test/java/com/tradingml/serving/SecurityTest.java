package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.features.FeatureSet;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELIABILITY.md S6: every /v1 endpoint needs a key, admin endpoints the admin role; keys never reach a log. */
class SecurityTest {

  @TempDir
  static Path temp;

  static ServingFixture fixture;
  static final List<String> logged = new ArrayList<>();
  static final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      synchronized (logged) {
        logged.add(record.getMessage() + " " + (record.getThrown() == null ? "" : record.getThrown()));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeAll
  static void start() throws Exception {
    Logger.getLogger("").addHandler(capture);
    fixture = new ServingFixture(temp);
    fixture.publishAndPromote(TestModels.constant(FeatureSet.defaultSet(), 0.05, 0.05, 0.9, TestModels.warmup()));
    fixture.start(fixture.config().build());
  }

  @AfterAll
  static void stop() {
    fixture.close();
    Logger.getLogger("").removeHandler(capture);
  }

  private static final String DECISION = ServingFixture.decisionJson("ACME", "acct-1", "ord-1", 0,
      ServingFixture.live("ACME", 1, 11).get(0));
  private static final String KILL = "{\"account\":\"acct-1\",\"action\":\"engage\",\"reason\":\"test\"}";

  @Test
  void shouldRefuseEveryV1EndpointWithoutAValidKey() {
    for (String key : new String[] {null, "wrong-key-0123456789abcdef", ServingFixture.DECIDE_KEY + "x", ""}) {
      assertUnauthorized(fixture.post("/v1/decisions", key, DECISION));
      assertUnauthorized(fixture.post("/v1/bars", key, "{\"bars\":[]}"));
      assertUnauthorized(fixture.get("/v1/models/active", key));
      assertUnauthorized(fixture.post("/v1/admin/kill-switch", key, KILL));
    }
    HttpResponse<String> basic = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/models/active"))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
            ("user:" + ServingFixture.ADMIN_KEY).getBytes())).GET().build());
    assertUnauthorized(basic);
  }

  private static void assertUnauthorized(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(ServingFixture.json(response.body()).get("error").asText()).isEqualTo("unauthorized");
    assertThat(response.body()).doesNotContain(ServingFixture.DECIDE_KEY).doesNotContain(ServingFixture.ADMIN_KEY);
  }

  @Test
  void shouldRequireTheAdminRoleForTheKillSwitch() {
    HttpResponse<String> decideKey = fixture.post("/v1/admin/kill-switch", ServingFixture.DECIDE_KEY, KILL);
    HttpResponse<String> adminKey = fixture.post("/v1/admin/kill-switch", ServingFixture.ADMIN_KEY,
        "{\"account\":\"acct-admin\",\"action\":\"engage\",\"reason\":\"drill\"}");
    HttpResponse<String> adminDecides = fixture.get("/v1/models/active", ServingFixture.ADMIN_KEY);

    assertThat(decideKey.statusCode()).isEqualTo(403);
    assertThat(ServingFixture.json(decideKey.body()).get("error").asText()).isEqualTo("forbidden");
    assertThat(adminKey.statusCode()).isEqualTo(200);
    assertThat(ServingFixture.json(adminKey.body()).get("detail").asText()).contains("api key ");
    assertThat(adminDecides.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldServeHealthMetricsAndTheApiDescriptionWithoutAKey() {
    assertThat(fixture.get("/health/live", null).statusCode()).isEqualTo(200);
    assertThat(fixture.get("/health/ready", null).statusCode()).isIn(200, 503);
    assertThat(fixture.get("/metrics", null).statusCode()).isEqualTo(200);
    assertThat(fixture.get("/openapi.yaml", null).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldNeverWriteAKeyToTheLogsTheAuditOrTheConfiguration() throws Exception {
    fixture.post("/v1/decisions", "wrong-key-0123456789abcdef", DECISION);
    fixture.post("/v1/decisions", ServingFixture.DECIDE_KEY, DECISION);
    fixture.post("/v1/admin/kill-switch", ServingFixture.ADMIN_KEY,
        "{\"account\":\"acct-log\",\"action\":\"engage\",\"reason\":\"log check\"}");

    List<String> texts = new ArrayList<>();
    synchronized (logged) {
      texts.addAll(logged);
    }
    texts.add(fixture.server.config().toString());
    texts.add(ServingFixture.keys().toString());
    texts.add(fixture.get("/metrics", null).body());
    try (Stream<Path> files = Files.list(fixture.server.audit().directory())) {
      for (Path file : files.toList()) {
        texts.add(Files.readString(file));
      }
    }

    assertThat(logged).isNotEmpty();
    for (String text : texts) {
      assertThat(text).doesNotContain(ServingFixture.DECIDE_KEY).doesNotContain(ServingFixture.ADMIN_KEY);
    }
  }
}
