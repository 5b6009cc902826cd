package com.tradingml.backtest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded random long/short targets: on average one new target per {@code every} bars, within +-{@code size}. */
final class RandomTrader implements Strategy {

  private final long seed;
  private final int every;
  private final long size;

  RandomTrader(long seed, int every, long size) {
    this.seed = seed;
    this.every = every;
    this.size = size;
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seed", seed);
    return out;
  }

  @Override
  public int warmupBars() {
    return 3;
  }

  @Override
  public StrategyRun start(Universe universe) {
    SplittableRandom random = new SplittableRandom(seed);
    return bar -> {
      if (random.nextInt(every) == 0) {
        bar.targetPosition(random.nextLong(-size, size + 1));
      }
    };
  }
}
