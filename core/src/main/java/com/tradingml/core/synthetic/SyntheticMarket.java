package com.tradingml.core.synthetic;

import com.tradingml.core.ingest.ShortestDecimal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * A synthetic multi-symbol market with a planted, known-strength predictable component: the data set
 * with a known answer (DESIGN.md "Synthetic data with a known answer"). The pipeline must recover the
 * component when it is there ({@code signal > 0}) and find nothing when it is not ({@code signal = 0}).
 *
 * <h2>The process, per symbol</h2>
 * Bars t = 0 .. M-1 on a weekday calendar without holidays: {@code 1d} bars at 00:00Z; {@code 1m}
 * bars labelled with the start of their minute, 390 per session from 09:30 to 15:59 America/New_York,
 * in UTC (14:30Z in winter, 13:30Z in summer). A weekend start date begins on the next Monday.
 * <ul>
 *   <li><b>Volatility regime</b> k[t] in {low, high}: a Markov chain, P(low to high) = 1/500 and
 *       P(high to low) = 1/250 per bar, so a third of the bars are high-volatility and regimes last
 *       hundreds of bars. sigma(high) = 3 sigma(low); sigma(low) = base sqrt(3/11), so that the
 *       symbol's base is its long-run RMS volatility: base = 1.2% (1d) or 0.06% (1m) times a
 *       per-symbol factor exp(N(0, 0.25^2)) clipped to [exp(-0.5), exp(0.5)].</li>
 *   <li><b>Return</b>, the planted component. The regime of bar t+1 is drawn first, then
 *       <pre>
 *   r[t+1] = mu[t+1] + sigma[t+1] eps[t+1],   eps i.i.d. N(0, 1)
 *   mu[t+1] = s sigma[t+1] d(k[t+1]) tanh(z[t]),   z[t] = r[t] / sigma[t]
 *       </pre>
 *       with sigma[t] = sigma(k[t]), d(low) = +1 (momentum in calm markets) and d(high) = -1 (mean
 *       reversion in turbulent ones), s = {@link SyntheticMarketSpec#signal()}. The predictable part is
 *       an interaction of the last return with the regime. A linear classifier on (r[t], realized
 *       vol) cannot flip its response to r[t] with the regime: fitted by likelihood it follows the large
 *       high-volatility returns into reversion everywhere and scores below 1/2; on (r[t] / vol, vol) it
 *       bets on momentum everywhere, about a third of the edge. A model with an interaction (an MLP)
 *       can learn all of it, and so can a linear model given both r[t] and r[t] / vol, since
 *       a r + b r / vol changes sign with vol: keep such pairs out of a linear baseline. (Measured at
 *       s = 0.3, 20-bar vol, 600,000 daily bars: Bayes 0.566; logistic on (r, vol) 0.479, on
 *       (r / vol, vol) 0.521, on (r, r / vol) 0.555.) With s = 0 returns are independent, symmetric,
 *       driftless noise.</li>
 *   <li><b>Close</b>: close[t] = exp(log close[-1] + r[0] + ... + r[t]), so the label return
 *       log(close[t+1] / close[t]) <b>is</b> r[t+1] (up to double rounding, ~1e-15, which flips a sign
 *       with probability ~1e-12 per bar). It is the whole close-to-close return, gap included: no
 *       other return (open to close, gap) carries the signal.</li>
 *   <li><b>Open</b>: the previous close inside a {@code 1m} session; at a session open ({@code 1m}) and
 *       for every {@code 1d} bar, previous close x exp(g), g ~ N(0, (0.5 sigma[t])^2), independent of
 *       everything. The gap only splits r[t] between overnight and intraday; it adds no variance.</li>
 *   <li><b>High, low</b>: max(open, close) x exp(0.5 sigma[t] |N|) and min(open, close) x
 *       exp(-0.5 sigma[t] |N|), so low &lt;= open, close &lt;= high and prices stay positive. The range
 *       scales with the regime's volatility (range-based volatility estimators see the regime too).</li>
 *   <li><b>Volume</b>: a per-symbol level (2,000 to 50,000 shares a minute) x, for {@code 1m}, a U-shaped
 *       intraday profile, x lognormal noise (sd 0.5 for 1m, 0.3 for 1d), rounded, at least 1. It
 *       carries no information.</li>
 *   <li>Start: a price in [20, 200), the regime drawn from its long-run law, then 100 bars simulated and
 *       discarded so that (z, regime) at bar 0 already follow the long-run law.</li>
 * </ul>
 *
 * <h2>What can be predicted (the report)</h2>
 * The label at bar t is the sign of log(close[t+h] / close[t]). The <b>Bayes-optimal accuracy</b> is
 * that of the rule which knows the full state at t, (k[t], z[t]), and predicts the more probable sign
 * (the sign of the conditional median). The regime of bar t+1 is not part of that state: it is drawn
 * after t.
 * <ul>
 *   <li>h = 1, exactly: P(up | state) = (1 - q) Phi(a) + q Phi(-a), a = s d(k[t]) tanh(z[t]),
 *       q = q(k[t]) the switch probability, because |mu[t+1]| / sigma[t+1] = s |tanh z[t]| in either
 *       next regime and a switch only flips the direction. The rule predicts sign(d(k[t]) tanh z[t])
 *       (also the sign of the conditional mean) and is right with probability
 *       <pre>   g + q (1 - 2g),   g = Phi(s |tanh z[t]|)</pre>
 *       The report's {@code bayesOptimalAccuracy} is the mean of this over all labelled bars of the
 *       generated data: what the optimal predictor achieves in expectation on this very data set. Its
 *       {@code nextRegimeKnownAccuracy} is the mean of g = Phi(|mu[t+1]| / sigma[t+1]), the accuracy of
 *       an oracle that also knows the next bar's regime; the two differ by the mean of q (2g - 1),
 *       about 4e-4 at s = 0.3. In the long run z[t] follows the stationary law pi of
 *       z' = s tanh(z) + eps (the same in both regimes, because pi is symmetric), independent of the
 *       regime, so the expectation is E_pi[g] (1 - 2/375) + 1/375. pi is not N(0, 1): its variance is
 *       about 1 + s^2 E[tanh^2], which matters visibly for s >= 0.5.</li>
 *   <li>h > 1, Monte Carlo: for at most {@link SyntheticMarketSpec#monteCarloStates()} evenly spaced
 *       labelled states, p = P(up | state) from {@link SyntheticMarketSpec#monteCarloPaths()} simulated
 *       continuations on an independent random stream (see {@link PlantedSignal#estimateForward}), and
 *       the mean of max(p, 1 - p), with a standard error.</li>
 *   <li>The report also gives the realized accuracy of the same rule on the generated labels (a sanity
 *       check), the regime shares and the class balance.</li>
 * </ul>
 * <b>What a model needs to approach the bound</b>: the last 1-bar log return r[t] and an estimate of the
 * current volatility, e.g. the sample standard deviation of the last 20 log returns (or the bar range):
 * the volatility both standardizes r[t] into z[t] and tells the regime, whose sign flips the
 * relation. The bound assumes the regime is known; a model that infers it from 20 bars misjudges it for
 * a few bars after each switch (every ~375 bars on average) and loses a little there. Volume and time
 * of day carry nothing.
 *
 * <h2>Determinism</h2>
 * The output is a pure function of the spec: the same spec gives byte-identical CSV and an identical
 * report, on any JVM and platform. Each symbol has its own {@link java.util.SplittableRandom} streams
 * (returns; bar shape and volume; parameters), seeded by mixing the master seed with the symbol's index,
 * so a symbol's series does not depend on how many symbols there are or on the row order; the Monte
 * Carlo uses another stream. Nothing reads the clock or {@code Math.random}; every transcendental
 * function is {@link StrictMath}.
 *
 * <p>Memory is O(symbols x horizon + monteCarloStates), never O(bars): bars stream to the consumer or
 * the file as they are made. Immutable and thread-safe; every call generates afresh.
 */
public final class SyntheticMarket {

  /** Receives generated rows inside the package; {@link CsvRowWriter} is one. */
  interface RowSink {
    void bar(int symbol, long epochSecond, double open, double high, double low, double close, long volume)
        throws IOException;
  }

  private final SyntheticMarketSpec spec;

  private SyntheticMarket(SyntheticMarketSpec spec) {
    this.spec = spec;
  }

  public static SyntheticMarket of(SyntheticMarketSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException("spec must not be null");
    }
    return new SyntheticMarket(spec);
  }

  public SyntheticMarketSpec spec() {
    return spec;
  }

  /** Streams every bar to {@code bars}, in the spec's row order, and reports on them. */
  public GenerationReport generate(BarConsumer bars) {
    return generate(bars, null);
  }

  /**
   * Streams every bar to {@code bars} and, when {@code latent} is not null, the hidden state behind
   * it just before the bar (for oracles and tests).
   */
  public GenerationReport generate(BarConsumer bars, LatentStateConsumer latent) {
    if (bars == null) {
      throw new IllegalArgumentException("bars consumer must not be null");
    }
    String[] names = symbolNames();
    try {
      return run((symbol, second, open, high, low, close, volume) ->
          bars.accept(names[symbol], second * 1_000_000L, open, high, low, close, volume), latent, names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the CSV to {@code file} (created or replaced) and reports on it. */
  public GenerationReport writeCsv(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      return writeCsv(out);
    }
  }

  /**
   * Writes the CSV to {@code out} (flushed, not closed) and reports on it. See {@link CsvRowWriter} for
   * the format. The stream is written in 1 MiB chunks; do not wrap it in another buffer.
   */
  public GenerationReport writeCsv(OutputStream out) throws IOException {
    String[] names = symbolNames();
    CsvRowWriter writer = new CsvRowWriter(out, names);
    writer.writeHeader();
    GenerationReport report = run(writer, null, names);
    writer.finish();
    return report;
  }

  private String[] symbolNames() {
    String[] names = new String[spec.symbols()];
    for (int i = 0; i < names.length; i++) {
      names[i] = spec.symbolName(i);
    }
    return names;
  }

  private GenerationReport run(RowSink sink, LatentStateConsumer latent, String[] names) throws IOException {
    StateSample sample = spec.horizon() > 1 ? new StateSample(spec) : null;
    SymbolPath[] paths = new SymbolPath[spec.symbols()];
    for (int i = 0; i < paths.length; i++) {
      paths[i] = new SymbolPath(spec, i, sample);
    }
    long bars = spec.barsPerSymbol();
    long first = 0;
    long last = 0;
    if (spec.rowOrder() == RowOrder.TIME_MAJOR) {
      SessionCalendar calendar = new SessionCalendar(spec.timeframe(), spec.startDate());
      for (long t = 0; t < bars; t++) {
        long second = calendar.next();
        boolean sessionStart = calendar.sessionStart();
        int minute = calendar.minuteOfSession();
        for (SymbolPath path : paths) {
          emit(path, t, second, sessionStart, minute, sink, latent);
        }
        first = t == 0 ? second : first;
        last = second;
      }
    } else {
      for (SymbolPath path : paths) {
        SessionCalendar calendar = new SessionCalendar(spec.timeframe(), spec.startDate());
        for (long t = 0; t < bars; t++) {
          long second = calendar.next();
          emit(path, t, second, calendar.sessionStart(), calendar.minuteOfSession(), sink, latent);
          first = t == 0 ? second : first;
          last = second;
        }
      }
    }
    return report(paths, sample, first, last);
  }

  private static void emit(SymbolPath path, long t, long second, boolean sessionStart, int minute, RowSink sink,
      LatentStateConsumer latent) throws IOException {
    path.step(sessionStart, minute);
    if (latent != null) {
      latent.accept(path.name, t, path.inHighRegime(), path.sigma, path.mu, path.logReturn);
    }
    sink.bar(path.index, second, path.open, path.high, path.low, path.close, path.volume);
  }

  private GenerationReport report(SymbolPath[] paths, StateSample sample, long first, long last) {
    long rows = spec.rows();
    long labelled = 0;
    long highBars = 0;
    long ups = 0;
    long hits = 0;
    double bayes = 0.0;
    double nextRegimeKnown = 0.0;
    for (SymbolPath path : paths) {
      labelled += path.labelled;
      highBars += path.highRegimeBars;
      ups += path.ups;
      hits += path.ruleHits;
      bayes += path.bayesAccuracySum;
      nextRegimeKnown += path.nextRegimeKnownSum;
    }
    double accuracy;
    double standardError;
    long states;
    int simulatedPaths;
    double realized;
    double oracle;
    if (sample == null) {
      accuracy = bayes / labelled;
      standardError = 0.0;
      states = labelled;
      simulatedPaths = 0;
      realized = (double) hits / labelled;
      oracle = nextRegimeKnown / labelled;
    } else {
      StateSample.Result result = sample.evaluate(spec);
      accuracy = result.accuracy();
      standardError = result.standardError();
      states = result.states();
      simulatedPaths = result.paths();
      realized = result.realizedRuleAccuracy();
      oracle = Double.NaN;
    }
    double highShare = (double) highBars / rows;
    return new GenerationReport(rows, spec.symbols(), spec.barsPerSymbol(), spec.timeframe(),
        Instant.ofEpochSecond(first), Instant.ofEpochSecond(last), spec.seed(), spec.signal(), spec.horizon(),
        labelled, accuracy, standardError, states, simulatedPaths, oracle, realized, states, 1.0 - highShare,
        highShare, (double) ups / labelled, describeProcess(spec));
  }

  /** The one-paragraph statement of the process and formulas that goes into every report. */
  public static String describeProcess(SyntheticMarketSpec spec) {
    boolean intraday = spec.timeframe().isIntraday();
    String calendar = intraday
        ? "1-minute bars 09:30-15:59 America/New_York on weekdays (390 per session, timestamps in UTC)"
        : "daily bars on weekdays at 00:00Z";
    String accuracy = spec.horizon() == 1
        ? "for h = 1, exactly, the mean over labelled bars of g + q(k[t])(1 - 2g) with g = Phi(s|tanh z[t]|) and "
            + "q(k) the regime's switch probability (the rule predicts sign(d(k[t]) tanh z[t]))"
        : String.format(Locale.ROOT, "for h = %d, the mean of max(p, 1 - p) over at most %d evenly spaced "
            + "labelled states, p = P(up | state) estimated from %d simulated continuations per state on an "
            + "independent random stream (Rao-Blackwellized last bar, Richardson bias correction)",
            spec.horizon(), spec.monteCarloStates(), spec.monteCarloPaths());
    return String.format(Locale.ROOT,
        "%d symbols x %d bars: %s. Per symbol, a two-state Markov volatility regime k (P(low->high) = 1/500, "
            + "P(high->low) = 1/250 per bar, 1/3 of bars high; sigma_high = 3 sigma_low = 3 sqrt(3/11) base, "
            + "base = %s x a per-symbol factor exp(N(0, 0.25^2)) clipped to exp(+-0.5)) drawn before each bar, "
            + "and close-to-close log returns r[t+1] = mu[t+1] + sigma[t+1] eps[t+1], eps i.i.d. N(0, 1), with "
            + "mu[t+1] = s sigma[t+1] d(k[t+1]) tanh(z[t]), z[t] = r[t]/sigma[t], d(low) = +1 (momentum), "
            + "d(high) = -1 (mean reversion), s = %s. close[t] = exp(log close[-1] + r[0] + ... + r[t]), so "
            + "log(close[t+1]/close[t]) = r[t+1], gap included; open = previous close within a session, "
            + "previous close x exp(N(0, (0.5 sigma)^2)) at a session open (a split of r, no extra variance); "
            + "high/low = max/min(open, close) x exp(+-0.5 sigma |N|); volume lognormal%s, uninformative. "
            + "Label: sign of log(close[t+h]/close[t]), h = %d. Bayes-optimal accuracy given the state at t "
            + "(k[t], z[t]): %s. A model approaches it with the 1-bar log return and a realized volatility "
            + "(e.g. the 20-bar standard deviation of log returns); the bound assumes the regime is known. "
            + "Seed %d; deterministic (SplittableRandom per symbol, StrictMath).",
        spec.symbols(), spec.barsPerSymbol(), calendar, intraday ? "0.06%" : "1.2%",
        ShortestDecimal.toString(spec.signal()), intraday ? " with an intraday U-shaped profile" : "",
        spec.horizon(), accuracy, spec.seed());
  }

  /** The SplitMix64 finalizer: spreads a seed's bits so that neighbouring seeds give unrelated streams. */
  static long mix64(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }
}
