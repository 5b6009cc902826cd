package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.AccountRiskState;
import com.tradingml.core.risk.InMemoryRiskState;
import com.tradingml.core.risk.OrderIntent;
import com.tradingml.core.risk.ReferencePrice;
import com.tradingml.core.risk.RiskDecision;
import com.tradingml.core.risk.RiskLimits;
import com.tradingml.core.risk.RiskState;
import com.tradingml.core.risk.RiskStateUpdate;
import com.tradingml.core.risk.ThrowingRiskStore;
import com.tradingml.core.risk.VersionedRiskState;
import com.tradingml.model.runtime.ModelPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY.md R8 over HTTP: whatever cannot be decided safely is HOLD with a reason and a metric, never an
 * order and never a 5xx. The model always says UP, so every HOLD here is the failure's doing.
 */
class FailClosedTest {

  static ModelPackage up;

  @TempDir
  Path temp;

  ServingFixture fixture;

  @BeforeAll
  static void buildModel() {
    up = TestModels.constant(FeatureSet.defaultSet(), 0.05, 0.05, 0.9, TestModels.warmup());
  }

  @BeforeEach
  void open() {
    fixture = new ServingFixture(temp);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private JsonNode decide(Bar bar) {
    return fixture.decide(bar, "acct-1", "ord-" + System.nanoTime(), 0);
  }

  private void assertHold(JsonNode decision, String reason) {
    assertThat(decision.get("action").asText()).as(decision.toString()).isEqualTo("HOLD");
    assertThat(decision.get("quantity").asLong()).isZero();
    assertThat(decision.get("reason").asText()).as(decision.toString()).isEqualTo(reason);
    double counted = Metrics.value(fixture.get("/metrics", null).body(),
        "serving_fail_closed_total{reason=\"" + reason + "\"");
    assertThat(counted).as("serving_fail_closed_total for " + reason).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void shouldHoldWithoutAModel() throws Exception {
    fixture.start(fixture.config().build());

    JsonNode decision = decide(ServingFixture.live("ACME", 1, 11).get(0));

    assertHold(decision, HoldReasons.NO_MODEL);
    assertThat(decision.get("model").isNull()).isTrue();
  }

  @Test
  void shouldHoldWithoutRiskLimits() throws Exception {
    fixture.publishAndPromote(up);
    fixture.start(fixture.config().riskLimits(null).build());

    assertHold(decide(ServingFixture.live("ACME", 1, 11).get(0)), HoldReasons.NO_RISK_LIMITS);
  }

  @Test
  void shouldHoldWhenTheRiskStateIsUnreachable() throws Exception {
    fixture.publishAndPromote(up);
    fixture.start(fixture.config().build(), new VersionedRiskState(new ThrowingRiskStore()));

    JsonNode decision = decide(ServingFixture.live("ACME", 1, 11).get(0));

    assertHold(decision, HoldReasons.RISK_STATE_UNAVAILABLE);
    assertThat(decision.get("risk").get("reason").asText()).isEqualTo("risk_state_unavailable");
  }

  @Test
  void shouldHoldWithinTheTimeoutWhenTheRiskStateHangs() throws Exception {
    fixture.publishAndPromote(up);
    RiskState hanging = new HangingRiskState(new InMemoryRiskState(), Duration.ofSeconds(3));
    fixture.start(fixture.config().build(), new TimeLimitedRiskState(hanging, Duration.ofMillis(50)));

    long started = System.nanoTime();
    JsonNode decision = decide(ServingFixture.live("ACME", 1, 11).get(0));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertHold(decision, HoldReasons.RISK_STATE_UNAVAILABLE);
    assertThat(decision.get("detail").asText()).contains("did not answer within");
    assertThat(took).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void shouldHoldOnAnUnexpectedException() throws Exception {
    fixture.publishAndPromote(up);
    RiskState rogue = new HangingRiskState(new InMemoryRiskState(), Duration.ZERO) {
      @Override
      public RiskDecision submit(OrderIntent order, Optional<ReferencePrice> reference, RiskLimits limits,
          Instant now) {
        throw new IllegalStateException("a backend bug");
      }
    };
    fixture.start(fixture.config().build(), rogue);

    JsonNode decision = decide(ServingFixture.live("ACME", 1, 11).get(0));

    assertHold(decision, HoldReasons.INTERNAL_ERROR);
    assertThat(decision.get("detail").asText()).doesNotContain("a backend bug").contains("IllegalStateException");
  }

  @Test
  void shouldHoldPastTheDeadline() throws Exception {
    fixture.publishAndPromote(up);
    fixture.start(fixture.config().deadline(Duration.ofNanos(1)).build());

    assertHold(decide(ServingFixture.live("ACME", 1, 11).get(0)), HoldReasons.DEADLINE_EXCEEDED);
  }

  @Test
  void shouldHoldOnStaleFeatures() throws Exception {
    fixture.publishAndPromote(up);
    fixture.start(fixture.config().build());
    Bar bar = ServingFixture.live("ACME", 1, 11).get(0);
    decide(bar);
    fixture.clock.set(bar.timestamp().plus(Duration.ofMinutes(6)));

    JsonNode decision = ServingFixture.json(fixture.post("/v1/decisions", ServingFixture.DECIDE_KEY,
        ServingFixture.decisionJson("ACME", "acct-1", "ord-stale", 0, null)).body());

    assertHold(decision, HoldReasons.STALE_FEATURES);
    assertThat(decision.get("detail").asText()).contains("old > max PT5M");
  }

  @Test
  void shouldHoldWhileASymbolWarmsUpAndWithoutData() throws Exception {
    fixture.publishAndPromote(up);
    fixture.start(fixture.config().build());

    JsonNode fresh = decide(ServingFixture.live("NEWCO", 1, 5).get(0));
    JsonNode unknown = ServingFixture.json(fixture.post("/v1/decisions", ServingFixture.DECIDE_KEY,
        ServingFixture.decisionJson("NOBODY", "acct-1", "ord-x", 0, null)).body());

    assertHold(fresh, HoldReasons.FEATURES_WARMING_UP);
    assertThat(fresh.get("detail").asText()).contains("has 1 of the 34 bars");
    assertHold(unknown, HoldReasons.NO_DATA);
  }

  @Test
  void shouldHoldOnARefusedBar() throws Exception {
    fixture.publishAndPromote(up);
    fixture.start(fixture.config().build());
    List<Bar> bars = ServingFixture.live("ACME", 2, 11);
    decide(bars.get(1));
    Bar conflicting = new Bar(bars.get(1).symbol(), bars.get(1).timestamp(), bars.get(1).open(),
        bars.get(1).high() + 1, bars.get(1).low(), bars.get(1).close(), 5);
    Bar future = new Bar(Symbol.of("ACME"), bars.get(1).timestamp().plus(Duration.ofHours(1)), 100, 101, 99, 100, 5);

    JsonNode old = decide(bars.get(0));
    JsonNode conflict = decide(conflicting);
    fixture.clock.set(bars.get(1).timestamp().plusSeconds(1));
    JsonNode fromTheFuture = ServingFixture.json(fixture.post("/v1/decisions", ServingFixture.DECIDE_KEY,
        ServingFixture.decisionJson("ACME", "acct-1", "ord-f", 0, future)).body());

    assertHold(old, HoldReasons.BAR_REJECTED);
    assertThat(old.get("features").get("bar").asText()).isEqualTo("out_of_order");
    assertHold(conflict, HoldReasons.BAR_REJECTED);
    assertThat(conflict.get("features").get("bar").asText()).isEqualTo("conflict");
    assertHold(fromTheFuture, HoldReasons.BAR_REJECTED);
    assertThat(fromTheFuture.get("features").get("bar").asText()).isEqualTo("future");
  }

  @Test
  void shouldHoldWhenTheAuditLogCannotBeWritten() throws Exception {
    fixture.publishAndPromote(up);
    fixture.start(fixture.config().build());
    Path audit = fixture.server.audit().directory();
    Files.delete(audit);
    Files.writeString(audit, "not a directory");
    List<Bar> bars = ServingFixture.live("ACME", 2, 11);

    decide(bars.get(0)); // reserved before the failure is known; its record is lost and counted
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (fixture.server.audit().writable() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    JsonNode decision = decide(bars.get(1));

    assertHold(decision, HoldReasons.AUDIT_UNAVAILABLE);
    assertThat(Metrics.value(fixture.get("/metrics", null).body(), "serving_audit_failures_total")).isEqualTo(1.0);
  }

  /** Delays every call by {@code delay}, then delegates. */
  static class HangingRiskState implements RiskState {
    private final RiskState delegate;
    private final Duration delay;

    HangingRiskState(RiskState delegate, Duration delay) {
      this.delegate = delegate;
      this.delay = delay;
    }

    private void hang() {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public RiskDecision submit(OrderIntent order, Optional<ReferencePrice> reference, RiskLimits limits, Instant now) {
      hang();
      return delegate.submit(order, reference, limits, now);
    }

    @Override
    public Optional<AccountRiskState> snapshot(String account) {
      return delegate.snapshot(account);
    }

    @Override
    public RiskStateUpdate mark(String account, Symbol symbol, double price, Instant asOf, RiskLimits limits) {
      hang();
      return delegate.mark(account, symbol, price, asOf, limits);
    }

    @Override
    public RiskStateUpdate engageKillSwitch(String account, String reason, Instant now) {
      return delegate.engageKillSwitch(account, reason, now);
    }

    @Override
    public RiskStateUpdate resetKillSwitch(String account, String actor, Instant now) {
      return delegate.resetKillSwitch(account, actor, now);
    }

    @Override
    public boolean killSwitchEngaged(String account) {
      return delegate.killSwitchEngaged(account);
    }
  }
}
