package com.tradingml.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures (never asserts) how fast 10 million rows (100 symbols x 100,000 one-minute bars) are
 * generated and written as CSV. Off by default; run with
 * {@code mvn -B -pl core test -Dtest=SyntheticMarketThroughputTest -Dsynthetic.throughput=true}
 * (optionally {@code -Dsynthetic.throughput.dir=/tmp}); the result is printed to the test's output file
 * under {@code core/target/surefire-reports/}.
 */
@EnabledIfSystemProperty(named = "synthetic.throughput", matches = "true")
class SyntheticMarketThroughputTest {

  @Test
  void shouldMeasureWritingTenMillionMinuteRows() throws Exception {
    SyntheticMarketSpec spec = SyntheticMarketSpec.builder().symbols(100).barsPerSymbol(100_000).timeframe("1m")
        .build();
    Path dir = Path.of(System.getProperty("synthetic.throughput.dir", "/tmp"));
    Path file = Files.createTempFile(dir, "synthetic-throughput-", ".csv");
    try {
      var threads = ManagementFactory.getThreadMXBean();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      GenerationReport report = SyntheticMarket.of(spec).writeCsv(file);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      long bytes = Files.size(file);
      String line = String.format(Locale.ROOT,
          "synthetic throughput: %,d rows (%d symbols x %,d 1m bars), %,d bytes to %s in %.2f s wall (%.2f s CPU):"
              + " %,.0f rows/s, %.0f MB/s; load average %.2f on %d processors",
          report.rows(), spec.symbols(), spec.barsPerSymbol(), bytes, file, seconds, cpuSeconds,
          report.rows() / seconds, bytes / seconds / 1e6,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
      System.out.println(line);
      assertThat(report.rows()).isEqualTo(10_000_000L);
      assertThat(bytes).isGreaterThan(report.rows() * 60);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
