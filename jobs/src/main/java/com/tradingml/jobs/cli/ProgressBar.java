package com.tradingml.jobs.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with rate and ETA on stderr, drawn only when a person is watching (a
 * terminal); in logs and pipes it stays silent so output remains clean. Throttled to 5 redraws/s.
 */
final class ProgressBar implements AutoCloseable {

  private final String label;
  private final PrintStream err;
  private final boolean enabled;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;
  private boolean drawn;

  ProgressBar(String label) {
    this(label, System.err, System.console() != null && System.getenv("TERM") != null
        && !"dumb".equals(System.getenv("TERM")));
  }

  ProgressBar(String label, PrintStream err, boolean enabled) {
    this.label = label;
    this.err = err;
    this.enabled = enabled;
  }

  /** {@code done} of {@code total} units (bytes); rate shown in MB/s. */
  synchronized void update(long done, long total) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDrawNanos < 200_000_000L && done < total) {
      return;
    }
    lastDrawNanos = now;
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
    double rate = done / seconds;
    double eta = rate <= 0 ? 0 : (total - done) / rate;
    int width = 30;
    int filled = (int) Math.round(fraction * width);
    String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
    err.printf(Locale.ROOT, "\r%s [%s] %3.0f%% %6.1f MB/s ETA %3.0fs", label, bar, fraction * 100, rate / 1e6, eta);
    err.flush();
    drawn = true;
  }

  @Override
  public synchronized void close() {
    if (drawn) {
      err.println();
    }
  }
}
