package com.tradingml.serving;

import com.tradingml.core.features.FeatureState;

/**
 * The last live bars of one symbol, in time order, in a fixed ring of primitive arrays: what a newly loaded model's
 * feature state replays to continue where the live stream is ({@link OnlineFeatures}). Allocation-free after
 * construction.
 *
 * <p>Not thread-safe: guarded by its symbol's lock.
 */
final class BarHistory {

  private static final int INITIAL = 64;

  private final int capacity;
  private long[] times;
  private double[] opens;
  private double[] highs;
  private double[] lows;
  private double[] closes;
  private double[] volumes;
  private int start;
  private int size;
  private long appended;

  /** Holds at most {@code capacity} bars; the arrays start small and grow to it (most symbols stay small). */
  BarHistory(int capacity) {
    this.capacity = capacity;
    allocate(Math.min(INITIAL, capacity));
  }

  private void allocate(int length) {
    times = times == null ? new long[length] : java.util.Arrays.copyOf(times, length);
    opens = opens == null ? new double[length] : java.util.Arrays.copyOf(opens, length);
    highs = highs == null ? new double[length] : java.util.Arrays.copyOf(highs, length);
    lows = lows == null ? new double[length] : java.util.Arrays.copyOf(lows, length);
    closes = closes == null ? new double[length] : java.util.Arrays.copyOf(closes, length);
    volumes = volumes == null ? new double[length] : java.util.Arrays.copyOf(volumes, length);
  }

  /** Appends a bar; callers ensure it is later than {@link #lastTimestamp()}. Drops the oldest when full. */
  void append(LiveBar bar) {
    if (size == times.length && times.length < capacity) {
      allocate(Math.min(capacity, times.length * 2)); // not wrapped yet: start is 0 until the arrays are full size
    }
    int slot;
    if (size < times.length) {
      slot = (start + size) % times.length;
      size++;
    } else {
      slot = start;
      start = (start + 1) % times.length;
    }
    times[slot] = bar.epochMicros();
    opens[slot] = bar.open();
    highs[slot] = bar.high();
    lows[slot] = bar.low();
    closes[slot] = bar.close();
    volumes[slot] = bar.volume();
    appended++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The newest bar's time, {@link Long#MIN_VALUE} when empty. */
  long lastTimestamp() {
    return size == 0 ? Long.MIN_VALUE : times[slot(size - 1)];
  }

  /** The newest bar's close, NaN when empty. */
  double lastClose() {
    return size == 0 ? Double.NaN : closes[slot(size - 1)];
  }

  /** Whether {@code bar} equals the newest bar, value for value (a repeated delivery of it). */
  boolean isLast(LiveBar bar) {
    if (size == 0) {
      return false;
    }
    int s = slot(size - 1);
    return times[s] == bar.epochMicros() && same(opens[s], bar.open()) && same(highs[s], bar.high())
        && same(lows[s], bar.low()) && same(closes[s], bar.close()) && same(volumes[s], bar.volume());
  }

  /**
   * Feeds {@code state} every held bar later than its last one, in order. Returns the number fed, or -1 - that
   * number when bars between the state's last bar and the oldest held one may have been dropped (the ring
   * overflowed since): the state then continues across a gap, which the feature definitions treat like any gap
   * in the data (nothing is fabricated).
   */
  int replayInto(FeatureState state) {
    long after = state.lastTimestamp();
    if (size == 0 || lastTimestamp() <= after) {
      return 0;
    }
    int first = size;
    while (first > 0 && times[slot(first - 1)] > after) {
      first--;
    }
    int fed = 0;
    for (int i = first; i < size; i++) {
      int s = slot(i);
      if (state.offer(times[s], opens[s], highs[s], lows[s], closes[s], volumes[s]) == null) {
        fed++;
      }
    }
    boolean gap = first == 0 && appended > size && state.barsSeen() > fed;
    return gap ? -1 - fed : fed;
  }

  int size() {
    return size;
  }

  private int slot(int index) {
    return (start + index) % times.length;
  }

  private static boolean same(double a, double b) {
    return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
  }
}
