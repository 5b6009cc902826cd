package com.tradingml.serving.risk.redis;

import static com.tradingml.core.risk.RiskFixtures.AAA;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.risk.VersionedRiskState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY.md R4 across processes: two JVMs ({@link PositionLimitWorker}), each with its own
 * {@link RedisRiskStore} and pool, buy 1 share at a time on one account at once, 1,000 orders each against a
 * position limit of 1,500. Together they must accept exactly 1,500 and reject the rest for the position
 * limit only; the stored position must be 1,500. Their submit periods must overlap (else nothing raced);
 * each also prints how many of its compare-and-sets lost to the other JVM (target/failsafe-reports).
 */
class TwoJvmPositionLimitIT {

  private static final String PREFIX = RedisTestSupport.uniquePrefix(TwoJvmPositionLimitIT.class);
  private static final int ORDERS_PER_JVM = 1_000;
  private static final long MAX_POSITION = 1_500;

  @AfterAll
  static void deleteKeys() {
    RedisTestSupport.deleteAll(PREFIX);
  }

  @Test
  void shouldNeverExceedThePositionLimitWhenTwoJvmsSubmitConcurrently() throws Exception {
    String account = "two-jvms-" + Long.toHexString(System.nanoTime());
    List<Process> workers = new ArrayList<>();
    try {
      for (String name : List.of("jvm-a", "jvm-b")) {
        workers.add(startWorker(account, name));
      }
      List<BufferedReader> outputs = new ArrayList<>();
      for (Process worker : workers) {
        BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as("worker started").isEqualTo("READY");
        outputs.add(out);
      }
      for (Process worker : workers) {
        Writer in = new OutputStreamWriter(worker.getOutputStream(), StandardCharsets.UTF_8);
        in.write("GO\n");
        in.flush();
      }
      Map<String, Long> total = new HashMap<>();
      List<Map<String, Long>> results = new ArrayList<>();
      List<String> lines = new ArrayList<>();
      for (int w = 0; w < workers.size(); w++) {
        String line = outputs.get(w).readLine();
        lines.add(line);
        assertThat(workers.get(w).waitFor(180, TimeUnit.SECONDS)).as("worker finished").isTrue();
        assertThat(workers.get(w).exitValue()).isZero();
        assertThat(line).startsWith("RESULT ");
        Map<String, Long> result = new HashMap<>();
        for (String pair : line.substring("RESULT ".length()).split(" ")) {
          String[] kv = pair.split("=");
          result.put(kv[0], Long.parseLong(kv[1]));
        }
        results.add(result);
        result.forEach((key, count) -> {
          if (!key.endsWith("Millis") && !key.equals("lostRaces")) {
            total.merge(key, count, Long::sum);
          }
        });
      }
      System.out.println("two JVMs: " + lines);

      Map<String, Long> a = results.get(0);
      Map<String, Long> b = results.get(1);
      assertThat(a.get("firstMillis")).as("the JVMs submitted at the same time").isLessThan(b.get("lastMillis"));
      assertThat(b.get("firstMillis")).as("the JVMs submitted at the same time").isLessThan(a.get("lastMillis"));
      assertThat(total).containsOnlyKeys("accepted", "position_limit");
      assertThat(total.get("accepted")).isEqualTo(MAX_POSITION);
      assertThat(total.get("position_limit")).isEqualTo(2 * ORDERS_PER_JVM - MAX_POSITION);
      try (RedisRiskStore store = RedisTestSupport.store(PREFIX)) {
        assertThat(new VersionedRiskState(store).snapshot(account).orElseThrow().positionOf(AAA))
            .isEqualTo(MAX_POSITION);
      }
    } finally {
      for (Process worker : workers) {
        worker.destroyForcibly();
      }
    }
  }

  private static Process startWorker(String account, String name) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-cp", classPath,
        PositionLimitWorker.class.getName(), RedisTestSupport.URL, PREFIX, account, name,
        Integer.toString(ORDERS_PER_JVM), Long.toString(MAX_POSITION))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }
}
