package com.tradingml.model.trainer;

import com.tradingml.core.evaluation.ClassificationMetrics;
import com.tradingml.core.evaluation.Standardizer;
import com.tradingml.model.runtime.InputNormalizer;
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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a multilayer perceptron classifier with DL4J: dense hidden layers, softmax output, weighted
 * cross-entropy, Adam, L2 and dropout, early stopping on the validation log loss (the best epoch's
 * parameters are kept). The input standardization is fit on the training rows only.
 *
 * <p>Deterministic: the configuration's seed fixes the weight initialisation and dropout, and the
 * minibatch order comes from a {@link SplittableRandom} with the same seed; with one OpenMP thread
 * (OMP_NUM_THREADS=1) the same inputs give bit-identical parameters.
 */
public final class MlpTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(MlpTrainer.class);
  private static final int EVALUATION_CHUNK = 16_384;

  /** The trained network and how training went. */
  public record Result(MultiLayerNetwork network, InputNormalizer normalizer, int epochsRun, int bestEpoch,
      List<Double> validationLogLoss, double trainSeconds, long samplesSeen, double[] classWeights) {

    public double samplesPerSecond() {
      return trainSeconds <= 0 ? 0 : samplesSeen / trainSeconds;
    }
  }

  private MlpTrainer() {}

  public static Result train(FeatureMatrix data, int[] train, int[] validation, int classes, TrainingConfig config) {
    if (train.length == 0 || validation.length == 0) {
      throw new IllegalArgumentException("training needs non-empty training (" + train.length + " rows) and validation ("
          + validation.length + " rows) sets");
    }
    Nd4jPrecision.useDouble();
    Nd4j.getRandom().setSeed(config.seed());
    int width = data.width();
    Standardizer standardizer = Standardizer.fit(data.rows(train));
    InputNormalizer normalizer = InputNormalizer.of(standardizer.mean(), standardizer.std());
    double[] trainX = standardized(data, train, standardizer);
    int[] trainY = data.labels(train);
    double[] classWeights = classWeights(trainY, classes, config.balancedClassWeights());

    MultiLayerNetwork network = new MultiLayerNetwork(configuration(width, classes, classWeights, config));
    network.init();

    INDArray validationX = Nd4j.create(standardized(data, validation, standardizer), new long[] {validation.length, width},
        DataType.DOUBLE);
    int[] validationY = data.labels(validation);
    double[] validationReturns = data.forwardReturns(validation);

    SplittableRandom random = new SplittableRandom(config.seed());
    int[] order = new int[train.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    double[] batchX = new double[config.batchSize() * width];
    double[] batchY = new double[config.batchSize() * classes];
    List<Double> losses = new ArrayList<>();
    double bestLoss = Double.POSITIVE_INFINITY;
    INDArray bestParams = null;
    int bestEpoch = 0;
    int sinceBest = 0;
    long samples = 0;
    long started = System.nanoTime();
    int epoch = 0;
    while (epoch < config.maxEpochs() && sinceBest < config.patience()) {
      epoch++;
      shuffle(order, random);
      for (int from = 0; from < order.length; from += config.batchSize()) {
        int rows = Math.min(config.batchSize(), order.length - from);
        java.util.Arrays.fill(batchY, 0, rows * classes, 0.0);
        for (int r = 0; r < rows; r++) {
          int row = order[from + r];
          System.arraycopy(trainX, row * width, batchX, r * width, width);
          batchY[r * classes + trainY[row]] = 1.0;
        }
        INDArray features = rows == config.batchSize()
            ? Nd4j.create(batchX, new long[] {rows, width}, DataType.DOUBLE)
            : Nd4j.create(java.util.Arrays.copyOf(batchX, rows * width), new long[] {rows, width}, DataType.DOUBLE);
        INDArray labels = rows == config.batchSize()
            ? Nd4j.create(batchY, new long[] {rows, classes}, DataType.DOUBLE)
            : Nd4j.create(java.util.Arrays.copyOf(batchY, rows * classes), new long[] {rows, classes}, DataType.DOUBLE);
        network.fit(features, labels);
        samples += rows;
      }
      double loss = logLoss(network, validationX, validationY, validationReturns, classes);
      losses.add(loss);
      LOG.info("epoch {}: validation log loss {}", epoch, loss);
      if (loss < bestLoss - 1e-9) {
        bestLoss = loss;
        bestParams = network.params().dup();
        bestEpoch = epoch;
        sinceBest = 0;
      } else {
        sinceBest++;
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    network.setParams(bestParams);
    return new Result(network, normalizer, epoch, bestEpoch, List.copyOf(losses), seconds, samples, classWeights);
  }

  static MultiLayerConfiguration configuration(int inputs, int classes, double[] classWeights, TrainingConfig config) {
    Activation hidden = switch (config.activation()) {
      case "relu" -> Activation.RELU;
      case "tanh" -> Activation.TANH;
      case "leakyrelu" -> Activation.LEAKYRELU;
      case "sigmoid" -> Activation.SIGMOID;
      default -> throw new IllegalArgumentException("unsupported activation " + config.activation());
    };
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .seed(config.seed())
        .dataType(DataType.DOUBLE)
        .updater(new Adam(config.learningRate()))
        .l2(config.l2())
        .weightInit(WeightInit.XAVIER)
        .list();
    int in = inputs;
    for (int width : config.hiddenLayers()) {
      DenseLayer.Builder layer = new DenseLayer.Builder().nIn(in).nOut(width).activation(hidden);
      if (config.dropout() > 0) {
        layer.dropOut(1.0 - config.dropout()); // DL4J takes the probability of RETAINING a unit
      }
      layers.layer(layer.build());
      in = width;
    }
    layers.layer(new OutputLayer.Builder(new LossMCXENT(Nd4j.create(classWeights, new long[] {1, classes}, DataType.DOUBLE)))
        .nIn(in).nOut(classes).activation(Activation.SOFTMAX).build());
    return layers.build();
  }

  /** Balanced: n / (present classes x count); an absent class gets weight 1 (it has no rows to weigh). */
  static double[] classWeights(int[] labels, int classes, boolean balanced) {
    double[] weights = new double[classes];
    java.util.Arrays.fill(weights, 1.0);
    if (!balanced) {
      return weights;
    }
    long[] counts = new long[classes];
    for (int label : labels) {
      counts[label]++;
    }
    long present = java.util.Arrays.stream(counts).filter(c -> c > 0).count();
    for (int k = 0; k < classes; k++) {
      if (counts[k] > 0) {
        weights[k] = (double) labels.length / (present * counts[k]);
      }
    }
    return weights;
  }

  /** The validation log loss, by core's one definition ({@link ClassificationMetrics}). */
  static double logLoss(MultiLayerNetwork network, INDArray x, int[] y, double[] returns, int classes) {
    double[][] probabilities = predict(network, x, classes);
    return ClassificationMetrics.compute(y, probabilities, returns, classes).logLoss();
  }

  static double[][] predict(MultiLayerNetwork network, INDArray x, int classes) {
    long rows = x.rows();
    double[][] out = new double[(int) rows][];
    for (long from = 0; from < rows; from += EVALUATION_CHUNK) {
      long to = Math.min(rows, from + EVALUATION_CHUNK);
      INDArray probabilities = network.output(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
          org.nd4j.linalg.indexing.NDArrayIndex.all()), false);
      double[][] chunk = probabilities.toDoubleMatrix();
      System.arraycopy(chunk, 0, out, (int) from, chunk.length);
    }
    return out;
  }

  static double[] standardized(FeatureMatrix data, int[] rows, Standardizer standardizer) {
    int width = data.width();
    double[] out = new double[rows.length * width];
    double[] raw = new double[width];
    double[] z = new double[width];
    for (int k = 0; k < rows.length; k++) {
      data.row(rows[k], raw);
      standardizer.transform(raw, z);
      System.arraycopy(z, 0, out, k * width, width);
    }
    return out;
  }

  private static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
