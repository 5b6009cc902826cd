package com.tradingml.backtest;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.policy.DecisionPolicy;
import com.tradingml.model.trainer.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a {@link WalkForwardBacktest} retrains and trades.
 *
 * <ul>
 *   <li>{@code retrainEveryBars}: a model trades this many bars of the global timeline (the distinct bar
 *       timestamps over all symbols) before the next one replaces it. Default 2,000.
 *   <li>{@code trainingBars}: each model is fitted on the trailing window of this many timeline bars just before
 *       the bars it trades; the first model trades from timeline bar {@code trainingBars} on. Default 20,000.
 *   <li>{@code featureSet}, {@code label}: what the trainer learns (core's definitions; the set must be a named one,
 *       as a model package records it). Defaults {@code core_v1} and {@link LabelSpec#defaultSpec()}.
 *   <li>{@code training}: the trainer's hyperparameters and its train / validation / test split inside the window
 *       ({@link TrainingConfig}; default {@link TrainingConfig#defaults()}).
 *   <li>{@code policy}: how probabilities become orders ({@link DecisionPolicy}); default long-only, 100 shares when
 *       the predicted direction's probability is at least 0.5 (the backtest command's default).
 *   <li>{@code backtest}: execution, costs, risk limits and the initial cash ({@link BacktestConfig}).
 *   <li>{@code modelName}: names the windows' models in the summary ({@code NAME@w0}, {@code NAME@w1}, ...).
 * </ul>
 * Immutable and thread-safe. Build with {@link #builder()}.
 */
public record WalkForwardConfig(int retrainEveryBars, int trainingBars, FeatureSet featureSet, LabelSpec label,
    TrainingConfig training, DecisionPolicy policy, BacktestConfig backtest, String modelName) {

  public static final int DEFAULT_RETRAIN_EVERY_BARS = 2_000;
  public static final int DEFAULT_TRAINING_BARS = 20_000;
  public static final DecisionPolicy DEFAULT_POLICY = DecisionPolicy.builder().minProbability(0.5).fixedQuantity(100)
      .maxPosition(100).build();

  public WalkForwardConfig {
    if (retrainEveryBars < 1) {
      throw new IllegalArgumentException("retrain every must be at least 1 bar, got " + retrainEveryBars);
    }
    if (trainingBars < 10) {
      throw new IllegalArgumentException("the training window must hold at least 10 bars, got " + trainingBars);
    }
    if (featureSet == null || label == null || training == null || policy == null || backtest == null) {
      throw new IllegalArgumentException("a walk-forward config needs a feature set, a label, a training config, a "
          + "decision policy and a backtest config");
    }
    if (!FeatureSet.knownNames().contains(featureSet.name()) || !FeatureSet.named(featureSet.name()).equals(featureSet)) {
      throw new IllegalArgumentException("feature set " + featureSet.name() + " is not one of the named sets "
          + FeatureSet.knownNames() + ": a model package can only name those");
    }
    if (modelName == null || !modelName.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("model name must be lower-case letters, digits, '.', '_' or '-': '"
          + modelName + "'");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Ordered JSON data, for the summary. */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("retrain_every_bars", retrainEveryBars);
    out.put("training_bars", trainingBars);
    out.put("feature_set", featureSet.name());
    out.put("feature_set_hash", featureSet.hash());
    out.put("label", label.description());
    out.put("training", training.toMap());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("min_probability", policy.minProbability());
    p.put("min_edge", policy.minEdge());
    p.put("sizing", policy.sizingMode().name().toLowerCase(Locale.ROOT));
    p.put("fixed_quantity", policy.fixedQuantity());
    p.put("max_position", policy.maxPosition());
    p.put("lot_size", policy.lotSize());
    p.put("position_mode", policy.positionMode().name().toLowerCase(Locale.ROOT));
    out.put("policy", p);
    out.put("model_name", modelName);
    return out;
  }

  /** Collects the configuration; unset fields take the documented defaults. Not thread-safe. */
  public static final class Builder {
    private int retrainEveryBars = DEFAULT_RETRAIN_EVERY_BARS;
    private int trainingBars = DEFAULT_TRAINING_BARS;
    private FeatureSet featureSet = FeatureSet.defaultSet();
    private LabelSpec label = LabelSpec.defaultSpec();
    private TrainingConfig training = TrainingConfig.defaults();
    private DecisionPolicy policy = DEFAULT_POLICY;
    private BacktestConfig backtest = BacktestConfig.builder().build();
    private String modelName = "walk-forward";

    private Builder() {}

    public Builder retrainEveryBars(int bars) {
      this.retrainEveryBars = bars;
      return this;
    }

    public Builder trainingBars(int bars) {
      this.trainingBars = bars;
      return this;
    }

    public Builder featureSet(FeatureSet set) {
      this.featureSet = set;
      return this;
    }

    public Builder label(LabelSpec spec) {
      this.label = spec;
      return this;
    }

    public Builder training(TrainingConfig config) {
      this.training = config;
      return this;
    }

    public Builder policy(DecisionPolicy decisionPolicy) {
      this.policy = decisionPolicy;
      return this;
    }

    public Builder backtest(BacktestConfig config) {
      this.backtest = config;
      return this;
    }

    public Builder modelName(String name) {
      this.modelName = name;
      return this;
    }

    public WalkForwardConfig build() {
      return new WalkForwardConfig(retrainEveryBars, trainingBars, featureSet, label, training, policy, backtest,
          modelName);
    }
  }
}
