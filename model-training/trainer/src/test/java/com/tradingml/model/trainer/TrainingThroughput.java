package com.tradingml.model.trainer;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import java.util.Arrays;
import java.util.Locale;

/**
 * Training throughput benchmark (issue 4), not a test: an MLP of the default shape on ROWS rows of the
 * default feature set (generated 1-minute bars), samples/s for a few epochs at several batch sizes.
 * Run with OMP_NUM_THREADS=1 (see docs/BENCHMARKS.md for the command).
 */
public final class TrainingThroughput {

  private TrainingThroughput() {}

  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    FeatureSet set = FeatureSet.defaultSet();
    LabelSpec label = LabelSpec.defaultSpec();
    int symbols = 50;
    long started = System.nanoTime();
    FeatureMatrix data = SyntheticData.generate(symbols, rows / symbols + 60, 0.5, 1, set, label).matrix();
    System.out.printf(Locale.ROOT, "features for %,d rows x %d inputs in %.1fs%n", data.rows(), data.width(),
        (System.nanoTime() - started) / 1e9);
    int[] train = new int[data.rows() * 9 / 10];
    for (int i = 0; i < train.length; i++) {
      train[i] = i;
    }
    int[] validation = new int[data.rows() - train.length];
    for (int i = 0; i < validation.length; i++) {
      validation[i] = train.length + i;
    }
    for (int batch : new int[] {1024, 4096}) {
      TrainingConfig config = new TrainingConfig(java.util.List.of(64, 32), "relu", 0.1, 1e-4, 1e-3, batch, epochs,
          epochs, 42, true, 0.6, 0.2, 5, 1e-3);
      MlpTrainer.Result result = MlpTrainer.train(data, train, validation, 3, config);
      System.out.printf(Locale.ROOT, "batch %5d: %,d samples in %.1fs = %,.0f samples/s (%d epochs over %,d rows; "
              + "validation log loss %s)%n", batch, result.samplesSeen(), result.trainSeconds(), result.samplesPerSecond(),
          result.epochsRun(), train.length, Arrays.toString(result.validationLogLoss().toArray()));
    }
  }
}
