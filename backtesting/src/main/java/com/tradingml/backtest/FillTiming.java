package com.tradingml.backtest;

/** When an accepted order fills. */
public enum FillTiming {
  /**
   * At the open of the symbol's next bar (the default): the decision is made on a bar's close and can only
   * trade afterwards. An order whose symbol has no next bar is cancelled ({@code no_next_bar}).
   */
  NEXT_OPEN("next-open"),
  /** At the close of the bar the decision was made on (an optimistic convention: the close is already known). */
  SIGNAL_CLOSE("close");

  private final String id;

  FillTiming(String id) {
    this.id = id;
  }

  /** The CLI's spelling: {@code next-open} or {@code close}. */
  public String id() {
    return id;
  }

  /** Parses {@link #id()}. */
  public static FillTiming parse(String text) {
    for (FillTiming timing : values()) {
      if (timing.id.equals(text)) {
        return timing;
      }
    }
    throw new IllegalArgumentException("fill timing must be next-open or close, got '" + text + "'");
  }
}
