package com.tradingml.model.runtime;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference through DL4J itself ({@code MultiLayerNetwork.output}): the reference that
 * {@link FastMlpPredictor} is checked against, and the engine for layer types the fast pass does not
 * support. Builds its own network from a configuration and a parameter vector (both copied), so nobody
 * else can train or change it.
 *
 * <p>Thread-safe by mutual exclusion: a {@code MultiLayerNetwork} is not safe for concurrent use, so calls
 * are serialized. Allocates ND4J arrays per call; a batch is one {@code output} call.
 */
public final class Dl4jPredictor implements Predictor {

  private final MultiLayerNetwork network;
  private final InputNormalizer normalizer;
  private final int inputSize;
  private final int classes;

  private Dl4jPredictor(MultiLayerNetwork network, InputNormalizer normalizer, int classes) {
    this.network = network;
    this.normalizer = normalizer;
    this.inputSize = normalizer.size();
    this.classes = classes;
  }

  /**
   * A DOUBLE network of {@code configuration} (cloned) initialized with {@code params} (copied) in DL4J's
   * flat layout, without any Java serialization ({@code init(params, false)}).
   */
  public static Dl4jPredictor of(MultiLayerConfiguration configuration, double[] params, InputNormalizer normalizer) {
    Nd4jPrecision.useDouble();
    if (configuration.getDataType() != DataType.DOUBLE) {
      throw new IllegalArgumentException("the network's data type is " + configuration.getDataType()
          + "; models are DOUBLE (build the configuration with .dataType(DataType.DOUBLE))");
    }
    MultiLayerNetwork network = new MultiLayerNetwork(configuration.clone());
    INDArray flat = Nd4j.createFromArray(params.clone());
    network.init(flat, false);
    if (network.numParams() != params.length) {
      throw new IllegalArgumentException("the configuration has " + network.numParams()
          + " parameters but the vector holds " + params.length);
    }
    long nIn = network.layerInputSize(0);
    if (nIn != normalizer.size()) {
      throw new IllegalArgumentException("the normalizer has " + normalizer.size() + " columns but the network takes "
          + nIn + " inputs");
    }
    int classes = network.layerSize(network.getnLayers() - 1);
    return new Dl4jPredictor(network, normalizer, classes);
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public synchronized void predict(double[] inputs, double[] probabilitiesOut) {
    if (probabilitiesOut.length < classes) {
      throw new IllegalArgumentException("expected room for " + classes + " probabilities, got " + probabilitiesOut.length);
    }
    double[] z = new double[inputSize];
    normalizer.transform(inputs, z);
    INDArray output = network.output(Nd4j.create(z, new long[] {1, inputSize}, 'c'), false);
    for (int c = 0; c < classes; c++) {
      probabilitiesOut[c] = output.getDouble(0, c);
    }
  }

  @Override
  public synchronized void predictBatch(double[] inputs, int rows, double[] out) {
    Predictor.checkBatch(this, inputs, rows, out);
    if (rows == 0) {
      return;
    }
    double[] z = new double[rows * inputSize];
    for (int r = 0; r < rows; r++) {
      normalizer.transform(inputs, r * inputSize, z, r * inputSize);
    }
    INDArray output = network.output(Nd4j.create(z, new long[] {rows, inputSize}, 'c'), false);
    double[] values = Nd4j.toFlattened('c', output).toDoubleVector();
    System.arraycopy(values, 0, out, 0, rows * classes);
  }

  @Override
  public void predictBatch(double[][] inputs, double[][] out) {
    if (inputs.length != out.length) {
      throw new IllegalArgumentException("batch has " + inputs.length + " input rows but " + out.length + " output rows");
    }
    double[] flatIn = new double[inputs.length * inputSize];
    for (int r = 0; r < inputs.length; r++) {
      if (inputs[r].length != inputSize) {
        throw new IllegalArgumentException("row " + r + ": expected " + inputSize + " inputs, got " + inputs[r].length);
      }
      System.arraycopy(inputs[r], 0, flatIn, r * inputSize, inputSize);
    }
    double[] flatOut = new double[inputs.length * classes];
    predictBatch(flatIn, inputs.length, flatOut);
    for (int r = 0; r < inputs.length; r++) {
      System.arraycopy(flatOut, r * classes, out[r], 0, classes);
    }
  }

  @Override
  public String toString() {
    return "Dl4jPredictor[" + inputSize + " inputs, " + classes + " classes]";
  }
}
