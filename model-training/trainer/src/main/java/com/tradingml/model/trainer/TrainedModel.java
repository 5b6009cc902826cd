package com.tradingml.model.trainer;

import com.tradingml.core.evaluation.ClassificationMetrics;
import com.tradingml.core.evaluation.LogisticRegressionBaseline;
import com.tradingml.core.evaluation.MajorityClassBaseline;
import com.tradingml.core.evaluation.Standardizer;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.market.Bar;
import com.tradingml.model.runtime.FastMlpPredictor;
import com.tradingml.model.runtime.LabelDefinition;
import com.tradingml.model.runtime.ModelPackage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fit: walk-forward split, the MLP trained with early stopping, and the honest picture on the test
 * window: the model's metrics beside two baselines (the majority class; logistic regression on the same
 * standardized inputs). Everything here is a function of the data and the config (no wall clock), so
 * retraining on the same inputs gives the same card.
 */
public record TrainedModel(
    FeatureSet featureSet, LabelSpec label, TrainingConfig config, WalkForwardSplit.Sets split, MlpTrainer.Result training,
    ClassificationMetrics model, ClassificationMetrics majority, ClassificationMetrics logistic, double[][] goldenInputs) {

  public static final int CLASSES = 3;
  private static final int GOLDEN_ROWS = 16;

  public static TrainedModel fit(FeatureMatrix data, FeatureSet set, LabelSpec label, TrainingConfig config) {
    if (!data.columns().equals(set.inputColumns())) {
      throw new IllegalArgumentException("the data's columns " + data.columns() + " are not feature set " + set.name()
          + "'s inputs " + set.inputColumns());
    }
    WalkForwardSplit splitter = new WalkForwardSplit(config.trainFraction(), config.validationFraction(),
        label.horizonBars(), Math.max(config.embargoBars(), label.horizonBars()));
    WalkForwardSplit.Sets sets = splitter.split(data);
    if (sets.test().length == 0) {
      throw new IllegalArgumentException("the test window is empty after purging and embargo: more data is needed");
    }
    MlpTrainer.Result training = MlpTrainer.train(data, sets.train(), sets.validation(), CLASSES, config);

    int[] testY = data.labels(sets.test());
    double[] testReturns = data.forwardReturns(sets.test());
    double[][] testX = data.rows(sets.test());

    FastMlpPredictor predictor = FastMlpPredictor.of(training.network(), training.normalizer());
    double[][] modelProbabilities = new double[testX.length][CLASSES];
    for (int i = 0; i < testX.length; i++) {
      predictor.predict(testX[i], modelProbabilities[i]);
    }
    ClassificationMetrics model = ClassificationMetrics.compute(testY, modelProbabilities, testReturns, CLASSES);

    int[] trainY = data.labels(sets.train());
    MajorityClassBaseline majorityBaseline = MajorityClassBaseline.fit(trainY, CLASSES);
    ClassificationMetrics majority = ClassificationMetrics.compute(testY, majorityBaseline.predictAll(testX), testReturns,
        CLASSES);

    Standardizer standardizer = Standardizer.of(training.normalizer().mean(), training.normalizer().std());
    LogisticRegressionBaseline logisticBaseline = LogisticRegressionBaseline.fit(
        standardizer.transformAll(data.rows(sets.train())), trainY, CLASSES, config.logisticL2());
    ClassificationMetrics logistic = ClassificationMetrics.compute(testY,
        logisticBaseline.predictAll(standardizer.transformAll(testX)), testReturns, CLASSES);

    double[][] golden = Arrays.copyOf(testX, Math.min(GOLDEN_ROWS, testX.length));
    return new TrainedModel(set, label, config, sets, training, model, majority, logistic, golden);
  }

  /** The package to publish: network, normalizer, specs, this card, the warm-up bars, golden inputs. */
  public ModelPackage toPackage(Map<String, Object> lineage, List<Bar> warmupBars) {
    return ModelPackage.builder()
        .network(training.network())
        .normalizer(training.normalizer())
        .features(featureSet)
        .label(LabelDefinition.of(label))
        .card(card(lineage))
        .warmupBars(warmupBars)
        .goldenInputs(goldenInputs)
        .build();
  }

  /** The model card: lineage, split, hyperparameters, training history, test metrics and baselines. */
  public Map<String, Object> card(Map<String, Object> lineage) {
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("lineage", lineage);
    Map<String, Object> features = new LinkedHashMap<>();
    features.put("name", featureSet.name());
    features.put("version", featureSet.version());
    features.put("hash", featureSet.hash());
    features.put("inputs", featureSet.inputColumns());
    card.put("featureSet", features);
    card.put("label", label.description());
    Map<String, Object> splitMap = new LinkedHashMap<>();
    splitMap.put("trainRows", split.train().length);
    splitMap.put("validationRows", split.validation().length);
    splitMap.put("testRows", split.test().length);
    splitMap.put("validationStart", com.tradingml.core.ingest.CsvText.timestamp(split.validationStart()));
    splitMap.put("testStart", com.tradingml.core.ingest.CsvText.timestamp(split.testStart()));
    splitMap.put("purgeBars", label.horizonBars());
    splitMap.put("embargoBars", Math.max(config.embargoBars(), label.horizonBars()));
    card.put("split", splitMap);
    card.put("hyperparameters", config.toMap());
    Map<String, Object> trainingMap = new LinkedHashMap<>();
    trainingMap.put("epochsRun", training.epochsRun());
    trainingMap.put("bestEpoch", training.bestEpoch());
    trainingMap.put("validationLogLoss", training.validationLogLoss());
    trainingMap.put("classWeights", Arrays.stream(training.classWeights()).boxed().toList());
    card.put("training", trainingMap);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("model", model.toMap());
    metrics.put("majorityBaseline", majority.toMap());
    metrics.put("logisticBaseline", logistic.toMap());
    card.put("testMetrics", metrics);
    card.put("beatsBaselines", beatsBaselines());
    return card;
  }

  /** Higher test accuracy than both baselines AND a lower log loss than the majority baseline. */
  public boolean beatsBaselines() {
    return model.accuracy() > majority.accuracy() && model.accuracy() > logistic.accuracy()
        && model.logLoss() < majority.logLoss();
  }
}
