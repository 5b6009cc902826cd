package com.tradingml.core.policy;

/**
 * Turns a model's class probabilities (DOWN, FLAT, UP) and the current position into a {@link PolicyDecision}:
 * one definition for backtest and serving (DESIGN.md principle 1).
 *
 * <p>Pure and deterministic: the same inputs give the same decision; no clock, no state, no randomness.
 * Immutable and thread-safe. Probabilities are {@code double} (model outputs); quantities and positions are
 * whole shares ({@code long}, signed: + long, - short).
 *
 * <p>The rule, in order:
 * <ol>
 *   <li><b>Validate.</b> Exactly three probabilities, each finite and in {@code [0, 1]}, summing to 1 within
 *       {@value #SUM_TOLERANCE}; otherwise HOLD {@code invalid_probabilities} (fail closed: a NaN from the model
 *       never becomes an order).
 *   <li><b>Signal.</b> {@code edge = P(UP) - P(DOWN)}. UP when {@code edge > 0}, {@code P(UP) >= minProbability}
 *       and {@code edge >= minEdge}; DOWN symmetrically with {@code P(DOWN)} and {@code -edge}; otherwise HOLD
 *       {@code below_threshold} (no signal keeps the current position: it neither opens nor closes).
 *   <li><b>Size.</b> {@code FIXED_QUANTITY}: {@code fixedQuantity}; {@code SCALED_BY_EDGE}:
 *       {@code floor(maxPosition x |edge|)} (floored with a tolerance of 1e-9 share, so that a binary product
 *       landing a hair below a whole number, like {@code 1000 x (0.65 - 0.35)}, counts as that number). Then
 *       capped at {@code maxPosition} and rounded down (toward zero) to a multiple of {@code lotSize}.
 *   <li><b>Target.</b> UP: {@code +size}. DOWN: {@code -size} when {@code LONG_SHORT}, {@code 0} when
 *       {@code LONG_ONLY}.
 *   <li><b>Order.</b> {@code target - current}: BUY when positive, SELL when negative (a flip from long to
 *       short is one order through zero), HOLD {@code at_target} when zero. The order moves all the way to the
 *       target; an off-lot current position (a partial fill) is brought back onto the lot grid. A current
 *       position so extreme that the difference overflows a {@code long} gives HOLD {@code invalid_position}.
 * </ol>
 * Order reasons: {@code target_long}, {@code target_short}, or {@code target_flat} (the target is zero).
 */
