package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.risk.Money;
import com.tradingml.core.risk.RiskLimits;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Marking on demand decides exactly as marking every bar, over randomized scenarios: daily and minute bars, random
 * long/short trading, tight and loose loss and exposure limits, partial fills (cancels released from the risk
 * state), a scheduled kill switch, both fill timings. Every fill, trade, rejection (with its detail) and the final
 * latch must be equal.
 */
class RiskMarkingEquivalenceIT {

  private static final java.util.concurrent.atomic.AtomicInteger LATCHED = new java.util.concurrent.atomic.AtomicInteger();
  private static final java.util.concurrent.atomic.AtomicInteger FREE = new java.util.concurrent.atomic.AtomicInteger();
  private static final java.util.concurrent.atomic.AtomicInteger CANCELS = new java.util.concurrent.atomic.AtomicInteger();
  private static final java.util.concurrent.atomic.AtomicInteger EXPOSURE = new java.util.concurrent.atomic.AtomicInteger();

  @org.junit.jupiter.api.AfterAll
  static void shouldHaveCoveredEveryKindOfScenario() {
    // Not vacuous: latched and free runs, released cancels, exposure rejections all occurred.
    assertThat(LATCHED.get()).as("scenarios that latched").isGreaterThanOrEqualTo(8);
    assertThat(FREE.get()).as("scenarios that never latched").isGreaterThanOrEqualTo(5);
    assertThat(CANCELS.get()).as("scenarios with cancelled remainders").isGreaterThanOrEqualTo(5);
    assertThat(EXPOSURE.get()).as("scenarios with gross exposure rejections").isGreaterThanOrEqualTo(5);
  }

  static IntStream scenarios() {
    return IntStream.range(0, 40);
  }

  @ParameterizedTest(name = "scenario {0}")
  @MethodSource("scenarios")
  void shouldMakeTheSameDecisionsWithOnDemandMarksAsWithEveryBarMarks(int scenario) {
    SplittableRandom random = new SplittableRandom(1_000 + scenario);
    boolean daily = scenario % 2 == 0;
    int symbols = 2 + random.nextInt(5);
    BarSource data = TestData.synthetic(symbols, daily ? 900 : 1_500, daily ? "1d" : "1m", 500 + scenario);
    long size = 200 + random.nextInt(3_000);
    RiskLimits limits = BacktestConfig.permissiveLimits(BacktestConfig.DEFAULT_INITIAL_CASH).toBuilder()
        .maxDailyLoss(Money.ofUnits(Math.floor(size * (daily ? 1.0 : 0.15) * (1 + random.nextInt(8)))))
        .maxGrossExposure(Money.ofUnits(Math.floor(size * 60 * (1 + random.nextInt(symbols)))))
        .maxPosition(size - random.nextInt((int) size / 2))
        .build();
    BacktestConfig.Builder builder = BacktestConfig.builder().riskLimits(limits)
        .fill(random.nextBoolean() ? FillTiming.NEXT_OPEN : FillTiming.SIGNAL_CLOSE)
        .commission(CommissionModel.bps(random.nextInt(10)));
    if (random.nextBoolean()) {
      builder.participationCap(daily ? 0.02 : 0.05);
    }
    if (random.nextInt(4) == 0) {
      SymbolSeries first = data.series(0);
      builder.killSwitchAt(Micros.instant(first.time(first.size() * 2 / 3)));
    }
    BacktestConfig everyBar = builder.riskMarking(RiskMarking.EVERY_BAR).build();
    BacktestConfig onDemand = everyBar.toBuilder().riskMarking(RiskMarking.ON_DEMAND).build();
    Strategy strategy = new RandomTrader(scenario, daily ? 6 : 12, size);

    BacktestResult reference = BacktestEngine.run(data, strategy, everyBar);
    BacktestResult lazy = BacktestEngine.run(data, strategy, onDemand);

    assertThat(lazy.rejections()).isEqualTo(reference.rejections());
    assertThat(lazy.fills()).isEqualTo(reference.fills());
    assertThat(lazy.trades()).isEqualTo(reference.trades());
    assertThat(lazy.killSwitch()).isEqualTo(reference.killSwitch());
    assertThat(BacktestWriter.files(lazy).get("summary.json")).isNotEmpty();
    assertThat(lazy.engineStatistics().riskMarksSent()).isLessThan(reference.engineStatistics().riskMarksSent());
    assertThat(reference.fills()).isNotEmpty();
    (reference.killSwitch().engaged() ? LATCHED : FREE).incrementAndGet();
    if (reference.orders().cancelledShares() > 0) {
      CANCELS.incrementAndGet();
    }
    if (reference.rejections().stream().anyMatch(r -> r.reason().contains("gross_exposure"))) {
      EXPOSURE.incrementAndGet();
    }
    System.out.println("scenario " + scenario + ": latched " + reference.killSwitch().engaged() + ", fills "
        + reference.fills().size() + ", rejections " + reference.rejections().size() + ", cancelled shares "
        + reference.orders().cancelledShares() + ", marks " + reference.engineStatistics().riskMarksSent() + " -> "
        + lazy.engineStatistics().riskMarksSent());
  }
}
