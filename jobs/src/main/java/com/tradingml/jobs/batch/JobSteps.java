package com.tradingml.jobs.batch;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.jobs.steps.NightlySteps;
import com.tradingml.model.trainer.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The steps every job is made of, as Spring Batch tasklets over {@link NightlySteps}. A step reads the
 * job's parameters and the outputs earlier steps left in the JOB execution context (persisted after
 * each step, so a restarted job finds them), and adds its own. Logs carry the job execution id (MDC
 * {@code jobExecutionId}).
 */
@Configuration
public class JobSteps {

  private static final Logger LOG = LoggerFactory.getLogger(JobSteps.class);

  static final String BARS_SNAPSHOT = "barsSnapshotId";
  static final String FEATURES_SNAPSHOT = "featuresSnapshotId";
  static final String CANDIDATE_VERSION = "candidateVersion";

  /** Job parameter names. */
  public static final String DATE = "date";
  public static final String DATASET = "dataset";
  public static final String MODEL = "model";
  public static final String INPUTS = "inputs";
  public static final String FEATURE_SET = "featureSet";
  public static final String LABEL_HORIZON = "labelHorizon";
  public static final String DEAD_ZONE = "deadZone";
  public static final String TRAINING_CONFIG = "trainingConfig";
  public static final String ACTOR = "actor";

  static NightlySteps.Params params(JobParameters p) {
    String inputs = p.getString(INPUTS, "");
    List<Path> paths = inputs.isBlank() ? List.of() : Arrays.stream(inputs.split(",")).map(Path::of).toList();
    String trainingConfig = p.getString(TRAINING_CONFIG, "");
    return new NightlySteps.Params(
        LocalDate.parse(p.getString(DATE)),
        p.getString(DATASET),
        paths,
        p.getString(MODEL, "model"),
        FeatureSet.named(p.getString(FEATURE_SET, FeatureSet.defaultSet().name())),
        new LabelSpec(Math.toIntExact(p.getLong(LABEL_HORIZON, 1L)), p.getDouble(DEAD_ZONE, 0.0)),
        trainingConfig.isBlank() ? TrainingConfig.defaults() : TrainingConfig.fromFile(Path.of(trainingConfig)),
        p.getString(ACTOR, "scheduler"));
  }

  /** A tasklet body: parameters and the job context in, outputs into the job context. */
  interface Body {
    void run(NightlySteps.Params params, ExecutionContext jobContext) throws Exception;
  }

  static Tasklet tasklet(String name, Body body) {
    return (contribution, chunkContext) -> {
      var stepExecution = chunkContext.getStepContext().getStepExecution();
      MDC.put("jobExecutionId", Long.toString(stepExecution.getJobExecutionId()));
      MDC.put("step", name);
      try {
        LOG.info("step {} of job execution {} starting", name, stepExecution.getJobExecutionId());
        body.run(params(stepExecution.getJobParameters()), stepExecution.getJobExecution().getExecutionContext());
        return RepeatStatus.FINISHED;
      } finally {
        MDC.remove("jobExecutionId");
        MDC.remove("step");
      }
    };
  }

  static void putAll(ExecutionContext context, String prefix, Map<String, Object> values) {
    values.forEach((k, v) -> {
      if (v instanceof Number || v instanceof String || v instanceof Boolean) {
        context.put(prefix + "." + k, v);
      } else if (v != null) {
        context.putString(prefix + "." + k, v.toString());
      }
    });
  }

  @Bean
  public NightlySteps nightlySteps(PipelineConfig config) {
    return new NightlySteps(config);
  }

  @Bean
  public Step ingestStep(JobRepository repository, PlatformTransactionManager tx, NightlySteps steps) {
    return new StepBuilder("ingest", repository).tasklet(tasklet("ingest", (p, ctx) -> {
      Map<String, Object> out = steps.ingest(p);
      putAll(ctx, "ingest", out);
      ctx.putLong(BARS_SNAPSHOT, (Long) out.get(BARS_SNAPSHOT));
    }), tx).build();
  }

  @Bean
  public Step featuresStep(JobRepository repository, PlatformTransactionManager tx, NightlySteps steps) {
    return new StepBuilder("features", repository).tasklet(tasklet("features", (p, ctx) -> {
      if (!ctx.containsKey(BARS_SNAPSHOT)) {
        ctx.putLong(BARS_SNAPSHOT, (Long) steps.ingest(new NightlySteps.Params(p.date(), p.dataset(), List.of(), p.model(),
            p.featureSet(), p.label(), p.training(), p.actor())).get(BARS_SNAPSHOT));
      }
      Map<String, Object> out = steps.features(p, ctx.getLong(BARS_SNAPSHOT),
          new PrintWriter(System.err, true));
      putAll(ctx, "features", out);
      ctx.putLong(FEATURES_SNAPSHOT, ((Number) out.get(FEATURES_SNAPSHOT)).longValue());
    }), tx).build();
  }

  @Bean
  public Step trainStep(JobRepository repository, PlatformTransactionManager tx, NightlySteps steps) {
    return new StepBuilder("train", repository).tasklet(tasklet("train", (p, ctx) -> {
      if (!ctx.containsKey(FEATURES_SNAPSHOT)) {
        throw new IllegalStateException("no features snapshot in the job context: run the features step first");
      }
      Map<String, Object> out = steps.trainCandidate(p, ctx.getLong(FEATURES_SNAPSHOT));
      putAll(ctx, "train", out);
      ctx.putInt(CANDIDATE_VERSION, (Integer) out.get(CANDIDATE_VERSION));
    }), tx).build();
  }
}
