package com.tradingml.core.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well class probabilities predicted the actual classes: the one definition of the metrics that
 * training, backtests, model cards and monitoring report. {@link #compute} is the factory;
 * {@link #DEFINITIONS} states the conventions in words and goes into every {@link #toMap()}.
 *
 * <p>Immutable and thread-safe (arrays are copied in and out). The canonical constructor checks that the
 * counts agree with each other, so a value read back from a model card is as trustworthy as a computed one.
 *
 * @param n number of samples
 * @param classes number of classes K (classes are 0 .. K-1, ordered by forward return: DOWN = 0 ... UP = K-1)
 * @param actualCounts samples per actual class (a class may have none)
 * @param predictedCounts samples per predicted class (argmax, ties to the lower class index)
 * @param confusionMatrix {@code [actual][predicted]} counts; rows sum to {@code actualCounts}
 * @param accuracy fraction of samples whose argmax class is the actual class
 * @param balancedAccuracy mean recall over the classes present in the actual labels (absent classes have no
 *     recall and are skipped, not counted as 0 or 1)
 * @param logLoss mean of {@code -ln q[actual]}, natural log, with {@code q} the probabilities clipped to
 *     [1e-15, 1 - 1e-15] and renormalised to sum 1
 * @param rocAuc one-vs-rest AUC per class, scored by that class's probability; NaN for a class without
 *     positives or without negatives in the actual labels
 * @param macroRocAuc mean of the defined {@code rocAuc} values (unweighted); NaN when none is defined
 * @param informationCoefficient Spearman rank correlation between the score {@code P(K-1) - P(0)} (P(UP) -
 *     P(DOWN)) and the realized forward return, over the samples whose return is not NaN; NaN when fewer
 *     than 2 such samples or either side is constant
 * @param informationCoefficientSamples samples behind the information coefficient (returns not NaN)
 */
public record ClassificationMetrics(
    int n,
    int classes,
    long[] actualCounts,
    long[] predictedCounts,
    long[][] confusionMatrix,
    double accuracy,
    double balancedAccuracy,
    double logLoss,
    double[] rocAuc,
    double macroRocAuc,
    double informationCoefficient,
    int informationCoefficientSamples) {

  /** Probabilities are clipped to [EPSILON, 1 - EPSILON] for the log loss (then renormalised). */
  public static final double LOG_LOSS_EPSILON = 1e-15;

  /** A probability row must sum to 1 within this. */
  public static final double ROW_SUM_TOLERANCE = 1e-6;

  /** The conventions, in words, for model cards and reports. */
  public static final String DEFINITIONS = "classes 0..K-1 ordered by forward return (DOWN=0, FLAT=1, UP=2);"
      + " predicted class = argmax of the probabilities, ties to the lower class index;"
      + " confusion matrix rows = actual, columns = predicted;"
      + " accuracy = correct / n; balanced accuracy = mean recall over classes present in the actual labels;"
      + " log loss = mean of -ln q[actual], natural log, q = probabilities clipped to [1e-15, 1-1e-15]"
      + " and renormalised to sum 1;"
      + " ROC AUC = one-vs-rest per class scored by that class's probability, exact Mann-Whitney with"
      + " average ranks for ties (ties count 1/2), undefined (null) without positives or negatives;"
      + " macro ROC AUC = unweighted mean over the classes where it is defined;"
      + " information coefficient = Spearman rank correlation (average ranks for ties) between"
      + " P(class K-1) - P(class 0) (= P(UP) - P(DOWN)) and the realized forward return,"
      + " samples with a NaN return excluded";

  public ClassificationMetrics {
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, got " + classes);
    }
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    actualCounts = copyOfLength(actualCounts, classes, "actualCounts");
    predictedCounts = copyOfLength(predictedCounts, classes, "predictedCounts");
    rocAuc = copyOfLength(rocAuc, classes, "rocAuc");
    if (confusionMatrix == null || confusionMatrix.length != classes) {
      throw new IllegalArgumentException("confusionMatrix must have " + classes + " rows");
    }
    long[][] confusion = new long[classes][];
    for (int actual = 0; actual < classes; actual++) {
      confusion[actual] = copyOfLength(confusionMatrix[actual], classes, "confusionMatrix[" + actual + "]");
    }
    confusionMatrix = confusion;
    long total = 0;
    for (int actual = 0; actual < classes; actual++) {
      long rowSum = 0;
      long columnSum = 0;
      for (int other = 0; other < classes; other++) {
        if (confusion[actual][other] < 0) {
          throw new IllegalArgumentException("confusionMatrix[" + actual + "][" + other + "] is negative");
        }
        rowSum += confusion[actual][other];
        columnSum += confusion[other][actual];
      }
      if (rowSum != actualCounts[actual]) {
        throw new IllegalArgumentException("confusion row " + actual + " sums to " + rowSum
            + " but actualCounts[" + actual + "] = " + actualCounts[actual]);
      }
      if (columnSum != predictedCounts[actual]) {
        throw new IllegalArgumentException("confusion column " + actual + " sums to " + columnSum
            + " but predictedCounts[" + actual + "] = " + predictedCounts[actual]);
      }
      total += rowSum;
    }
    if (total != n) {
      throw new IllegalArgumentException("confusion matrix holds " + total + " samples but n = " + n);
    }
    requireFraction(accuracy, "accuracy", false);
    requireFraction(balancedAccuracy, "balancedAccuracy", false);
    requireFraction(macroRocAuc, "macroRocAuc", true);
    for (int k = 0; k < classes; k++) {
      requireFraction(rocAuc[k], "rocAuc[" + k + "]", true);
    }
    if (!(logLoss >= 0.0) || Double.isInfinite(logLoss)) {
      throw new IllegalArgumentException("logLoss must be finite and >= 0, got " + logLoss);
    }
    if (!Double.isNaN(informationCoefficient) && !(Math.abs(informationCoefficient) <= 1.0)) {
      throw new IllegalArgumentException(
          "informationCoefficient must be in [-1, 1] or NaN, got " + informationCoefficient);
    }
    if (informationCoefficientSamples < 0 || informationCoefficientSamples > n) {
      throw new IllegalArgumentException("informationCoefficientSamples must be in [0, n], got "
          + informationCoefficientSamples);
    }
  }

  /**
   * The metrics of {@code probabilities} against {@code actual}.
   *
   * @param actual the actual class of each sample, in [0, classes)
   * @param probabilities one row of {@code classes} probabilities per sample: finite, >= 0, summing to 1
   *     within {@link #ROW_SUM_TOLERANCE}
   * @param forwardReturns the realized forward return of each sample, for the information coefficient;
   *     NaN where unknown (excluded), never infinite
   * @param classes K >= 2
   * @throws IllegalArgumentException naming the first bad sample
   */
  public static ClassificationMetrics compute(
      int[] actual, double[][] probabilities, double[] forwardReturns, int classes) {
    validate(actual, probabilities, forwardReturns, classes);
    int n = actual.length;
    long[] actualCounts = new long[classes];
    long[] predictedCounts = new long[classes];
    long[][] confusion = new long[classes][classes];
    double logLossSum = 0.0;
    for (int i = 0; i < n; i++) {
      int predicted = argmax(probabilities[i]);
      actualCounts[actual[i]]++;
      predictedCounts[predicted]++;
      confusion[actual[i]][predicted]++;
      logLossSum += clippedLogLoss(probabilities[i], actual[i]);
    }
    long correct = 0;
    double recallSum = 0.0;
    int presentClasses = 0;
    for (int k = 0; k < classes; k++) {
      correct += confusion[k][k];
      if (actualCounts[k] > 0) {
        recallSum += (double) confusion[k][k] / actualCounts[k];
        presentClasses++;
      }
    }

    double[] rocAuc = new double[classes];
    double aucSum = 0.0;
    int aucDefined = 0;
    double[] scores = new double[n];
    boolean[] positive = new boolean[n];
    for (int k = 0; k < classes; k++) {
      for (int i = 0; i < n; i++) {
        scores[i] = probabilities[i][k];
        positive[i] = actual[i] == k;
      }
      rocAuc[k] = RocAuc.of(scores, positive);
      if (!Double.isNaN(rocAuc[k])) {
        aucSum += rocAuc[k];
        aucDefined++;
      }
    }

    int icSamples = 0;
    for (int i = 0; i < n; i++) {
      scores[i] = probabilities[i][classes - 1] - probabilities[i][0];
      if (!Double.isNaN(forwardReturns[i])) {
        icSamples++;
      }
    }
    double ic = SpearmanCorrelation.of(scores, forwardReturns);

    return new ClassificationMetrics(
        n,
        classes,
        actualCounts,
        predictedCounts,
        confusion,
        (double) correct / n,
        recallSum / presentClasses,
        logLossSum / n,
        rocAuc,
        aucDefined == 0 ? Double.NaN : aucSum / aucDefined,
        ic,
        icSamples);
  }

  /** The predicted class: the index of the largest probability, the lower index on a tie. */
  public static int argmax(double[] probabilities) {
    int best = 0;
    for (int k = 1; k < probabilities.length; k++) {
      if (probabilities[k] > probabilities[best]) {
        best = k;
      }
    }
    return best;
  }

  /** Recall of class {@code k} (correct / actual); NaN when the class never occurs. */
  public double recall(int k) {
    return actualCounts[k] == 0 ? Double.NaN : (double) confusionMatrix[k][k] / actualCounts[k];
  }

  /** The metrics as an ordered map of JSON-ready values (numbers, lists, strings; null for undefined). */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("n", n);
    map.put("classes", classes);
    map.put("accuracy", accuracy);
    map.put("balancedAccuracy", balancedAccuracy);
    map.put("logLoss", logLoss);
    map.put("macroRocAuc", finiteOrNull(macroRocAuc));
    List<Double> aucs = new ArrayList<>(classes);
    for (double auc : rocAuc) {
      aucs.add(finiteOrNull(auc));
    }
    map.put("rocAuc", Collections.unmodifiableList(aucs));
    map.put("informationCoefficient", finiteOrNull(informationCoefficient));
    map.put("informationCoefficientSamples", informationCoefficientSamples);
    map.put("actualCounts", longs(actualCounts));
    map.put("predictedCounts", longs(predictedCounts));
    List<List<Long>> rows = new ArrayList<>(classes);
    for (long[] row : confusionMatrix) {
      rows.add(longs(row));
    }
    map.put("confusionMatrix", Collections.unmodifiableList(rows));
    map.put("definitions", DEFINITIONS);
    return Collections.unmodifiableMap(map);
  }

  @Override
  public long[] actualCounts() {
    return actualCounts.clone();
  }

  @Override
  public long[] predictedCounts() {
    return predictedCounts.clone();
  }

  /** A copy: {@code [actual][predicted]}. */
  @Override
  public long[][] confusionMatrix() {
    long[][] copy = new long[classes][];
    for (int k = 0; k < classes; k++) {
      copy[k] = confusionMatrix[k].clone();
    }
    return copy;
  }

  @Override
  public double[] rocAuc() {
    return rocAuc.clone();
  }

  /** Equal when every field is equal, doubles compared by their bits (NaN equals NaN). */
  @Override
  public boolean equals(Object other) {
    return other instanceof ClassificationMetrics that
        && n == that.n
        && classes == that.classes
        && Arrays.equals(actualCounts, that.actualCounts)
        && Arrays.equals(predictedCounts, that.predictedCounts)
        && Arrays.deepEquals(confusionMatrix, that.confusionMatrix)
        && Double.compare(accuracy, that.accuracy) == 0
        && Double.compare(balancedAccuracy, that.balancedAccuracy) == 0
        && Double.compare(logLoss, that.logLoss) == 0
        && Arrays.equals(rocAuc, that.rocAuc)
        && Double.compare(macroRocAuc, that.macroRocAuc) == 0
        && Double.compare(informationCoefficient, that.informationCoefficient) == 0
        && informationCoefficientSamples == that.informationCoefficientSamples;
  }

  @Override
  public int hashCode() {
    int hash = Integer.hashCode(n);
    hash = 31 * hash + Arrays.hashCode(actualCounts);
    hash = 31 * hash + Arrays.deepHashCode(confusionMatrix);
    hash = 31 * hash + Double.hashCode(logLoss);
    hash = 31 * hash + Arrays.hashCode(rocAuc);
    return 31 * hash + Double.hashCode(informationCoefficient);
  }

  @Override
  public String toString() {
    return "ClassificationMetrics" + toMap();
  }

  private static void validate(int[] actual, double[][] probabilities, double[] forwardReturns, int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, got " + classes);
    }
    if (actual == null || probabilities == null || forwardReturns == null) {
      throw new IllegalArgumentException("actual, probabilities and forwardReturns must not be null");
    }
    int n = actual.length;
    if (n == 0) {
      throw new IllegalArgumentException("no samples to evaluate");
    }
    if (probabilities.length != n || forwardReturns.length != n) {
      throw new IllegalArgumentException("lengths differ: " + n + " actual classes, " + probabilities.length
          + " probability rows, " + forwardReturns.length + " forward returns");
    }
    for (int i = 0; i < n; i++) {
      if (actual[i] < 0 || actual[i] >= classes) {
        throw new IllegalArgumentException(
            "actual[" + i + "] = " + actual[i] + " is not a class in [0, " + classes + ")");
      }
      if (Double.isInfinite(forwardReturns[i])) {
        throw new IllegalArgumentException("forwardReturns[" + i + "] is " + forwardReturns[i]);
      }
      requireProbabilityRow(probabilities[i], classes, i);
    }
  }

  /** Checks one row of class probabilities, naming it by {@code index} in the message. */
  static void requireProbabilityRow(double[] row, int classes, int index) {
    if (row == null || row.length != classes) {
      throw new IllegalArgumentException("probability row " + index + " must have " + classes + " values, got "
          + (row == null ? "null" : String.valueOf(row.length)));
    }
    double sum = 0.0;
    for (int k = 0; k < classes; k++) {
      if (!Double.isFinite(row[k]) || row[k] < 0.0) {
        throw new IllegalArgumentException("probability row " + index + " has P(" + k + ") = " + row[k]
            + ": probabilities must be finite and >= 0 " + Arrays.toString(row));
      }
      sum += row[k];
    }
    if (!(Math.abs(sum - 1.0) <= ROW_SUM_TOLERANCE)) {
      throw new IllegalArgumentException("probability row " + index + " sums to " + sum
          + ", not 1 within " + ROW_SUM_TOLERANCE + ": " + Arrays.toString(row));
    }
  }

  /** {@code -ln q[actual]}, q = row clipped to [EPSILON, 1 - EPSILON] and renormalised. */
  private static double clippedLogLoss(double[] row, int actual) {
    double sum = 0.0;
    for (double p : row) {
      sum += clip(p);
    }
    return -StrictMath.log(clip(row[actual]) / sum);
  }

  private static double clip(double p) {
    return Math.min(1.0 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, p));
  }

  private static long[] copyOfLength(long[] values, int length, String name) {
    if (values == null || values.length != length) {
      throw new IllegalArgumentException(name + " must have " + length + " values");
    }
    return values.clone();
  }

  private static double[] copyOfLength(double[] values, int length, String name) {
    if (values == null || values.length != length) {
      throw new IllegalArgumentException(name + " must have " + length + " values");
    }
    return values.clone();
  }

  private static void requireFraction(double value, String name, boolean nanAllowed) {
    if (Double.isNaN(value) ? !nanAllowed : !(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(
          name + " must be in [0, 1]" + (nanAllowed ? " or NaN" : "") + ", got " + value);
    }
  }

  private static List<Long> longs(long[] values) {
    List<Long> list = new ArrayList<>(values.length);
    for (long value : values) {
      list.add(value);
    }
    return Collections.unmodifiableList(list);
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