public record DecisionPolicy(double minProbability, double minEdge, SizingMode sizingMode, long fixedQuantity,
    long maxPosition, long lotSize, PositionMode positionMode) {

  /** How far the three probabilities may sum from 1 (softmax outputs in float carry rounding). */
  public static final double SUM_TOLERANCE = 1e-6;

  private static final double SIZE_TOLERANCE = 1e-9;

  public DecisionPolicy {
    if (!(minProbability >= 0 && minProbability <= 1)) {
      throw new IllegalArgumentException("minProbability must be in [0, 1]: " + minProbability);
    }
    if (!(minEdge >= 0 && minEdge <= 1)) {
      throw new IllegalArgumentException("minEdge must be in [0, 1]: " + minEdge);
    }
    if (sizingMode == null || positionMode == null) {
      throw new IllegalArgumentException("sizing mode and position mode are required");
    }
    if (lotSize <= 0) {
      throw new IllegalArgumentException("lotSize must be positive: " + lotSize);
    }
    if (maxPosition < lotSize) {
      throw new IllegalArgumentException("maxPosition " + maxPosition + " must hold at least one lot of " + lotSize);
    }
    if (sizingMode == SizingMode.FIXED_QUANTITY && fixedQuantity < lotSize) {
      throw new IllegalArgumentException("fixedQuantity " + fixedQuantity + " must be at least one lot of " + lotSize);
    }
    if (sizingMode == SizingMode.SCALED_BY_EDGE && fixedQuantity != 0) {
      throw new IllegalArgumentException("fixedQuantity applies to FIXED_QUANTITY sizing only: " + fixedQuantity);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Decides from {@code probabilities} in class order DOWN, FLAT, UP (a model's output vector). */
  public PolicyDecision decide(double[] probabilities, long currentPosition) {
    if (probabilities == null || probabilities.length != 3) {
      return PolicyDecision.hold(currentPosition, PolicyDecision.INVALID_PROBABILITIES);
    }
    return decide(probabilities[0], probabilities[1], probabilities[2], currentPosition);
  }

  public PolicyDecision decide(double down, double flat, double up, long currentPosition) {
    if (!isProbability(down) || !isProbability(flat) || !isProbability(up)
        || !(Math.abs(down + flat + up - 1.0) <= SUM_TOLERANCE)) {
      return PolicyDecision.hold(currentPosition, PolicyDecision.INVALID_PROBABILITIES);
    }
    double edge = up - down;
    int direction;
    if (edge > 0 && up >= minProbability && edge >= minEdge) {
      direction = 1;
    } else if (edge < 0 && down >= minProbability && -edge >= minEdge) {
      direction = -1;
    } else {
      return PolicyDecision.hold(currentPosition, PolicyDecision.BELOW_THRESHOLD);
    }
    long size = size(Math.abs(edge));
    long target = direction > 0 ? size : positionMode == PositionMode.LONG_SHORT ? -size : 0;
    long delta;
    try {
      delta = Math.subtractExact(target, currentPosition);
    } catch (ArithmeticException e) {
      return PolicyDecision.hold(currentPosition, PolicyDecision.INVALID_POSITION);
    }
    if (delta == 0) {
      return PolicyDecision.hold(currentPosition, PolicyDecision.AT_TARGET);
    }
    String reason = target > 0 ? PolicyDecision.TARGET_LONG
        : target < 0 ? PolicyDecision.TARGET_SHORT : PolicyDecision.TARGET_FLAT;
    return new PolicyDecision(delta > 0 ? PolicyAction.BUY : PolicyAction.SELL, Math.abs(delta), target, reason);
  }

  /** The unsigned target size for a signal with this edge: sized, capped, rounded down to whole lots. */
  long size(double absEdge) {
    long raw = sizingMode == SizingMode.FIXED_QUANTITY ? fixedQuantity
        : (long) Math.floor(maxPosition * absEdge + SIZE_TOLERANCE);
    long capped = Math.min(raw, maxPosition);
    return capped / lotSize * lotSize;
  }

  private static boolean isProbability(double p) {
    return p >= 0 && p <= 1;
  }

  /** Collects the configuration; {@link #build()} validates it. */
  public static final class Builder {
    private double minProbability = 0.5;
    private double minEdge;
    private SizingMode sizingMode = SizingMode.FIXED_QUANTITY;
    private Long fixedQuantity;
    private Long maxPosition;
    private long lotSize = 1;
    private PositionMode positionMode = PositionMode.LONG_ONLY;

    private Builder() {
    }

    /** The least probability of the predicted direction (default 0.5). */
    public Builder minProbability(double probability) {
      this.minProbability = probability;
      return this;
    }

    /** The least {@code |P(UP) - P(DOWN)|} (default 0). */
    public Builder minEdge(double edge) {
      this.minEdge = edge;
      return this;
    }

    public Builder fixedQuantity(long shares) {
      this.sizingMode = SizingMode.FIXED_QUANTITY;
      this.fixedQuantity = shares;
      return this;
    }

    public Builder scaledByEdge() {
      this.sizingMode = SizingMode.SCALED_BY_EDGE;
      this.fixedQuantity = null;
      return this;
    }

    public Builder maxPosition(long shares) {
      this.maxPosition = shares;
      return this;
    }

    /** Shares per lot (default 1). */
    public Builder lotSize(long shares) {
      this.lotSize = shares;
      return this;
    }

    /** Long-only (the default) or long-short. */
    public Builder positionMode(PositionMode mode) {
      this.positionMode = mode;
      return this;
    }

    public DecisionPolicy build() {
      if (maxPosition == null) {
        throw new IllegalArgumentException("decision policy needs maxPosition");
      }
      if (sizingMode == SizingMode.FIXED_QUANTITY && fixedQuantity == null) {
        throw new IllegalArgumentException("decision policy needs fixedQuantity or scaledByEdge()");
      }
      return new DecisionPolicy(minProbability, minEdge, sizingMode, fixedQuantity == null ? 0 : fixedQuantity,
          maxPosition, lotSize, positionMode);
    }
  }
}
