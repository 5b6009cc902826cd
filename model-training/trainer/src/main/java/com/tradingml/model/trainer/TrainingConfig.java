package com.tradingml.model.trainer;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Hyperparameters and split of one training run. Immutable; every field is recorded in the model card.
 *
 * @param hiddenLayers widths of the hidden dense layers, e.g. [64, 32]
 * @param activation hidden activation: relu, tanh, leakyrelu or sigmoid
 * @param dropout probability of DROPPING a hidden unit during training (0 = none)
 * @param l2 L2 weight penalty
 * @param learningRate Adam's step size
 * @param batchSize minibatch rows
 * @param maxEpochs upper bound of passes over the training set
 * @param patience epochs without a better validation log loss before stopping (the best epoch is kept)
 * @param seed seeds the weight init, dropout and the minibatch order
 * @param balancedClassWeights weight classes inversely to their training frequency in the loss
 * @param trainFraction share of the time range for training
 * @param validationFraction share for validation (early stopping); the rest is the test set
 * @param embargoBars bars skipped after each split boundary (>= the label horizon)
 * @param logisticL2 L2 of the logistic-regression baseline
 */
public record TrainingConfig(
    List<Integer> hiddenLayers, String activation, double dropout, double l2, double learningRate, int batchSize,
    int maxEpochs, int patience, long seed, boolean balancedClassWeights, double trainFraction, double validationFraction,
    int embargoBars, double logisticL2) {

  private static final Set<String> ACTIVATIONS = Set.of("relu", "tanh", "leakyrelu", "sigmoid");

  public TrainingConfig {
    hiddenLayers = List.copyOf(hiddenLayers);
    if (hiddenLayers.isEmpty() || hiddenLayers.stream().anyMatch(w -> w < 1 || w > 4096)) {
      throw new IllegalArgumentException("hidden layers must be 1..4096 units each, at least one layer: " + hiddenLayers);
    }
    if (!ACTIVATIONS.contains(activation)) {
      throw new IllegalArgumentException("activation must be one of " + ACTIVATIONS + ", got '" + activation + "'");
    }
    check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)", dropout);
    check(l2 >= 0 && Double.isFinite(l2), "l2 must be >= 0", l2);
    check(learningRate > 0 && learningRate < 1, "learning rate must be in (0, 1)", learningRate);
    check(batchSize >= 1 && batchSize <= 1 << 16, "batch size must be 1..65536", batchSize);
    check(maxEpochs >= 1 && maxEpochs <= 10_000, "max epochs must be 1..10000", maxEpochs);
    check(patience >= 1, "patience must be >= 1", patience);
    check(embargoBars >= 1, "embargo must be >= 1 bar", embargoBars);
    check(logisticL2 >= 0, "logistic l2 must be >= 0", logisticL2);
  }

  private static void check(boolean ok, String message, double value) {
    if (!ok) {
      throw new IllegalArgumentException(message + ", got " + value);
    }
  }

  public static TrainingConfig defaults() {
    return new TrainingConfig(List.of(64, 32), "relu", 0.1, 1e-4, 1e-3, 1024, 40, 5, 42L, true, 0.6, 0.2, 5, 1e-3);
  }

  /**
   * Reads {@code key=value} lines over the defaults: hidden-layers (comma-separated), activation,
   * dropout, l2, learning-rate, batch-size, max-epochs, patience, seed, balanced-class-weights,
   * train-fraction, validation-fraction, embargo-bars, logistic-l2. Unknown keys are an error.
   */
  public static TrainingConfig fromFile(Path file) {
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read training config " + file + ": " + e.getMessage(), e);
    }
    TrainingConfig d = defaults();
    Map<String, String> v = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      v.put(key, p.getProperty(key).trim());
    }
    Set<String> known = Set.of("hidden-layers", "activation", "dropout", "l2", "learning-rate", "batch-size", "max-epochs",
        "patience", "seed", "balanced-class-weights", "train-fraction", "validation-fraction", "embargo-bars", "logistic-l2");
    for (String key : v.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "' in " + file + "; known: " + known);
      }
    }
    try {
      return new TrainingConfig(
          v.containsKey("hidden-layers")
              ? Arrays.stream(v.get("hidden-layers").split(",")).map(String::trim).map(Integer::valueOf).toList()
              : d.hiddenLayers(),
          v.getOrDefault("activation", d.activation()),
          Double.parseDouble(v.getOrDefault("dropout", Double.toString(d.dropout()))),
          Double.parseDouble(v.getOrDefault("l2", Double.toString(d.l2()))),
          Double.parseDouble(v.getOrDefault("learning-rate", Double.toString(d.learningRate()))),
          Integer.parseInt(v.getOrDefault("batch-size", Integer.toString(d.batchSize()))),
          Integer.parseInt(v.getOrDefault("max-epochs", Integer.toString(d.maxEpochs()))),
          Integer.parseInt(v.getOrDefault("patience", Integer.toString(d.patience()))),
          Long.parseLong(v.getOrDefault("seed", Long.toString(d.seed()))),
          Boolean.parseBoolean(v.getOrDefault("balanced-class-weights", Boolean.toString(d.balancedClassWeights()))),
          Double.parseDouble(v.getOrDefault("train-fraction", Double.toString(d.trainFraction()))),
          Double.parseDouble(v.getOrDefault("validation-fraction", Double.toString(d.validationFraction()))),
          Integer.parseInt(v.getOrDefault("embargo-bars", Integer.toString(d.embargoBars()))),
          Double.parseDouble(v.getOrDefault("logistic-l2", Double.toString(d.logisticL2()))));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number in training config " + file + ": " + e.getMessage(), e);
    }
  }

  public TrainingConfig withSeed(long newSeed) {
    return new TrainingConfig(hiddenLayers, activation, dropout, l2, learningRate, batchSize, maxEpochs, patience, newSeed,
        balancedClassWeights, trainFraction, validationFraction, embargoBars, logisticL2);
  }

  public TrainingConfig withMaxEpochs(int epochs) {
    return new TrainingConfig(hiddenLayers, activation, dropout, l2, learningRate, batchSize, epochs, patience, seed,
        balancedClassWeights, trainFraction, validationFraction, embargoBars, logisticL2);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hiddenLayers", hiddenLayers);
    m.put("activation", activation);
    m.put("dropout", dropout);
    m.put("l2", l2);
    m.put("learningRate", learningRate);
    m.put("optimizer", "adam");
    m.put("batchSize", batchSize);
    m.put("maxEpochs", maxEpochs);
    m.put("patience", patience);
    m.put("seed", seed);
    m.put("balancedClassWeights", balancedClassWeights);
    m.put("trainFraction", trainFraction);
    m.put("validationFraction", validationFraction);
    m.put("embargoBars", embargoBars);
    m.put("logisticL2", logisticL2);
    return m;
  }
}
