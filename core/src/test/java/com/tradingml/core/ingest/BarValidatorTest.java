package com.tradingml.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradingml.core.market.RejectReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BarValidatorTest {

  private static final double UNKNOWN = Double.NaN;
  private static final long MINUTE = 60_000_000L;
  private static final long T0 = 1_704_205_800_000_000L; // 2024-01-02T14:30:00Z

  /** Stored bars of a table, with the {@link PriorBars} contract checked on every call. */
  static final class InMemoryPriorBars implements PriorBars {
    private final Map<String, NavigableMap<Long, Double>> closes = new HashMap<>();
    final List<String> containsCalls = new ArrayList<>();

    InMemoryPriorBars store(String symbol, long epochMicros, double close) {
      closes.computeIfAbsent(symbol, s -> new TreeMap<>()).put(epochMicros, close);
      return this;
    }

    @Override
    public long latestTimestamp(String symbol) {
      NavigableMap<Long, Double> bars = closes.get(symbol);
      return bars == null ? Long.MIN_VALUE : bars.lastKey();
    }

    @Override
    public double latestClose(String symbol) {
      NavigableMap<Long, Double> bars = closes.get(symbol);
      return bars == null ? Double.NaN : bars.lastEntry().getValue();
    }

    @Override
    public boolean contains(String symbol, long epochMicros) {
      assertThat(epochMicros).as("contains is only asked at or before the latest stored bar")
          .isLessThanOrEqualTo(latestTimestamp(symbol));
      containsCalls.add(symbol + "@" + epochMicros);
      NavigableMap<Long, Double> bars = closes.get(symbol);
      return bars != null && bars.containsKey(epochMicros);
    }
  }

  private BarValidator validator = new BarValidator(ValidationLimits.DEFAULT, PriorBars.NONE);

  /** Offers a bar around {@code close} (low 1% below, high 1% above) with a known volume. */
  private RejectReason offer(String symbol, long epochMicros, double close) {
    return offer(symbol, epochMicros, close, close * 1.01, close * 0.99, close, 100, true);
  }

  private RejectReason offer(String symbol, long epochMicros, double open, double high, double low, double close,
      double volume, boolean volumePresent) {
    boolean accepted = validator.offer(symbol, epochMicros, open, high, low, close, volume, volumePresent);
    assertThat(accepted).as("offer returns true exactly when there is no reason")
        .isEqualTo(validator.lastReason() == null);
    if (!accepted) {
      assertThat(validator.lastDetail()).isNotBlank();
    } else {
      assertThat(validator.lastDetail()).isNull();
    }
    return validator.lastReason();
  }

  @Nested
  class RowRules {

    @ParameterizedTest(name = "{0},{1},{2},{3} volume {4} -> {5}")
    @CsvSource(nullValues = "KEEP", value = {
        "100, 101, 99, 100, 10, KEEP",
        "100, 100, 100, 100, 10, KEEP",
        "NaN, 101, 99, 100, 10, NON_FINITE_PRICE",
        "100, Infinity, 99, 100, 10, NON_FINITE_PRICE",
        "100, 101, -Infinity, 100, 10, NON_FINITE_PRICE",
        "100, 101, 99, NaN, 10, NON_FINITE_PRICE",
        "NaN, 99, 101, -1, -1, NON_FINITE_PRICE",
        "0, 101, 99, 100, 10, NON_POSITIVE_PRICE",
        "100, 101, -0.0, 100, 10, NON_POSITIVE_PRICE",
        "100, -1, 99, 100, 10, NON_POSITIVE_PRICE",
        "100, 99, 101, -100, 10, NON_POSITIVE_PRICE",
        "100, 99, 101, 100, 10, HIGH_LT_LOW",
        "100, 99, 101, 100, 0, HIGH_LT_LOW",
        "102, 101, 99, 100, 10, OPEN_OUTSIDE_RANGE",
        "98, 101, 99, 100, 10, OPEN_OUTSIDE_RANGE",
        "102, 101, 99, 102, 10, OPEN_OUTSIDE_RANGE",
        "100, 101, 99, 101.5, 10, CLOSE_OUTSIDE_RANGE",
        "100, 101, 99, 98.5, 10, CLOSE_OUTSIDE_RANGE",
        "2e9, 2e9, 2e9, 2e9, 10, PRICE_OUT_OF_RANGE",
        "1e9, 1e9, 1e9, 1e9, 10, PRICE_OUT_OF_RANGE",
        "1e-9, 1e-9, 1e-9, 1e-9, 10, PRICE_OUT_OF_RANGE",
        "1e-8, 1e-8, 1e-8, 1e-8, 10, KEEP",
        "2e9, 2e9, 2e9, 2e9, NaN, PRICE_OUT_OF_RANGE",
        "100, 101, 99, 100, NaN, NON_FINITE_VOLUME",
        "100, 101, 99, 100, Infinity, NON_FINITE_VOLUME",
        "100, 101, 99, 100, 0, NON_POSITIVE_VOLUME",
        "100, 101, 99, 100, -0.0, NON_POSITIVE_VOLUME",
        "100, 101, 99, 100, -5, NON_POSITIVE_VOLUME"})
    void shouldReportTheFirstRowRuleABarBreaks(double open, double high, double low, double close, double volume,
        RejectReason expected) {
      assertThat(offer("IBM", T0, open, high, low, close, volume, true)).isEqualTo(expected);
    }

    @Test
    void shouldQuarantineHighBelowLow() {
      assertThat(offer("IBM", T0, 10, 9, 11, 10, 100, true)).isEqualTo(RejectReason.HIGH_LT_LOW);
      assertThat(validator.lastDetail()).contains("9.0").contains("11.0");
    }

    @Test
    void shouldKeepABarWithUnknownVolume() {
      assertThat(offer("IBM", T0, 10, 11, 9, 10, UNKNOWN, false)).isNull();
    }

    @Test
    void shouldNotLetARejectedRowChangeTheSymbolsState() {
      assertThat(offer("IBM", T0, 10, 9, 11, 10, 100, true)).isEqualTo(RejectReason.HIGH_LT_LOW);
      assertThat(offer("IBM", T0, 10)).isNull();
    }
  }

  @Nested
  class OrderAndDuplicates {

    @Test
    void shouldRejectARepeatedTimestampAndKeepTheFirst() {
      assertThat(offer("IBM", T0, 10)).isNull();
      assertThat(offer("IBM", T0, 11)).isEqualTo(RejectReason.DUPLICATE_TIMESTAMP);
      assertThat(offer("IBM", T0 + MINUTE, 10.2)).as("the reference is still the first bar's close").isNull();
    }

    @Test
    void shouldRejectARowOlderThanTheLastAcceptedOne() {
      assertThat(offer("IBM", T0 + MINUTE, 10)).isNull();
      assertThat(offer("IBM", T0 + MINUTE - 1, 10)).isEqualTo(RejectReason.OUT_OF_ORDER);
      assertThat(offer("IBM", T0 + 2 * MINUTE, 10)).isNull();
    }

    @Test
    void shouldReportARepeatOfAnOlderAcceptedRowAsOutOfOrder() {
      // Both rules apply; the validator keeps one timestamp per symbol (memory does not grow with rows),
      // so it can only tell that the row is older than the last accepted one.
      assertThat(offer("IBM", T0, 10)).isNull();
      assertThat(offer("IBM", T0 + MINUTE, 10)).isNull();
      assertThat(offer("IBM", T0, 10)).isEqualTo(RejectReason.OUT_OF_ORDER);
    }

    @Test
    void shouldKeepOrderPerSymbol() {
      assertThat(offer("AAA", T0 + 5 * MINUTE, 10)).isNull();
      assertThat(offer("BBB", T0, 20)).as("older than AAA's row, but BBB has no history").isNull();
      assertThat(offer("AAA", T0 + 6 * MINUTE, 10)).isNull();
      assertThat(offer("BBB", T0 + MINUTE, 20)).isNull();
      assertThat(offer("BBB", T0 + MINUTE, 20)).isEqualTo(RejectReason.DUPLICATE_TIMESTAMP);
      assertThat(offer("AAA", T0 + 6 * MINUTE, 10)).isEqualTo(RejectReason.DUPLICATE_TIMESTAMP);
    }

    @Test
    void shouldTreatSymbolsCaseSensitively() {
      assertThat(offer("ibm", T0, 10)).isNull();
      assertThat(offer("IBM", T0, 1_000)).isNull();
    }

    @Test
    void shouldAcceptTimestampsAtTheEdgesOfTheRange() {
      assertThat(offer("IBM", -5_364_662_400_000_000L, 10)).as("1800-01-01").isNull();
      assertThat(offer("IBM", 7_258_118_399_999_999L, 10)).as("2199-12-31T23:59:59.999999").isNull();
    }
  }

  @Nested
  class Jumps {

    @Test
    void shouldKeepAFiftyPercentCrashAndADoubling() {
      assertThat(offer("IBM", T0, 100)).isNull();
      assertThat(offer("IBM", T0 + MINUTE, 100, 100, 50, 50, 10, true)).isNull();
      assertThat(offer("IBM", T0 + 2 * MINUTE, 50, 100, 50, 100, 10, true)).isNull();
    }

    @Test
    void shouldRejectAHundredfoldJumpUpOrDown() {
      assertThat(offer("IBM", T0, 100)).isNull();
      assertThat(offer("IBM", T0 + MINUTE, 10_000)).isEqualTo(RejectReason.PRICE_OUT_OF_RANGE);
      assertThat(offer("IBM", T0 + 2 * MINUTE, 1)).isEqualTo(RejectReason.PRICE_OUT_OF_RANGE);
      assertThat(validator.lastDetail()).contains("previous close 100.0");
    }

    @Test
    void shouldAllowExactlyTheJumpFactorButNotMore() {
      assertThat(offer("IBM", T0, 100)).isNull();
      assertThat(offer("IBM", T0 + MINUTE, 100, 1_000, 100, 1_000, 1, true)).isNull();
      assertThat(offer("IBM", T0 + 2 * MINUTE, 1_000, 1_000, 99.99, 100, 1, true))
          .isEqualTo(RejectReason.PRICE_OUT_OF_RANGE);
      assertThat(offer("IBM", T0 + 3 * MINUTE, 1_000, 1_000, 100, 100, 1, true)).isNull();
    }

    @Test
    void shouldMeasureTheJumpFromTheLastAcceptedCloseNotFromARejectedRow() {
      assertThat(offer("IBM", T0, 100)).isNull();
      assertThat(offer("IBM", T0 + MINUTE, 10_000)).isEqualTo(RejectReason.PRICE_OUT_OF_RANGE);
      assertThat(offer("IBM", T0 + 2 * MINUTE, 10_000)).as("still 100x the last accepted close")
          .isEqualTo(RejectReason.PRICE_OUT_OF_RANGE);
      assertThat(offer("IBM", T0 + 3 * MINUTE, 101)).isNull();
    }

    @Test
    void shouldCheckDuplicatesAndOrderBeforeJumps() {
      assertThat(offer("IBM", T0, 100)).isNull();
      assertThat(offer("IBM", T0, 10_000)).isEqualTo(RejectReason.DUPLICATE_TIMESTAMP);
      assertThat(offer("IBM", T0 - 1, 10_000)).isEqualTo(RejectReason.OUT_OF_ORDER);
    }

    @Test
    void shouldUseTheConfiguredJumpFactor() {
      validator = new BarValidator(new ValidationLimits(2.0), PriorBars.NONE);
      assertThat(offer("IBM", T0, 100)).isNull();
      assertThat(offer("IBM", T0 + MINUTE, 100, 201, 100, 200, 1, true)).isEqualTo(RejectReason.PRICE_OUT_OF_RANGE);
      assertThat(offer("IBM", T0 + MINUTE, 100, 200, 100, 200, 1, true)).isNull();
    }

    @Test
    void shouldNotCheckTheFirstBarOfASymbolWithoutHistory() {
      assertThat(offer("IBM", T0, 1e8)).isNull();
      assertThat(offer("MSFT", T0, 1e-7)).isNull();
    }

    @Test
    void shouldRejectInvalidLimits() {
      assertThatThrownBy(() -> new ValidationLimits(1.0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new ValidationLimits(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new ValidationLimits(Double.POSITIVE_INFINITY))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
    }
  }

  @Nested
  class WithInMemoryPriorBars {

    private final InMemoryPriorBars stored = new InMemoryPriorBars()
        .store("IBM", T0, 100)
        .store("IBM", T0 + 2 * MINUTE, 102)
        .store("IBM", T0 + 4 * MINUTE, 104);

    private void useStored() {
      validator = new BarValidator(ValidationLimits.DEFAULT, stored);
    }

    @Test
    void shouldRejectARowThatRepeatsAStoredBar() {
      useStored();
      assertThat(offer("IBM", T0 + 2 * MINUTE, 102)).isEqualTo(RejectReason.DUPLICATE_TIMESTAMP);
      assertThat(validator.lastDetail()).contains("already stored");
      assertThat(offer("IBM", T0 + 4 * MINUTE, 104)).isEqualTo(RejectReason.DUPLICATE_TIMESTAMP);
    }

    @Test
    void shouldKeepABackfillOlderThanTheInMemoryPriorBarsThatIsNotStored() {
      useStored();
      assertThat(offer("IBM", T0 - MINUTE, 99)).isNull();
      assertThat(offer("IBM", T0 + MINUTE, 101)).as("between two stored bars").isNull();
      assertThat(offer("IBM", T0 + 3 * MINUTE, 103)).isNull();
    }

    @Test
    void shouldRejectAStoredBarEvenWhenItIsAlsoOlderThanTheLastAcceptedRow() {
      useStored();
      assertThat(offer("IBM", T0 + 3 * MINUTE, 103)).isNull();
      assertThat(offer("IBM", T0 + 2 * MINUTE, 102)).as("duplicate comes before order in RejectReason")
          .isEqualTo(RejectReason.DUPLICATE_TIMESTAMP);
    }

    @Test
    void shouldMeasureTheFirstNewBarsJumpFromTheLastStoredClose() {
      useStored();
      assertThat(offer("IBM", T0 + 5 * MINUTE, 10_400)).isEqualTo(RejectReason.PRICE_OUT_OF_RANGE);
      assertThat(validator.lastDetail()).contains("104.0");
      assertThat(offer("IBM", T0 + 5 * MINUTE, 104, 104, 52, 52, 1, true)).as("a 50% crash").isNull();
    }

    @Test
    void shouldMeasureANewBarAfterABackfillFromTheLastStoredClose() {
      useStored();
      // A backfill from long ago, when the price was far lower, then today's bar: its predecessor is the
      // latest stored bar (close 104), not the backfill.
      assertThat(offer("IBM", T0 - 1_000 * MINUTE, 9)).isNull();
      assertThat(offer("IBM", T0 + 5 * MINUTE, 105)).isNull();
      assertThat(offer("IBM", T0 + 6 * MINUTE, 10_500)).isEqualTo(RejectReason.PRICE_OUT_OF_RANGE);
    }

    @Test
    void shouldNotAskTheStoreAboutRowsNewerThanEverythingStored() {
      useStored();
      assertThat(offer("IBM", T0 + 5 * MINUTE, 105)).isNull();
      assertThat(offer("IBM", T0 + 6 * MINUTE, 106)).isNull();
      assertThat(offer("MSFT", T0, 300)).isNull();
      assertThat(stored.containsCalls).isEmpty();
    }

    @Test
    void shouldStillCatchInputDuplicatesAndDisorderAfterABackfill() {
      useStored();
      assertThat(offer("IBM", T0 + MINUTE, 101)).isNull();
      assertThat(offer("IBM", T0 + MINUTE, 101)).isEqualTo(RejectReason.DUPLICATE_TIMESTAMP);
      assertThat(offer("IBM", T0 - MINUTE, 99)).isEqualTo(RejectReason.OUT_OF_ORDER);
    }
  }
}
