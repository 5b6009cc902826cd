package com.tradingml.backtest;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.FeatureState;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.model.runtime.InputNormalizer;
import com.tradingml.model.runtime.LabelDefinition;
import com.tradingml.model.runtime.ModelPackage;
import com.tradingml.model.runtime.Nd4jPrecision;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small seeded MLP packages over core's default feature set, normalized on the data they will see. */
final class TestModels {

  private TestModels() {}

  /** The feature rows (after warm-up, prepared as serving prepares them) of every symbol of {@code data}. */
  static List<double[]> featureRows(BarSource data, FeatureSet set) {
    List<double[]> rows = new ArrayList<>();
    for (int s = 0; s < data.symbolCount(); s++) {
      SymbolSeries series = data.series(s);
      FeatureState state = set.newState();
      for (int i = 0; i < series.size(); i++) {
        state.update(series.time(i), series.open(i), series.high(i), series.low(i), series.close(i),
            series.volume(i));
        if (state.isWarm()) {
          double[] row = new double[set.inputColumns().size()];
          state.inputs(row);
          if (set.prepareModelInputs(row)) {
            rows.add(row);
          }
        }
      }
    }
    return rows;
  }

  /**
   * inputs -> {@code hidden} relu -> 3 softmax, DOUBLE, Xavier weights perturbed by the seed; the normalizer is the
   * mean and standard deviation (times {@code stdScale}) of {@code rows}.
   */
  static ModelPackage mlp(long seed, int hidden, List<double[]> rows, double stdScale) {
    return mlp(seed, new int[] {hidden}, rows, stdScale);
  }

  /** As {@link #mlp(long, int, List, double)} with hidden layers of the given widths. */
  static ModelPackage mlp(long seed, int[] hidden, List<double[]> rows, double stdScale) {
    Nd4jPrecision.useDouble();
    FeatureSet set = FeatureSet.defaultSet();
    int inputs = set.inputColumns().size();
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed)
        .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list();
    int width = inputs;
    for (int h : hidden) {
      list.layer(new DenseLayer.Builder().nIn(width).nOut(h).activation(Activation.RELU).build());
      width = h;
    }
    MultiLayerConfiguration conf = list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(width)
        .nOut(3).activation(Activation.SOFTMAX).build()).build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    double[] params = network.params().toDoubleVector();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < params.length; i++) {
      params[i] += random.nextDouble(-0.3, 0.3);
    }
    network.setParams(Nd4j.createFromArray(params));
    double[] mean = new double[inputs];
    double[] std = new double[inputs];
    for (double[] row : rows) {
      for (int c = 0; c < inputs; c++) {
        mean[c] += row[c] / rows.size();
      }
    }
    for (double[] row : rows) {
      for (int c = 0; c < inputs; c++) {
        std[c] += (row[c] - mean[c]) * (row[c] - mean[c]) / rows.size();
      }
    }
    for (int c = 0; c < inputs; c++) {
      std[c] = stdScale < 1e-100 ? stdScale : Math.sqrt(std[c]) > 1e-12 ? Math.sqrt(std[c]) * stdScale : stdScale;
    }
    double[][] golden = {mean.clone(), rows.get(0).clone(), rows.get(rows.size() / 2).clone()};
    if (stdScale < 1e-100) {
      golden = new double[][] {mean.clone()};
    }
    return ModelPackage.builder()
        .network(network)
        .normalizer(InputNormalizer.of(mean, std))
        .features(set)
        .label(LabelDefinition.of(LabelSpec.of(1, 0.0005)))
        .card(java.util.Map.of("seed", seed, "purpose", "backtest tests"))
        .goldenInputs(golden)
        .build();
  }
}
