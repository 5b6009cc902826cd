package com.tradingml.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.RiskFixtures;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quick latency figures, printed and written to {@code target/serving-latency.txt}, never asserted (STYLE.md 11;
 * the benchmark proper, with a bare-server baseline and a load generator in another process, lives in
 * benchmarks/). Default-trainer-shaped MLP (20 -> 64 relu -> 32 relu -> 3), in-memory risk state, in-process
 * JDK HttpClient on loopback (so the client's own cost is in the end-to-end figure).
 */
class LatencyIT {

  @TempDir
  Path temp;

  @Test
  void shouldMeasureDecisionLatency() throws Exception {
    FeatureSet set = FeatureSet.defaultSet();
    try (ServingFixture fixture = new ServingFixture(temp)) {
      fixture.publishAndPromote(TestModels.random(set, 23, TestModels.warmup()));
      fixture.start(fixture.config().riskLimits(RiskFixtures.looseLimitsBuilder().build()).warmupIterations(2_000)
          .build());
      Bar bar = ServingFixture.live("ACME", 1, 11).get(0);
      fixture.decide(bar, "acct", "prime", 0);

      // 1. The engine alone (no HTTP, no JSON).
      DecisionEngine engine = fixture.server.engine();
      Requests.Decide request = new Requests.Decide(Symbol.of("ACME"), "acct-e", "x", 0, Optional.empty());
      long[] engineNanos = new long[40_000];
      for (int i = 0; i < engineNanos.length; i++) {
        Requests.Decide r = new Requests.Decide(request.symbol(), "acct-e" + (i % 64), "e-" + i, 100, Optional.empty());
        long t0 = System.nanoTime();
        engine.decide(r, t0);
        engineNanos[i] = System.nanoTime() - t0;
      }

      // 2. Over HTTP, one client thread, closed loop.
      int n = 6_000;
      long[] endToEnd = new long[n];
      long[] server = new long[n];
      for (int i = 0; i < n + 2_000; i++) {
        long t0 = System.nanoTime();
        HttpResponse<String> response = fixture.post("/v1/decisions", ServingFixture.DECIDE_KEY,
            ServingFixture.decisionJson("ACME", "acct-h" + (i % 64), "h-" + i, 100, null));
        long took = System.nanoTime() - t0;
        if (i >= 2_000) {
          JsonNode decision = ServingFixture.json(response.body());
          assertThat(response.statusCode()).isEqualTo(200);
          endToEnd[i - 2_000] = took;
          server[i - 2_000] = decision.get("serverLatencyMicros").asLong() * 1_000;
        }
      }
      List<String> lines = new ArrayList<>();
      lines.add("serving latency (LatencyIT), " + java.time.Instant.now() + ", 2 shared cores, OMP_NUM_THREADS=1");
      lines.add(line("engine only (features+model+policy+risk+audit enqueue), 40k", tail(engineNanos, 10_000)));
      lines.add(line("HTTP server-side (arrival to answer), 6k", server));
      lines.add(line("HTTP end to end (JDK HttpClient, same JVM), 6k", endToEnd));
      Files.write(Path.of("target/serving-latency.txt"), lines, StandardCharsets.UTF_8);
      lines.forEach(System.out::println);
    }
  }

  private static long[] tail(long[] values, int skip) {
    return Arrays.copyOfRange(values, skip, values.length);
  }

  private static String line(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format("%-62s p50 %7.1f us  p90 %7.1f us  p99 %7.1f us  p99.9 %8.1f us", what,
        sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.9)] / 1e3,
        sorted[(int) (sorted.length * 0.99)] / 1e3, sorted[(int) (sorted.length * 0.999)] / 1e3);
  }
}
