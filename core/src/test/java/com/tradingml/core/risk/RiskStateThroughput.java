package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Nanoseconds (and heap bytes) per {@link RiskState#submit} of an {@link InMemoryRiskState}, single-threaded,
 * without JMH: the accept path with 10 symbols held (or {@code symbols}), the reject path, and the replay path.
 * Prints figures and asserts nothing (shared/STYLE.md habit 11).
 *
 * <p>Every scenario advances the clock by {@code stepMicros} per order under a throttle window and a client order
 * id retention of {@code retentionMillis}, so the state carries about {@code retention / step} remembered ids and
 * accepted-order times: what a busy account holds. Each scenario is warmed up, then timed in rounds; the line
 * gives the median and the best round, in this thread's CPU time (robust on a machine shared with other work)
 * and in wall time.
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -q -o -pl core test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/core.cp
 * java -Xmx2g -XX:+UseParallelGC -cp core/target/test-classes:core/target/classes:$(cat /tmp/core.cp) \
 *     com.tradingml.core.risk.RiskStateThroughput [retentionMillis=1000] [stepMicros=1000] [roundMillis=400] \
 *     [accept,reject,replay] [symbols=10]
 * </pre>
 */
public final class RiskStateThroughput {

  private static final int DEFAULT_SYMBOLS = 10;
  private static final int ROUNDS = 7;
  private static final String ACCOUNT = "bench";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Symbol[] symbols;
  private final RiskLimits limits;
  private final long stepNanos;
  private final RiskState risk = new InMemoryRiskState();
  private Instant now = RiskFixtures.T0;
  private long sequence;
  private long sink;

  private RiskStateThroughput(int symbolCount, Duration retention, long stepMicros) {
    symbols = new Symbol[symbolCount];
    for (int s = 0; s < symbolCount; s++) {
      symbols[s] = Symbol.of(String.format(Locale.ROOT, "S%03d", s));
    }
    this.limits = RiskFixtures.looseLimitsBuilder()
        .maxOrderQuantity(1_000)
        .priceCollarBps(1_000)
        .orderRate(1_000_000, retention)
        .clientOrderIdRetention(retention)
        .build();
    this.stepNanos = stepMicros * 1_000;
  }

  public static void main(String[] args) {
    long retentionMillis = args.length > 0 ? Long.parseLong(args[0]) : 1_000;
    long stepMicros = args.length > 1 ? Long.parseLong(args[1]) : 1_000;
    long roundMillis = args.length > 2 ? Long.parseLong(args[2]) : 400;
    String scenarios = args.length > 3 ? args[3] : "accept,reject,replay";
    int symbolCount = args.length > 4 ? Integer.parseInt(args[4]) : DEFAULT_SYMBOLS;
    RiskStateThroughput bench = new RiskStateThroughput(symbolCount, Duration.ofMillis(retentionMillis), stepMicros);
    System.out.printf(Locale.ROOT, "RiskState.submit on InMemoryRiskState: %d symbols held, throttle window and id"
        + " retention %d ms, clock step %d us (~%,d remembered ids); java %s%n", symbolCount, retentionMillis,
        stepMicros, retentionMillis * 1_000 / stepMicros, System.getProperty("java.version"));
    bench.open();
    for (String scenario : scenarios.split(",")) {
      switch (scenario) {
        case "accept" -> bench.measure(scenario, roundMillis, bench::acceptOne);
        case "reject" -> bench.measure(scenario, roundMillis, bench::rejectOne);
        case "replay" -> bench.measure(scenario, roundMillis, bench::replayOne);
        default -> throw new IllegalArgumentException("unknown scenario " + scenario);
      }
    }
    AccountRiskState state = bench.risk.snapshot(ACCOUNT).orElseThrow();
    System.out.printf(Locale.ROOT, "final state: %d holdings, %,d order times, %,d remembered ids (sink %d)%n",
        state.holdings().size(), state.acceptedOrderTimes().size(), state.clientOrderIds().size(), bench.sink);
  }

  /** Opens a position of 100 shares in every symbol, with marks. */
  private void open() {
    for (Symbol symbol : symbols) {
      tick();
      OrderIntent order = new OrderIntent("open-" + symbol, ACCOUNT, symbol, Side.BUY, 100, 100.0, now);
      if (!risk.submit(order, reference(100.0), limits, now).accepted()) {
        throw new IllegalStateException("setup order rejected");
      }
    }
  }

  private void tick() {
    now = now.plusNanos(stepNanos);
  }

  private Optional<ReferencePrice> reference(double price) {
    return Optional.of(new ReferencePrice(price, now));
  }

  /** An accepted order: buys and sells of one share in turn, symbol by symbol, within the collar. */
  private void acceptOne() {
    tick();
    long i = sequence++;
    Symbol symbol = symbols[(int) (i % symbols.length)];
    Side side = (i / symbols.length) % 2 == 0 ? Side.BUY : Side.SELL;
    double price = 100.0 + (i % 7) * 0.01;
    OrderIntent order = new OrderIntent("a" + i, ACCOUNT, symbol, side, 1, price, now);
    RiskDecision decision = risk.submit(order, reference(100.0), limits, now);
    sink += decision.accepted() ? 1 : 1_000_000;
  }

  /** A rejected order (above the max order quantity): every check still runs, and the id is remembered. */
  private void rejectOne() {
    tick();
    long i = sequence++;
    Symbol symbol = symbols[(int) (i % symbols.length)];
    OrderIntent order = new OrderIntent("r" + i, ACCOUNT, symbol, Side.BUY, 5_000, 100.0, now);
    RiskDecision decision = risk.submit(order, reference(100.0), limits, now);
    sink += decision.accepted() ? 1_000_000 : 1;
  }

  private OrderIntent replayed;

  /** A retry of a remembered id: the original decision comes back, nothing changes. */
  private void replayOne() {
    if (replayed == null) {
      tick();
      replayed = new OrderIntent("replayed", ACCOUNT, symbols[0], Side.BUY, 1, 100.0, now);
      risk.submit(replayed, reference(100.0), limits, now);
    }
    RiskDecision decision = risk.submit(replayed, reference(100.0), limits, now);
    sink += decision.replay() ? 1 : 1_000_000;
  }

  private void measure(String name, long roundMillis, Runnable op) {
    // Warm-up: the JIT, and the state's steady size (a full retention window of ids).
    long warmUntil = System.nanoTime() + 3 * roundMillis * 1_000_000L;
    while (System.nanoTime() < warmUntil) {
      for (int k = 0; k < 100; k++) {
        op.run();
      }
    }
    double[] nsPerOp = new double[ROUNDS];
    double[] cpuNsPerOp = new double[ROUNDS];
    double bytesPerOp = 0;
    for (int round = 0; round < ROUNDS; round++) {
      long ops = 0;
      long bytes = allocatedBytes();
      long cpu = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      long end = start + roundMillis * 1_000_000L;
      long t;
      do {
        for (int k = 0; k < 100; k++) {
          op.run();
        }
        ops += 100;
        t = System.nanoTime();
      } while (t < end);
      nsPerOp[round] = (t - start) / (double) ops;
      cpuNsPerOp[round] = (THREADS.getCurrentThreadCpuTime() - cpu) / (double) ops;
      bytesPerOp = (allocatedBytes() - bytes) / (double) ops;
    }
    Arrays.sort(nsPerOp);
    Arrays.sort(cpuNsPerOp);
    System.out.printf(Locale.ROOT, "%-7s %,9.0f ns per submit of thread CPU time (median of %d rounds; best %,.0f);"
        + " wall %,.0f ns (best %,.0f); %,.0f bytes allocated per submit%n", name, cpuNsPerOp[ROUNDS / 2], ROUNDS,
        cpuNsPerOp[0], nsPerOp[ROUNDS / 2], nsPerOp[0], bytesPerOp);
  }

  private static long allocatedBytes() {
    if (THREADS instanceof com.sun.management.ThreadMXBean sun) {
      return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
    return 0;
  }
}
