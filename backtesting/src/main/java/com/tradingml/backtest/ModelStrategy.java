package com.tradingml.backtest;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.FeatureState;
import com.tradingml.core.policy.DecisionPolicy;
import com.tradingml.core.policy.PolicyDecision;
import com.tradingml.model.runtime.ModelPackage;
import com.tradingml.model.runtime.Predictor;
import com.tradingml.model.runtime.RegistryModels;
import com.tradingml.storage.registry.ModelRegistry;
import com.tradingml.storage.registry.ModelVersion;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trained model trading through the serving path, bar by bar: per symbol, core's online {@link FeatureState} takes
 * the bar; once warm ({@link FeatureSet#warmupBars()}), the inputs are read and prepared with
 * {@link FeatureSet#prepareModelInputs} (a non-finite input holds: fail closed, never an order); the package's
 * {@link Predictor} gives the class probabilities; core's {@link DecisionPolicy} turns them and the current position
 * into an order toward a target (threshold, fixed or edge-scaled size, capped), which the engine sends through
 * the risk gate. These are the calls, in the order, that the serving service's decision path makes.
 *
 * <p>The feature set is the one the model was trained on, looked up by name and checked against the package's
 * hash ({@code FeatureSpec.requireSameAs}). The package's own warm-up bars (the end of its training data, for
 * serving's warm start) are not used: a backtest warms each symbol on its own replayed bars, so nothing outside
 * the replay reaches a decision.
 *
 * <p>Statistics in the summary: {@code decisions} (bars at which the model was asked), {@code warming_up},
 * {@code invalid_inputs}, and one count per policy reason ({@code policy:below_threshold},
 * {@code policy:target_long}, ...). Immutable and thread-safe definition; runs are independent.
 */
public final class ModelStrategy implements Strategy {

  private final ModelPackage model;
  private final FeatureSet featureSet;
  private final Predictor predictor;
  private final DecisionPolicy policy;
  private final String modelRef;
  private final String modelVersion;

  private ModelStrategy(ModelPackage model, DecisionPolicy policy, String modelRef, String modelVersion) {
    if (model == null || policy == null) {
      throw new IllegalArgumentException("a model strategy needs a model package and a decision policy");
    }
    FeatureSet set = FeatureSet.named(model.features().name());
    model.features().requireSameAs(set);
    this.model = model;
    this.featureSet = set;
    this.predictor = model.predictor();
    this.policy = policy;
    this.modelRef = modelRef;
    this.modelVersion = modelVersion;
    if (predictor.classes() != 3) {
      throw new IllegalArgumentException("the decision policy reads DOWN, FLAT, UP probabilities; the model has "
          + predictor.classes() + " classes");
    }
  }

  /** A package at hand; {@code modelRef} and {@code modelVersion} name it in the summary (may be null). */
  public static ModelStrategy of(ModelPackage model, DecisionPolicy policy, String modelRef, String modelVersion) {
    return new ModelStrategy(model, policy, modelRef, modelVersion);
  }

  /**
   * Resolves {@code ref} ({@code NAME@VERSION} or {@code NAME@ALIAS}) in the registry, downloads and verifies the
   * version into {@code workDirectory} ({@link RegistryModels#load}) and trades it with {@code policy}.
   */
  public static ModelStrategy fromRegistry(ModelRegistry registry, String ref, Path workDirectory,
      DecisionPolicy policy) {
    ModelVersion version = registry.resolve(ref);
    ModelPackage model = RegistryModels.load(registry, version, workDirectory);
    return new ModelStrategy(model, policy, ref, version.ref());
  }

  public ModelPackage model() {
    return model;
  }

  public DecisionPolicy policy() {
    return policy;
  }

  @Override
  public String name() {
    return "model";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model_ref", modelRef);
    out.put("model_version", modelVersion);
    out.put("feature_set", featureSet.name());
    out.put("feature_set_hash", featureSet.hash());
    out.put("label", model.label().description());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("min_probability", policy.minProbability());
    p.put("min_edge", policy.minEdge());
    p.put("sizing", policy.sizingMode().name().toLowerCase(java.util.Locale.ROOT));
    p.put("fixed_quantity", policy.fixedQuantity());
    p.put("max_position", policy.maxPosition());
    p.put("lot_size", policy.lotSize());
    p.put("position_mode", policy.positionMode().name().toLowerCase(java.util.Locale.ROOT));
    out.put("policy", p);
    return out;
  }

  @Override
  public int warmupBars() {
    return featureSet.warmupBars();
  }

  @Override
  public StrategyRun start(Universe universe) {
    return new Run(universe.size());
  }

  private final class Run implements StrategyRun {
    private final FeatureState[] states;
    private final double[] inputs = new double[featureSet.inputColumns().size()];
    private final double[] probabilities = new double[3];
    private long decisions;
    private long warming;
    private long invalid;
    private final Map<String, Long> reasons = new TreeMap<>();

    Run(int symbols) {
      states = new FeatureState[symbols];
      for (int s = 0; s < symbols; s++) {
        states[s] = featureSet.newState();
      }
    }

    @Override
    public void onBar(BarContext bar) {
      FeatureState state = states[bar.symbolIndex()];
      state.update(bar.timeMicros(), bar.open(), bar.high(), bar.low(), bar.close(), bar.volume());
      if (!state.isWarm()) {
        warming++;
        return;
      }
      state.inputs(inputs);
      if (!featureSet.prepareModelInputs(inputs)) {
        invalid++;
        return;
      }
      decisions++;
      predictor.predict(inputs, probabilities);
      PolicyDecision decision = policy.decide(probabilities, bar.position());
      reasons.merge(decision.reason(), 1L, Long::sum);
      if (decision.isOrder()) {
        bar.order(decision.side().orElseThrow().signed(decision.quantity()));
      }
    }

    @Override
    public Map<String, Long> statistics() {
      Map<String, Long> out = new TreeMap<>();
      out.put("decisions", decisions);
      out.put("warming_up", warming);
      out.put("invalid_inputs", invalid);
      reasons.forEach((reason, count) -> out.put("policy:" + reason, count));
      return out;
    }
  }
}
