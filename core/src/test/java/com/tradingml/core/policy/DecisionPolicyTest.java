package com.tradingml.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.OrderIntent;
import com.tradingml.core.risk.Side;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecisionPolicyTest {

  /** Threshold 0.5, edge 0.1, 100 shares a signal, at most 300, lots of 100, long-short. */
  private static final DecisionPolicy FIXED_LONG_SHORT = DecisionPolicy.builder()
      .minProbability(0.5).minEdge(0.1).fixedQuantity(100).maxPosition(300).lotSize(100)
      .positionMode(PositionMode.LONG_SHORT).build();

  private static final DecisionPolicy FIXED_LONG_ONLY = DecisionPolicy.builder()
      .minProbability(0.5).minEdge(0.1).fixedQuantity(100).maxPosition(300).lotSize(100)
      .positionMode(PositionMode.LONG_ONLY).build();

  /** Threshold 0.4, edge 0.1, max 1,000 x edge, lots of 100, long-short. */
  private static final DecisionPolicy SCALED = DecisionPolicy.builder()
      .minProbability(0.4).minEdge(0.1).scaledByEdge().maxPosition(1_000).lotSize(100)
      .positionMode(PositionMode.LONG_SHORT).build();

  @ParameterizedTest(name = "[{index}] P=({0},{1},{2}) position {3} -> {4} {5} target {6} {7}")
  @CsvSource({
      // down, flat, up, position, action, quantity, target, reason
      "0.1,  0.2,  0.7,  0,    BUY,  100, 100,  target_long",
      "0.1,  0.2,  0.7,  100,  HOLD, 0,   100,  at_target",
      "0.1,  0.2,  0.7,  300,  SELL, 200, 100,  target_long",
      "0.7,  0.2,  0.1,  100,  SELL, 200, -100, target_short",
      "0.7,  0.2,  0.1,  -100, HOLD, 0,   -100, at_target",
      "0.7,  0.2,  0.1,  0,    SELL, 100, -100, target_short",
      "0.1,  0.2,  0.7,  -100, BUY,  200, 100,  target_long",
      "0.3,  0.25, 0.45, 100,  HOLD, 0,   100,  below_threshold",
      "0.45, 0.1,  0.45, 0,    HOLD, 0,   0,    below_threshold",
      "0.42, 0.08, 0.5,  0,    HOLD, 0,   0,    below_threshold",
      "0.38, 0.1,  0.52, 0,    BUY,  100, 100,  target_long",
      "0.0,  0.5,  0.5,  0,    BUY,  100, 100,  target_long",
      "0.5,  0.5,  0.0,  0,    SELL, 100, -100, target_short",
      "0.1,  0.2,  0.7,  150,  SELL, 50,  100,  target_long",
      "0.05, 0.9,  0.05, 200,  HOLD, 0,   200,  below_threshold"})
  void shouldMatchTheGoldenDecisionsOfAFixedLongShortPolicy(double down, double flat, double up, long position,
      PolicyAction action, long quantity, long target, String reason) {
    assertThat(FIXED_LONG_SHORT.decide(down, flat, up, position))
        .isEqualTo(new PolicyDecision(action, quantity, target, reason));
  }

  @ParameterizedTest(name = "[{index}] P=({0},{1},{2}) position {3} -> {4} {5} target {6} {7}")
  @CsvSource({
      "0.7, 0.2, 0.1, 100, SELL, 100, 0,   target_flat",
      "0.7, 0.2, 0.1, 0,   HOLD, 0,   0,   at_target",
      "0.1, 0.2, 0.7, 0,   BUY,  100, 100, target_long",
      "0.7, 0.2, 0.1, -50, BUY,  50,  0,   target_flat"})
  void shouldNeverTargetAShortInLongOnlyMode(double down, double flat, double up, long position,
      PolicyAction action, long quantity, long target, String reason) {
    assertThat(FIXED_LONG_ONLY.decide(down, flat, up, position))
        .isEqualTo(new PolicyDecision(action, quantity, target, reason));
  }

  @ParameterizedTest(name = "[{index}] P=({0},{1},{2}) position {3} -> {4} {5} target {6}")
  @CsvSource({
      "0.2,  0.15, 0.65, 0,   BUY,  400,  400",
      "0.4,  0.0,  0.6,  0,   BUY,  200,  200",
      "0.4,  0.0,  0.6,  200, HOLD, 0,    200",
      "0.15, 0.1,  0.75, 0,   BUY,  600,  600",
      "0.0,  0.0,  1.0,  0,   BUY,  1000, 1000",
      "0.75, 0.1,  0.15, 600, SELL, 1200, -600",
      "0.35, 0.15, 0.5,  300, SELL, 200,  100",
      "0.6,  0.15, 0.25, 0,   SELL, 300,  -300"})
  void shouldScaleTheTargetByTheEdgeAndRoundItDownToWholeLots(double down, double flat, double up, long position,
      PolicyAction action, long quantity, long target) {
    PolicyDecision decision = SCALED.decide(down, flat, up, position);
    assertThat(decision.action()).isEqualTo(action);
    assertThat(decision.quantity()).isEqualTo(quantity);
    assertThat(decision.targetPosition()).isEqualTo(target);
  }

  @Test
  void shouldCapAFixedQuantityAtTheMaxPositionAndRoundItToWholeLots() {
    DecisionPolicy capped = DecisionPolicy.builder().fixedQuantity(500).maxPosition(300).lotSize(100).build();
    DecisionPolicy oddLots = DecisionPolicy.builder().fixedQuantity(250).maxPosition(1_000).lotSize(100).build();

    assertThat(capped.decide(0.1, 0.2, 0.7, 0).targetPosition()).isEqualTo(300);
    assertThat(oddLots.decide(0.1, 0.2, 0.7, 0).targetPosition()).isEqualTo(200);
    assertThat(capped.decide(0.1, 0.2, 0.7, 0).quantity() % 100).isZero();
  }

  @ParameterizedTest
  @CsvSource({"NaN, 0.2, 0.7", "0.1, NaN, 0.7", "0.1, 0.2, NaN", "Infinity, 0.0, 0.0", "-0.1, 0.4, 0.7",
      "0.1, 0.2, 0.6", "0.5, 0.5, 0.5", "1.5, -0.25, -0.25"})
  void shouldHoldOnInvalidProbabilities(double down, double flat, double up) {
    assertThat(FIXED_LONG_SHORT.decide(down, flat, up, 100))
        .isEqualTo(new PolicyDecision(PolicyAction.HOLD, 0, 100, PolicyDecision.INVALID_PROBABILITIES));
  }

  @Test
  void shouldHoldOnAProbabilityVectorOfTheWrongShape() {
    assertThat(FIXED_LONG_SHORT.decide((double[]) null, 0).reason()).isEqualTo(PolicyDecision.INVALID_PROBABILITIES);
    assertThat(FIXED_LONG_SHORT.decide(new double[] {0.3, 0.7}, 0).reason())
        .isEqualTo(PolicyDecision.INVALID_PROBABILITIES);
    assertThat(FIXED_LONG_SHORT.decide(new double[] {0.1, 0.2, 0.7}, 0).action()).isEqualTo(PolicyAction.BUY);
  }

  @Test
  void shouldAcceptProbabilitiesThatSumToOneWithinTheTolerance() {
    assertThat(FIXED_LONG_SHORT.decide(0.1, 0.2, 0.7000005, 0).action()).isEqualTo(PolicyAction.BUY);
    assertThat(FIXED_LONG_SHORT.decide(0.1, 0.2, 0.700002, 0).reason()).isEqualTo(PolicyDecision.INVALID_PROBABILITIES);
  }

  @Test
  void shouldHoldWhenTheOrderWouldOverflow() {
    assertThat(FIXED_LONG_SHORT.decide(0.1, 0.2, 0.7, Long.MIN_VALUE).reason())
        .isEqualTo(PolicyDecision.INVALID_POSITION);
  }

  @Test
  void shouldBeDeterministic() {
    assertThat(SCALED.decide(0.2, 0.15, 0.65, 123)).isEqualTo(SCALED.decide(0.2, 0.15, 0.65, 123));
  }

  @Test
  void shouldTurnAnOrderDecisionIntoAnOrderIntentAndHoldIntoNothing() {
    Instant now = Instant.parse("2024-03-04T14:30:00Z");
    PolicyDecision sell = FIXED_LONG_SHORT.decide(0.7, 0.2, 0.1, 100);

    OrderIntent intent = sell.toOrderIntent("c1", "acct", Symbol.of("IBM"), 101.5, now).orElseThrow();

    assertThat(intent).isEqualTo(new OrderIntent("c1", "acct", Symbol.of("IBM"), Side.SELL, 200, 101.5, now));
    assertThat(FIXED_LONG_SHORT.decide(0.3, 0.4, 0.3, 0).toOrderIntent("c2", "acct", Symbol.of("IBM"), 1, now))
        .isEmpty();
  }

  @Test
  void shouldRefuseAnInvalidConfiguration() {
    assertThatThrownBy(() -> DecisionPolicy.builder().fixedQuantity(50).maxPosition(300).lotSize(100).build())
        .hasMessage("fixedQuantity 50 must be at least one lot of 100");
    assertThatThrownBy(() -> DecisionPolicy.builder().scaledByEdge().maxPosition(50).lotSize(100).build())
        .hasMessage("maxPosition 50 must hold at least one lot of 100");
    assertThatThrownBy(() -> DecisionPolicy.builder().minProbability(Double.NaN).fixedQuantity(1).maxPosition(1)
        .build())
        .hasMessage("minProbability must be in [0, 1]: NaN");
    assertThatThrownBy(() -> DecisionPolicy.builder().fixedQuantity(1).build())
        .hasMessage("decision policy needs maxPosition");
    assertThatThrownBy(() -> new PolicyDecision(PolicyAction.BUY, 0, 0, "x")).hasMessage("BUY with quantity 0 (x)");
  }
}
