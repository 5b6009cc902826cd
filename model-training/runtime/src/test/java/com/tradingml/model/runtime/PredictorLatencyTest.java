package com.tradingml.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A micro measurement, printed and written to {@code target/predictor-latency.txt}, never asserted
 * (shared/STYLE.md habit 11): single-row latency (p50/p99) and batch-1024 throughput of the fast forward
 * pass and of DL4J, on the default trainer's shape (feature-set inputs -> 64 relu -> 32 relu -> 3 softmax),
 * with OMP_NUM_THREADS=1 (the surefire configuration). One thread, after warm-up; on a shared 2-core
 * machine, so numbers move with the neighbours' load. The JMH benchmarks belong in benchmarks/.
 */
class PredictorLatencyTest {

  private static final int BATCH = 1_024;

  @Test
  void measureSingleRowLatencyAndBatchThroughput() throws IOException {
    MultiLayerNetwork network = TestModels.defaultShaped(17);
    InputNormalizer normalizer = TestModels.normalizer(17, TestModels.defaultInputs());
    FastMlpPredictor fast = FastMlpPredictor.of(network, normalizer);
    Dl4jPredictor dl4j = Dl4jPredictor.of(network.getLayerWiseConfigurations(), network.params().toDoubleVector(),
        normalizer);
    int inputs = fast.inputSize();
    double[][] rows = TestModels.inputs(18, BATCH, inputs);
    double[] flat = new double[BATCH * inputs];
    double[] z = new double[BATCH * inputs];
    for (int r = 0; r < BATCH; r++) {
      System.arraycopy(rows[r], 0, flat, r * inputs, inputs);
      normalizer.transform(rows[r], 0, z, r * inputs);
    }
    INDArray batchInput = Nd4j.create(z, new long[] {BATCH, inputs}, 'c');
    INDArray rowInput = Nd4j.create(Arrays.copyOf(z, inputs), new long[] {1, inputs}, 'c');
    double[] out = new double[3];
    double[] batchOut = new double[BATCH * 3];

    long[] fastSingle = timeSingle(50_000, 100_000, i -> fast.predict(rows[i % BATCH], out));
    long[] dl4jSingle = timeSingle(3_000, 10_000, i -> dl4j.predict(rows[i % BATCH], out));
    long[] dl4jRawSingle = timeSingle(3_000, 10_000, i -> network.output(rowInput, false));
    double[] fastBatch = rowsPerSecond(50, 300, () -> fast.predictBatch(flat, BATCH, batchOut));
    double[] dl4jBatch = rowsPerSecond(20, 200, () -> dl4j.predictBatch(flat, BATCH, batchOut));
    double[] dl4jRawBatch = rowsPerSecond(20, 200, () -> network.output(batchInput, false));

    String report = String.format(Locale.ROOT, """
        predictor latency (%s; OMP_NUM_THREADS=%s; %s; java %s)
          single row, microseconds          p50      p99
            FastMlpPredictor.predict     %7.2f  %7.2f
            Dl4jPredictor.predict        %7.2f  %7.2f   (normalize + INDArray + output + copy)
            MultiLayerNetwork.output     %7.2f  %7.2f   (prebuilt 1-row INDArray)
          batch of %d, rows per second       wall clock   per CPU second of the thread
            FastMlpPredictor.predictBatch  %,12.0f   %,12.0f
            Dl4jPredictor.predictBatch     %,12.0f   %,12.0f
            MultiLayerNetwork.output       %,12.0f   %,12.0f   (prebuilt INDArray)
        load average %.2f
        """, fast.describe(), System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors() + " cores",
        System.getProperty("java.version"),
        micros(fastSingle, 0.50), micros(fastSingle, 0.99), micros(dl4jSingle, 0.50), micros(dl4jSingle, 0.99),
        micros(dl4jRawSingle, 0.50), micros(dl4jRawSingle, 0.99), BATCH, fastBatch[0], fastBatch[1], dl4jBatch[0],
        dl4jBatch[1], dl4jRawBatch[0], dl4jRawBatch[1], ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.print(report);
    Path target = Path.of(System.getProperty("java.io.tmpdir")).resolve("predictor-latency.txt");
    Files.writeString(target, report);

    double[] a = new double[BATCH * 3];
    double[] b = new double[BATCH * 3];
    fast.predictBatch(flat, BATCH, a);
    dl4j.predictBatch(flat, BATCH, b);
    assertThat(TestModels.maxRelativeDifference(a, b)).as("the two engines measured agree").isLessThan(1e-9);
  }

  private interface Call {
    void run(int i);
  }

  private static long[] timeSingle(int warmup, int measured, Call call) {
    for (int i = 0; i < warmup; i++) {
      call.run(i);
    }
    long[] nanos = new long[measured];
    for (int i = 0; i < measured; i++) {
      long start = System.nanoTime();
      call.run(i);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static double micros(long[] sortedNanos, double quantile) {
    return sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.floor(quantile * sortedNanos.length))] / 1_000.0;
  }

  /** Rows per second of wall-clock time and per second of this thread's CPU time (which a busy neighbour does not inflate). */
  private static double[] rowsPerSecond(int warmup, int batches, Runnable batch) {
    for (int i = 0; i < warmup; i++) {
      batch.run();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < batches; i++) {
      batch.run();
    }
    long wall = System.nanoTime() - start;
    cpu = threads.getCurrentThreadCpuTime() - cpu;
    double rows = (double) batches * BATCH;
    return new double[] {rows / (wall / 1e9), rows / (cpu / 1e9)};
  }
}
