package com.tradingml.core.evaluation;

import java.util.Arrays;

/**
 * The linear baseline: multinomial (softmax) logistic regression, trained on the same standardized inputs
 * the model gets (fit a {@link Standardizer} on the training rows and pass its output; this class does not
 * rescale). A model that does not beat it has learned nothing a linear rule could not.
 *
 * <h2>Model</h2>
 * {@code P(k | x) = softmax(z)_k}, {@code z_k = intercepts[k] + weights[k] . x}, computed stably (the
 * largest logit is subtracted before exponentiating) with {@link StrictMath#exp}, so it never overflows and
 * gives the same bits on every JVM.
 *
 * <h2>Training</h2>
 * Minimizes the weighted mean cross-entropy plus an L2 penalty on the weights (not the intercepts):
 * <pre>
 *   J(W, b) = sum_i c[y_i] (-ln P(y_i | x_i)) / sum_i c[y_i]  +  (l2 / 2) sum_{k,j} W_kj^2
 * </pre>
 * with class weights {@code c} (all 1 unless given; {@link #balancedClassWeights} gives sklearn's
 * "balanced" {@code n / (present classes * count_k)}). The optimizer is full-batch L-BFGS (memory
 * {@value #LBFGS_MEMORY}, backtracking Armijo line search, see {@code Lbfgs}) from all-zero parameters,
 * for at most {@value #MAX_ITERATIONS} iterations, stopping early when every gradient component is at most
 * {@value #GRADIENT_TOLERANCE} in absolute value. Deterministic: no randomness, one thread, fixed
 * summation order; the same inputs give the same bits. With {@code l2 = 0} on separable data the optimum is
 * at infinity: the weights grow until the gradient falls below the tolerance or the budget is spent, so use
 * {@code l2 > 0} for a baseline that means something there.
 *
 * <h2>Classes absent from training</h2>
 * Only the classes present in the training labels are fitted. The fitted parameters are then centred
 * across those classes (weights and intercepts sum to 0 over them; this changes no prediction among them),
 * and each absent class gets weights 0 and intercept {@value #ABSENT_CLASS_INTERCEPT}. Since the present
 * logits then average 0 for every input, their maximum is >= 0 and an absent class's probability is at
 * most {@code e^-50} (about 2e-22) for ANY input: ~0 through the intercept alone, with no special case at
 * prediction time, no infinities and no NaN.
 *
 * <p>Immutable and thread-safe. The canonical constructor rebuilds a fitted model from its parameters (for
 * deserialization); {@link #fit} is how models are made.
 *
 * @param weights {@code [class][feature]}, finite
 * @param intercepts one per class, finite
 * @param l2 the L2 strength it was trained with (lineage)
 * @param iterations L-BFGS iterations taken
 * @param converged whether the gradient tolerance was reached within the budget
 * @param objective J at the fitted parameters of the present classes (before the absent ones were added)
 */
