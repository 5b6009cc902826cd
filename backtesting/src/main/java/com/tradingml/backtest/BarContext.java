package com.tradingml.backtest;

import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import java.time.Instant;

/**
 * What a strategy sees and does on one bar: the current bar of one symbol, that symbol's earlier bars, the latest
 * already-replayed bar of any other symbol, its own position and cash; and the orders it places.
 *
 * <p><b>No lookahead, by construction.</b> The context holds no reference a strategy could use to reach a later
 * bar: history lookups take {@code barsAgo >= 0} and at most {@link #barIndex()} (anything else throws
 * {@link IndexOutOfBoundsException}), and other symbols are visible only up to the bar the replay has already
 * passed (time &lt;= now; at equal time only symbols earlier in symbol order). The source's arrays are never
 * handed out.
 *
 * <p>Orders are decided at this bar's close and checked by core's pre-trade risk checks right away (at the bar's
 * time, against its close as the reference price). Accepted orders fill at the next bar's open (default) or at
 * this close ({@link FillTiming}). A context is a flyweight owned by the engine: valid only during
 * {@link StrategyRun#onBar}, not thread-safe.
 */
public final class BarContext {

  private final EngineRun engine;
  private SymbolSeries series;
  private int symbolIndex;
  private int index;
  private long closeMicros;

  BarContext(EngineRun engine) {
    this.engine = engine;
  }

  void at(SymbolSeries series, int symbolIndex, int index, long closeMicros) {
    this.series = series;
    this.symbolIndex = symbolIndex;
    this.index = index;
    this.closeMicros = closeMicros;
  }

  public Symbol symbol() {
    return series.symbol();
  }

  /** The symbol's position in {@link Universe#symbols()}. */
  public int symbolIndex() {
    return symbolIndex;
  }

  /** Bars of this symbol before the current one (0 on its first bar). */
  public int barIndex() {
    return index;
  }

  /** Epoch microseconds of the current bar: the engine's clock, "now". */
  public long timeMicros() {
    return series.time[index];
  }

  public Instant time() {
    return Bar.instantOfMicros(series.time[index]);
  }

  public double open() {
    return series.open[index];
  }

  public double high() {
    return series.high[index];
  }

  public double low() {
    return series.low[index];
  }

  public double close() {
    return series.close[index];
  }

  /** NaN when unknown. */
  public double volume() {
    return series.volume[index];
  }

  /** The close in exact micro-units ({@code Money.ofUnits} rounding), as the portfolio marks it. */
  public long closeMicros() {
    return closeMicros;
  }

  /** Whether the symbol has seen the strategy's warm-up bars: orders are accepted from this bar on. */
  public boolean isWarm() {
    return index + 1 >= engine.warmupBars();
  }

  /** The close {@code barsAgo} bars before the current one (0 = now); {@code 0 <= barsAgo <= barIndex()}. */
  public double close(int barsAgo) {
    return series.close[past(barsAgo)];
  }

  public double open(int barsAgo) {
    return series.open[past(barsAgo)];
  }

  public double high(int barsAgo) {
    return series.high[past(barsAgo)];
  }

  public double low(int barsAgo) {
    return series.low[past(barsAgo)];
  }

  public double volume(int barsAgo) {
    return series.volume[past(barsAgo)];
  }

  public long timeMicros(int barsAgo) {
    return series.time[past(barsAgo)];
  }

  private int past(int barsAgo) {
    if (barsAgo < 0) {
      throw new IndexOutOfBoundsException("barsAgo must be >= 0 (no future bars), got " + barsAgo);
    }
    if (barsAgo > index) {
      throw new IndexOutOfBoundsException(symbol() + " has " + (index + 1) + " bars so far, asked for " + barsAgo
          + " bars ago");
    }
    return index - barsAgo;
  }

  /** Bars of symbol {@code other} replayed so far (including the current bar when {@code other} is this one). */
  public int barsSeen(int other) {
    return engine.barsSeen(other);
  }

  /** The close of the latest replayed bar of symbol {@code other}, NaN if it has none yet. */
  public double latestClose(int other) {
    return engine.latestClose(other);
  }

  /** The time of the latest replayed bar of symbol {@code other}, {@link Long#MIN_VALUE} if none yet. */
  public long latestTimeMicros(int other) {
    return engine.latestTime(other);
  }

  /** The filled, signed position in this symbol (shares; + long, - short). */
  public long position() {
    return engine.position(symbolIndex);
  }

  /** The filled position in symbol {@code other}. */
  public long position(int other) {
    return engine.position(other);
  }

  /** The signed quantity of this symbol's working (accepted, not yet filled) order; 0 if none. */
  public long pendingQuantity() {
    return engine.pendingQuantity(symbolIndex);
  }

  /** Cash in currency units (exact micro-units underneath; may be negative: shorts' proceeds, margin). */
  public double cash() {
    return Micros.toUnits(engine.cashMicros());
  }

  /** Cash plus every position at its latest close. */
  public double equity() {
    return Micros.toUnits(engine.equityMicros());
  }

  /**
   * Places an order for {@code signedQuantity} shares of this symbol (+ buy, - sell) at this bar's close as its
   * decision price. Zero does nothing.
   */
  public OrderOutcome order(long signedQuantity) {
    return engine.order(this, signedQuantity);
  }

  public OrderOutcome buy(long quantity) {
    requirePositive(quantity);
    return order(quantity);
  }

  public OrderOutcome sell(long quantity) {
    requirePositive(quantity);
    return order(-quantity);
  }

  /** Orders the difference between {@code target} and the position plus any working order; none if equal. */
  public OrderOutcome targetPosition(long target) {
    long current = Math.addExact(position(), pendingQuantity());
    return order(Math.subtractExact(target, current));
  }

  private static void requirePositive(long quantity) {
    if (quantity <= 0) {
      throw new IllegalArgumentException("order quantity must be positive, got " + quantity);
    }
  }
}
