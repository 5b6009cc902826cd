package com.tradingml.model.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * A hand-written forward pass of a DL4J multi-layer perceptron over plain {@code double[]} weights: the
 * serving and backtest hot path. Equal to {@code MultiLayerNetwork.output()} within 1e-9 relative on
 * DOUBLE networks (FastMlpPredictorEquivalenceTest); only the summation order of the dot products differs.
 *
 * <h2>Parameter layout (DL4J 1.0.0-M2.1, verified by the tests)</h2>
 * {@code params()} is one flat vector: the layers in order, and within a dense or output layer first its
 * weights {@code W}, then its bias {@code b} (absent with {@code hasBias(false)}). {@code W} is the
 * {@code [nIn, nOut]} matrix in column-major ('f') order, so {@code W[i][o] = flat[offset + i + o * nIn]}.
 * The layer computes {@code activation(x W + b)}. This class keeps its own copy with each W in row-major
 * order ({@code W[i][o]} at {@code offset + i * nOut + o}) and computes eight outputs at a time with their
 * sums in registers (see {@link #dense}); each sum adds its terms in input order, then the bias.
 *
 * <h2>Supported</h2>
 * Layers: {@code DenseLayer} (without layer normalization), {@code OutputLayer} (its loss function plays no
 * part in inference), {@code DropoutLayer} and dropout on any layer (identity at inference: DL4J uses
 * inverted dropout, scaling at training time), {@code ActivationLayer}. Activations: identity, relu (without
 * DL4J's optional max, threshold or negative slope), leakyrelu (any alpha), tanh, sigmoid, softmax. Anything
 * else (another layer type or activation, input preprocessors, weight noise) is refused at construction with
 * a message naming the layer, rather than computed differently from DL4J.
 *
 * <p>Immutable and thread-safe. {@link #predict} and the batch methods allocate nothing after a thread's
 * first call: each thread gets its own scratch buffers (a {@link ThreadLocal}, about two layers' width).
 */
public final class FastMlpPredictor implements Predictor {

  /** Activations this forward pass computes exactly as DL4J does. */
  enum Activation {
    IDENTITY, RELU, LEAKYRELU, TANH, SIGMOID, SOFTMAX
  }

  /** One step of the forward pass: a dense transform (if {@code weights >= 0}) then an activation. */
  record Step(String layer, boolean dense, int nIn, int nOut, int weights, int bias, Activation activation,
      double alpha) {}

  private static final String SUPPORTED_LAYERS = "DenseLayer, OutputLayer, DropoutLayer, ActivationLayer";
  private static final String SUPPORTED_ACTIVATIONS = "identity, relu, leakyrelu, tanh, sigmoid, softmax";

  private final InputNormalizer normalizer;
  /** The parameters, each W block in row-major order (see the class comment), biases as in DL4J. */
  private final double[] params;
  private final Step[] steps;
  private final int inputSize;
  private final int classes;
  private final String description;
  private final ThreadLocal<double[][]> scratch;

  private FastMlpPredictor(List<Step> steps, double[] params, InputNormalizer normalizer, int inputSize) {
    this.steps = steps.toArray(new Step[0]);
    this.params = rowMajorWeights(steps, params);
    this.normalizer = normalizer;
    this.inputSize = inputSize;
    this.classes = this.steps[this.steps.length - 1].nOut();
    int width = inputSize;
    StringBuilder text = new StringBuilder().append(inputSize).append(" inputs");
    for (Step step : steps) {
      width = Math.max(width, step.nOut());
      text.append(" -> ").append(step.dense() ? "dense " + step.nOut() + (step.bias() < 0 ? " (no bias) " : " ") : "")
          .append(step.activation().name().toLowerCase(java.util.Locale.ROOT))
          .append(step.activation() == Activation.LEAKYRELU ? "(" + step.alpha() + ")" : "");
    }
    this.description = text.toString();
    int maxWidth = width;
    this.scratch = ThreadLocal.withInitial(() -> new double[][] {new double[maxWidth], new double[maxWidth]});
  }

  /**
   * The forward pass of {@code network}'s configuration and current parameters (copied: later training of
   * {@code network} does not change this predictor).
   */
  public static FastMlpPredictor of(MultiLayerNetwork network, InputNormalizer normalizer) {
    return of(network.getLayerWiseConfigurations(), network.params().toDoubleVector(), normalizer);
  }

  /**
   * The forward pass of {@code configuration} with the flat parameter vector {@code params} (copied), in
   * DL4J's layout. Throws {@link IllegalArgumentException} naming the layer for anything unsupported, and
   * when the parameter count or the normalizer's width does not match the configuration.
   */
  public static FastMlpPredictor of(MultiLayerConfiguration configuration, double[] params,
      InputNormalizer normalizer) {
    Map<Integer, InputPreProcessor> preprocessors = configuration.getInputPreProcessors();
    if (preprocessors != null && !preprocessors.isEmpty()) {
      throw new IllegalArgumentException("input preprocessors " + preprocessors + " are not supported by the fast"
          + " forward pass (an MLP needs none)");
    }
    List<NeuralNetConfiguration> confs = configuration.getConfs();
    if (confs.isEmpty()) {
      throw new IllegalArgumentException("the network has no layers");
    }
    List<Step> steps = new ArrayList<>();
    int offset = 0;
    int width = -1;
    for (int index = 0; index < confs.size(); index++) {
      Layer layer = confs.get(index).getLayer();
      String name = "layer " + index + " (" + layer.getLayerName() + ", " + layer.getClass().getSimpleName() + ")";
      Class<?> type = layer.getClass();
      if (type == DenseLayer.class || type == OutputLayer.class) {
        org.deeplearning4j.nn.conf.layers.FeedForwardLayer dense =
            (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layer;
        if (type == DenseLayer.class && ((DenseLayer) layer).hasLayerNorm()) {
          throw new IllegalArgumentException(name + ": layer normalization is not supported by the fast forward pass");
        }
        if (dense.getWeightNoise() != null) {
          throw new IllegalArgumentException(name + ": weight noise " + dense.getWeightNoise()
              + " is not supported by the fast forward pass");
        }
        boolean hasBias = type == DenseLayer.class ? ((DenseLayer) layer).hasBias() : ((OutputLayer) layer).hasBias();
        int nIn = toInt(dense.getNIn(), name + " nIn");
        int nOut = toInt(dense.getNOut(), name + " nOut");
        if (width >= 0 && nIn != width) {
          throw new IllegalArgumentException(name + " has nIn " + nIn + " but the layer before it gives " + width);
        }
        if (width < 0) {
          width = nIn;
        }
        Activation activation = activation(dense.getActivationFn(), name);
        long weights = offset;
        long bias = hasBias ? weights + (long) nIn * nOut : -1;
        long end = weights + (long) nIn * nOut + (hasBias ? nOut : 0);
        if (end > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(name + ": more parameters than fit one Java array");
        }
        steps.add(new Step(name, true, nIn, nOut, (int) weights, (int) bias, activation, alpha(dense.getActivationFn())));
        offset = (int) end;
        width = nOut;
      } else if (type == DropoutLayer.class) {
        continue; // identity at inference: no step
      } else if (type == ActivationLayer.class) {
        if (width < 0) {
          throw new IllegalArgumentException(name + ": an ActivationLayer first does not say the input width;"
              + " put a DenseLayer first");
        }
        IActivation function = ((ActivationLayer) layer).getActivationFn();
        steps.add(new Step(name, false, width, width, -1, -1, activation(function, name), alpha(function)));
      } else {
        throw new IllegalArgumentException(name + " is not supported by the fast forward pass; supported layers: "
            + SUPPORTED_LAYERS);
      }
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("the network has no dense layer");
    }
    if (offset != params.length) {
      throw new IllegalArgumentException("the configuration has " + offset + " parameters but the parameter vector"
          + " holds " + params.length);
    }
    int inputs = steps.get(0).nIn();
    if (normalizer.size() != inputs) {
      throw new IllegalArgumentException("the normalizer has " + normalizer.size() + " columns but the network takes "
          + inputs + " inputs");
    }
    for (int i = 0; i < params.length; i++) {
      if (!Double.isFinite(params[i])) {
        throw new IllegalArgumentException("parameter " + i + " is " + params[i]);
      }
    }
    return new FastMlpPredictor(steps, params, normalizer, normalizer.size());
  }

  /** A copy of DL4J's flat vector with every dense W block turned from column-major into row-major order. */
  private static double[] rowMajorWeights(List<Step> steps, double[] flat) {
    double[] copy = flat.clone();
    for (Step step : steps) {
      if (step.dense()) {
        int nIn = step.nIn();
        int nOut = step.nOut();
        int w = step.weights();
        for (int i = 0; i < nIn; i++) {
          for (int o = 0; o < nOut; o++) {
            copy[w + i * nOut + o] = flat[w + i + o * nIn];
          }
        }
      }
    }
    return copy;
  }

  private static int toInt(long value, String what) {
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + " must be in [1, " + Integer.MAX_VALUE + "], got " + value);
    }
    return (int) value;
  }

  private static Activation activation(IActivation function, String layer) {
    Class<?> type = function == null ? null : function.getClass();
    if (type == ActivationIdentity.class) {
      return Activation.IDENTITY;
    }
    if (type == ActivationReLU.class) {
      ActivationReLU relu = (ActivationReLU) function;
      if (relu.getMax() != null || (relu.getThreshold() != null && relu.getThreshold() != 0.0)
          || (relu.getNegativeSlope() != null && relu.getNegativeSlope() != 0.0)) {
        throw new IllegalArgumentException(layer + ": relu with max " + relu.getMax() + ", threshold "
            + relu.getThreshold() + ", negative slope " + relu.getNegativeSlope() + " is not supported (plain relu is)");
      }
      return Activation.RELU;
    }
    if (type == ActivationLReLU.class) {
      return Activation.LEAKYRELU;
    }
    if (type == ActivationTanH.class) {
      return Activation.TANH;
    }
    if (type == ActivationSigmoid.class) {
      return Activation.SIGMOID;
    }
    if (type == ActivationSoftmax.class) {
      return Activation.SOFTMAX;
    }
    throw new IllegalArgumentException(layer + ": activation " + (type == null ? "null" : type.getSimpleName())
        + " is not supported by the fast forward pass; supported: " + SUPPORTED_ACTIVATIONS);
  }

  private static double alpha(IActivation function) {
    return function instanceof ActivationLReLU leaky ? leaky.getAlpha() : 0.0;
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public int classes() {
    return classes;
  }

  /** The normalizer applied to the raw inputs. */
  public InputNormalizer normalizer() {
    return normalizer;
  }

  /** The layers as this pass computes them, e.g. {@code 23 inputs -> dense 64 relu -> dense 3 softmax}. */
  public String describe() {
    return description;
  }

  @Override
  public void predict(double[] inputs, double[] probabilitiesOut) {
    if (inputs.length != inputSize) {
      throw new IllegalArgumentException("expected " + inputSize + " inputs, got " + inputs.length);
    }
    if (probabilitiesOut.length < classes) {
      throw new IllegalArgumentException("expected room for " + classes + " probabilities, got " + probabilitiesOut.length);
    }
    forward(inputs, 0, probabilitiesOut, 0, scratch.get());
  }

  @Override
  public void predictBatch(double[] inputs, int rows, double[] out) {
    Predictor.checkBatch(this, inputs, rows, out);
    double[][] buffers = scratch.get();
    for (int r = 0; r < rows; r++) {
      forward(inputs, r * inputSize, out, r * classes, buffers);
    }
  }

  @Override
  public void predictBatch(double[][] inputs, double[][] out) {
    if (inputs.length != out.length) {
      throw new IllegalArgumentException("batch has " + inputs.length + " input rows but " + out.length + " output rows");
    }
    double[][] buffers = scratch.get();
    for (int r = 0; r < inputs.length; r++) {
      if (inputs[r].length != inputSize || out[r].length < classes) {
        throw new IllegalArgumentException("row " + r + ": expected " + inputSize + " inputs and room for " + classes
            + " outputs, got " + inputs[r].length + " and " + out[r].length);
      }
      forward(inputs[r], 0, out[r], 0, buffers);
    }
  }

  private void forward(double[] inputs, int inOffset, double[] out, int outOffset, double[][] buffers) {
    double[] current = buffers[0];
    double[] next = buffers[1];
    normalizer.transform(inputs, inOffset, current, 0);
    double[] p = params;
    for (Step step : steps) {
      int nOut = step.nOut();
      if (step.dense()) {
        int nIn = step.nIn();
        dense(current, next, p, nIn, nOut, step.weights());
        int bias = step.bias();
        if (bias >= 0) {
          for (int o = 0; o < nOut; o++) {
            next[o] += p[bias + o];
          }
        }
      } else {
        System.arraycopy(current, 0, next, 0, nOut);
      }
      activate(step, next, nOut);
      double[] swap = current;
      current = next;
      next = swap;
    }
    System.arraycopy(current, 0, out, outOffset, classes);
  }

  /**
   * {@code y[o] = sum over i of x[i] * W[i][o]}, W row-major at {@code w}. Eight (then four, then one)
   * outputs at a time, their sums in registers: each x[i] is loaded once per block, the eight chains of
   * additions run in parallel, and every sum still adds its terms in input order.
   */
  private static void dense(double[] x, double[] y, double[] p, int nIn, int nOut, int w) {
    int o = 0;
    for (; o + 7 < nOut; o += 8) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      double s4 = 0;
      double s5 = 0;
      double s6 = 0;
      double s7 = 0;
      for (int i = 0, q = w + o; i < nIn; i++, q += nOut) {
        double xi = x[i];
        s0 += xi * p[q];
        s1 += xi * p[q + 1];
        s2 += xi * p[q + 2];
        s3 += xi * p[q + 3];
        s4 += xi * p[q + 4];
        s5 += xi * p[q + 5];
        s6 += xi * p[q + 6];
        s7 += xi * p[q + 7];
      }
      y[o] = s0;
      y[o + 1] = s1;
      y[o + 2] = s2;
      y[o + 3] = s3;
      y[o + 4] = s4;
      y[o + 5] = s5;
      y[o + 6] = s6;
      y[o + 7] = s7;
    }
    for (; o + 3 < nOut; o += 4) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int i = 0, q = w + o; i < nIn; i++, q += nOut) {
        double xi = x[i];
        s0 += xi * p[q];
        s1 += xi * p[q + 1];
        s2 += xi * p[q + 2];
        s3 += xi * p[q + 3];
      }
      y[o] = s0;
      y[o + 1] = s1;
      y[o + 2] = s2;
      y[o + 3] = s3;
    }
    for (; o < nOut; o++) {
      double s = 0;
      for (int i = 0, q = w + o; i < nIn; i++, q += nOut) {
        s += x[i] * p[q];
      }
      y[o] = s;
    }
  }

  private static void activate(Step step, double[] x, int n) {
    switch (step.activation()) {
      case IDENTITY -> {
      }
      case RELU -> {
        for (int i = 0; i < n; i++) {
          x[i] = x[i] < 0 ? 0.0 : x[i]; // NaN stays NaN, as in DL4J
        }
      }
      case LEAKYRELU -> {
        double alpha = step.alpha();
        for (int i = 0; i < n; i++) {
          x[i] = x[i] < 0 ? alpha * x[i] : x[i];
        }
      }
      case TANH -> {
        for (int i = 0; i < n; i++) {
          x[i] = Math.tanh(x[i]);
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < n; i++) {
          x[i] = 1.0 / (1.0 + Math.exp(-x[i]));
        }
      }
      case SOFTMAX -> {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
          max = Math.max(max, x[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
          x[i] = Math.exp(x[i] - max);
          sum += x[i];
        }
        for (int i = 0; i < n; i++) {
          x[i] /= sum;
        }
      }
      default -> throw new IllegalStateException("unhandled activation " + step.activation());
    }
  }

  /** The steps, for tests. */
  List<Step> steps() {
    return List.of(steps);
  }

  @Override
  public String toString() {
    return "FastMlpPredictor[" + description + "]";
  }
}
