package com.tradingml.core.risk;

import java.time.Instant;

/**
 * The kill switch latch of one account and its last transition: engaged or not, why (the first cause that
 * engaged it, or who reset it) and since when.
 *
 * <p>Once engaged it stays engaged, across trading days and restarts, until an explicit reset: a latch,
 * not a condition re-evaluated on every order (FIA kill-switch guidance). While engaged only orders that
 * reduce a position without crossing zero pass. Immutable and thread-safe.
 */
public record KillSwitch(boolean engaged, String reason, Instant since) {

  /** An account whose kill switch has never been engaged. */
  public static final KillSwitch NEVER_ENGAGED = new KillSwitch(false, "never engaged", Instant.EPOCH);

  public KillSwitch {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("kill switch state needs a reason");
    }
    if (since == null) {
      throw new IllegalArgumentException("kill switch state needs a time (" + reason + ")");
    }
  }
}
