package com.tradingml.core.synthetic;

import com.tradingml.core.ingest.AsciiTimestamps;
import com.tradingml.core.market.Timeframe;
import java.time.LocalDate;

/**
 * What to generate: the parameters of a {@link SyntheticMarket}. Immutable and thread-safe; validated
 * on construction (messages name the bad value). Build with {@link #builder()}, which starts from the
 * defaults, or vary an existing spec with {@link #toBuilder()}.
 *
 * @param symbols number of symbols, named {@code SYN000}, {@code SYN001}, ... (more digits past 1000,
 *     so that names sort like their indices); default 10
 * @param barsPerSymbol bars in each symbol's series; more than {@code horizon}; default 2,520 (ten
 *     years of daily bars)
 * @param timeframe {@code 1m} or {@code 1d}; default {@code 1d}
 * @param seed the master seed; the same spec gives byte-identical output; default 1
 * @param signal the strength s >= 0 of the planted component (see {@link SyntheticMarket}); 0 is pure
 *     noise; default 0.3
 * @param horizon the label horizon h >= 1 in bars: the report's Bayes accuracy is for the sign of
 *     log(close[t+h] / close[t]); default 1
 * @param startDate the first session's date (a weekend starts on the next Monday); default 2024-01-02;
 *     on or after 1970-01-01, and the last bar must fall in or before {@value AsciiTimestamps#MAX_YEAR},
 *     the last year ingestion accepts
 * @param rowOrder interleaved by time (default) or one symbol after the other; the bars are the same
 * @param monteCarloPaths simulated continuations per state when h > 1 (even, >= 2); default 512
 * @param monteCarloStates most states evaluated by Monte Carlo when h > 1; default 20,000
 *
 * <p>Only {@code symbols}, {@code barsPerSymbol}, {@code timeframe}, {@code seed}, {@code signal},
 * {@code startDate} and {@code rowOrder} shape the rows; {@code horizon} and the Monte Carlo settings
 * change only the report.
 */
