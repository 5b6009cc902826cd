package com.tradingml.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Strategies see only bars up to the current one: the API has no way to reach a later bar. */
class NoLookaheadTest {

  /**
   * Would be rich if it could peek: buys before every rise of the next close and sells before every fall. It tries
   * every door the context has (negative lags, lags past the current bar, other symbols) and records what it got.
   */
  static final class Cheater implements Strategy {
    int blocked;
    int peeks;
    final List<String> leaks = new ArrayList<>();

    @Override
    public String name() {
      return "cheater";
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
      return bar -> {
        double next = Double.NaN;
        for (int lag : new int[] {-1, -2, bar.barIndex() + 1}) {
          peeks++;
          try {
            next = bar.close(lag);
            leaks.add("close(" + lag + ") on " + bar.symbol() + "@" + bar.barIndex());
          } catch (IndexOutOfBoundsException expected) {
            blocked++;
          }
        }
        for (int other = 0; other < universe.size(); other++) {
          long seenAt = bar.latestTimeMicros(other);
          boolean visibleNow = seenAt == bar.timeMicros();
          if (seenAt > bar.timeMicros() || (visibleNow && other > bar.symbolIndex())) {
            leaks.add("symbol " + other + " at " + seenAt + " seen from " + bar.symbol() + "@" + bar.timeMicros());
          }
          if (other == bar.symbolIndex() && bar.barsSeen(other) != bar.barIndex() + 1) {
            leaks.add("own bars seen " + bar.barsSeen(other) + " at index " + bar.barIndex());
          }
        }
        if (!Double.isNaN(next)) {
          bar.targetPosition(next > bar.close() ? 100 : 0);
        }
      };
    }
  }

  @Test
  void shouldHandTheCheatingStrategyNoFutureBar() {
    BarSource data = TestData.synthetic(3, 500, "1d", 5);
    Cheater cheater = new Cheater();

    BacktestResult result = BacktestEngine.run(data, cheater, BacktestConfig.builder().build());

    assertThat(cheater.leaks).isEmpty();
    assertThat(cheater.peeks).isEqualTo(3 * 500 * 3);
    assertThat(cheater.blocked).isEqualTo(cheater.peeks);
    assertThat(result.fills()).isEmpty();
    assertThat(result.finalEquityMicros()).isEqualTo(BacktestConfig.DEFAULT_INITIAL_CASH.micros());
  }

  @Test
  void shouldRefuseHistoryLookupsBeyondTheCurrentBarWithAMessage() {
    BarSource data = BarSource.of(List.of(TestData.closes("A", 1, 2, 3)));
    List<RuntimeException> errors = new ArrayList<>();
    Strategy probe = new Scripted(1) {
      @Override
      public StrategyRun start(Universe universe) {
        return bar -> {
          if (bar.barIndex() == 1) {
            assertThat(bar.close(1)).isEqualTo(1.0);
            assertThat(bar.close(0)).isEqualTo(2.0);
            try {
              bar.close(-1);
            } catch (IndexOutOfBoundsException e) {
              errors.add(e);
            }
            try {
              bar.close(2);
            } catch (IndexOutOfBoundsException e) {
              errors.add(e);
            }
          }
        };
      }
    };

    BacktestEngine.run(data, probe, BacktestConfig.builder().build());

    assertThat(errors).extracting(Throwable::getMessage).containsExactly(
        "barsAgo must be >= 0 (no future bars), got -1", "A has 2 bars so far, asked for 2 bars ago");
  }

  /** Records everything it can observe on every bar, and trades on it so the portfolio depends on the data. */
  static final class Observer implements Strategy {
    final List<String> observations = new ArrayList<>();

    @Override
    public String name() {
      return "observer";
    }

    @Override
    public Map<String, Object> parameters() {
      return new LinkedHashMap<>();
    }

    @Override
    public int warmupBars() {
      return 2;
    }

    @Override
    public StrategyRun start(Universe universe) {
      return bar -> {
        double history = 0;
        for (int lag = 0; lag <= bar.barIndex(); lag++) {
          history = history * 31 + bar.close(lag) + bar.open(lag) * 7 + bar.volume(lag);
        }
        StringBuilder seen = new StringBuilder();
        for (int other = 0; other < universe.size(); other++) {
          seen.append(bar.latestClose(other)).append('/').append(bar.position(other)).append(' ');
        }
        observations.add(bar.timeMicros() + " " + bar.symbol() + " " + history + " " + seen + bar.cash() + " "
            + bar.equity());
        if (bar.isWarm()) {
          bar.targetPosition(bar.close() > bar.close(1) ? 10 : -10);
        }
      };
    }
  }

  @Test
  void shouldLeaveEveryDecisionUpToATimeUnchangedWhenLaterBarsChange() {
    BarSource original = TestData.synthetic(3, 300, "1d", 9);
    long cut = original.series(0).time(200);
    BarSource.Builder changed = BarSource.builder();
    for (int s = 0; s < original.symbolCount(); s++) {
      SymbolSeries series = original.series(s);
      for (int i = 0; i < series.size(); i++) {
        double factor = series.time(i) > cut ? 1.5 + 0.01 * (i % 7) : 1.0;
        changed.add(series.symbol().value(), series.time(i), series.open(i) * factor, series.high(i) * factor,
            series.low(i) * factor, series.close(i) * factor, series.volume(i));
      }
    }
    Observer first = new Observer();
    Observer second = new Observer();

    BacktestResult a = BacktestEngine.run(original, first, BacktestConfig.builder().build());
    BacktestResult b = BacktestEngine.run(changed.build(), second, BacktestConfig.builder().build());

    int upToCut = (int) first.observations.stream().filter(o -> Long.parseLong(o.split(" ")[0]) <= cut).count();
    assertThat(upToCut).isEqualTo(3 * 201);
    assertThat(second.observations.subList(0, upToCut)).isEqualTo(first.observations.subList(0, upToCut));
    assertThat(second.observations.subList(upToCut, second.observations.size()))
        .isNotEqualTo(first.observations.subList(upToCut, first.observations.size()));
    List<Fill> fillsA = a.fills().stream().filter(f -> f.timeMicros() <= cut).toList();
    List<Fill> fillsB = b.fills().stream().filter(f -> f.timeMicros() <= cut).toList();
    assertThat(fillsA).isNotEmpty().isEqualTo(fillsB);
    assertThat(a.rejections().stream().filter(r -> r.timeMicros() <= cut).toList())
        .isEqualTo(b.rejections().stream().filter(r -> r.timeMicros() <= cut).toList());
  }

  @Test
  void shouldRefuseAnOrderThroughAContextKeptPastItsBar() {
    BarSource data = BarSource.of(List.of(TestData.closes("A", 1, 2, 3)));
    BarContext[] kept = new BarContext[1];
    Strategy keeper = new Scripted(1) {
      @Override
      public StrategyRun start(Universe universe) {
        return bar -> kept[0] = bar;
      }
    };
    BacktestResult result = BacktestEngine.run(data, keeper, BacktestConfig.builder().build());

    assertThatThrownBy(() -> kept[0].order(1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("orders are placed during StrategyRun.onBar");
    assertThat(result.fills()).isEmpty();
  }
}
