package com.tradingml.serving;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import com.tradingml.model.runtime.InputNormalizer;
import com.tradingml.model.runtime.LabelDefinition;
import com.tradingml.model.runtime.ModelPackage;
import com.tradingml.model.runtime.Nd4jPrecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small model packages and bar series for the tests: seeded, so every run sees the same values. */
final class TestModels {

  /** Warm-up bars end here (one-minute bars); live bars start a minute later. */
  static final Instant WARMUP_END = Instant.parse("2024-03-04T15:29:00Z");
  static final Duration BAR = Duration.ofMinutes(1);

  private TestModels() {}

  /**
   * A logistic "network" (one softmax layer, zero weights) whose output is {@code (down, flat, up)} whatever the
   * inputs: decisions that are known in advance.
   */
  static ModelPackage constant(FeatureSet set, double down, double flat, double up, List<Bar> warmup) {
    Nd4jPrecision.useDouble();
    int n = set.inputColumns().size();
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE).list()
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(n).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build();
    double[] params = new double[n * 3 + 3];
    params[n * 3] = Math.log(down);
    params[n * 3 + 1] = Math.log(flat);
    params[n * 3 + 2] = Math.log(up);
    return ModelPackage.builder()
        .network(conf, params)
        .normalizer(InputNormalizer.identity(n))
        .features(set)
        .label(LabelDefinition.of(LabelSpec.of(1, 0.0)))
        .warmupBars(warmup)
        .goldenInputs(inputs(5, 4, n))
        .build();
  }

  /** A small random MLP (inputs -> 16 relu -> 3 softmax) with a random normalizer. */
  static ModelPackage random(FeatureSet set, long seed, List<Bar> warmup) {
    Nd4jPrecision.useDouble();
    int n = set.inputColumns().size();
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE).list()
        .layer(new DenseLayer.Builder().nIn(n).nOut(16).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build();
    SplittableRandom random = new SplittableRandom(seed);
    double[] params = new double[n * 16 + 16 + 16 * 3 + 3];
    for (int i = 0; i < params.length; i++) {
      params[i] = random.nextDouble(-0.5, 0.5);
    }
    double[] mean = new double[n];
    double[] std = new double[n];
    for (int c = 0; c < n; c++) {
      mean[c] = random.nextDouble(-0.01, 0.01);
      std[c] = random.nextDouble(0.5, 2);
    }
    return ModelPackage.builder()
        .network(conf, params)
        .normalizer(InputNormalizer.of(mean, std))
        .features(set)
        .label(LabelDefinition.of(LabelSpec.of(1, 0.0)))
        .warmupBars(warmup)
        .goldenInputs(inputs(seed + 1, 4, n))
        .build();
  }

  static double[][] inputs(long seed, int rows, int columns) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] values = new double[rows][columns];
    for (double[] row : values) {
      for (int c = 0; c < columns; c++) {
        row[c] = random.nextDouble(-2, 2);
      }
    }
    return values;
  }

  /** {@code count} one-minute bars of {@code symbol} ending at {@code end}: a seeded random walk, volume known. */
  static List<Bar> series(String symbol, Instant end, int count, long seed) {
    return series(symbol, end.minus(BAR.multipliedBy(count - 1L)), count, seed, 100.0);
  }

  /** {@code count} one-minute bars of {@code symbol} from {@code start}, starting near {@code price}. */
  static List<Bar> series(String symbol, Instant start, int count, long seed, double price) {
    List<Bar> bars = new ArrayList<>(count);
    SplittableRandom random = new SplittableRandom(seed);
    double close = price;
    for (int i = 0; i < count; i++) {
      double open = close;
      close = open * Math.exp(random.nextDouble(-0.004, 0.004));
      double high = Math.max(open, close) * (1 + random.nextDouble(0, 0.002));
      double low = Math.min(open, close) * (1 - random.nextDouble(0, 0.002));
      double volume = Math.floor(random.nextDouble(1_000, 50_000));
      bars.add(new Bar(Symbol.of(symbol), start.plus(BAR.multipliedBy(i)), round(open), round(high), round(low),
          round(close), volume));
    }
    return bars;
  }

  /** Four decimals, keeping low <= open, close <= high. */
  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  /** Warm-up bars for ACME and BETA: 40 each, ending at {@link #WARMUP_END}. */
  static List<Bar> warmup() {
    List<Bar> bars = new ArrayList<>(series("ACME", WARMUP_END, 40, 1));
    bars.addAll(series("BETA", WARMUP_END, 40, 2));
    return bars;
  }
}
