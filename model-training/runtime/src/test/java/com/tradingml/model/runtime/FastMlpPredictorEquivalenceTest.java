package com.tradingml.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fast forward pass equals DL4J's {@code MultiLayerNetwork.output()} within 1e-9 relative on DOUBLE
 * networks of several shapes and activations, on random inputs (the reference sees the same normalized
 * inputs). Also: unsupported configurations are refused, concurrent callers agree, no allocation per call.
 */
class FastMlpPredictorEquivalenceTest {

  static final double RELATIVE = 1e-9;

  static OutputLayer softmax(int nIn, int nOut) {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(nIn).nOut(nOut)
        .activation(Activation.SOFTMAX).build();
  }

  static DenseLayer dense(int nIn, int nOut, Activation activation) {
    return new DenseLayer.Builder().nIn(nIn).nOut(nOut).activation(activation).build();
  }

  static Stream<Arguments> networks() {
    int d = TestModels.defaultInputs();
    return Stream.of(
        Arguments.of("default trainer shape", new Layer[] {dense(d, 64, Activation.RELU), dense(64, 32, Activation.RELU),
            softmax(32, 3)}),
        Arguments.of("logistic regression", new Layer[] {softmax(7, 3)}),
        Arguments.of("tanh, sigmoid", new Layer[] {dense(9, 16, Activation.TANH), dense(16, 8, Activation.SIGMOID),
            softmax(8, 4)}),
        Arguments.of("leaky relu alpha 0.2, dropout everywhere, no bias",
            new Layer[] {new DenseLayer.Builder().nIn(11).nOut(13).activation(new ActivationLReLU(0.2)).dropOut(0.5).build(),
                new DropoutLayer(0.7),
                new DenseLayer.Builder().nIn(13).nOut(10).activation(Activation.LEAKYRELU).hasBias(false).build(),
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(10).nOut(5).activation(Activation.SOFTMAX)
                    .dropOut(0.8).build()}),
        Arguments.of("identity dense, activation layer", new Layer[] {dense(6, 5, Activation.IDENTITY),
            new ActivationLayer(Activation.TANH), dense(5, 5, Activation.RELU), softmax(5, 2)}),
        Arguments.of("wide", new Layer[] {dense(40, 128, Activation.RELU), dense(128, 96, Activation.TANH),
            dense(96, 32, Activation.SIGMOID), softmax(32, 3)}),
        Arguments.of("regression output", new Layer[] {dense(4, 8, Activation.RELU),
            new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(2).activation(Activation.SIGMOID).build()}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void shouldEqualDl4jOutputWithinOneBillionth(String shape, Layer[] layers) {
    long before = SerializationGuard.rejections();
    MultiLayerNetwork network = TestModels.network(shape.hashCode(), layers);
    int inputs = network.layerInputSize(0);
    InputNormalizer normalizer = TestModels.normalizer(shape.hashCode() + 1L, inputs);
    FastMlpPredictor fast = FastMlpPredictor.of(network, normalizer);
    int rows = 500;
    double[][] raw = TestModels.inputs(shape.hashCode() + 2L, rows, inputs);

    double[] z = new double[rows * inputs];
    double[] flatRaw = new double[rows * inputs];
    for (int r = 0; r < rows; r++) {
      double[] row = new double[inputs];
      normalizer.transform(raw[r], row);
      System.arraycopy(row, 0, z, r * inputs, inputs);
      System.arraycopy(raw[r], 0, flatRaw, r * inputs, inputs);
    }
    INDArray reference = network.output(Nd4j.create(z, new long[] {rows, inputs}, 'c'), false);
    int classes = fast.classes();
    double[] expected = Nd4j.toFlattened('c', reference).toDoubleVector();

    double[] single = new double[rows * classes];
    double[] out = new double[classes];
    for (int r = 0; r < rows; r++) {
      fast.predict(raw[r], out);
      System.arraycopy(out, 0, single, r * classes, classes);
    }
    double[] batch = new double[rows * classes];
    fast.predictBatch(flatRaw, rows, batch);
    double[][] batch2d = new double[rows][classes];
    fast.predictBatch(raw, batch2d);

    assertThat(expected).hasSize(rows * classes);
    double worst = TestModels.maxRelativeDifference(single, expected);
    System.out.printf("%s: %s, max relative difference to DL4J %.3g%n", shape, fast.describe(), worst);
    assertThat(worst).as(shape).isLessThanOrEqualTo(RELATIVE);
    assertThat(batch).containsExactly(single);
    for (int r = 0; r < rows; r++) {
      assertThat(batch2d[r]).containsExactly(java.util.Arrays.copyOfRange(single, r * classes, (r + 1) * classes));
    }
    assertThat(SerializationGuard.rejections()).isEqualTo(before);
  }

  @Test
  void shouldRefuseWhatItDoesNotComputeLikeDl4j() {
    InputNormalizer four = InputNormalizer.identity(4);
    assertThatThrownBy(() -> FastMlpPredictor.of(TestModels.network(1, dense(4, 4, Activation.ELU), softmax(4, 2)), four))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 0 (layer0, DenseLayer): activation ActivationELU is not supported by the fast forward pass;"
            + " supported: identity, relu, leakyrelu, tanh, sigmoid, softmax");
    assertThatThrownBy(() -> FastMlpPredictor.of(TestModels.network(1,
        new DenseLayer.Builder().nIn(4).nOut(4).activation(new ActivationReLU(6.0, 0.0, 0.0)).build(), softmax(4, 2)), four))
        .hasMessageContaining("relu with max 6.0");
    assertThatThrownBy(() -> FastMlpPredictor.of(TestModels.network(1, dense(4, 4, Activation.RELU),
        new BatchNormalization.Builder().nIn(4).nOut(4).build(), softmax(4, 2)), four))
        .hasMessageStartingWith("layer 1 (layer1, BatchNormalization) is not supported by the fast forward pass");
    assertThatThrownBy(() -> FastMlpPredictor.of(TestModels.network(1,
        new DenseLayer.Builder().nIn(4).nOut(4).activation(Activation.RELU).hasLayerNorm(true).build(), softmax(4, 2)), four))
        .hasMessageContaining("layer normalization is not supported");
    MultiLayerNetwork ok = TestModels.network(1, dense(4, 4, Activation.RELU), softmax(4, 2));
    assertThatThrownBy(() -> FastMlpPredictor.of(ok, InputNormalizer.identity(5)))
        .hasMessage("the normalizer has 5 columns but the network takes 4 inputs");
    assertThatThrownBy(() -> FastMlpPredictor.of(ok.getLayerWiseConfigurations(), new double[3], four))
        .hasMessage("the configuration has 30 parameters but the parameter vector holds 3");
  }

  @Test
  void shouldGiveTheSameAnswersToConcurrentCallers() throws Exception {
    FastMlpPredictor fast = FastMlpPredictor.of(TestModels.defaultShaped(5), TestModels.normalizer(5, TestModels.defaultInputs()));
    double[][] raw = TestModels.inputs(6, 2_000, fast.inputSize());
    double[][] expected = new double[raw.length][3];
    fast.predictBatch(raw, expected);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        tasks.add(() -> {
          int mismatches = 0;
          double[] out = new double[3];
          for (int k = 0; k < 20_000; k++) {
            int r = (k * 7 + offset) % raw.length;
            fast.predict(raw[r], out);
            if (!java.util.Arrays.equals(out, expected[r])) {
              mismatches++;
            }
          }
          return mismatches;
        });
      }
      for (Future<Integer> result : pool.invokeAll(tasks)) {
        assertThat(result.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldNotAllocatePerPrediction() {
    FastMlpPredictor fast = FastMlpPredictor.of(TestModels.defaultShaped(5), TestModels.normalizer(5, TestModels.defaultInputs()));
    double[][] raw = TestModels.inputs(6, 64, fast.inputSize());
    double[] out = new double[3];
    double[] flat = new double[64 * fast.inputSize()];
    double[] flatOut = new double[64 * 3];
    for (int k = 0; k < 20_000; k++) { // warm up: JIT and the thread's scratch buffers
      fast.predict(raw[k % 64], out);
      fast.predictBatch(flat, 64, flatOut);
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int k = 0; k < 100_000; k++) {
      fast.predict(raw[k % 64], out);
    }
    for (int k = 0; k < 1_000; k++) {
      fast.predictBatch(flat, 64, flatOut);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(allocated).as("bytes allocated by 100,000 predictions and 1,000 batches").isLessThan(1_024);
  }
}
