package com.tradingml.core.features;

import java.lang.management.ManagementFactory;

/**
 * A measurement, not a test (STYLE.md habit 11: performance is measured and recorded, never asserted): the
 * update rate of core_v1's {@link FeatureState} over 10 million random bars, with and without reading the
 * inputs and references each bar, and of {@link LabeledFeatureStream}, plus the bytes the measuring thread
 * allocated meanwhile (the random walk is hourly, so 10 million bars cross about 2,300 New York offset
 * transitions, each a few java.time objects; the UTC run shows the rest allocates nothing). Run after {@code mvn -pl core test-compile}:
 *
 * <pre>
 * java -cp core/target/classes:core/target/test-classes com.tradingml.core.features.FeatureStateThroughput
 * </pre>
 */
public final class FeatureStateThroughput {

  private static final int DISTINCT_BARS = 1_000_000;
  private static final int PASSES = 10;

  private FeatureStateThroughput() {}

  public static void main(String[] args) {
    TestBars bars = TestBars.randomWalk(42, DISTINCT_BARS, true);
    long span = bars.time()[DISTINCT_BARS - 1] - bars.time()[0] + 3_600_000_000L;
    FeatureSet set = FeatureSet.defaultSet();
    System.out.printf("core_v1 (%s), %,d bars per run, JDK %s%n", set.hash().substring(0, 12),
        (long) DISTINCT_BARS * PASSES, System.getProperty("java.version"));
    for (int round = 0; round < 3; round++) { // the first round warms the JIT up
      measure("update only", bars, span, set, false);
      measure("update + inputs + references", bars, span, set, true);
      measureStream(bars, span, set);
    }
    // The same in UTC, which has no offset transitions: what is allocated above is java.time's, at transitions.
    measure("update + inputs + references, UTC", bars, span, set.toBuilder().timeZone("UTC").build(), true);
  }

  private static void measure(String what, TestBars bars, long span, FeatureSet set, boolean read) {
    FeatureState state = set.newState();
    double[] inputs = new double[set.inputColumns().size()];
    double[] references = new double[FeatureSet.referenceColumns().size()];
    double checksum = 0;
    long allocatedBefore = allocatedBytes();
    long start = System.nanoTime();
    for (int pass = 0; pass < PASSES; pass++) {
      long shift = pass * span;
      for (int i = 0; i < DISTINCT_BARS; i++) {
        state.update(bars.time()[i] + shift, bars.open()[i], bars.high()[i], bars.low()[i], bars.close()[i],
            bars.volume()[i]);
        if (read) {
          state.inputs(inputs);
          state.references(references);
          double sample = inputs[6] + references[2];
          checksum += Double.isNaN(sample) ? 0 : sample;
        }
      }
    }
    report(what, start, allocatedBefore, checksum);
  }

  private static void measureStream(TestBars bars, long span, FeatureSet set) {
    double[] checksum = {0};
    LabeledFeatureStream stream = new LabeledFeatureStream(set, LabelSpec.defaultSpec(),
        (time, warm, inputs, references, fwd1, fwd5, fwdH, label) -> checksum[0] += Double.isNaN(inputs[6] + fwd1) ? 0 : inputs[6] + fwd1);
    long allocatedBefore = allocatedBytes();
    long start = System.nanoTime();
    for (int pass = 0; pass < PASSES; pass++) {
      long shift = pass * span;
      for (int i = 0; i < DISTINCT_BARS; i++) {
        stream.add(bars.time()[i] + shift, bars.open()[i], bars.high()[i], bars.low()[i], bars.close()[i],
            bars.volume()[i]);
      }
    }
    stream.finish();
    report("LabeledFeatureStream rows", start, allocatedBefore, checksum[0]);
  }

  private static void report(String what, long start, long allocatedBefore, double checksum) {
    double seconds = (System.nanoTime() - start) / 1e9;
    long allocated = allocatedBytes() - allocatedBefore;
    long bars = (long) DISTINCT_BARS * PASSES;
    System.out.printf("  %-36s %6.2f M bars/s  (%5.1f ns/bar, %.2f s), allocated %,d bytes (checksum %s)%n", what,
        bars / seconds / 1e6, seconds * 1e9 / bars, seconds, allocated, Double.isNaN(checksum) ? "NaN" : "ok");
  }

  private static long allocatedBytes() {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (threads instanceof com.sun.management.ThreadMXBean sun) {
      return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
    return -1;
  }
}
