package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import com.tradingml.core.policy.DecisionPolicy;
import com.tradingml.core.risk.InMemoryRiskState;
import com.tradingml.core.risk.Money;
import com.tradingml.core.risk.RiskFixtures;
import com.tradingml.model.runtime.ModelPackage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decisions over HTTP against a model that always says UP (0.9): the happy path, the policy's HOLDs, and the
 * pre-trade risk gate at the API (RELIABILITY.md R2, R3, R5, R6, R7). The rules themselves are core's, tested there
 * and by {@link ServingRiskStateContractTest}.
 */
class DecisionApiTest {

  static ModelPackage up;

  @TempDir
  Path temp;

  ServingFixture fixture;
  InMemoryRiskState risk;

  @BeforeAll
  static void buildModel() {
    up = TestModels.constant(FeatureSet.defaultSet(), 0.05, 0.05, 0.9, TestModels.warmup());
  }

  @BeforeEach
  void open() {
    fixture = new ServingFixture(temp);
    fixture.publishAndPromote(up);
    risk = new InMemoryRiskState();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private void start(ServingConfig.Builder config) throws Exception {
    fixture.start(config.build(), risk);
  }

  @Test
  void shouldBuyWhenTheModelSaysUpAndEveryCheckPasses() throws Exception {
    start(fixture.config());
    Bar bar = ServingFixture.live("ACME", 1, 11).get(0);

    JsonNode decision = fixture.decide(bar, "acct-1", "ord-1", 0);

    assertThat(decision.get("action").asText()).isEqualTo("BUY");
    assertThat(decision.get("quantity").asLong()).isEqualTo(100);
    assertThat(decision.get("targetPosition").asLong()).isEqualTo(100);
    assertThat(decision.get("reason").asText()).isEqualTo("target_long");
    assertThat(decision.get("model").get("version").asInt()).isEqualTo(1);
    assertThat(decision.get("probabilities").get("UP").asDouble()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(decision.get("features").get("bar").asText()).isEqualTo("accepted");
    assertThat(decision.get("features").get("barsSeen").asLong()).isEqualTo(41);
    assertThat(decision.get("risk").get("accepted").asBoolean()).isTrue();
    assertThat(decision.get("risk").get("checks")).hasSize(9);
    decision.get("risk").get("checks").forEach(check -> assertThat(check.get("passed").asBoolean()).isTrue());
    assertThat(decision.get("serverLatencyMicros").asLong()).isPositive();
    assertThat(risk.snapshot("acct-1").orElseThrow().positionOf(Symbol.of("ACME"))).isEqualTo(100);
  }

  @Test
  void shouldHoldAtTargetWithoutReachingTheRiskGate() throws Exception {
    start(fixture.config());
    JsonNode decision = fixture.decide(ServingFixture.live("ACME", 1, 11).get(0), "acct-1", "ord-1", 100);

    assertThat(decision.get("action").asText()).isEqualTo("HOLD");
    assertThat(decision.get("reason").asText()).isEqualTo("at_target");
    assertThat(decision.get("targetPosition").asLong()).isEqualTo(100);
    assertThat(decision.get("risk").isNull()).isTrue();
    assertThat(decision.get("probabilities").isObject()).isTrue();
  }

  @Test
  void shouldAcceptAnOrderAtTheQuantityLimitAndRejectOneShareMore() throws Exception {
    start(fixture.config().policy(DecisionPolicy.builder().fixedQuantity(1_001).maxPosition(5_000).build())
        .riskLimits(RiskFixtures.limitsBuilder().maxOrderNotional(Money.parse("1000000")).build()));
    List<Bar> bars = ServingFixture.live("ACME", 2, 11);

    JsonNode over = fixture.decide(bars.get(0), "acct-1", "ord-1", 0);
    JsonNode at = fixture.decide(bars.get(1), "acct-1", "ord-2", 1);

    assertThat(over.get("action").asText()).isEqualTo("HOLD");
    assertThat(over.get("reason").asText()).isEqualTo("risk_rejected");
    assertThat(over.get("risk").get("reason").asText()).isEqualTo("max_order_quantity");
    assertThat(failed(over)).containsExactly("max_order_quantity");
    assertThat(at.get("action").asText()).isEqualTo("BUY");
    assertThat(at.get("quantity").asLong()).isEqualTo(1_000);
    assertThat(metric("serving_risk_rejects_total{check=\"max_order_quantity\"")).isEqualTo(1.0);
  }

  @Test
  void shouldRejectAgainstAStaleReferencePrice() throws Exception {
    start(fixture.config());
    Bar bar = ServingFixture.live("ACME", 1, 11).get(0);
    fixture.clock.set(bar.timestamp().plusSeconds(10)); // features fresh (5 min), reference stale (5 s)

    JsonNode decision = json(fixture.post("/v1/decisions", ServingFixture.DECIDE_KEY,
        ServingFixture.decisionJson("ACME", "acct-1", "ord-1", 0, bar)));

    assertThat(decision.get("reason").asText()).isEqualTo("risk_rejected");
    assertThat(failed(decision)).contains("price_collar", "gross_exposure");
    assertThat(checkReason(decision, "price_collar")).contains("stale");
  }

  @Test
  void shouldBlockRiskIncreasingOrdersWhileTheKillSwitchIsEngagedUntilReset() throws Exception {
    start(fixture.config());
    List<Bar> bars = ServingFixture.live("ACME", 3, 11);
    HttpResponse<String> engaged = fixture.post("/v1/admin/kill-switch", ServingFixture.ADMIN_KEY,
        "{\"account\":\"acct-1\",\"action\":\"engage\",\"reason\":\"desk halt\"}");

    JsonNode blocked = fixture.decide(bars.get(0), "acct-1", "ord-1", 0);
    HttpResponse<String> reset = fixture.post("/v1/admin/kill-switch", ServingFixture.ADMIN_KEY,
        "{\"account\":\"acct-1\",\"action\":\"reset\",\"reason\":\"cleared\"}");
    JsonNode allowed = fixture.decide(bars.get(1), "acct-1", "ord-2", 0);

    assertThat(engaged.statusCode()).isEqualTo(200);
    assertThat(json(engaged).get("engaged").asBoolean()).isTrue();
    assertThat(blocked.get("reason").asText()).isEqualTo("risk_rejected");
    assertThat(failed(blocked)).containsExactly("kill_switch");
    assertThat(json(reset).get("engaged").asBoolean()).isFalse();
    assertThat(allowed.get("action").asText()).isEqualTo("BUY");
  }

  @Test
  void shouldLatchTheKillSwitchWhenANewBarMarksTheDailyLossBeyondTheLimit() throws Exception {
    start(fixture.config().riskLimits(RiskFixtures.limitsBuilder().maxDailyLoss(Money.parse("100")).build()));
    Bar first = ServingFixture.live("ACME", 1, 11).get(0);
    Bar crash = new Bar(first.symbol(), first.timestamp().plus(TestModels.BAR), first.close(), first.close(),
        first.close() - 3, first.close() - 2.5, 1_000);

    JsonNode bought = fixture.decide(first, "acct-1", "ord-1", 0);
    JsonNode afterCrash = fixture.decide(crash, "acct-1", "ord-2", 0);

    assertThat(bought.get("action").asText()).isEqualTo("BUY");
    assertThat(afterCrash.get("action").asText()).isEqualTo("HOLD");
    assertThat(failed(afterCrash)).contains("daily_loss", "kill_switch");
    assertThat(risk.killSwitchEngaged("acct-1")).isTrue();
  }

  @Test
  void shouldThrottleExactlyTheOrdersBeyondTheRate() throws Exception {
    start(fixture.config());
    Bar bar = ServingFixture.live("ACME", 1, 11).get(0);
    List<String> actions = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      JsonNode decision = fixture.decide(bar, "acct-1", "ord-" + i, 0);
      actions.add(decision.get("action").asText() + (decision.get("risk").isNull() ? ""
          : ":" + decision.get("risk").get("reason").asText()));
    }

    assertThat(actions).containsExactly("BUY:accepted", "BUY:accepted", "BUY:accepted", "BUY:accepted",
        "BUY:accepted", "HOLD:order_rate", "HOLD:order_rate");
    assertThat(risk.snapshot("acct-1").orElseThrow().positionOf(Symbol.of("ACME"))).isEqualTo(500);
  }

  @Test
  void shouldAnswerARetriedRequestWithTheOriginalDecisionAndCountOneOrder() throws Exception {
    start(fixture.config());
    Bar bar = ServingFixture.live("ACME", 1, 11).get(0);

    JsonNode first = fixture.decide(bar, "acct-1", "ord-1", 0);
    JsonNode retry = fixture.decide(bar, "acct-1", "ord-1", 0);

    assertThat(first.get("action").asText()).isEqualTo("BUY");
    assertThat(first.get("risk").get("replay").asBoolean()).isFalse();
    assertThat(retry.get("action").asText()).isEqualTo("BUY");
    assertThat(retry.get("risk").get("replay").asBoolean()).isTrue();
    assertThat(retry.get("features").get("bar").asText()).isEqualTo("duplicate");
    assertThat(retry.get("detail").asText()).contains("do not route the order again");
    assertThat(risk.snapshot("acct-1").orElseThrow().positionOf(Symbol.of("ACME"))).isEqualTo(100);
  }

  @Test
  void shouldServeTheActiveModel() throws Exception {
    start(fixture.config());
    JsonNode model = json(fixture.get("/v1/models/active", ServingFixture.DECIDE_KEY));

    assertThat(model.get("name").asText()).isEqualTo("direction");
    assertThat(model.get("version").asInt()).isEqualTo(1);
    assertThat(model.get("featureSet").get("hash").asText()).isEqualTo(FeatureSet.defaultSet().hash());
    assertThat(model.get("symbols").asInt()).isEqualTo(2);
    assertThat(model.get("classes").toString()).isEqualTo("[\"DOWN\",\"FLAT\",\"UP\"]");
  }

  @Test
  void shouldReportEachStreamedBarsOutcome() throws Exception {
    start(fixture.config());
    List<Bar> bars = ServingFixture.live("ACME", 3, 11);
    String body = "{\"bars\":[" + ServingFixture.barJson(bars.get(0), true) + "," + ServingFixture.barJson(bars.get(1), true)
        + "," + ServingFixture.barJson(bars.get(1), true) + "," + ServingFixture.barJson(bars.get(0), true) + "]}";
    fixture.clock.set(bars.get(2).timestamp());

    JsonNode outcome = json(fixture.post("/v1/bars", ServingFixture.DECIDE_KEY, body));

    assertThat(outcome.get("accepted").asInt()).isEqualTo(2);
    assertThat(outcome.get("duplicates").asInt()).isEqualTo(1);
    assertThat(outcome.get("rejected")).hasSize(1);
    assertThat(outcome.get("rejected").get(0).get("reason").asText()).isEqualTo("out_of_order");
    assertThat(outcome.get("rejected").get(0).get("index").asInt()).isEqualTo(3);
  }

  @Test
  void shouldAuditEveryDecisionWithItsChecks() throws Exception {
    start(fixture.config());
    List<Bar> bars = ServingFixture.live("ACME", 2, 11);
    fixture.decide(bars.get(0), "acct-1", "ord-1", 0);
    fixture.decide(bars.get(1), "acct-1", "ord-2", 100);
    fixture.server.stop(); // drains the audit log

    List<JsonNode> lines = AuditLines.read(fixture.server.audit().directory());

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("action").asText()).isEqualTo("BUY");
    assertThat(lines.get(0).get("model").asText()).isEqualTo("direction@1");
    assertThat(lines.get(0).get("risk").get("checks")).hasSize(9);
    assertThat(lines.get(0).get("inputs")).hasSize(FeatureSet.defaultSet().inputColumns().size());
    assertThat(lines.get(1).get("reason").asText()).isEqualTo("at_target");
    assertThat(lines.get(1).get("requestId").asText()).isNotEqualTo(lines.get(0).get("requestId").asText());
  }

  private static List<String> failed(JsonNode decision) {
    List<String> names = new ArrayList<>();
    decision.get("risk").get("checks").forEach(c -> {
      if (!c.get("passed").asBoolean()) {
        names.add(c.get("check").asText());
      }
    });
    return names;
  }

  private static String checkReason(JsonNode decision, String check) {
    for (JsonNode c : decision.get("risk").get("checks")) {
      if (c.get("check").asText().equals(check)) {
        return c.get("reason").asText();
      }
    }
    return null;
  }

  private double metric(String prefix) {
    return Metrics.value(fixture.get("/metrics", null).body(), prefix);
  }

  private static JsonNode json(HttpResponse<String> response) {
    return ServingFixture.json(response.body());
  }
}
