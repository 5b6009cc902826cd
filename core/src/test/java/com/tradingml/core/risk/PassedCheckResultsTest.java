package com.tradingml.core.risk;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static com.tradingml.core.risk.RiskFixtures.BBB;
import static com.tradingml.core.risk.RiskFixtures.CCC;
import static com.tradingml.core.risk.RiskFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.market.Symbol;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An accepted order's results are built when first read ({@link PassedCheckResults}), from the checks' inputs
 * detached from the account. They must be the results the checks give at once on the account as it was, however
 * the account changed since: random histories of a {@link SingleWriterRiskAccount} (the mutable state a backtest runs)
 * compare every decision, read only at the end of its history, with the results evaluated eagerly on an immutable
 * snapshot taken just before the submit.
 */
class PassedCheckResultsTest {

  private static final Symbol DDD = Symbol.of("DDD");
  private static final Symbol[] SYMBOLS = {AAA, BBB, CCC, DDD};

  private record Expected(String where, RiskDecision decision, List<CheckResult> eager) {}

  @Test
  void shouldGiveTheEagerResultsOfTheAccountAsItWasLongAfterTheSubmit() {
    Random random = new Random(0xC4EC5L);
    int accepted = 0;
    int rejected = 0;
    for (int history = 0; history < 80; history++) {
      int[] counts = replay(random, "acct-" + history, 500);
      accepted += counts[0];
      rejected += counts[1];
    }
    assertThat(accepted).as("accepted orders, results built late").isGreaterThan(3_000);
    assertThat(rejected).as("rejected orders, results built at once").isGreaterThan(3_000);
  }

  private static int[] replay(Random random, String account, int steps) {
    SingleWriterRiskAccount single = new SingleWriterRiskAccount(account);
    RiskLimits limits = RiskStateContract.randomLimits(random);
    double[] prices = new double[SYMBOLS.length];
    for (int s = 0; s < prices.length; s++) {
      prices[s] = 20 + 280 * random.nextDouble();
    }
    Instant now = T0.plusSeconds(random.nextInt(86_400));
    List<Expected> expected = new ArrayList<>();
    int[] counts = new int[2];
    for (int step = 0; step < steps; step++) {
      now = now.plusMillis(1 + random.nextInt(3_000));
      if (random.nextInt(60) == 0) {
        now = now.plus(Duration.ofHours(4 + random.nextInt(30)));
      }
      for (int s = 0; s < prices.length; s++) {
        prices[s] *= Math.exp(0.004 * random.nextGaussian());
      }
      int s = random.nextInt(SYMBOLS.length);
      double event = random.nextDouble();
      if (event < 0.25) {
        single.mark(SYMBOLS[s], prices[s], now.minusMillis(random.nextInt(4_000)), limits);
      } else if (event < 0.27) {
        single.engageKillSwitch("operator " + step, now);
      } else if (event < 0.30) {
        single.resetKillSwitch("desk", now);
      } else {
        long quantity = 1 + random.nextInt((int) (limits.maxOrderQuantity() * 13 / 10));
        double deviation = (2 * random.nextDouble() - 1) * limits.priceCollarBps() * 1.4 / 10_000;
        // Fresh ids: a reused one is answered from the remembered decision, before any check runs.
        OrderIntent order = new OrderIntent("o-" + step, account, SYMBOLS[s], random.nextBoolean() ? Side.BUY : Side.SELL,
            quantity, Math.round(prices[s] * (1 + deviation) * 100) / 100.0, now);
        Optional<ReferencePrice> reference = random.nextInt(50) == 0 ? Optional.empty()
            : Optional.of(ReferencePrice.of(prices[s], now.minusMillis(random.nextInt(
                (int) limits.referenceMaxAge().toMillis() + 2_000))));
        AccountRiskState before = single.snapshot();
        List<CheckResult> eager = PreTradeRiskChecks.results(
            PreTradeRiskChecks.Inputs.of(order, before, reference, limits, now));
        RiskDecision decision = single.submit(order, reference, limits, now);
        if (!decision.replay()) {
          assertThat(PassedCheckResults.known(decision.checks())).as(account + " step " + step)
              .isEqualTo(decision.accepted());
          counts[decision.accepted() ? 0 : 1]++;
          expected.add(new Expected(account + " step " + step + " " + order, decision, eager));
        }
      }
    }
    // Read only now, after the rest of the history changed the account.
    for (Expected e : expected) {
      List<CheckResult> late = e.decision.checks();
      assertThat(late).as(e.where).isEqualTo(e.eager);
      for (int i = 0; i < late.size(); i++) {
        assertThat(late.get(i).toString()).as(e.where).isEqualTo(e.eager.get(i).toString());
      }
      assertThat(e.decision.failedChecks()).as(e.where).isEqualTo(e.eager.stream().filter(r -> !r.passed()).toList());
    }
    return counts;
  }

  @Test
  void shouldBeAnImmutableListOfNinePasses() {
    SingleWriterRiskAccount single = new SingleWriterRiskAccount("acct");
    RiskLimits limits = RiskFixtures.limits();
    Instant now = T0.plusSeconds(60);
    RiskDecision decision = single.submit(new OrderIntent("o-1", "acct", AAA, Side.BUY, 10, 100.0, now),
        Optional.of(ReferencePrice.of(100.0, now)), limits, now);

    assertThat(decision.accepted()).isTrue();
    List<CheckResult> checks = decision.checks();
    assertThat(PassedCheckResults.known(checks)).isTrue();
    assertThat(checks).hasSize(RiskCheck.PRE_TRADE.size()).allMatch(CheckResult::passed);
    assertThat(checks.stream().map(CheckResult::check).toList()).isEqualTo(RiskCheck.PRE_TRADE);
    assertThat(checks.get(0).reason()).isEqualTo("quantity 10 <= max " + limits.maxOrderQuantity());
    assertThat(decision.failedChecks()).isEmpty();
    assertThat(decision.failed(RiskCheck.KILL_SWITCH)).isFalse();
    assertThatThrownBy(() -> checks.add(checks.get(0))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> checks.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(decision).isEqualTo(new RiskDecision("o-1", true, RiskDecision.ACCEPTED, List.copyOf(checks), false));
  }
}
