package com.tradingml.core.features;

/**
 * The batch path: the bars of ONE symbol in strictly increasing time order in, one row per bar out, with
 * the bar's inputs and references and its forward returns and label.
 *
 * <p>The features of each row come from a {@link FeatureState} fed the same bars, exactly as the serving
 * service feeds its own: batch and online are the same code by construction. Forward returns need later
 * bars, so a row is emitted only once {@code max(horizon, 5)} further bars have arrived; {@link #finish()}
 * flushes the last rows, whose forward returns reach past the series' end, with NaN for those (label
 * {@link LabelSpec#UNKNOWN}). Only this class sees the future, and only to compute the forward returns;
 * nothing it learns flows back into the state.
 *
 * <p>Not thread-safe: one stream per symbol (a Spark partition's run of one symbol). Allocation-free per
 * bar after construction; the arrays given to the {@link Sink} are reused.
 */
public final class LabeledFeatureStream {

  /** Receives the rows, in time order. The arrays are reused: copy what you keep. */
  public interface Sink {
    /**
     * One bar's row.
     *
     * @param warm whether every input and reference had enough history ({@link FeatureState#isWarm()})
     * @param fwdLogret1 ln(close[t+1] / close[t]), NaN past the series' end
     * @param fwdLogret5 ln(close[t+5] / close[t]), NaN past the series' end
     * @param fwdLogretH ln(close[t+h] / close[t]) for the label's horizon h
     * @param labelClass {@link LabelSpec#classOf}{@code (fwdLogretH)}
     */
    void row(long epochMicros, boolean warm, double[] inputs, double[] references, double fwdLogret1,
        double fwdLogret5, double fwdLogretH, int labelClass);
  }

  /** The fixed forward return beside the label's, so that tables of different horizons share a column. */
  static final int FIXED_FORWARD_BARS = 5;

  private final FeatureState state;
  private final LabelSpec label;
  private final Sink sink;
  private final int delay;
  private final int slots;
  private final long[] timestamps;
  private final boolean[] warm;
  private final double[] closes;
  /** Per slot, the state's ln(close[t] / close[t-1]): the forward one-bar return of the bar before. */
  private final double[] oneBarLogReturns;
  /** Per slot, the state's ln(close[t] / close[t-5]): the forward five-bar return of the bar five back. */
  private final double[] fiveBarLogReturns;
  /** The slot of the newest bar: int arithmetic, where {@code row % slots} on longs is a runtime call in C1 code. */
  private int newestSlot = -1;
  private final double[][] inputs;
  private final double[][] references;
  private long added;
  private boolean finished;

  public LabeledFeatureStream(FeatureSet set, LabelSpec label, Sink sink) {
    if (set == null || label == null || sink == null) {
      throw new IllegalArgumentException("feature set, label spec and sink must not be null");
    }
    this.state = set.newState();
    this.label = label;
    this.sink = sink;
    this.delay = Math.max(label.horizonBars(), FIXED_FORWARD_BARS);
    this.slots = delay + 1;
    timestamps = new long[slots];
    warm = new boolean[slots];
    closes = new double[slots];
    oneBarLogReturns = new double[slots];
    fiveBarLogReturns = new double[slots];
    inputs = new double[slots][set.inputColumns().size()];
    references = new double[slots][FeatureSet.referenceColumns().size()];
  }

  /**
   * The next bar of the symbol. A malformed or not strictly later bar throws {@link IllegalArgumentException}
   * (the bars table holds neither) and leaves the stream unchanged.
   *
   * @param volume NaN when unknown
   */
  public void add(long epochMicros, double open, double high, double low, double close, double volume) {
    if (finished) {
      throw new IllegalStateException("stream already finished");
    }
    state.update(epochMicros, open, high, low, close, volume);
    int slot = newestSlot + 1 == slots ? 0 : newestSlot + 1;
    timestamps[slot] = epochMicros;
    warm[slot] = state.isWarm();
    closes[slot] = close;
    oneBarLogReturns[slot] = state.lastLogReturn();
    state.inputs(inputs[slot]);
    state.references(references[slot]);
    fiveBarLogReturns[slot] = state.logReturnOver(FIXED_FORWARD_BARS);
    newestSlot = slot;
    added++;
    if (added > delay) {
      emit(added - 1 - delay);
    }
  }

  /** Emits the rows still held, with NaN forward returns where the series ends too early. Call once. */
  public void finish() {
    if (finished) {
      throw new IllegalStateException("stream already finished");
    }
    finished = true;
    for (long row = Math.max(0, added - delay); row < added; row++) {
      emit(row);
    }
  }

  /** Bars added so far. */
  public long barsAdded() {
    return added;
  }

  private void emit(long row) {
    int slot = slot(row);
    // The state computed ln(close[t+1] / close[t]) when bar t+1 came, and ln(close[t+5] / close[t]) when bar t+5 came:
    // the same operands, so the same bits, and two logarithms (JNI calls to StrictMath's) less per bar; so is the
    // label's return when its horizon is 1 or 5.
    double fwd1 = row + 1 < added ? oneBarLogReturns[slot(row + 1)] : Double.NaN;
    double fwd5 = row + FIXED_FORWARD_BARS < added ? fiveBarLogReturns[slot(row + FIXED_FORWARD_BARS)] : Double.NaN;
    int horizon = label.horizonBars();
    double fwdH = horizon == 1 ? fwd1 : horizon == FIXED_FORWARD_BARS ? fwd5 : forwardLogReturn(row, horizon);
    sink.row(timestamps[slot], warm[slot], inputs[slot], references[slot], fwd1, fwd5, fwdH, label.classOf(fwdH));
  }

  /** ln(close[row + bars] / close[row]), NaN when that bar has not arrived (only at the end). */
  private double forwardLogReturn(long row, int bars) {
    long ahead = row + bars;
    if (ahead >= added) {
      return Double.NaN;
    }
    return StrictMath.log(closes[slot(ahead)] / closes[slot(row)]);
  }

  /** The slot of a row still held: one of the last {@code slots} added. */
  private int slot(long row) {
    int slot = newestSlot - (int) (added - 1 - row);
    return slot < 0 ? slot + slots : slot;
  }

  @Override
  public String toString() {
    return "LabeledFeatureStream[" + state.featureSet() + ", " + label + ", added " + added + ", held "
        + Math.min(added, delay) + "]";
  }
}
