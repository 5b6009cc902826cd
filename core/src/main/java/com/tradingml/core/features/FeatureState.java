package com.tradingml.core.features;

import com.tradingml.core.market.Bar;
import com.tradingml.core.market.BarRules;
import com.tradingml.core.market.RejectReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The features of one symbol, updated bar by bar: the online path, and through
 * {@link LabeledFeatureStream} the batch path too, so that both compute every value with the same code.
 *
 * <p>Point-in-time by construction: the state only ever sees the bars given so far, in time order, so a
 * value read after bar t depends on bars {@code <= t} only. Deterministic to the bit: the same bars in the
 * same order give the same doubles, on any JVM (see {@link FeatureSet}).
 *
 * <p>Not thread-safe: one instance per symbol, used by one thread at a time. {@link #update} allocates
 * nothing (except the message of a refused bar's exception). The inputs and references are derived lazily,
 * once per bar, when first read, also without allocating, except when the bars cross a time-zone offset
 * transition (twice a year in New York), where java.time is asked for the next interval.
 *
 * <p>EMAs, Wilder averages and MACD remember the whole series since its first bar, so a state rebuilt from
 * only the last N bars is close to, but not bitwise equal to, the batch job's. To resume exactly where the
 * batch job stopped, publish its {@link #snapshot()} and {@link #restore} it.
 */
public final class FeatureState {

  private static final int SNAPSHOT_MAGIC = 0x46535431; // "FST1": format 1

  private final FeatureSet set;
  private final int warmupBars;
  private final int[] logReturnLags;
  private final int realizedVolBars;
  private final int smaBars;
  private final int bollingerBars;
  private final double bollingerWidth;
  private final int volumeZBars;

  private final Window closes;
  private final Window logReturns;
  private final Window volumes;
  private final SeededEma ema;
  private final SeededEma referenceEma;
  private final Macd macd;
  private final Macd referenceMacd;
  private final WilderRsi rsi;
  private final WilderRsi referenceRsi;
  private final WilderAverage atr;
  private final WilderAverage referenceAtr;
  private final LocalClock clock;

  private long barsSeen;
  private long lastTimestamp = Long.MIN_VALUE;
  private double high = Double.NaN;
  private double low = Double.NaN;
  private double close = Double.NaN;
  private double volume = Double.NaN;
  private double lastLogReturn = Double.NaN;

  private final double[] inputValues;
  private final double[] referenceValues = new double[FeatureSet.referenceColumns().size()];
  /** {@link #barsSeen} for which {@link #inputValues} and {@link #referenceValues} hold; -1: stale. */
  private long derivedAt = -1;

  FeatureState(FeatureSet set) {
    this.set = set;
    warmupBars = set.warmupBars();
    logReturnLags = set.logReturnLags();
    realizedVolBars = set.realizedVolBars();
    smaBars = set.smaBars();
    bollingerBars = set.bollingerBars();
    bollingerWidth = set.bollingerWidth();
    volumeZBars = set.volumeZBars();

    int closesNeeded = Math.max(logReturnLags[logReturnLags.length - 1] + 1, Math.max(smaBars, bollingerBars));
    closes = new Window(Math.max(closesNeeded, Math.max(FeatureSet.REFERENCE_SMA_BARS,
        FeatureSet.REFERENCE_BOLLINGER_BARS)));
    logReturns = new Window(realizedVolBars);
    volumes = new Window(volumeZBars);

    // Where the set's parameters are the references' (core_v1), one indicator serves both.
    ema = new SeededEma(set.emaBars());
    referenceEma = set.emaBars() == FeatureSet.REFERENCE_EMA_BARS ? ema : new SeededEma(FeatureSet.REFERENCE_EMA_BARS);
    macd = new Macd(set.macdFast(), set.macdSlow(), set.macdSignal());
    referenceMacd = set.macdFast() == FeatureSet.REFERENCE_MACD_FAST && set.macdSlow() == FeatureSet.REFERENCE_MACD_SLOW
        && set.macdSignal() == FeatureSet.REFERENCE_MACD_SIGNAL
        ? macd
        : new Macd(FeatureSet.REFERENCE_MACD_FAST, FeatureSet.REFERENCE_MACD_SLOW, FeatureSet.REFERENCE_MACD_SIGNAL);
    rsi = new WilderRsi(set.rsiBars());
    referenceRsi = set.rsiBars() == FeatureSet.REFERENCE_RSI_BARS ? rsi : new WilderRsi(FeatureSet.REFERENCE_RSI_BARS);
    atr = new WilderAverage(set.atrBars());
    referenceAtr = set.atrBars() == FeatureSet.REFERENCE_ATR_BARS ? atr : new WilderAverage(FeatureSet.REFERENCE_ATR_BARS);
    clock = new LocalClock(set.timeZone());
    inputValues = new double[set.inputColumns().size()];
  }

  /**
   * Feeds the next bar, or refuses it and leaves the state unchanged: returns {@code null} when taken, else
   * why not ({@link RejectReason#DUPLICATE_TIMESTAMP} or {@link RejectReason#OUT_OF_ORDER} for a timestamp
   * not after {@link #lastTimestamp()}, or the {@link BarRules} violation of a malformed bar). The serving
   * path uses this to drop a repeated bar without an exception.
   *
   * @param volume NaN when unknown
   */
  public RejectReason offer(long epochMicros, double open, double high, double low, double close, double volume) {
    if (barsSeen > 0 && epochMicros <= lastTimestamp) {
      return epochMicros == lastTimestamp ? RejectReason.DUPLICATE_TIMESTAMP : RejectReason.OUT_OF_ORDER;
    }
    RejectReason violation = BarRules.firstViolation(open, high, low, close, volume);
    if (violation != null) {
      return violation;
    }
    apply(epochMicros, high, low, close, volume);
    return null;
  }

  /**
   * Feeds the next bar. Bars must be well formed ({@link BarRules}) and strictly increasing in time: a bar
   * that is not is a caller's bug and throws {@link IllegalArgumentException}, leaving the state unchanged.
   *
   * @param volume NaN when unknown
   */
  public void update(long epochMicros, double open, double high, double low, double close, double volume) {
    RejectReason reason = offer(epochMicros, open, high, low, close, volume);
    if (reason != null) {
      throw new IllegalArgumentException(describe(reason, epochMicros, open, high, low, close, volume));
    }
  }

  /** Feeds the next bar ({@link #update(long, double, double, double, double, double)}). */
  public void update(Bar bar) {
    update(bar.epochMicros(), bar.open(), bar.high(), bar.low(), bar.close(), bar.volume());
  }

  private String describe(RejectReason reason, long epochMicros, double open, double high, double low, double close,
      double volume) {
    String at = " at " + Bar.instantOfMicros(epochMicros) + " (" + epochMicros + ")";
    return switch (reason) {
      case DUPLICATE_TIMESTAMP, OUT_OF_ORDER -> reason + ": bar" + at + " is not after the last bar at "
          + Bar.instantOfMicros(lastTimestamp) + " (" + lastTimestamp + ")";
      default -> reason + ": " + BarRules.describe(reason, open, high, low, close, volume) + at;
    };
  }

  private void apply(long epochMicros, double high, double low, double close, double volume) {
    double trueRange;
    if (barsSeen == 0) {
      trueRange = high - low;
    } else {
      double previousClose = this.close;
      trueRange = Math.max(high - low, Math.max(Math.abs(high - previousClose), Math.abs(low - previousClose)));
      lastLogReturn = StrictMath.log(close / previousClose);
      logReturns.push(lastLogReturn);
    }
    closes.push(close);
    volumes.push(volume);
    ema.update(close);
    if (referenceEma != ema) {
      referenceEma.update(close);
    }
    macd.update(close);
    if (referenceMacd != macd) {
      referenceMacd.update(close);
    }
    rsi.update(close);
    if (referenceRsi != rsi) {
      referenceRsi.update(close);
    }
    atr.update(trueRange);
    if (referenceAtr != atr) {
      referenceAtr.update(trueRange);
    }
    this.high = high;
    this.low = low;
    this.close = close;
    this.volume = volume;
    lastTimestamp = epochMicros;
    barsSeen++;
  }

  /** Bars taken so far. */
  public long barsSeen() {
    return barsSeen;
  }

  /** Whether {@link #barsSeen()} >= {@link FeatureSet#warmupBars()}: every input and reference is defined. */
  public boolean isWarm() {
    return barsSeen >= warmupBars;
  }

  /**
   * ln(close[t] / close[t-1]) of the last bar, NaN before the second: the very expression the forward return
   * ln(close[t+1] / close[t]) of the bar before is, so {@link LabeledFeatureStream} takes it from here.
   */
  double lastLogReturn() {
    return lastLogReturn;
  }

  /** Epoch microseconds of the last bar taken, {@link Long#MIN_VALUE} before the first. */
  public long lastTimestamp() {
    return lastTimestamp;
  }

  public FeatureSet featureSet() {
    return set;
  }

  /**
   * Writes the {@link FeatureSet#inputColumns()} values after the last bar into {@code out[0..n)}: NaN where
   * a feature is not yet defined (or, as documented per feature, undefined for this data).
   */
  public void inputs(double[] out) {
    if (out.length < inputValues.length) {
      throw new IllegalArgumentException("need room for " + inputValues.length + " inputs, got " + out.length);
    }
    derive();
    System.arraycopy(inputValues, 0, out, 0, inputValues.length);
  }

  /** Writes the {@link FeatureSet#referenceColumns()} values after the last bar into {@code out[0..n)}. */
  public void references(double[] out) {
    if (out.length < referenceValues.length) {
      throw new IllegalArgumentException("need room for " + referenceValues.length + " references, got "
          + out.length);
    }
    derive();
    System.arraycopy(referenceValues, 0, out, 0, referenceValues.length);
  }

  /**
   * The complete state as bytes (format 1, tagged with the feature set's hash): {@link #restore} gives a state
   * that continues bit for bit as this one would. Allocates; not for the per-bar path.
   */
  public byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1_024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(SNAPSHOT_MAGIC);
      out.writeUTF(set.hash());
      out.writeLong(barsSeen);
      out.writeLong(lastTimestamp);
      for (double value : new double[] {high, low, close, volume, lastLogReturn}) {
        out.writeLong(Double.doubleToRawLongBits(value));
      }
      closes.write(out);
      logReturns.write(out);
      volumes.write(out);
      ema.write(out);
      if (referenceEma != ema) {
        referenceEma.write(out);
      }
      macd.write(out);
      if (referenceMacd != macd) {
        referenceMacd.write(out);
      }
      rsi.write(out);
      if (referenceRsi != rsi) {
        referenceRsi.write(out);
      }
      atr.write(out);
      if (referenceAtr != atr) {
        referenceAtr.write(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The state a {@link #snapshot()} of {@code set} recorded. Refuses, with {@link IllegalArgumentException}, a
   * snapshot of another feature set (by hash) or bytes that are not a complete snapshot.
   */
  public static FeatureState restore(FeatureSet set, byte[] snapshot) {
    FeatureState state = set.newState();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      if (in.readInt() != SNAPSHOT_MAGIC) {
        throw new IllegalArgumentException("not a feature state snapshot (format 1)");
      }
      String hash = in.readUTF();
      if (!hash.equals(set.hash())) {
        throw new IllegalArgumentException("snapshot of feature set " + hash + ", not of " + set + " " + set.hash());
      }
      state.barsSeen = in.readLong();
      state.lastTimestamp = in.readLong();
      state.high = Double.longBitsToDouble(in.readLong());
      state.low = Double.longBitsToDouble(in.readLong());
      state.close = Double.longBitsToDouble(in.readLong());
      state.volume = Double.longBitsToDouble(in.readLong());
      state.lastLogReturn = Double.longBitsToDouble(in.readLong());
      state.closes.read(in);
      state.logReturns.read(in);
      state.volumes.read(in);
      state.ema.read(in);
      if (state.referenceEma != state.ema) {
        state.referenceEma.read(in);
      }
      state.macd.read(in);
      if (state.referenceMacd != state.macd) {
        state.referenceMacd.read(in);
      }
      state.rsi.read(in);
      if (state.referenceRsi != state.rsi) {
        state.referenceRsi.read(in);
      }
      state.atr.read(in);
      if (state.referenceAtr != state.atr) {
        state.referenceAtr.read(in);
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("feature state snapshot has trailing bytes");
      }
      if (state.barsSeen < 0 || state.closes.count() != state.barsSeen) {
        throw new IllegalArgumentException("inconsistent feature state snapshot: " + state.barsSeen + " bars, "
            + state.closes.count() + " closes");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated or corrupt feature state snapshot: " + e, e);
    }
    return state;
  }

  private void derive() {
    if (derivedAt == barsSeen) {
      return;
    }
    derivedAt = barsSeen;
    if (barsSeen == 0) {
      Arrays.fill(inputValues, Double.NaN);
      Arrays.fill(referenceValues, Double.NaN);
      return;
    }
    double[] in = inputValues;
    int i = 0;
    for (int lag : logReturnLags) {
      in[i++] = logReturn(lag);
    }
    in[i++] = logReturns.sampleStd(realizedVolBars, logReturns.mean(realizedVolBars));
    double sma = closes.mean(smaBars);
    in[i++] = close / sma - 1.0;
    in[i++] = close / ema.value() - 1.0;
    in[i++] = rsi.value();
    double line = macd.line();
    double signal = macd.signal();
    in[i++] = line / close;
    in[i++] = signal / close;
    in[i++] = (line - signal) / close;
    double middle = bollingerBars == smaBars ? sma : closes.mean(bollingerBars);
    double deviation = closes.populationStd(bollingerBars, middle);
    double upper = middle + bollingerWidth * deviation;
    double lower = middle - bollingerWidth * deviation;
    in[i++] = percentB(close, upper, lower);
    in[i++] = (upper - lower) / middle;
    in[i++] = atr.value() / close;
    in[i++] = volumeZ();
    in[i++] = Double.isNaN(volume) ? 0.0 : 1.0;
    in[i++] = (high - low) / close;
    long localSecond = clock.localSecond(lastTimestamp);
    int dayOfWeek = LocalClock.dayOfWeek(localSecond);
    int minuteOfDay = LocalClock.minuteOfDay(localSecond);
    in[i++] = LocalClock.dayOfWeekSin(dayOfWeek);
    in[i++] = LocalClock.dayOfWeekCos(dayOfWeek);
    in[i++] = LocalClock.minuteOfDaySin(minuteOfDay);
    in[i] = LocalClock.minuteOfDayCos(minuteOfDay);

    double[] ref = referenceValues;
    double referenceSma = smaBars == FeatureSet.REFERENCE_SMA_BARS ? sma : closes.mean(FeatureSet.REFERENCE_SMA_BARS);
    double referenceMiddle;
    double referenceDeviation;
    if (bollingerBars == FeatureSet.REFERENCE_BOLLINGER_BARS) {
      referenceMiddle = middle;
      referenceDeviation = deviation;
    } else {
      referenceMiddle = referenceSma;
      referenceDeviation = closes.populationStd(FeatureSet.REFERENCE_BOLLINGER_BARS, referenceMiddle);
    }
    ref[0] = close;
    ref[1] = referenceSma;
    ref[2] = referenceEma.value();
    ref[3] = referenceRsi.value();
    ref[4] = referenceMacd.line();
    ref[5] = referenceMacd.signal();
    ref[6] = referenceMiddle + FeatureSet.REFERENCE_BOLLINGER_WIDTH * referenceDeviation;
    ref[7] = referenceMiddle - FeatureSet.REFERENCE_BOLLINGER_WIDTH * referenceDeviation;
    ref[8] = referenceAtr.value();
    ref[9] = lastLogReturn;
  }

  /**
   * ln(close[t] / close[t-lag]) of the last bar, NaN before bar {@code lag + 1}: the value of the feature set's
   * {@code logret_<lag>} input when it has one (computed once, by {@link #derive}), else computed here. It is the
   * forward return over {@code lag} bars of the bar {@code lag} bars back, the same expression, so
   * {@link LabeledFeatureStream} takes it from here.
   */
  double logReturnOver(int lag) {
    for (int i = 0; i < logReturnLags.length; i++) {
      if (logReturnLags[i] == lag) {
        derive();
        return inputValues[i];
      }
    }
    return logReturn(lag);
  }

  /** ln(close[t] / close[t-lag]); the one-bar return is the one computed in {@link #apply}. */
  private double logReturn(int lag) {
    if (barsSeen <= lag) {
      return Double.NaN;
    }
    return lag == 1 ? lastLogReturn : StrictMath.log(close / closes.get(lag));
  }

  private static double percentB(double close, double upper, double lower) {
    if (upper == lower) {
      return 0.5;
    }
    return (close - lower) / (upper - lower);
  }

  private double volumeZ() {
    if (!volumes.holds(volumeZBars)) {
      return Double.NaN;
    }
    double mean = volumes.mean(volumeZBars);
    if (Double.isNaN(mean)) {
      return Double.NaN; // an unknown volume in the window: NaN propagates through the sum
    }
    double deviation = volumes.sampleStd(volumeZBars, mean);
    if (deviation == 0.0) {
      return Double.NaN;
    }
    return (volume - mean) / deviation;
  }
}
