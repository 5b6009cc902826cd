package com.tradingml.backtest;

import com.tradingml.core.market.Bar;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a walk-forward backtest, on the global timeline (the distinct bar timestamps of all symbols, indexes
 * from 0): the model is fitted on the bars with {@code trainFromMicros <= time < tradeFromMicros} (timeline
 * indexes {@code [trainFrom, tradeFrom)}) and trades the bars with {@code tradeFromMicros <= time < tradeToMicros}
 * ({@code [tradeFrom, tradeTo)}), out of sample. The last window's {@code tradeToMicros} is one microsecond after
 * the last bar. Immutable.
 */
public record WalkForwardWindow(int index, int trainFrom, int tradeFrom, int tradeTo, long trainFromMicros,
    long tradeFromMicros, long tradeToMicros) {

  public WalkForwardWindow {
    if (index < 0 || trainFrom < 0 || trainFrom >= tradeFrom || tradeFrom >= tradeTo) {
      throw new IllegalArgumentException("window " + index + " needs 0 <= trainFrom < tradeFrom < tradeTo, got "
          + trainFrom + ", " + tradeFrom + ", " + tradeTo);
    }
    if (!(trainFromMicros < tradeFromMicros && tradeFromMicros < tradeToMicros)) {
      throw new IllegalArgumentException("window " + index + " times must increase: " + trainFromMicros + ", "
          + tradeFromMicros + ", " + tradeToMicros);
    }
  }

  /** Timeline bars the model trades. */
  public int tradingBars() {
    return tradeTo - tradeFrom;
  }

  /** Ordered JSON data (times ISO-8601 UTC). */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("index", index);
    out.put("train_from", Bar.instantOfMicros(trainFromMicros).toString());
    out.put("trade_from", Bar.instantOfMicros(tradeFromMicros).toString());
    out.put("trade_to", Bar.instantOfMicros(tradeToMicros).toString());
    out.put("training_bars", tradeFrom - trainFrom);
    out.put("trading_bars", tradingBars());
    return out;
  }
}
