package com.tradingml.core.features;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A named, versioned list of features with their parameters: the one definition of the model inputs that
 * the batch job (Spark, through {@link LabeledFeatureStream}) and the serving service (through
 * {@link FeatureState}) both compute, so that they cannot disagree.
 *
 * <p>Immutable and thread-safe. A set is identified by its {@link #hash()}, the SHA-256 of its canonical
 * {@link #description()}: the input and reference columns with their definitions and parameters, the
 * time zone, the set's version and {@link #DEFINITIONS_VERSION}. Features tables and model cards record
 * the hash; a model is only served with features whose hash matches.
 *
 * <h2>Inputs (in this order, with {@code core_v1}'s parameters)</h2>
 * All prices are the bar's; {@code t} is the current bar, {@code t-k} the bar k bars earlier in the
 * symbol's own series (gaps are not filled: "k bars", never "k days"). A value is NaN until the symbol has
 * seen enough bars ({@link #barsNeeded(String)}) and where stated below.
 * <ul>
 *   <li>{@code logret_1}, {@code logret_5}, {@code logret_20}: {@code ln(close[t] / close[t-k])}.
 *   <li>{@code realized_vol_20}: SAMPLE standard deviation (divisor n - 1) of the last 20 one-bar log
 *       returns (needs 21 bars).
 *   <li>{@code sma_20_dist} = close / SMA(20) - 1; {@code ema_20_dist} = close / EMA(20) - 1.
 *   <li>{@code rsi_14}: Wilder's RSI of close changes, in [0, 100]: average gain and loss start as the simple
 *       mean of the first 14 changes, then {@code avg = (avg * 13 + x) / 14}; {@code 100 - 100 / (1 + RS)},
 *       100 when the average loss is 0, and 50 when both averages are 0 (a flat series: neither up nor down;
 *       ta4j returns 0 there).
 *   <li>{@code macd_12_26_rel}, {@code macd_signal_9_rel}, {@code macd_hist_rel}: MACD line = EMA(12) -
 *       EMA(26) of close, signal = EMA(9) of the line (seeded with the mean of the first 9 line values, so
 *       first defined at bar 26 + 9 - 1 = 34), histogram = line - signal; each divided by close, so that
 *       they are scale-free across symbols. The raw line and signal are reference columns.
 *   <li>{@code bb_pct_b_20_2} = (close - lower) / (upper - lower), 0.5 when upper == lower (a flat
 *       window: close sits on the middle band); {@code bb_bandwidth_20_2} = (upper - lower) / middle;
 *       middle = SMA(20), bands = middle +- 2 * POPULATION standard deviation (divisor n) of the last 20
 *       closes (Bollinger's convention, and ta4j's).
 *   <li>{@code atr_14_rel} = ATR(14) / close; true range TR = max(high - low, |high - previous close|,
 *       |low - previous close|), on the first bar high - low; ATR starts as the simple mean of the first 14
 *       TR (first bar included) and continues as {@code (atr * 13 + TR) / 14}.
 *   <li>{@code volume_z_20} = (volume - mean) / SAMPLE standard deviation of the last 20 volumes (this bar
 *       included); NaN when any of those volumes is unknown or the standard deviation is 0.
 *       {@code volume_known}: 1.0 when this bar's volume is known, else 0.0, so that a model can use
 *       volume where a source has it.
 *   <li>{@code range_rel} = (high - low) / close.
 *   <li>{@code dow_sin}, {@code dow_cos}: sin / cos of 2 pi d / 7, d = day of week in the set's time zone
 *       (Monday = 0 ... Sunday = 6); {@code tod_sin}, {@code tod_cos}: sin / cos of 2 pi m / 1440, m =
 *       minute of day in that zone ({@code core_v1}: America/New_York, daylight saving time included).
 *       Note that a daily bar labelled {@code 00:00Z} is 19:00 or 20:00 of the previous day in New York.
 * </ul>
 *
 * <h2>Conventions shared by the definitions</h2>
 * EMA(n): alpha = 2 / (n + 1), SEEDED with the simple mean of the first n values (TA-Lib / StockCharts),
 * first defined at the n-th value; ta4j seeds with the first value instead, a difference that decays by
 * (1 - alpha) per bar. Logarithms, sines and cosines are {@link StrictMath}'s, so every feature is the same
 * double on every JVM and platform (Java 17 arithmetic is strict): the batch job and the serving service
 * agree to the bit, not just within a tolerance. Window statistics are recomputed each bar from the window
 * (two passes), never from running sums.
 *
 * <h2>References</h2>
 * {@link #referenceColumns()} are classic indicator values, always with the standard parameters below
 * whatever the set's own parameters: not model inputs, but stored beside them so that the features table
 * can be checked against an independent library (ta4j) and read by a person.
 */
public final class FeatureSet {

  /**
   * Revision of the Java definitions behind the column names. Bump it whenever a change to this package
   * changes any computed value (not only a parameter): the hash changes, and every model trained on the
   * old values is refused by the serving side.
   */
  public static final int DEFINITIONS_VERSION = 1;

  /** The name of {@link #defaultSet()}. */
  public static final String CORE_V1 = "core_v1";

  private static final List<String> REFERENCE_COLUMNS = List.of("close", "sma_20", "ema_20", "rsi_14", "macd_12_26",
      "macd_signal_9", "bb_upper_20_2", "bb_lower_20_2", "atr_14", "logret_1");

  // The references' parameters: fixed, whatever the set's own (see the class comment).
  static final int REFERENCE_SMA_BARS = 20;
  static final int REFERENCE_EMA_BARS = 20;
  static final int REFERENCE_RSI_BARS = 14;
  static final int REFERENCE_MACD_FAST = 12;
  static final int REFERENCE_MACD_SLOW = 26;
  static final int REFERENCE_MACD_SIGNAL = 9;
  static final int REFERENCE_BOLLINGER_BARS = 20;
  static final double REFERENCE_BOLLINGER_WIDTH = 2.0;
  static final int REFERENCE_ATR_BARS = 14;

  /** Longest accepted window or period: longer ones are almost always a typo, and cost memory per symbol. */
  public static final int MAX_BARS = 10_000;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private static final FeatureSet CORE_V1_SET = builder(CORE_V1, 1).build();

  /**
   * {@code core_v1}'s features with the calendar in UTC: for daily bars stamped at 00:00Z of the trading
   * date (the DJ30 data), whose day of week New York time would put on the evening before.
   */
  public static final String CORE_V1_UTC = "core_v1_utc";

  private static final FeatureSet CORE_V1_UTC_SET = builder(CORE_V1_UTC, 1).timeZone("UTC").build();

  private static final Map<String, FeatureSet> KNOWN = Map.of(CORE_V1, CORE_V1_SET, CORE_V1_UTC, CORE_V1_UTC_SET);

  private final String name;
  private final int version;
  private final int definitionsVersion;
  private final ZoneId timeZone;
  private final int[] logReturnLags;
  private final int realizedVolBars;
  private final int smaBars;
  private final int emaBars;
  private final int rsiBars;
  private final int macdFast;
  private final int macdSlow;
  private final int macdSignal;
  private final int bollingerBars;
  private final double bollingerWidth;
  private final int atrBars;
  private final int volumeZBars;
  private final int volumeZIndex;

  private final List<String> inputColumns;
  private final Map<String, Integer> barsNeeded;
  private final int warmupBars;
  private final String description;
  private final String hash;

  private FeatureSet(Builder b) {
    name = b.name;
    version = b.version;
    definitionsVersion = b.definitionsVersion;
    timeZone = b.timeZone;
    logReturnLags = b.logReturnLags.clone();
    realizedVolBars = b.realizedVolBars;
    smaBars = b.smaBars;
    emaBars = b.emaBars;
    rsiBars = b.rsiBars;
    macdFast = b.macdFast;
    macdSlow = b.macdSlow;
    macdSignal = b.macdSignal;
    bollingerBars = b.bollingerBars;
    bollingerWidth = b.bollingerWidth;
    atrBars = b.atrBars;
    volumeZBars = b.volumeZBars;

    Map<String, String> inputs = new LinkedHashMap<>();
    Map<String, Integer> needed = new LinkedHashMap<>();
    for (int lag : logReturnLags) {
      put(inputs, needed, "logret_" + lag, "ln(close[t] / close[t-" + lag + "])", lag + 1);
    }
    put(inputs, needed, "realized_vol_" + realizedVolBars, "sample standard deviation (divisor n - 1) of the last "
        + realizedVolBars + " one-bar log returns", realizedVolBars + 1);
    put(inputs, needed, "sma_" + smaBars + "_dist", "close / SMA(" + smaBars + ") - 1", smaBars);
    put(inputs, needed, "ema_" + emaBars + "_dist", "close / EMA(" + emaBars + ") - 1", emaBars);
    put(inputs, needed, "rsi_" + rsiBars, "RSI(" + rsiBars + ") of close", rsiBars + 1);
    int macdBars = macdSlow + macdSignal - 1;
    put(inputs, needed, "macd_" + macdFast + "_" + macdSlow + "_rel",
        "(EMA(" + macdFast + ") - EMA(" + macdSlow + ")) / close", macdSlow);
    put(inputs, needed, "macd_signal_" + macdSignal + "_rel", "EMA(" + macdSignal + ") of the MACD line / close",
        macdBars);
    put(inputs, needed, "macd_hist_rel", "(MACD(" + macdFast + ", " + macdSlow + ") line - its EMA(" + macdSignal
        + ") signal) / close", macdBars);
    String bands = bollingerBars + "_" + columnToken(bollingerWidth);
    String bandsText = "bands SMA(" + bollingerBars + ") +- " + plain(bollingerWidth)
        + " * population standard deviation (divisor n) of the last " + bollingerBars + " closes";
    put(inputs, needed, "bb_pct_b_" + bands, "(close - lower) / (upper - lower), 0.5 if upper == lower; "
        + bandsText, bollingerBars);
    put(inputs, needed, "bb_bandwidth_" + bands, "(upper - lower) / middle; " + bandsText, bollingerBars);
    put(inputs, needed, "atr_" + atrBars + "_rel", "ATR(" + atrBars + ") / close", atrBars);
    put(inputs, needed, "volume_z_" + volumeZBars, "(volume - mean) / sample standard deviation (divisor n - 1) of"
        + " the last " + volumeZBars + " volumes; NaN if any is unknown or the deviation is 0", volumeZBars);
    put(inputs, needed, "volume_known", "1 if the volume is known, else 0", 1);
    put(inputs, needed, "range_rel", "(high - low) / close", 1);
    put(inputs, needed, "dow_sin", "sin(2 pi d / 7), d = day of week in the time zone, Monday = 0", 1);
    put(inputs, needed, "dow_cos", "cos(2 pi d / 7)", 1);
    put(inputs, needed, "tod_sin", "sin(2 pi m / 1440), m = minute of day in the time zone", 1);
    put(inputs, needed, "tod_cos", "cos(2 pi m / 1440)", 1);
    inputColumns = List.copyOf(inputs.keySet());
    volumeZIndex = inputColumns.indexOf("volume_z_" + volumeZBars);

    Map<String, String> references = new LinkedHashMap<>();
    Map<String, Integer> referenceNeeded = new LinkedHashMap<>();
    put(references, referenceNeeded, "close", "close", 1);
    put(references, referenceNeeded, "sma_20", "SMA(20) of close", REFERENCE_SMA_BARS);
    put(references, referenceNeeded, "ema_20", "EMA(20) of close", REFERENCE_EMA_BARS);
    put(references, referenceNeeded, "rsi_14", "RSI(14) of close", REFERENCE_RSI_BARS + 1);
    put(references, referenceNeeded, "macd_12_26", "EMA(12) - EMA(26) of close", REFERENCE_MACD_SLOW);
    put(references, referenceNeeded, "macd_signal_9", "EMA(9) of the MACD(12, 26) line",
        REFERENCE_MACD_SLOW + REFERENCE_MACD_SIGNAL - 1);
    put(references, referenceNeeded, "bb_upper_20_2", "SMA(20) + 2 * population standard deviation of 20 closes",
        REFERENCE_BOLLINGER_BARS);
    put(references, referenceNeeded, "bb_lower_20_2", "SMA(20) - 2 * population standard deviation of 20 closes",
        REFERENCE_BOLLINGER_BARS);
    put(references, referenceNeeded, "atr_14", "ATR(14)", REFERENCE_ATR_BARS);
    put(references, referenceNeeded, "logret_1", "ln(close[t] / close[t-1])", 2);
    if (!List.copyOf(references.keySet()).equals(REFERENCE_COLUMNS)) {
      throw new IllegalStateException("reference definitions out of step with referenceColumns()");
    }
    int warmup = 1;
    for (int n : needed.values()) {
      warmup = Math.max(warmup, n);
    }
    for (int n : referenceNeeded.values()) {
      warmup = Math.max(warmup, n);
    }
    warmupBars = warmup;
    Map<String, Integer> allNeeded = new LinkedHashMap<>(referenceNeeded);
    allNeeded.putAll(needed);
    barsNeeded = Map.copyOf(allNeeded);

    StringBuilder text = new StringBuilder();
    text.append("feature set ").append(name).append(", version ").append(version)
        .append(", definitions ").append(definitionsVersion).append('\n');
    text.append("time zone: ").append(timeZone.getId()).append('\n');
    text.append("inputs (").append(inputs.size()).append("), in order:\n");
    inputs.forEach((column, definition) -> text.append("  ").append(column).append(" [bars ")
        .append(needed.get(column)).append("]: ").append(definition).append('\n'));
    text.append("references (").append(references.size()).append("), in order:\n");
    references.forEach((column, definition) -> text.append("  ").append(column).append(" [bars ")
        .append(referenceNeeded.get(column)).append("]: ").append(definition).append('\n'));
    text.append("conventions:\n")
        .append("  EMA(n): alpha = 2 / (n + 1), seeded with the mean of the first n values, defined from the n-th\n")
        .append("  Wilder(n): first value = mean of the first n inputs, then (previous * (n - 1) + x) / n\n")
        .append("  RSI(n): 100 - 100 / (1 + Wilder(n) of gains / Wilder(n) of losses of close changes);"
            + " 100 if the loss average is 0, 50 if both are 0\n")
        .append("  ATR(n): Wilder(n) of true range max(high - low, |high - previous close|, |low - previous close|);"
            + " first bar: high - low\n")
        .append("  MACD signal: EMA of the MACD line values, seeded with the mean of its first values\n")
        .append("  window statistics: recomputed from the window each bar, mean first, then squared deviations\n")
        .append("  ln, sin, cos: java.lang.StrictMath; bar counts are bars of the symbol's own series\n");
    text.append("warm-up bars: ").append(warmupBars).append('\n');
    description = text.toString();
    hash = sha256Hex(description);
  }

  private static void put(Map<String, String> definitions, Map<String, Integer> needed, String column,
      String definition, int bars) {
    if (definitions.putIfAbsent(column, definition) != null) {
      throw new IllegalArgumentException("duplicate column " + column);
    }
    needed.put(column, bars);
  }

  /** {@code core_v1}, version 1: the inputs listed in the class comment, time zone America/New_York. */
  public static FeatureSet defaultSet() {
    return CORE_V1_SET;
  }

  /** A known set by name; unknown names are refused with the list of known ones. */
  public static FeatureSet named(String name) {
    FeatureSet set = KNOWN.get(name);
    if (set == null) {
      throw new IllegalArgumentException("unknown feature set '" + name + "'; known: " + knownNames());
    }
    return set;
  }

  /** Names {@link #named} accepts, sorted. */
  public static List<String> knownNames() {
    List<String> names = new ArrayList<>(KNOWN.keySet());
    names.sort(null);
    return List.copyOf(names);
  }

  /**
   * A builder for a variant set, starting from {@code core_v1}'s parameters (for research: a variant is
   * distinguished from {@code core_v1} by its name, version and hash).
   */
  public static Builder builder(String name, int version) {
    return new Builder(name, version);
  }

  /** A builder holding this set's parameters, to vary some of them. */
  public Builder toBuilder() {
    Builder b = new Builder(name, version);
    b.definitionsVersion = definitionsVersion;
    b.timeZone = timeZone;
    b.logReturnLags = logReturnLags.clone();
    b.realizedVolBars = realizedVolBars;
    b.smaBars = smaBars;
    b.emaBars = emaBars;
    b.rsiBars = rsiBars;
    b.macdFast = macdFast;
    b.macdSlow = macdSlow;
    b.macdSignal = macdSignal;
    b.bollingerBars = bollingerBars;
    b.bollingerWidth = bollingerWidth;
    b.atrBars = atrBars;
    b.volumeZBars = volumeZBars;
    return b;
  }

  public String name() {
    return name;
  }

  public int version() {
    return version;
  }

  /** Model input column names, in the order {@link FeatureState#inputs} writes them. */
  public List<String> inputColumns() {
    return inputColumns;
  }

  /**
   * Prepares feature inputs for a model, the same way in training and serving: the volume z-score is
   * NaN whenever a volume in its window is unknown (close-only sources), and {@code volume_known}
   * already tells the model so; it becomes 0, its mean by construction. Every other NaN stays NaN: a
   * model input that is undefined after warm-up is a data problem, and the trading path fails closed
   * on it (RELIABILITY.md R8). Returns whether every input is finite afterwards.
   */
  public boolean prepareModelInputs(double[] inputs) {
    if (volumeZIndex >= 0 && Double.isNaN(inputs[volumeZIndex])) {
      inputs[volumeZIndex] = 0.0;
    }
    for (double value : inputs) {
      if (!Double.isFinite(value)) {
        return false;
      }
    }
    return true;
  }

  /** Position of an input column in {@link #inputColumns()}, or -1. */
  public int inputIndex(String column) {
    return inputColumns.indexOf(column);
  }

  /**
   * Exactly {@code close, sma_20, ema_20, rsi_14, macd_12_26, macd_signal_9, bb_upper_20_2, bb_lower_20_2,
   * atr_14, logret_1}: raw indicator values with standard parameters, for checking and reading, never
   * model inputs.
   */
  public static List<String> referenceColumns() {
    return REFERENCE_COLUMNS;
  }

  /**
   * Bars a symbol needs before every input and reference is defined: the largest {@link #barsNeeded}
   * (core_v1: 34, for the MACD signal). Values can still be NaN after it where the data makes them so
   * (unknown volume, a zero deviation), never for lack of history.
   */
  public int warmupBars() {
    return warmupBars;
  }

  /** Bars of history (this bar included) from which an input or reference column is defined. */
  public int barsNeeded(String column) {
    Integer bars = barsNeeded.get(column);
    if (bars == null) {
      throw new IllegalArgumentException("no column '" + column + "' in feature set " + name + "; inputs: "
          + inputColumns + ", references: " + REFERENCE_COLUMNS);
    }
    return bars;
  }

  /** The zone of the calendar features (day of week, time of day). */
  public ZoneId timeZone() {
    return timeZone;
  }

  /** Lowercase hex SHA-256 of the UTF-8 {@link #description()}; the same in every run and JVM. */
  public String hash() {
    return hash;
  }

  /** The canonical, human-readable description that {@link #hash()} digests. */
  public String description() {
    return description;
  }

  /** Fresh online state for one symbol. */
  public FeatureState newState() {
    return new FeatureState(this);
  }

  int[] logReturnLags() {
    return logReturnLags.clone();
  }

  int realizedVolBars() {
    return realizedVolBars;
  }

  int smaBars() {
    return smaBars;
  }

  int emaBars() {
    return emaBars;
  }

  int rsiBars() {
    return rsiBars;
  }

  int macdFast() {
    return macdFast;
  }

  int macdSlow() {
    return macdSlow;
  }

  int macdSignal() {
    return macdSignal;
  }

  int bollingerBars() {
    return bollingerBars;
  }

  double bollingerWidth() {
    return bollingerWidth;
  }

  int atrBars() {
    return atrBars;
  }

  int volumeZBars() {
    return volumeZBars;
  }

  /** Sets are equal when their canonical descriptions are. */
  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureSet set && description.equals(set.description);
  }

  @Override
  public int hashCode() {
    return description.hashCode();
  }

  @Override
  public String toString() {
    return name + " v" + version + " (" + hash.substring(0, 12) + ")";
  }

  /** Exact decimal value without trailing zeros: the same text on every JDK (unlike Double.toString). */
  static String plain(double value) {
    return new BigDecimal(value).stripTrailingZeros().toPlainString();
  }

  /** {@link #plain} made safe for a column name (no dot: Spark and Iceberg read dots as nesting). */
  static String columnToken(double value) {
    return plain(value).replace('.', 'p');
  }

  private static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Builds a {@link FeatureSet}; starts from {@code core_v1}'s parameters; {@link #build()} validates and
   * names the bad value.
   */
  public static final class Builder {

    private final String name;
    private final int version;
    private int definitionsVersion = DEFINITIONS_VERSION;
    private ZoneId timeZone = ZoneId.of("America/New_York");
    private int[] logReturnLags = {1, 5, 20};
    private int realizedVolBars = 20;
    private int smaBars = 20;
    private int emaBars = 20;
    private int rsiBars = 14;
    private int macdFast = 12;
    private int macdSlow = 26;
    private int macdSignal = 9;
    private int bollingerBars = 20;
    private double bollingerWidth = 2.0;
    private int atrBars = 14;
    private int volumeZBars = 20;

    private Builder(String name, int version) {
      this.name = name;
      this.version = version;
    }

    /** For tests of the hash: a set as a different revision of the definitions would describe it. */
    Builder definitionsVersion(int definitionsVersion) {
      this.definitionsVersion = definitionsVersion;
      return this;
    }

    public Builder timeZone(ZoneId timeZone) {
      this.timeZone = timeZone;
      return this;
    }

    public Builder timeZone(String zoneId) {
      try {
        this.timeZone = ZoneId.of(zoneId);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("unknown time zone '" + zoneId + "'", e);
      }
      return this;
    }

    /** Lags k of the {@code logret_k} inputs: strictly increasing, each >= 1. */
    public Builder logReturnLags(int... lags) {
      this.logReturnLags = lags == null ? null : lags.clone();
      return this;
    }

    public Builder realizedVolBars(int bars) {
      this.realizedVolBars = bars;
      return this;
    }

    public Builder smaBars(int bars) {
      this.smaBars = bars;
      return this;
    }

    public Builder emaBars(int bars) {
      this.emaBars = bars;
      return this;
    }

    public Builder rsiBars(int bars) {
      this.rsiBars = bars;
      return this;
    }

    public Builder macd(int fast, int slow, int signal) {
      this.macdFast = fast;
      this.macdSlow = slow;
      this.macdSignal = signal;
      return this;
    }

    public Builder bollinger(int bars, double width) {
      this.bollingerBars = bars;
      this.bollingerWidth = width;
      return this;
    }

    public Builder atrBars(int bars) {
      this.atrBars = bars;
      return this;
    }

    public Builder volumeZBars(int bars) {
      this.volumeZBars = bars;
      return this;
    }

    public FeatureSet build() {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "feature set name must match " + NAME.pattern() + " (a table-name suffix), got '" + name + "'");
      }
      if (version < 1) {
        throw new IllegalArgumentException("feature set version must be >= 1, got " + version);
      }
      if (definitionsVersion < 1) {
        throw new IllegalArgumentException("definitions version must be >= 1, got " + definitionsVersion);
      }
      if (timeZone == null) {
        throw new IllegalArgumentException("time zone must not be null");
      }
      if (logReturnLags == null || logReturnLags.length == 0) {
        throw new IllegalArgumentException("at least one log-return lag is needed, got "
            + Arrays.toString(logReturnLags));
      }
      for (int i = 0; i < logReturnLags.length; i++) {
        checkBars("log-return lag", logReturnLags[i], 1);
        if (i > 0 && logReturnLags[i] <= logReturnLags[i - 1]) {
          throw new IllegalArgumentException("log-return lags must be strictly increasing, got "
              + Arrays.toString(logReturnLags));
        }
      }
      checkBars("realized volatility bars", realizedVolBars, 2);
      checkBars("SMA bars", smaBars, 1);
      checkBars("EMA bars", emaBars, 1);
      checkBars("RSI bars", rsiBars, 1);
      checkBars("MACD fast bars", macdFast, 1);
      checkBars("MACD slow bars", macdSlow, 2);
      checkBars("MACD signal bars", macdSignal, 1);
      if (macdFast >= macdSlow) {
        throw new IllegalArgumentException(
            "MACD fast bars must be below slow bars, got fast " + macdFast + ", slow " + macdSlow);
      }
      checkBars("Bollinger bars", bollingerBars, 2);
      if (!(bollingerWidth > 0) || !Double.isFinite(bollingerWidth)) {
        throw new IllegalArgumentException("Bollinger width must be finite and > 0, got " + bollingerWidth);
      }
      checkBars("ATR bars", atrBars, 1);
      checkBars("volume z-score bars", volumeZBars, 2);
      return new FeatureSet(this);
    }

    private static void checkBars(String what, int bars, int min) {
      if (bars < min || bars > MAX_BARS) {
        throw new IllegalArgumentException(what + " must be in [" + min + ", " + MAX_BARS + "], got " + bars);
      }
    }
  }
}
