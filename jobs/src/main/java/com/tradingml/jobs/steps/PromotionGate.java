package com.tradingml.jobs.steps;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a candidate may replace production (issue 7): its out-of-sample backtest Sharpe must not be
 * worse than production's by more than {@code maxSharpeShortfall}, its max drawdown must stay within
 * {@code maxDrawdown} (a positive fraction, e.g. 0.25 = 25%), and its test ROC AUC must reach
 * {@code minTestAuc}, and its Sharpe must reach {@code minSharpe} (a model that loses money out of
 * sample is never promoted, even when there is no production to compare with). Pure.
 */
public record PromotionGate(double maxSharpeShortfall, double maxDrawdown, double minTestAuc, double minSharpe) {

  public PromotionGate {
    if (!(maxSharpeShortfall >= 0) || !(maxDrawdown > 0 && maxDrawdown <= 1) || !(minTestAuc >= 0 && minTestAuc <= 1)) {
      throw new IllegalArgumentException("gate limits out of range: sharpe shortfall " + maxSharpeShortfall
          + ", max drawdown " + maxDrawdown + ", min AUC " + minTestAuc);
    }
  }

  public static PromotionGate defaults() {
    return new PromotionGate(0.10, 0.35, 0.50, 0.0);
  }

  /** The evidence on one out-of-sample window; production values are NaN when there is no production. */
  public record Evidence(double candidateSharpe, double candidateMaxDrawdown, double candidateTestAuc,
      double productionSharpe, double productionMaxDrawdown) {}

  /** The decision and every reason, failed or passed, in words. */
  public record Verdict(boolean promote, List<String> reasons) {}

  public Verdict evaluate(Evidence e) {
    List<String> reasons = new ArrayList<>();
    boolean ok = true;
    if (!Double.isFinite(e.candidateSharpe())) {
      ok = false;
      reasons.add("candidate backtest Sharpe is undefined");
    } else if (Double.isFinite(e.productionSharpe())) {
      boolean pass = e.candidateSharpe() >= e.productionSharpe() - maxSharpeShortfall;
      ok &= pass;
      reasons.add(String.format(java.util.Locale.ROOT, "Sharpe %.3f vs production %.3f (allowed shortfall %.3f): %s",
          e.candidateSharpe(), e.productionSharpe(), maxSharpeShortfall, pass ? "pass" : "FAIL"));
    } else {
      reasons.add(String.format(java.util.Locale.ROOT, "Sharpe %.3f (no production to compare)", e.candidateSharpe()));
    }
    if (Double.isFinite(e.candidateSharpe())) {
      boolean pass = e.candidateSharpe() >= minSharpe;
      ok &= pass;
      reasons.add(String.format(java.util.Locale.ROOT, "Sharpe %.3f (floor %.3f): %s", e.candidateSharpe(), minSharpe,
          pass ? "pass" : "FAIL"));
    }
    boolean drawdownOk = Double.isFinite(e.candidateMaxDrawdown()) && e.candidateMaxDrawdown() <= maxDrawdown;
    ok &= drawdownOk;
    reasons.add(String.format(java.util.Locale.ROOT, "max drawdown %.3f (limit %.3f): %s", e.candidateMaxDrawdown(),
        maxDrawdown, drawdownOk ? "pass" : "FAIL"));
    boolean aucOk = Double.isFinite(e.candidateTestAuc()) && e.candidateTestAuc() >= minTestAuc;
    ok &= aucOk;
    reasons.add(String.format(java.util.Locale.ROOT, "test AUC %.4f (floor %.4f): %s", e.candidateTestAuc(), minTestAuc,
        aucOk ? "pass" : "FAIL"));
    return new Verdict(ok, List.copyOf(reasons));
  }
}
