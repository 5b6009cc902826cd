package com.tradingml.core.ingest;

import com.tradingml.core.market.BarRules;
import com.tradingml.core.market.RejectReason;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides, row by row, whether parsed values become a bar: the row-level rules of {@link BarRules},
 * then the rules against the symbol's accepted history (duplicate, order, jump). Per-symbol state is
 * two numbers, so memory grows with the number of symbols, never with the number of rows.
 *
 * <p>Ordering and duplicates are per symbol. Within one input, a row older than the symbol's last
 * accepted row is {@code OUT_OF_ORDER} (we reject rather than sort, so the input streams); a row
 * equal to it is {@code DUPLICATE_TIMESTAMP}, as is a row that repeats a bar already stored
 * ({@link PriorBars}). Older rows that are not stored are a backfill and are accepted. The jump
 * reference is the close of the bar before the row in time, as far as the state knows: the last
 * accepted close in this input, or the last stored close for a row newer than everything stored and
 * everything accepted (also right after a backfill, which is older than the stored bars).
 *
 * <p>A row repeating an accepted row of this input that is not the last one is reported as
 * {@code OUT_OF_ORDER}, not {@code DUPLICATE_TIMESTAMP}: telling the two apart would mean keeping every
 * accepted timestamp, and memory must not grow with the rows. It is rejected either way.
 *
 * <p>Hot path: returns {@code true}/{@code false} and keeps the reason in {@link #lastReason()} and
 * {@link #lastDetail()} instead of throwing. Not thread-safe.
 */
public final class BarValidator {

  private static final class SymbolState {
    long lastTimestamp = Long.MIN_VALUE;
    double lastClose = Double.NaN;
    final long storedLatest;
    final double storedLatestClose;

    SymbolState(long storedLatest, double storedLatestClose) {
      this.storedLatest = storedLatest;
      this.storedLatestClose = storedLatestClose;
    }
  }

  private final ValidationLimits limits;
  private final PriorBars prior;
  private final Map<String, SymbolState> states = new HashMap<>();
  private RejectReason lastReason;
  private String lastDetail;

  public BarValidator(ValidationLimits limits, PriorBars prior) {
    this.limits = limits;
    this.prior = prior;
  }

  /**
   * Checks one row whose fields parsed. {@code volume} is NaN with {@code volumePresent == false} when
   * the source left it empty. On {@code true} the row is accepted and becomes the symbol's last bar.
   */
  public boolean offer(String symbol, long epochMicros, double open, double high, double low, double close,
      double volume, boolean volumePresent) {
    RejectReason rowProblem = BarRules.firstViolation(open, high, low, close, Double.NaN);
    if (rowProblem == null && volumePresent) {
      rowProblem = BarRules.volumeViolation(volume);
    }
    if (rowProblem != null) {
      return reject(rowProblem, BarRules.describe(rowProblem, open, high, low, close, volume));
    }
    SymbolState state = states.get(symbol);
    if (state == null) {
      state = new SymbolState(prior.latestTimestamp(symbol), prior.latestClose(symbol));
      states.put(symbol, state);
    }
    if (epochMicros == state.lastTimestamp) {
      return reject(RejectReason.DUPLICATE_TIMESTAMP, "repeats the timestamp of an earlier row of " + symbol);
    }
    // Before the order check: a row that is both stored and older than the last accepted row is a
    // duplicate first (RejectReason order).
    if (epochMicros <= state.storedLatest && prior.contains(symbol, epochMicros)) {
      return reject(RejectReason.DUPLICATE_TIMESTAMP, "a bar of " + symbol + " with this timestamp is already stored");
    }
    if (epochMicros < state.lastTimestamp) {
      return reject(RejectReason.OUT_OF_ORDER, "older than the previous accepted row of " + symbol);
    }
    // The jump reference is the close of the bar just before this one in time: the latest stored bar
    // when this row is newer than it and every row accepted so far (none, or only a backfill) is older.
    double reference = epochMicros > state.storedLatest && state.lastTimestamp < state.storedLatest
        ? state.storedLatestClose
        : state.lastClose;
    if (!Double.isNaN(reference)
        && (high > reference * limits.maxJumpFactor() || low < reference / limits.maxJumpFactor())) {
      return reject(RejectReason.PRICE_OUT_OF_RANGE, "jump beyond a factor of " + limits.maxJumpFactor()
          + " from the previous close " + reference + ": low=" + low + " high=" + high);
    }
    state.lastTimestamp = epochMicros;
    state.lastClose = close;
    lastReason = null;
    lastDetail = null;
    return true;
  }

  private boolean reject(RejectReason reason, String detail) {
    lastReason = reason;
    lastDetail = detail;
    return false;
  }

  public RejectReason lastReason() {
    return lastReason;
  }

  public String lastDetail() {
    return lastDetail;
  }
}