public record SyntheticMarketSpec(
    int symbols,
    long barsPerSymbol,
    Timeframe timeframe,
    long seed,
    double signal,
    int horizon,
    LocalDate startDate,
    RowOrder rowOrder,
    int monteCarloPaths,
    int monteCarloStates) {

  /** Above this the planted component stops being "weak", and nothing here needs it. */
  public static final double MAX_SIGNAL = 10.0;

  public static final int MAX_SYMBOLS = 100_000;

  public static final int MAX_HORIZON = 10_000;

  /** More than two centuries of minute bars; the calendar check below is the binding limit. */
  public static final long MAX_BARS_PER_SYMBOL = 1_000_000_000L;

  public static final LocalDate EARLIEST_START = LocalDate.of(1970, 1, 1);

  public SyntheticMarketSpec {
    if (symbols < 1 || symbols > MAX_SYMBOLS) {
      throw new IllegalArgumentException("symbols must be in [1, " + MAX_SYMBOLS + "], got " + symbols);
    }
    if (timeframe == null) {
      throw new IllegalArgumentException("timeframe must not be null");
    }
    SessionCalendar.requireSupported(timeframe);
    if (!(signal >= 0.0 && signal <= MAX_SIGNAL)) {
      throw new IllegalArgumentException("signal must be in [0, " + MAX_SIGNAL + "], got " + signal);
    }
    if (horizon < 1 || horizon > MAX_HORIZON) {
      throw new IllegalArgumentException("horizon must be in [1, " + MAX_HORIZON + "] bars, got " + horizon);
    }
    if (barsPerSymbol <= horizon) {
      throw new IllegalArgumentException("barsPerSymbol must exceed the horizon " + horizon
          + " so that at least one bar has a label, got " + barsPerSymbol);
    }
    if (startDate == null) {
      throw new IllegalArgumentException("startDate must not be null");
    }
    if (startDate.isBefore(EARLIEST_START)) {
      throw new IllegalArgumentException("startDate must be on or after " + EARLIEST_START + ", got " + startDate);
    }
    if (barsPerSymbol > MAX_BARS_PER_SYMBOL) {
      throw new IllegalArgumentException("barsPerSymbol must be at most " + MAX_BARS_PER_SYMBOL + ", got " + barsPerSymbol);
    }
    LocalDate last = SessionCalendar.lastSessionDate(timeframe, startDate, barsPerSymbol);
    if (last.getYear() > AsciiTimestamps.MAX_YEAR) {
      throw new IllegalArgumentException(barsPerSymbol + " bars of " + timeframe + " from " + startDate
          + " end in " + last.getYear() + ", after " + AsciiTimestamps.MAX_YEAR + ", the last year ingestion accepts");
    }
    if (rowOrder == null) {
      throw new IllegalArgumentException("rowOrder must not be null");
    }
    if (monteCarloPaths < 2 || monteCarloPaths % 2 != 0 || monteCarloPaths > (1 << 20)) {
      throw new IllegalArgumentException("monteCarloPaths must be even and in [2, 2^20], got " + monteCarloPaths);
    }
    if (monteCarloStates < 1 || monteCarloStates > 10_000_000) {
      throw new IllegalArgumentException("monteCarloStates must be in [1, 10^7], got " + monteCarloStates);
    }
  }

  /** The defaults: 10 symbols x 2,520 daily bars from 2024-01-02, seed 1, signal 0.3, horizon 1. */
  public static SyntheticMarketSpec defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .symbols(symbols)
        .barsPerSymbol(barsPerSymbol)
        .timeframe(timeframe)
        .seed(seed)
        .signal(signal)
        .horizon(horizon)
        .startDate(startDate)
        .rowOrder(rowOrder)
        .monteCarloPaths(monteCarloPaths)
        .monteCarloStates(monteCarloStates);
  }

  /** Total rows: symbols x barsPerSymbol. */
  public long rows() {
    return symbols * barsPerSymbol;
  }

  /** The name of symbol {@code index}: {@code SYN} and the index, zero-padded to a common width (at least 3). */
  public String symbolName(int index) {
    if (index < 0 || index >= symbols) {
      throw new IllegalArgumentException("symbol index must be in [0, " + symbols + "), got " + index);
    }
    int width = Math.max(3, Integer.toString(symbols - 1).length());
    String digits = Integer.toString(index);
    return "SYN" + "0".repeat(width - digits.length()) + digits;
  }

  /** Builds a {@link SyntheticMarketSpec}; starts from the defaults; {@link #build()} validates. */
  public static final class Builder {
    private int symbols = 10;
    private long barsPerSymbol = 2_520;
    private Timeframe timeframe = Timeframe.ONE_DAY;
    private long seed = 1;
    private double signal = 0.3;
    private int horizon = 1;
    private LocalDate startDate = LocalDate.of(2024, 1, 2);
    private RowOrder rowOrder = RowOrder.TIME_MAJOR;
    private int monteCarloPaths = 512;
    private int monteCarloStates = 20_000;

    private Builder() {}

    public Builder symbols(int value) {
      this.symbols = value;
      return this;
    }

    public Builder barsPerSymbol(long value) {
      this.barsPerSymbol = value;
      return this;
    }

    public Builder timeframe(Timeframe value) {
      this.timeframe = value;
      return this;
    }

    /** Parses {@code 1m} or {@code 1d} with {@link Timeframe#parse}. */
    public Builder timeframe(String value) {
      this.timeframe = Timeframe.parse(value);
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder signal(double value) {
      this.signal = value;
      return this;
    }

    public Builder horizon(int value) {
      this.horizon = value;
      return this;
    }

    public Builder startDate(LocalDate value) {
      this.startDate = value;
      return this;
    }

    public Builder rowOrder(RowOrder value) {
      this.rowOrder = value;
      return this;
    }

    public Builder monteCarloPaths(int value) {
      this.monteCarloPaths = value;
      return this;
    }

    public Builder monteCarloStates(int value) {
      this.monteCarloStates = value;
      return this;
    }

    public SyntheticMarketSpec build() {
      return new SyntheticMarketSpec(symbols, barsPerSymbol, timeframe, seed, signal, horizon, startDate, rowOrder,
          monteCarloPaths, monteCarloStates);
    }
  }
}
