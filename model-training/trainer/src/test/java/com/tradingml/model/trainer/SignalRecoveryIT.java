package com.tradingml.model.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import org.junit.jupiter.api.Test;

/**
 * The pipeline learns what is there and nothing that is not (DESIGN.md "Synthetic data with a known
 * answer"): on generated data with a planted signal the model's test accuracy is within 3 points of the
 * generator's Bayes-optimal accuracy and beats both baselines; on pure noise it does not beat the
 * majority baseline beyond noise.
 */
class SignalRecoveryIT {

  private static final FeatureSet SET = FeatureSet.defaultSet();
  private static final LabelSpec LABEL = LabelSpec.defaultSpec();

  @Test
  void shouldRecoverAPlantedSignalWithinThreePointsOfBayesAndBeatBothBaselines() {
    SyntheticData.Generated data = SyntheticData.generate(20, 15_000, 0.5, 2024, SET, LABEL);
    TrainedModel trained = TrainedModel.fit(data.matrix(), SET, LABEL, TrainingConfig.defaults());

    double bayes = data.report().bayesOptimalAccuracy();
    System.out.printf("signal 0.5: Bayes %.4f, model %.4f (epochs %d, best %d, %.0f samples/s), majority %.4f, "
            + "logistic %.4f, test rows %d%n", bayes, trained.model().accuracy(), trained.training().epochsRun(),
        trained.training().bestEpoch(), trained.training().samplesPerSecond(), trained.majority().accuracy(),
        trained.logistic().accuracy(), trained.model().n());
    assertThat(trained.model().accuracy()).as("within 3 points of the Bayes-optimal %s", bayes)
        .isGreaterThanOrEqualTo(bayes - 0.03).isLessThanOrEqualTo(bayes + 3 * standardError(trained.model().n()));
    assertThat(trained.model().accuracy()).as("beats the majority baseline").isGreaterThan(trained.majority().accuracy());
    assertThat(trained.model().accuracy()).as("beats logistic regression").isGreaterThan(trained.logistic().accuracy());
    assertThat(trained.beatsBaselines()).isTrue();
  }

  @Test
  void shouldNotBeatTheMajorityBaselineBeyondNoiseOnPureNoise() {
    SyntheticData.Generated data = SyntheticData.generate(20, 8_000, 0.0, 7, SET, LABEL);
    TrainedModel trained = TrainedModel.fit(data.matrix(), SET, LABEL, TrainingConfig.defaults());

    double noise = 3 * standardError(trained.model().n());
    System.out.printf("pure noise: Bayes %.4f, model %.4f, majority %.4f, logistic %.4f, 3 s.e. %.4f%n",
        data.report().bayesOptimalAccuracy(), trained.model().accuracy(), trained.majority().accuracy(),
        trained.logistic().accuracy(), noise);
    assertThat(data.report().bayesOptimalAccuracy()).isEqualTo(0.5);
    assertThat(trained.model().accuracy()).as("no edge beyond noise")
        .isLessThanOrEqualTo(trained.majority().accuracy() + noise);
    assertThat(trained.model().macroRocAuc()).as("no ranking skill beyond noise").isBetween(0.5 - 0.02, 0.5 + 0.02);
  }

  private static double standardError(int n) {
    return Math.sqrt(0.25 / n);
  }
}
