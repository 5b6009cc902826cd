package com.tradingml.core.risk;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The results of an evaluation in which every pre-trade check passed, built when first read: an accepted order's
 * verdict holds its checks' inputs (detached from the account, see {@code PreTradeRiskChecks.Inputs}) instead of
 * nine results, which a backtest almost never reads. Reading an element runs the checks again on those inputs, so the
 * list equals the one {@link PreTradeRiskChecks} would have built at once; {@link RiskVerdict} and
 * {@link RiskDecision} know without building it that every result passed.
 *
 * <p>Immutable and thread-safe: the inputs are not written once detached, and racing readers build equal lists, of
 * which either is kept.
 */
final class PassedCheckResults extends AbstractList<CheckResult> implements RandomAccess {

  private final PreTradeRiskChecks.Inputs inputs;
  private volatile List<CheckResult> results;

  PassedCheckResults(PreTradeRiskChecks.Inputs inputs) {
    this.inputs = inputs;
  }

  private List<CheckResult> results() {
    List<CheckResult> built = results;
    if (built == null) {
      built = PreTradeRiskChecks.results(inputs);
      results = built;
    }
    return built;
  }

  @Override
  public CheckResult get(int index) {
    return results().get(index);
  }

  @Override
  public int size() {
    return RiskCheck.PRE_TRADE.size();
  }

  /** Whether {@code checks} is known to hold only passes without reading them. */
  static boolean known(List<CheckResult> checks) {
    return checks instanceof PassedCheckResults;
  }
}
