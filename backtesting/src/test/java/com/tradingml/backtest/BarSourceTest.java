package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bars reach strategies in global time order, ties in symbol order, whatever the input's interleaving. */
class BarSourceTest {

  /** Records the replay order. */
  private static class Recorder implements Strategy {
    final List<String> order = new ArrayList<>();

    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public Map<String, Object> parameters() {
      return new LinkedHashMap<>();
    }

    @Override
    public int warmupBars() {
      return 1;
    }

    @Override
    public StrategyRun start(Universe universe) {
      return bar -> order.add(bar.time().toString().substring(11, 16) + " " + bar.symbol());
    }
  }

  @Test
  void shouldReplayUnalignedSymbolsInTimeOrderWithTiesInSymbolOrder() {
    List<Bar> bars = List.of(
        Bar.of("ZZ", "2024-01-02T10:00:00Z", 1, 1, 1, 1, 1),
        Bar.of("ZZ", "2024-01-02T10:02:00Z", 1, 1, 1, 1, 1),
        Bar.of("AA", "2024-01-02T10:01:00Z", 1, 1, 1, 1, 1),
        Bar.of("AA", "2024-01-02T10:02:00Z", 1, 1, 1, 1, 1),
        Bar.of("MM", "2024-01-02T10:00:00Z", 1, 1, 1, 1, 1),
        Bar.of("MM", "2024-01-02T10:03:00Z", 1, 1, 1, 1, 1));
    Recorder recorder = new Recorder();

    BacktestResult result = BacktestEngine.run(BarSource.fromBars(bars), recorder, BacktestConfig.builder().build());

    assertThat(recorder.order).containsExactly("10:00 MM", "10:00 ZZ", "10:01 AA", "10:02 AA", "10:02 ZZ",
        "10:03 MM");
    assertThat(result.symbols()).containsExactly(Symbol.of("AA"), Symbol.of("MM"), Symbol.of("ZZ"));
    assertThat(result.equityCurve().size()).isEqualTo(4);
  }

  @Test
  void shouldReplayAlignedSymbolsTimeMajor() {
    BarSource data = BarSource.of(List.of(TestData.closes("B", 1, 2), TestData.closes("A", 3, 4)));
    Recorder recorder = new Recorder();

    BacktestEngine.run(data, recorder, BacktestConfig.builder().build());

    assertThat(recorder.order).containsExactly("00:00 A", "00:00 B", "00:00 A", "00:00 B");
    assertThat(ReplaySchedule.of(data).aligned()).isTrue();
  }

  @Test
  void shouldHandEachBarItsOwnCloseInMicroUnitsOnAlignedAndUnalignedCalendars() {
    // The replay reads closes from the schedule's replay-order copy: every bar must still see its own close.
    java.util.Random random = new java.util.Random(3);
    for (boolean aligned : new boolean[] {true, false}) {
      List<Bar> bars = new ArrayList<>();
      for (int s = 0; s < 7; s++) {
        long minute = 0;
        for (int i = 0; i < 300; i++) {
          minute += aligned ? 1 : 1 + random.nextInt(3);
          double close = 10 + random.nextInt(100_000) / 1000.0;
          bars.add(Bar.of("S" + s, java.time.Instant.parse("2024-01-02T10:00:00Z").plusSeconds(60 * minute).toString(),
              close, close, close, close, 1));
        }
      }
      BarSource source = BarSource.fromBars(bars);
      List<String> mismatches = new ArrayList<>();
      int[] seen = new int[1];
      Strategy checker = new Recorder() {
        @Override
        public StrategyRun start(Universe universe) {
          return bar -> {
            seen[0]++;
            if (bar.closeMicros() != Micros.ofPrice(bar.close())) {
              mismatches.add(bar.symbol() + " " + bar.time() + ": " + bar.closeMicros() + " for " + bar.close());
            }
          };
        }
      };

      BacktestEngine.run(source, checker, BacktestConfig.builder().build());

      assertThat(ReplaySchedule.of(source).aligned()).isEqualTo(aligned);
      assertThat(seen[0]).isEqualTo(7 * 300);
      assertThat(mismatches).as("aligned %s", aligned).isEmpty();
    }
  }

  @Test
  void shouldRefuseBarsOutOfOrderWithinASymbol() {
    BarSource.Builder builder = BarSource.builder().add(Bar.of("A", "2024-01-02T10:01:00Z", 1, 1, 1, 1, 1));

    assertThatThrownBy(() -> builder.add(Bar.of("A", "2024-01-02T10:00:00Z", 1, 1, 1, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not after the previous bar");
  }

  @Test
  void shouldSliceASourceByTime() {
    BarSource data = BarSource.of(List.of(TestData.closes("A", 1, 2, 3, 4), TestData.closes("B", 5, 6)));

    BarSource slice = data.between(TestData.micros("2024-01-02T00:00:00Z"), TestData.micros("2024-01-04T00:00:00Z"));

    assertThat(slice.symbols()).containsExactly(Symbol.of("A"), Symbol.of("B"));
    assertThat(slice.series(0).size()).isEqualTo(2);
    assertThat(slice.series(0).close(0)).isEqualTo(2.0);
    assertThat(slice.series(1).size()).isEqualTo(1);
    assertThat(slice.barCount()).isEqualTo(3);
  }
}
