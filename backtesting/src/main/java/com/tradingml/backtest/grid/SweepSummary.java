package com.tradingml.backtest.grid;

import com.tradingml.backtest.stats.DeflatedSharpe;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a sweep found: every trial by index, the best one and how much to believe it.
 *
 * <ul>
 *   <li><b>Best</b>: the highest {@link SweepMetric#SHARPE} (annualized; every trial has the same periods per year,
 *       so this is also the highest per-period Sharpe ratio); ties go to the lowest index; trials with an
 *       undefined Sharpe ratio (no variation in equity: never traded) are never best. Empty when none is defined.
 *   <li><b>Deflated Sharpe Ratio</b> of the best ({@link DeflatedSharpe}): N = every trial run (skipped grid points
 *       excluded), V = the sample variance of the defined per-period Sharpe ratios ({@link SweepMetric#SHARPE_PER_PERIOD}),
 *       and the best's per-period Sharpe ratio, number of returns ({@link SweepMetric#PERIODS}), skewness and
 *       kurtosis. Counting every grid point as an independent trial over-counts correlated neighbours: the DSR is
 *       conservative.
 * </ul>
 * Immutable and thread-safe.
 */
public final class SweepSummary {

  private final List<SweepTrial> trials;
  private final SweepTrial best;
  private final DeflatedSharpe.Estimate deflated;

  private SweepSummary(List<SweepTrial> trials, SweepTrial best, DeflatedSharpe.Estimate deflated) {
    this.trials = trials;
    this.best = best;
    this.deflated = deflated;
  }

  /** The summary of {@code trials} (any order; their indexes must be distinct). */
  public static SweepSummary of(List<SweepTrial> trials) {
    List<SweepTrial> sorted = new ArrayList<>(trials);
    sorted.sort(Comparator.comparingInt(t -> t.configuration().index()));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).configuration().index() == sorted.get(i - 1).configuration().index()) {
        throw new IllegalArgumentException("two trials with index " + sorted.get(i).configuration().index());
      }
    }
    SweepTrial best = null;
    List<Double> sharpes = new ArrayList<>();
    for (SweepTrial trial : sorted) {
      double sharpe = trial.sharpe();
      if (!Double.isNaN(sharpe) && (best == null || sharpe > best.sharpe())) {
        best = trial;
      }
      double perPeriod = trial.value(SweepMetric.SHARPE_PER_PERIOD);
      if (Double.isFinite(perPeriod)) {
        sharpes.add(perPeriod);
      }
    }
    DeflatedSharpe.Estimate deflated = null;
    if (best != null) {
      double variance = sharpes.isEmpty() ? 0
          : DeflatedSharpe.sampleVariance(sharpes.stream().mapToDouble(Double::doubleValue).toArray());
      deflated = DeflatedSharpe.deflated(best.value(SweepMetric.SHARPE_PER_PERIOD),
          (long) best.value(SweepMetric.PERIODS), best.value(SweepMetric.SKEWNESS), best.value(SweepMetric.KURTOSIS),
          sorted.size(), variance);
    }
    return new SweepSummary(List.copyOf(sorted), best, deflated);
  }

  /** Every trial, by index. */
  public List<SweepTrial> trials() {
    return trials;
  }

  public Optional<SweepTrial> best() {
    return Optional.ofNullable(best);
  }

  /** The best's Deflated Sharpe Ratio, with its inputs; empty without a best. */
  public Optional<DeflatedSharpe.Estimate> deflatedSharpe() {
    return Optional.ofNullable(deflated);
  }

  /**
   * Ordered JSON data: {@code trials}, {@code best} ({@code index}, {@code parameters}, {@code metrics}) and
   * {@code deflatedSharpe} (null when no trial has a defined Sharpe ratio).
   */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("trials", trials.size());
    if (best == null) {
      out.put("best", null);
      out.put("deflatedSharpe", null);
    } else {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("index", best.configuration().index());
      b.put("parameters", best.configuration().parameters());
      b.put("metrics", best.metrics());
      out.put("best", b);
      out.put("deflatedSharpe", deflated.toMap());
    }
    return out;
  }
}
