package com.tradingml.model.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.model.runtime.ModelPackage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retraining on the same inputs with the same seed gives identical parameters and identical files. */
class ReproducibilityTest {

  @TempDir Path dir;

  @Test
  void shouldProduceBitIdenticalModelsAndFilesForTheSameInputsAndSeed() {
    FeatureSet set = FeatureSet.defaultSet();
    LabelSpec label = LabelSpec.defaultSpec();
    SyntheticData.Generated data = SyntheticData.generate(4, 3_000, 0.5, 99, set, label);
    TrainingConfig config = TrainingConfig.defaults().withMaxEpochs(3);

    TrainedModel first = TrainedModel.fit(data.matrix(), set, label, config);
    TrainedModel second = TrainedModel.fit(data.matrix(), set, label, config);

    assertThat(second.training().network().params().toDoubleVector())
        .isEqualTo(first.training().network().params().toDoubleVector());
    Map<String, Object> lineage = Map.of("test", "reproducibility");
    ModelPackage a = first.toPackage(lineage, List.of());
    ModelPackage b = second.toPackage(lineage, List.of());
    assertThat(b.sha256()).isEqualTo(a.sha256());

    TrainedModel otherSeed = TrainedModel.fit(data.matrix(), set, label, config.withSeed(7));
    assertThat(otherSeed.training().network().params().toDoubleVector())
        .isNotEqualTo(first.training().network().params().toDoubleVector());
  }
}
