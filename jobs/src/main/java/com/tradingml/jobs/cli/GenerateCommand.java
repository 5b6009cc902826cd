package com.tradingml.jobs.cli;

import com.tradingml.core.synthetic.GenerationReport;
import com.tradingml.core.synthetic.RowOrder;
import com.tradingml.core.synthetic.SyntheticMarket;
import com.tradingml.core.synthetic.SyntheticMarketSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pipeline generate}: deterministic synthetic bars with a planted signal of known strength, and
 * the Bayes-optimal accuracy of predicting the sign of the forward h-bar return (DESIGN.md "Synthetic
 * data with a known answer").
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Write synthetic OHLCV bars (GBM with volatility regimes, intraday volume profile) with a planted,",
        "documented predictable component; report the Bayes-optimal accuracy for the sign of the h-bar return.",
        "--signal 0 gives pure noise (Bayes accuracy 0.5)."})
final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--symbols", defaultValue = "10", description = "Number of symbols (default ${DEFAULT-VALUE}).")
  int symbols;

  @Option(names = "--bars", required = true, description = "Bars per symbol.")
  long bars;

  @Option(names = "--timeframe", defaultValue = "1m", description = "1m (NY session, 390 bars/day) or 1d (default ${DEFAULT-VALUE}).")
  String timeframe;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed: same seed, same bytes (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--signal", defaultValue = "0.3", description = "Strength of the planted component, 0 = pure noise (default ${DEFAULT-VALUE}).")
  double signal;

  @Option(names = "--horizon", defaultValue = "1", description = "Label horizon h in bars for the Bayes accuracy (default ${DEFAULT-VALUE}).")
  int horizon;

  @Option(names = "--start", description = "First session date (default 2024-01-02).")
  LocalDate start;

  @Option(names = "--symbol-major", description = "Write all bars of one symbol before the next (default: time order, symbols interleaved).")
  boolean symbolMajor;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV file to write.")
  Path out;

  @Option(names = "--json", description = "Print one JSON summary object as the last line of stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    SyntheticMarketSpec.Builder builder = SyntheticMarketSpec.builder()
        .symbols(symbols).barsPerSymbol(bars).timeframe(timeframe).seed(seed).signal(signal).horizon(horizon)
        .rowOrder(symbolMajor ? RowOrder.SYMBOL_MAJOR : RowOrder.TIME_MAJOR);
    if (start != null) {
      builder.startDate(start);
    }
    long started = System.nanoTime();
    GenerationReport report = SyntheticMarket.of(builder.build()).writeCsv(out);
    double seconds = (System.nanoTime() - started) / 1e9;
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      java.util.Map<String, Object> summary = new java.util.LinkedHashMap<>(report.toMap());
      summary.put("out", out.toAbsolutePath().toString());
      summary.put("seconds", Math.round(seconds * 1000) / 1000.0);
      JsonSummary.print(stdout, summary);
    } else {
      stdout.printf(Locale.ROOT, "wrote %,d bars (%d symbols x %,d %s bars) to %s in %.2fs%n", report.rows(),
          report.symbols(), report.barsPerSymbol(), report.timeframe(), out, seconds);
      stdout.printf(Locale.ROOT, "Bayes-optimal accuracy for the sign of the %d-bar forward return: %.4f (s.e. %.4f);"
          + " signal %s%n", report.horizon(), report.bayesOptimalAccuracy(), report.bayesOptimalStandardError(),
          report.signal());
      stdout.println(report.process());
      stdout.flush();
    }
    return PipelineCli.EXIT_OK;
  }
}
