package com.tradingml.backtest;

import com.tradingml.core.policy.PositionMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The moving-average crossover: enter long {@code quantity} shares when the fast simple moving average of closes
 * crosses above the slow one, exit when it crosses below ({@link PositionMode#LONG_SHORT}: go short
 * {@code quantity} instead of flat).
 *
 * <p><b>The rule, exactly.</b> On bar t of a symbol (0-based), with both averages defined (t &gt;= slow - 1), let
 * {@code rel(t) = sign(SMA_fast(t) - SMA_slow(t))}. The fast average <i>crosses above</i> at t when
 * {@code rel(t) > 0} and the latest earlier bar t' &gt;= slow - 1 with {@code rel(t') != 0} had {@code rel(t') < 0}
 * (bars where the averages are equal are skipped, as ta4j's {@code CrossIndicator} does); below symmetrically. No
 * signal before both averages are full: the first possible signal is at t = slow, so the strategy's warm-up is
 * {@code slow + 1} bars. A cross above targets {@code +quantity}; a cross below targets 0 (long-only) or
 * {@code -quantity}. Nothing else trades: a rejected entry is not retried until the next cross.
 *
 * <p><b>Exact and incremental.</b> Closes are summed in micro-units ({@code long}, the same conversion as
 * {@code Money.ofUnits}) over a ring buffer: O(1) per bar, no drift, and the comparison
 * {@code sumFast x slow <=> sumSlow x fast} is exact (128-bit products), so equal averages are equal (a flat series
 * never "crosses" on rounding noise). For prices with at most six decimals these are the exact decimal averages
 * ta4j's {@code DecimalNum} computes.
 *
 * <p>Immutable and thread-safe definition; each run gets its own state.
 */
public final class SmaCrossover implements Strategy {

  private final int fast;
  private final int slow;
  private final long quantity;
  private final PositionMode mode;

  private SmaCrossover(int fast, int slow, long quantity, PositionMode mode) {
    if (fast < 1 || slow <= fast || slow > 10_000) {
      throw new IllegalArgumentException("SMA crossover needs 1 <= fast < slow <= 10000, got fast " + fast
          + ", slow " + slow);
    }
    if (quantity < 1) {
      throw new IllegalArgumentException("SMA crossover quantity must be positive, got " + quantity);
    }
    if (mode == null) {
      throw new IllegalArgumentException("SMA crossover needs a position mode");
    }
    this.fast = fast;
    this.slow = slow;
    this.quantity = quantity;
    this.mode = mode;
  }

  /** Long-only, one share per trade. */
  public static SmaCrossover of(int fast, int slow) {
    return new SmaCrossover(fast, slow, 1, PositionMode.LONG_ONLY);
  }

  public static SmaCrossover of(int fast, int slow, long quantity, PositionMode mode) {
    return new SmaCrossover(fast, slow, quantity, mode);
  }

  public int fast() {
    return fast;
  }

  public int slow() {
    return slow;
  }

  @Override
  public String name() {
    return "sma_cross";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("fast", fast);
    out.put("slow", slow);
    out.put("quantity", quantity);
    out.put("position_mode", mode.name().toLowerCase(java.util.Locale.ROOT));
    return out;
  }

  @Override
  public int warmupBars() {
    return slow + 1;
  }

  @Override
  public StrategyRun start(Universe universe) {
    return new Run(universe.size());
  }

  private final class Run implements StrategyRun {
    private final long[][] window;
    private final long[] sumFast;
    private final long[] sumSlow;
    private final int[] count;
    /** {@code count % slow}: the ring slot the next close goes to, kept without a division per bar. */
    private final int[] nextSlot;
    private final int[] lastRelation;
    private final long shortTarget = mode == PositionMode.LONG_SHORT ? -quantity : 0;

    Run(int symbols) {
      window = new long[symbols][slow];
      sumFast = new long[symbols];
      sumSlow = new long[symbols];
      count = new int[symbols];
      nextSlot = new int[symbols];
      lastRelation = new int[symbols];
    }

    @Override
    public void onBar(BarContext bar) {
      int s = bar.symbolIndex();
      long price = bar.closeMicros();
      long[] ring = window[s];
      int c = count[s];
      int slot = nextSlot[s];
      if (c >= fast) {
        // (c - fast) % slow, from slot = c % slow
        int leaving = slot >= fast ? slot - fast : slot - fast + slow;
        sumFast[s] -= ring[leaving];
      }
      if (c >= slow) {
        sumSlow[s] -= ring[slot];
      }
      ring[slot] = price;
      nextSlot[s] = slot + 1 == slow ? 0 : slot + 1;
      sumFast[s] += price;
      sumSlow[s] = Math.addExact(sumSlow[s], price);
      count[s] = ++c;
      if (c < slow) {
        return;
      }
      int relation = Micros.compareProducts(sumFast[s], slow, sumSlow[s], fast);
      if (relation == 0) {
        return;
      }
      int previous = lastRelation[s];
      lastRelation[s] = relation;
      if (previous == 0 || previous == relation) {
        return;
      }
      bar.targetPosition(relation > 0 ? quantity : shortTarget);
    }
  }
}
