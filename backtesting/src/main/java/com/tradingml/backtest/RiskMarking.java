package com.tradingml.backtest;

/**
 * When the engine tells the risk state ({@code RiskState.mark}) the new market prices that the daily-loss latch,
 * gross exposure and the day roll are computed at.
 */
public enum RiskMarking {
  /**
   * Every bar of every symbol is marked, in replay order: literally what serving does with its bar stream. The
   * reference behaviour; slow (each mark encodes and decodes the account's whole risk state).
   */
  EVERY_BAR("every_bar"),
  /**
   * Marks are sent only when they can change what the risk state decides or records (the default), with exactly
   * the results of {@link #EVERY_BAR}: the same accepted and rejected orders with the same reasons and check
   * details, and the same kill-switch latch (time and reason); tests compare the two over randomized scenarios. The
   * engine shadows the account's day P&amp;L at the latest prices and pushes the pending marks of held symbols (the
   * only marks a check reads) when a check or the latch could depend on them: see {@code RiskGate}. On minute bars
   * this sends a few percent of the marks.
   */
  ON_DEMAND("on_demand");

  private final String id;

  RiskMarking(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
