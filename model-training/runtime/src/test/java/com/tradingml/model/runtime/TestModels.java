package com.tradingml.model.runtime;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.market.Bar;
import com.tradingml.core.market.Symbol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Networks, inputs and packages for the tests: seeded, so every run sees the same values. */
final class TestModels {

  private TestModels() {}

  /** Inputs of the default trainer's network: the default feature set's columns. */
  static int defaultInputs() {
    return FeatureSet.defaultSet().inputColumns().size();
  }

  /** Shaped like the default trainer's: inputs -> 64 relu -> 32 relu -> 3 softmax, DOUBLE. */
  static MultiLayerNetwork defaultShaped(long seed) {
    return network(seed, new DenseLayer.Builder().nIn(defaultInputs()).nOut(64).activation(Activation.RELU).build(),
        new DenseLayer.Builder().nIn(64).nOut(32).activation(Activation.RELU).build(),
        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(3).activation(Activation.SOFTMAX)
            .build());
  }

  /** A DOUBLE network of {@code layers} with Xavier-initialized weights and random biases (so biases matter). */
  static MultiLayerNetwork network(long seed, Layer... layers) {
    Nd4jPrecision.useDouble();
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed)
        .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list();
    for (Layer layer : layers) {
      list.layer(layer);
    }
    MultiLayerConfiguration conf = list.build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    // Xavier gives zero biases; perturb every parameter so that biases and their layout are exercised.
    double[] params = network.params().toDoubleVector();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < params.length; i++) {
      params[i] += random.nextDouble(-0.3, 0.3);
    }
    network.setParams(org.nd4j.linalg.factory.Nd4j.createFromArray(params));
    return network;
  }

  /** Random raw inputs: mean {@code center}, spread {@code scale}, with some large values. */
  static double[][] inputs(long seed, int rows, int columns) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] values = new double[rows][columns];
    for (double[] row : values) {
      for (int c = 0; c < columns; c++) {
        row[c] = random.nextDouble() < 0.05 ? random.nextDouble(-50, 50) : random.nextDouble(-3, 3);
      }
    }
    return values;
  }

  /** A normalizer with varied means and standard deviations. */
  static InputNormalizer normalizer(long seed, int columns) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] mean = new double[columns];
    double[] std = new double[columns];
    for (int c = 0; c < columns; c++) {
      mean[c] = random.nextDouble(-1, 1);
      std[c] = random.nextDouble(0.2, 3);
    }
    return new InputNormalizer(mean, std);
  }

  /** Bars of two symbols (one with a comma in its name, one without volume on some bars). */
  static List<Bar> warmupBars(int perSymbol) {
    List<Bar> bars = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(7);
    for (String symbol : List.of("ACME", "BRK,B")) {
      double close = 100;
      Instant time = Instant.parse("2024-03-01T14:30:00.123456Z");
      for (int i = 0; i < perSymbol; i++) {
        double open = close;
        close = open * Math.exp(random.nextDouble(-0.01, 0.01));
        double high = Math.max(open, close) * (1 + random.nextDouble(0, 0.005));
        double low = Math.min(open, close) * (1 - random.nextDouble(0, 0.005));
        double volume = symbol.equals("ACME") || i % 3 != 0 ? Math.floor(random.nextDouble(1e3, 1e6)) : Bar.UNKNOWN_VOLUME;
        bars.add(new Bar(Symbol.of(symbol), time, open, high, low, close, volume));
        time = time.plusSeconds(60);
      }
    }
    return bars;
  }

  /** A model card with nested values of every JSON kind. */
  static Map<String, Object> card() {
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("seed", 42);
    card.put("code_version", "abc123");
    card.put("metrics", Map.of("accuracy", 0.5372, "log_loss", 1.0871, "rows", 123_456_789_012L));
    card.put("baselines", List.of(Map.of("name", "majority", "accuracy", 0.41), Map.of("name", "logistic", "accuracy", 0.49)));
    card.put("hyperparameters", Map.of("hidden", List.of(64, 32), "learning_rate", 1e-3, "early_stopping", true));
    card.put("lineage", Map.of("bars_snapshot", "8231098123", "note", (Object) "ünïcödé \"quoted\""));
    return card;
  }

  /** A complete package of the default-shaped network. */
  static ModelPackage defaultPackage(long seed) {
    int inputs = defaultInputs();
    return ModelPackage.builder()
        .network(defaultShaped(seed))
        .normalizer(normalizer(seed, inputs))
        .features(FeatureSet.defaultSet())
        .label(LabelDefinition.of(LabelSpec.of(5, 0.001)))
        .card(card())
        .warmupBars(warmupBars(40))
        .goldenInputs(inputs(seed + 1, 8, inputs))
        .build();
  }

  /** Largest relative difference {@code |a - b| / max(|a|, |b|)} over two arrays (0 where both are 0). */
  static double maxRelativeDifference(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      double scale = Math.max(Math.abs(a[i]), Math.abs(b[i]));
      double difference = Math.abs(a[i] - b[i]);
      if (difference > 0) {
        worst = Math.max(worst, scale == 0 ? Double.POSITIVE_INFINITY : difference / scale);
      }
      if (Double.isNaN(a[i]) != Double.isNaN(b[i])) {
        return Double.POSITIVE_INFINITY;
      }
    }
    return worst;
  }
}