public record LogisticRegressionBaseline(
    double[][] weights, double[] intercepts, double l2, int iterations, boolean converged, double objective)
    implements ProbabilisticClassifier {

  /** Iteration budget of the optimizer. */
  public static final int MAX_ITERATIONS = 500;
  /** Convergence: the largest absolute gradient component of J. */
  public static final double GRADIENT_TOLERANCE = 1e-7;
  /** Correction pairs L-BFGS remembers. */
  public static final int LBFGS_MEMORY = 10;
  /** Intercept of a class that never occurred in training (its weights are 0). */
  public static final double ABSENT_CLASS_INTERCEPT = -50.0;

  public LogisticRegressionBaseline {
    if (weights == null || intercepts == null || weights.length != intercepts.length) {
      throw new IllegalArgumentException("weights and intercepts must be non-null with one entry per class");
    }
    if (intercepts.length < 2) {
      throw new IllegalArgumentException("classes must be >= 2, got " + intercepts.length);
    }
    if (weights[0] == null) {
      throw new IllegalArgumentException("weights[0] must not be null");
    }
    int features = weights[0].length;
    double[][] copy = new double[weights.length][];
    for (int k = 0; k < weights.length; k++) {
      if (weights[k] == null || weights[k].length != features) {
        throw new IllegalArgumentException("weights[" + k + "] must have " + features + " values");
      }
      copy[k] = weights[k].clone();
      for (int j = 0; j < features; j++) {
        if (!Double.isFinite(copy[k][j])) {
          throw new IllegalArgumentException("weights[" + k + "][" + j + "] is " + copy[k][j]);
        }
      }
      if (!Double.isFinite(intercepts[k])) {
        throw new IllegalArgumentException("intercepts[" + k + "] is " + intercepts[k]);
      }
    }
    weights = copy;
    intercepts = intercepts.clone();
    if (!Double.isFinite(l2) || l2 < 0.0) {
      throw new IllegalArgumentException("l2 must be finite and >= 0, got " + l2);
    }
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
    }
  }

  /** Unweighted fit: {@link #fit(double[][], int[], int, double, double[])} with every class weight 1. */
  public static LogisticRegressionBaseline fit(double[][] x, int[] y, int classes, double l2) {
    return fit(x, y, classes, l2, null);
  }

  /**
   * Fits the model.
   *
   * @param x standardized training rows, at least one, all of the same length, every value finite
   * @param y class per row, in [0, classes)
   * @param classes K >= 2
   * @param l2 L2 strength on the weights, finite and >= 0 (per mean sample: independent of n)
   * @param classWeights one weight per class, finite and >= 0, or null for all 1
   * @throws IllegalArgumentException naming the first bad row, column or label
   */
  public static LogisticRegressionBaseline fit(
      double[][] x, int[] y, int classes, double l2, double[] classWeights) {
    int features = validate(x, y, classes, l2, classWeights);
    int[] compact = new int[classes];
    Arrays.fill(compact, -1);
    for (int label : y) {
      compact[label] = 0;
    }
    int present = 0;
    int[] presentClasses = new int[classes];
    for (int k = 0; k < classes; k++) {
      if (compact[k] == 0) {
        compact[k] = present;
        presentClasses[present++] = k;
      }
    }
    int[] compactY = new int[y.length];
    double[] sampleWeight = new double[y.length];
    double totalWeight = 0.0;
    for (int i = 0; i < y.length; i++) {
      compactY[i] = compact[y[i]];
      sampleWeight[i] = classWeights == null ? 1.0 : classWeights[y[i]];
      totalWeight += sampleWeight[i];
    }
    if (!(totalWeight > 0.0)) {
      throw new IllegalArgumentException("the class weights give every training row weight 0");
    }

    CrossEntropy objective = new CrossEntropy(x, compactY, sampleWeight, totalWeight, present, features, l2);
    Lbfgs.Result result = Lbfgs.minimize(
        objective, new double[present * (features + 1)], MAX_ITERATIONS, GRADIENT_TOLERANCE, LBFGS_MEMORY);
    double[] theta = result.point();

    double[][] weights = new double[classes][features];
    double[] intercepts = new double[classes];
    Arrays.fill(intercepts, ABSENT_CLASS_INTERCEPT);
    for (int j = 0; j <= features; j++) {
      double sum = 0.0;
      for (int c = 0; c < present; c++) {
        sum += theta[c * (features + 1) + j];
      }
      double centre = sum / present;
      for (int c = 0; c < present; c++) {
        double value = theta[c * (features + 1) + j] - centre;
        if (j < features) {
          weights[presentClasses[c]][j] = value;
        } else {
          intercepts[presentClasses[c]] = value;
        }
      }
    }
    return new LogisticRegressionBaseline(
        weights, intercepts, l2, result.iterations(), result.converged(), result.value());
  }

  /**
   * sklearn's "balanced" class weights: {@code n / (present * count_k)} for each class k with training
   * samples ({@code present} = how many classes have any), 0 for a class without any (it has no rows to
   * weigh). Each present class then carries the same total weight.
   */
  public static double[] balancedClassWeights(int[] y, int classes) {
    long[] counts = new long[classes];
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0 || y[i] >= classes) {
        throw new IllegalArgumentException("y[" + i + "] = " + y[i] + " is not a class in [0, " + classes + ")");
      }
      counts[y[i]]++;
    }
    int present = 0;
    for (long count : counts) {
      if (count > 0) {
        present++;
      }
    }
    double[] weights = new double[classes];
    for (int k = 0; k < classes; k++) {
      weights[k] = counts[k] == 0 ? 0.0 : (double) y.length / ((double) present * counts[k]);
    }
    return weights;
  }

  @Override
  public int classes() {
    return intercepts.length;
  }

  /** Number of input features. */
  public int features() {
    return weights[0].length;
  }

  /**
   * Writes {@code softmax(intercepts + weights . features)}. Allocation-free. NaN features give NaN
   * probabilities (whether a row may be scored is the caller's decision).
   */
  @Override
  public void predictProbabilities(double[] features, double[] out) {
    int classes = intercepts.length;
    int columns = weights[0].length;
    if (features.length != columns) {
      throw new IllegalArgumentException("features must have " + columns + " values, got " + features.length);
    }
    if (out.length != classes) {
      throw new IllegalArgumentException("out must have " + classes + " values, got " + out.length);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < classes; k++) {
      double z = intercepts[k];
      double[] w = weights[k];
      for (int j = 0; j < columns; j++) {
        z += w[j] * features[j];
      }
      out[k] = z;
      max = Math.max(max, z);
    }
    double sum = 0.0;
    for (int k = 0; k < classes; k++) {
      out[k] = StrictMath.exp(out[k] - max);
      sum += out[k];
    }
    for (int k = 0; k < classes; k++) {
      out[k] /= sum;
    }
  }

  /** A copy: {@code [class][feature]}. */
  @Override
  public double[][] weights() {
    double[][] copy = new double[weights.length][];
    for (int k = 0; k < weights.length; k++) {
      copy[k] = weights[k].clone();
    }
    return copy;
  }

  @Override
  public double[] intercepts() {
    return intercepts.clone();
  }

  /** Equal when all parameters and training facts are equal, doubles compared by their bits. */
  @Override
  public boolean equals(Object other) {
    return other instanceof LogisticRegressionBaseline that
        && Arrays.deepEquals(weights, that.weights)
        && Arrays.equals(intercepts, that.intercepts)
        && Double.compare(l2, that.l2) == 0
        && iterations == that.iterations
        && converged == that.converged
        && Double.compare(objective, that.objective) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(weights) + Arrays.hashCode(intercepts);
  }

  @Override
  public String toString() {
    return "LogisticRegressionBaseline[weights=" + Arrays.deepToString(weights) + ", intercepts="
        + Arrays.toString(intercepts) + ", l2=" + l2 + ", iterations=" + iterations + ", converged="
        + converged + ", objective=" + objective + "]";
  }

  private static int validate(double[][] x, int[] y, int classes, double l2, double[] classWeights) {
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, got " + classes);
    }
    if (x == null || y == null || x.length == 0) {
      throw new IllegalArgumentException("no training rows");
    }
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " training rows but " + y.length + " labels");
    }
    if (!Double.isFinite(l2) || l2 < 0.0) {
      throw new IllegalArgumentException("l2 must be finite and >= 0, got " + l2);
    }
    if (classWeights != null) {
      if (classWeights.length != classes) {
        throw new IllegalArgumentException(
            "classWeights must have " + classes + " values, got " + classWeights.length);
      }
      for (int k = 0; k < classes; k++) {
        if (!Double.isFinite(classWeights[k]) || classWeights[k] < 0.0) {
          throw new IllegalArgumentException("classWeights[" + k + "] must be finite and >= 0, got "
              + classWeights[k]);
        }
      }
    }
    int features = x[0] == null ? 0 : x[0].length;
    for (int i = 0; i < x.length; i++) {
      if (x[i] == null || x[i].length != features) {
        throw new IllegalArgumentException("row " + i + " has " + (x[i] == null ? "no" : x[i].length)
            + " values, expected " + features);
      }
      for (int j = 0; j < features; j++) {
        if (!Double.isFinite(x[i][j])) {
          throw new IllegalArgumentException("row " + i + ", column " + j + " is " + x[i][j]
              + ": training inputs must be finite");
        }
      }
      if (y[i] < 0 || y[i] >= classes) {
        throw new IllegalArgumentException("y[" + i + "] = " + y[i] + " is not a class in [0, " + classes + ")");
      }
    }
    return features;
  }

  /**
   * J over the present classes; parameters laid out class by class, each as {@code features} weights then
   * the intercept.
   */
  private static final class CrossEntropy implements Lbfgs.Objective {
    private final double[][] x;
    private final int[] y;
    private final double[] sampleWeight;
    private final double totalWeight;
    private final int classes;
    private final int features;
    private final double l2;
    private final double[] exps;

    CrossEntropy(double[][] x, int[] y, double[] sampleWeight, double totalWeight, int classes, int features,
        double l2) {
      this.x = x;
      this.y = y;
      this.sampleWeight = sampleWeight;
      this.totalWeight = totalWeight;
      this.classes = classes;
      this.features = features;
      this.l2 = l2;
      this.exps = new double[classes];
    }

    @Override
    public double evaluate(double[] theta, double[] gradient) {
      Arrays.fill(gradient, 0.0);
      int stride = features + 1;
      double loss = 0.0;
      for (int i = 0; i < x.length; i++) {
        double weight = sampleWeight[i];
        if (weight == 0.0) {
          continue;
        }
        double[] row = x[i];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          int offset = c * stride;
          double z = theta[offset + features];
          for (int j = 0; j < features; j++) {
            z += theta[offset + j] * row[j];
          }
          exps[c] = z;
          max = Math.max(max, z);
        }
        double actualLogit = exps[y[i]];
        double sum = 0.0;
        for (int c = 0; c < classes; c++) {
          exps[c] = StrictMath.exp(exps[c] - max);
          sum += exps[c];
        }
        loss += weight * (max + StrictMath.log(sum) - actualLogit);
        for (int c = 0; c < classes; c++) {
          double residual = weight * (exps[c] / sum - (c == y[i] ? 1.0 : 0.0));
          int offset = c * stride;
          for (int j = 0; j < features; j++) {
            gradient[offset + j] += residual * row[j];
          }
          gradient[offset + features] += residual;
        }
      }
      double scale = 1.0 / totalWeight;
      loss *= scale;
      for (int p = 0; p < gradient.length; p++) {
        gradient[p] *= scale;
      }
      for (int c = 0; c < classes; c++) {
        for (int j = 0; j < features; j++) {
          double w = theta[c * stride + j];
          loss += 0.5 * l2 * w * w;
          gradient[c * stride + j] += l2 * w;
        }
      }
      return loss;
    }
  }
}
