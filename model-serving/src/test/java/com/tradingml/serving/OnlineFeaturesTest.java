package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.FeatureState;
import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How online feature state continues across a model swap ({@link OnlineFeatures#prepareBook}). */
class OnlineFeaturesTest {

  static final Symbol ACME = Symbol.of("ACME");
  final AtomicLong gaps = new AtomicLong();
  final OnlineFeatures features = new OnlineFeatures(4_096, 100, Duration.ofSeconds(5), gaps::addAndGet);
  final long now = DecisionEngine.micros(TestModels.WARMUP_END.plus(Duration.ofDays(1)));

  static LiveBar live(Bar bar) {
    return new LiveBar(bar.symbol(), bar.epochMicros(), bar.open(), bar.high(), bar.low(), bar.close(), bar.volume());
  }

  static double[] inputs(FeatureSet set, List<Bar> bars) {
    FeatureState state = set.newState();
    bars.forEach(state::update);
    double[] out = new double[set.inputColumns().size()];
    state.inputs(out);
    return out;
  }

  double[] observe(FeatureBook book) {
    double[] out = new double[book.featureSet().inputColumns().size()];
    features.observe(ACME, null, book, now, out);
    return out;
  }

  @Test
  void shouldContinueTheRunningStateForTheSameFeatureSetBitForBit() {
    FeatureSet set = FeatureSet.defaultSet();
    List<Bar> warmup1 = TestModels.series("ACME", TestModels.WARMUP_END, 40, 1);
    List<Bar> warmup2 = TestModels.series("ACME", TestModels.WARMUP_END, 40, 99); // another package's window
    List<Bar> live = ServingFixture.live("ACME", 30, 11);
    FeatureBook first = features.prepareBook(set, Map.of(ACME, warmup1), null);
    live.forEach(bar -> features.offer(live(bar), first, now));

    FeatureBook second = features.prepareBook(set, Map.of(ACME, warmup2), first);

    List<Bar> seen = new ArrayList<>(warmup1);
    seen.addAll(live);
    assertThat(observe(second)).containsExactly(inputs(set, seen));
    assertThat(observe(second)).containsExactly(observe(first));
  }

  @Test
  void shouldWarmAnotherFeatureSetFromItsPackageAndReplayTheLiveBars() {
    FeatureSet utc = FeatureSet.named(FeatureSet.CORE_V1_UTC);
    List<Bar> warmup1 = TestModels.series("ACME", TestModels.WARMUP_END, 40, 1);
    List<Bar> warmup2 = TestModels.series("ACME", TestModels.WARMUP_END.plus(TestModels.BAR.multipliedBy(5)), 40, 7);
    List<Bar> live = ServingFixture.live("ACME", 30, 11);
    FeatureBook first = features.prepareBook(FeatureSet.defaultSet(), Map.of(ACME, warmup1), null);
    live.forEach(bar -> features.offer(live(bar), first, now));

    FeatureBook second = features.prepareBook(utc, Map.of(ACME, warmup2), first);

    List<Bar> expected = new ArrayList<>(warmup2); // ends 5 bars into the live stream
    live.stream().filter(b -> b.timestamp().isAfter(warmup2.get(warmup2.size() - 1).timestamp())).forEach(expected::add);
    assertThat(expected).hasSize(40 + 25);
    assertThat(observe(second)).containsExactly(inputs(utc, expected));
  }

  @Test
  void shouldReplayBarsThatArriveWhileTheNewModelIsPrepared() {
    FeatureSet set = FeatureSet.defaultSet();
    List<Bar> warmup = TestModels.series("ACME", TestModels.WARMUP_END, 40, 1);
    List<Bar> live = ServingFixture.live("ACME", 20, 11);
    FeatureBook first = features.prepareBook(set, Map.of(ACME, warmup), null);
    live.subList(0, 10).forEach(bar -> features.offer(live(bar), first, now));
    FeatureBook second = features.prepareBook(set, Map.of(ACME, warmup), first);

    // Not yet swapped: these reach the old book and the history only.
    live.subList(10, 20).forEach(bar -> features.offer(live(bar), first, now));

    List<Bar> all = new ArrayList<>(warmup);
    all.addAll(live);
    assertThat(observe(second)).as("caught up on first use").containsExactly(inputs(set, all));
    assertThat(gaps.get()).isZero();
  }

  @Test
  void shouldStartASymbolSeenOnlyLiveFromItsHistory() {
    FeatureSet set = FeatureSet.defaultSet();
    List<Bar> live = ServingFixture.live("ACME", 50, 11);
    live.forEach(bar -> features.offerWithoutModel(live(bar), now));

    FeatureBook book = features.prepareBook(set, Map.of(), null);

    assertThat(observe(book)).containsExactly(inputs(set, live));
  }

  @Test
  void shouldTellRepeatsConflictsStaleAndFutureBarsApart() {
    FeatureBook book = features.prepareBook(FeatureSet.defaultSet(), Map.of(), null);
    List<Bar> live = ServingFixture.live("ACME", 2, 11);
    Bar second = live.get(1);
    long at = DecisionEngine.micros(second.timestamp());

    assertThat(features.offer(live(second), book, at)).isEqualTo(OnlineFeatures.BarStatus.ACCEPTED);
    assertThat(features.offer(live(second), book, at)).isEqualTo(OnlineFeatures.BarStatus.DUPLICATE);
    assertThat(features.offer(live(live.get(0)), book, at)).isEqualTo(OnlineFeatures.BarStatus.OUT_OF_ORDER);
    assertThat(features.offer(new LiveBar(ACME, at, 1, 2, 1, 1, 5), book, at)).isEqualTo(OnlineFeatures.BarStatus.CONFLICT);
    assertThat(features.offer(new LiveBar(ACME, at + 60_000_000L, 1, 2, 1, 1, 5), book, at))
        .isEqualTo(OnlineFeatures.BarStatus.FUTURE);
  }

  @Test
  void shouldRefuseSymbolsBeyondTheLimit() {
    OnlineFeatures small = new OnlineFeatures(16, 2, Duration.ofSeconds(5), n -> { });
    long at = DecisionEngine.micros(TestModels.WARMUP_END);
    for (String s : List.of("A", "B")) {
      assertThat(small.offerWithoutModel(new LiveBar(Symbol.of(s), at, 1, 1, 1, 1, 1), at))
          .isEqualTo(OnlineFeatures.BarStatus.ACCEPTED);
    }
    assertThat(small.offerWithoutModel(new LiveBar(Symbol.of("C"), at, 1, 1, 1, 1, 1), at))
        .isEqualTo(OnlineFeatures.BarStatus.TOO_MANY_SYMBOLS);
  }

  @Test
  void shouldKeepOnlyTheNewestBarsAndFlagAPossibleGap() {
    OnlineFeatures small = new OnlineFeatures(8, 10, Duration.ofSeconds(5), gaps::addAndGet);
    FeatureSet set = FeatureSet.defaultSet();
    List<Bar> warmup = TestModels.series("ACME", TestModels.WARMUP_END, 40, 1);
    FeatureBook first = small.prepareBook(set, Map.of(ACME, warmup), null);
    List<Bar> live = ServingFixture.live("ACME", 20, 11);
    live.forEach(bar -> small.offerWithoutModel(live(bar), now)); // 20 bars into a ring of 8, none to the book

    double[] out = new double[set.inputColumns().size()];
    OnlineFeatures.View view = small.observe(ACME, null, first, now, out);

    assertThat(view.barsSeen()).isEqualTo(40 + 8);
    assertThat(gaps.get()).isEqualTo(1);
  }
}
