package com.tradingml.storage.tables;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.tradingml.core.config.PipelineConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures bar writing, printed, never asserted on time (STYLE.md 11): N generated 1-minute bars of S
 * symbols interleaved in time order (random-walk prices, 2-decimal or full precision, 1% unknown
 * volumes), into a local warehouse, committed. Modes: {@code pipeline} (a producer thread and the
 * writer thread of {@link BarWritePipeline}), {@code writer} (straight into {@link BarFilesWriter} on
 * one thread, also printing that thread's CPU time) and {@code generate} (the generator alone).
 * Prints rows/s and the heap: the sum of the heap pools' peaks (garbage included) and the most heap
 * left after any GC (with G1 an overstatement: young collections leave old garbage). For the live set,
 * {@code -Dtables.writer.throughput.live=true} runs a full GC every million rows and prints the heap
 * after each (this slows the run). {@code -Dtables.writer.throughput.codec=uncompressed} (or snappy...)
 * sets the table's codec.
 *
 * <p>Uses only the writer API that the previous (Iceberg {@code DataWriter}-based) writer had too, so
 * the same class measures both: put the older tables jar after the test classes, instead of
 * target/classes, on the classpath.
 *
 * <pre>
 * mvn -B -o -pl storage/tables test -Dtest=BarWriterThroughputTest -Dtables.writer.throughput=true
 * mvn -B -q -o dependency:build-classpath -pl storage/tables -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx512m -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \
 *     com.tradingml.storage.tables.BarWriterThroughputTest pipeline|writer|generate 10000000 100 short|full
 * </pre>
 */
class BarWriterThroughputTest {

  static {
    // The test classpath also has logback (from s3proxy), which logs every parquet page at DEBUG to
    // the console: measure with the CLI's quiet slf4j-simple (src/test/resources/simplelogger.properties).
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
    }
  }

  @TempDir Path home;

  @Test
  @EnabledIfSystemProperty(named = "tables.writer.throughput", matches = "true")
  void shouldPrintTheThroughputOfTenMillionBarsOfOneHundredSymbols() throws Exception {
    Result result = run(home, "pipeline", 10_000_000, 100, false);
    System.out.println(result);
    assertThat(result.committedRows).isEqualTo(10_000_000L);
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "pipeline";
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
    int symbols = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    boolean fullPrecision = args.length > 3 && args[3].equals("full");
    Path home = Files.createTempDirectory("bar-writer-throughput");
    try {
      System.out.println(run(home, mode, rows, symbols, fullPrecision));
      if (!LIVE_HEAP.isEmpty()) {
        System.out.println("live heap after System.gc() every million rows (MiB): " + LIVE_HEAP);
      }
    } finally {
      try (java.util.stream.Stream<Path> files = Files.walk(home)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  record Result(String mode, long rows, int symbols, boolean fullPrecision, double writeSeconds, double commitSeconds,
      int files, long bytes, long peakHeapUsed, long maxHeapAfterGc, long maxHeap, long committedRows) {
    @Override
    public String toString() {
      return String.format("%s: %,d rows of %d symbols (%s prices) written in %.2f s = %,.0f rows/s (commit %.2f s);"
              + " %d files, %.1f MiB (%.1f bytes/row); heap: peak used %.0f MiB, max after GC %.0f MiB, -Xmx %.0f MiB",
          mode, rows, symbols, fullPrecision ? "full-precision" : "2-decimal", writeSeconds, rows / writeSeconds,
          commitSeconds, files, bytes / 1048576.0, (double) bytes / rows, peakHeapUsed / 1048576.0,
          maxHeapAfterGc / 1048576.0, maxHeap / 1048576.0);
    }
  }

  /** With -Dtables.writer.throughput.live=true: the heap after a full GC at every millionth row (slows the run). */
  private static final boolean MEASURE_LIVE = Boolean.getBoolean("tables.writer.throughput.live");
  private static final List<Long> LIVE_HEAP = new java.util.ArrayList<>();

  static Result run(Path home, String mode, long rows, int symbols, boolean fullPrecision) throws Exception {
    AtomicLong maxAfterGc = watchHeapAfterGc();
    if (mode.equals("generate")) { // the generator alone, to subtract from the other modes
      double[] sum = {0};
      long started = System.nanoTime();
      generate(rows, symbols, fullPrecision, (symbol, ts, o, h, l, c, v) -> sum[0] += o + c + ts);
      return new Result(mode + " (checksum " + sum[0] + ")", rows, symbols, fullPrecision,
          (System.nanoTime() - started) / 1e9, 0, 0, 0, peakHeapUsed(), maxAfterGc.get(),
          Runtime.getRuntime().maxMemory(), rows);
    }
    try (Warehouse warehouse = Warehouse.open(PipelineConfig.embedded(home), "throughput")) {
      Table table = warehouse.barsTable("bench");
      String codec = System.getProperty("tables.writer.throughput.codec");
      if (codec != null) { // e.g. "uncompressed", to see what compression costs
        table.updateProperties().set(org.apache.iceberg.TableProperties.PARQUET_COMPRESSION, codec).commit();
      }
      System.gc();
      resetPeaks();
      long started = System.nanoTime();
      BarFilesWriter writer = new BarFilesWriter(table, "throughput");
      List<DataFile> files;
      if (mode.equals("pipeline")) {
        try (BarWritePipeline pipeline = new BarWritePipeline(writer, "bar-writer-throughput")) {
          generate(rows, symbols, fullPrecision, pipeline::add);
          files = pipeline.finish();
        }
      } else {
        long cpuStarted = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        generate(rows, symbols, fullPrecision, writer::write);
        long cpuGenerated = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long finishing = System.nanoTime();
        files = writer.finish();
        long cpuFinished = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        System.out.printf("writer thread CPU: %.2f s while writing rows, %.2f s in finish() (%.2f s wall)%n",
            (cpuGenerated - cpuStarted) / 1e9, (cpuFinished - cpuGenerated) / 1e9,
            (System.nanoTime() - finishing) / 1e9);
      }
      long written = System.nanoTime();
      long peak = peakHeapUsed();
      AppendFiles append = table.newAppend();
      files.forEach(append::appendFile);
      append.commit();
      long committed = System.nanoTime();
      table.refresh();
      long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
      long committedRows = Long.parseLong(table.currentSnapshot().summary().get("total-records"));
      return new Result(mode, rows, symbols, fullPrecision, (written - started) / 1e9, (committed - written) / 1e9,
          files.size(), bytes, peak, maxAfterGc.get(), Runtime.getRuntime().maxMemory(), committedRows);
    }
  }

  interface BarSink {
    void accept(String symbol, long epochMicros, double open, double high, double low, double close, double volume);
  }

  /** Random-walk 1-minute bars, all symbols per minute (time order), 1% unknown volumes. */
  static void generate(long rows, int symbols, boolean fullPrecision, BarSink sink) {
    SplittableRandom random = new SplittableRandom(20240102);
    String[] names = new String[symbols];
    double[] last = new double[symbols];
    for (int s = 0; s < symbols; s++) {
      names[s] = String.format("SYN%03d", s);
      last[s] = 20 + random.nextDouble() * 200;
    }
    long start = 1_704_205_800_000_000L; // 2024-01-02T14:30Z
    long row = 0;
    for (long minute = 0; row < rows; minute++) {
      long ts = start + minute * 60_000_000L;
      for (int s = 0; s < symbols && row < rows; s++, row++) {
        double open = last[s];
        double close = open * (1 + (random.nextDouble() - 0.5) * 0.002);
        double high = Math.max(open, close) * (1 + random.nextDouble() * 0.0005);
        double low = Math.min(open, close) * (1 - random.nextDouble() * 0.0005);
        if (!fullPrecision) {
          open = Math.round(open * 100) / 100.0;
          close = Math.round(close * 100) / 100.0;
          high = Math.max(Math.round(high * 100) / 100.0, Math.max(open, close));
          low = Math.min(Math.round(low * 100) / 100.0, Math.min(open, close));
        }
        double volume = random.nextInt(100) == 0 ? Double.NaN : 100 + random.nextInt(20_000);
        sink.accept(names[s], ts, open, high, low, close, volume);
        last[s] = close;
        if (MEASURE_LIVE && row % 1_000_000 == 999_999) {
          System.gc();
          Runtime runtime = Runtime.getRuntime();
          LIVE_HEAP.add((runtime.totalMemory() - runtime.freeMemory()) >> 20);
        }
      }
    }
  }

  private static AtomicLong watchHeapAfterGc() {
    AtomicLong max = new AtomicLong();
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
          GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
              (CompositeData) notification.getUserData());
          long used = 0;
          for (var entry : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (isHeap(entry.getKey())) {
              used += entry.getValue().getUsed();
            }
          }
          max.accumulateAndGet(used, Math::max);
        }
      }, null, null);
    }
    return max;
  }

  private static boolean isHeap(String poolName) {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .anyMatch(p -> p.getName().equals(poolName) && p.getType() == MemoryType.HEAP);
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeapUsed() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .map(MemoryPoolMXBean::getPeakUsage).mapToLong(MemoryUsage::getUsed).sum();
  }
}
