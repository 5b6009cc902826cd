package com.tradingml.backtest.grid;

import com.tradingml.backtest.FillTiming;
import com.tradingml.core.policy.PositionMode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configurations a sweep runs: a {@link ParameterGrid} read for one strategy, with the points the strategy
 * cannot run counted and skipped.
 *
 * <p><b>{@code sma-cross}</b> keys (and their defaults when the grid has no such axis): {@code fast} and
 * {@code slow} (bars, required), {@code quantity} (shares per trade, 100 as in {@code pipeline backtest}),
 * {@code position-mode} ({@code long-only} or {@code long-short}; long-only), {@code fill}
 * ({@code next-open} or {@code close}; the sweep's {@code --fill}), {@code cost-bps} (commission per side, bps of
 * notional; 0) and {@code slippage-bps} (0). A point with {@code fast >= slow} is not a crossover: it is skipped
 * and counted in {@link #skipped()}; it is not a trial. Any other bad value (an unknown key, {@code fast=0}, a
 * fractional window, a negative cost) rejects the whole grid: it is a typo, not a point to skip.
 *
 * <p>Configurations are numbered from 0 in grid order ({@link ParameterGrid#points()}). Immutable and thread-safe.
 */
public final class SweepPlan {

  public static final String SMA_CROSS = "sma-cross";
  public static final long DEFAULT_QUANTITY = 100;

  private static final Set<String> SMA_KEYS = Set.of("fast", "slow", "quantity", "position-mode", "fill", "cost-bps",
      "slippage-bps");

  private final String strategy;
  private final ParameterGrid grid;
  private final List<SweepConfiguration> configurations;
  private final int skipped;

  private SweepPlan(String strategy, ParameterGrid grid, List<SweepConfiguration> configurations, int skipped) {
    this.strategy = strategy;
    this.grid = grid;
    this.configurations = List.copyOf(configurations);
    this.skipped = skipped;
  }

  /** The plan of {@code strategy} (only {@value #SMA_CROSS} so far) over {@code grid}. */
  public static SweepPlan of(String strategy, ParameterGrid grid, FillTiming defaultFill) {
    if (!SMA_CROSS.equals(strategy)) {
      throw new IllegalArgumentException("sweeps run strategy " + SMA_CROSS + ", got '" + strategy + "'");
    }
    return smaCross(grid, defaultFill);
  }

  /** The SMA-crossover plan over {@code grid}; {@code defaultFill} where the grid has no {@code fill} axis. */
  public static SweepPlan smaCross(ParameterGrid grid, FillTiming defaultFill) {
    for (String key : grid.axes().keySet()) {
      if (!SMA_KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown grid key '" + key + "' for " + SMA_CROSS + "; known: fast, slow, "
            + "quantity, position-mode, fill, cost-bps, slippage-bps");
      }
    }
    for (String required : List.of("fast", "slow")) {
      if (!grid.axes().containsKey(required)) {
        throw new IllegalArgumentException("a " + SMA_CROSS + " grid needs a '" + required + "' axis");
      }
    }
    List<SweepConfiguration> configurations = new ArrayList<>();
    int skipped = 0;
    for (Map<String, String> point : grid.points()) {
      int fast = integer(point, "fast");
      int slow = integer(point, "slow");
      if (fast >= slow) {
        skipped++;
        continue;
      }
      long quantity = point.containsKey("quantity") ? integer(point, "quantity") : DEFAULT_QUANTITY;
      PositionMode mode = positionMode(point.getOrDefault("position-mode", "long-only"));
      FillTiming fill = point.containsKey("fill") ? FillTiming.parse(point.get("fill")) : defaultFill;
      try {
        configurations.add(new SweepConfiguration(configurations.size(), fast, slow, quantity, mode, fill,
            decimal(point, "cost-bps"), decimal(point, "slippage-bps")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("grid point " + point + ": " + e.getMessage(), e);
      }
    }
    return new SweepPlan(SMA_CROSS, grid, configurations, skipped);
  }

  private static int integer(Map<String, String> point, String key) {
    try {
      return new BigDecimal(point.get(key)).intValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("grid key '" + key + "' needs whole numbers, got '" + point.get(key) + "'", e);
    }
  }

  private static BigDecimal decimal(Map<String, String> point, String key) {
    String text = point.get(key);
    if (text == null) {
      return BigDecimal.ZERO;
    }
    try {
      BigDecimal value = new BigDecimal(text);
      if (value.signum() < 0) {
        throw new IllegalArgumentException("grid key '" + key + "' must not be negative, got " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("grid key '" + key + "' needs numbers, got '" + text + "'", e);
    }
  }

  private static PositionMode positionMode(String text) {
    return switch (text) {
      case "long-only" -> PositionMode.LONG_ONLY;
      case "long-short" -> PositionMode.LONG_SHORT;
      default -> throw new IllegalArgumentException("position-mode must be long-only or long-short, got '" + text
          + "'");
    };
  }

  public String strategy() {
    return strategy;
  }

  public ParameterGrid grid() {
    return grid;
  }

  /** The configurations to run (the trials), by index. */
  public List<SweepConfiguration> configurations() {
    return configurations;
  }

  /** Grid points skipped because {@code fast >= slow}. */
  public int skipped() {
    return skipped;
  }

  /** Every grid point: {@code configurations().size() + skipped()}. */
  public int gridPoints() {
    return grid.size();
  }

  /** Ordered JSON data: strategy, canonical grid, counts. */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("strategy", strategy);
    out.put("grid", grid.canonical());
    out.put("gridPoints", gridPoints());
    out.put("configurations", configurations.size());
    out.put("skipped", skipped);
    return out;
  }
}
