package com.tradingml.jobs.batch;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.jobs.steps.NightlySteps;
import com.tradingml.jobs.steps.PromotionDecisions;
import com.tradingml.jobs.steps.PromotionGate;
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
    Map<String, String> extra = new java.util.TreeMap<>();
    p.getParameters().forEach((name, value) -> extra.put(name, String.valueOf(value.getValue())));
    return new NightlySteps.Params(
        LocalDate.parse(p.getString(DATE)),
        p.getString(DATASET),
        paths,
        p.getString(MODEL, "model"),
        FeatureSet.named(p.getString(FEATURE_SET, FeatureSet.defaultSet().name())),
        new LabelSpec(Math.toIntExact(p.getLong(LABEL_HORIZON, 1L)), p.getDouble(DEAD_ZONE, 0.0)),
        trainingConfig.isBlank() ? TrainingConfig.defaults() : TrainingConfig.fromFile(Path.of(trainingConfig)),
        p.getString(ACTOR, "scheduler"),
        extra);
  }

  static NightlySteps.Params withoutInputs(NightlySteps.Params p) {
    return new NightlySteps.Params(p.date(), p.dataset(), List.of(), p.model(), p.featureSet(), p.label(), p.training(),
        p.actor(), p.extra());
  }

  private static long requireParameter(NightlySteps.Params p, String name) {
    String value = p.extra().get(name);
    if (value == null) {
      throw new IllegalArgumentException("job parameter " + name + " is required when no earlier step produced it");
    }
    return Long.parseLong(value);
  }

  @Bean
  public Step backtestStep(JobRepository repository, PlatformTransactionManager tx, PipelineConfig config) {
    return new StepBuilder("backtest", repository).tasklet(tasklet("backtest", (p, ctx) -> {
      // The daily report: the production model over the last N days of bars (parameter lookbackDays, default 90).
      long days = Long.parseLong(p.extra().getOrDefault("lookbackDays", "90"));
      long to = p.date().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond() * 1_000_000L - 1;
      long from = p.date().minusDays(days).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
      String ref = p.model() + "@production";
      com.tradingml.backtest.Strategy strategy;
      try (com.tradingml.storage.registry.ModelRegistry registry = new com.tradingml.storage.registry.ModelRegistry(config)) {
        strategy = com.tradingml.jobs.steps.Backtests.modelStrategy(config, registry, ref);
      }
      var outcome = com.tradingml.jobs.steps.Backtests.run(config, new com.tradingml.jobs.steps.Backtests.Request(
          p.dataset(), null, from, to, com.tradingml.backtest.FillTiming.NEXT_OPEN, 1.0, 1.0, null), strategy, ref);
      putAll(ctx, "backtest", com.tradingml.jobs.steps.Backtests.headline(outcome, config));
    }), tx).build();
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
        long started = System.nanoTime();
        body.run(params(stepExecution.getJobParameters()), stepExecution.getJobExecution().getExecutionContext());
        LOG.info("step {} of job execution {} finished in {} ms", name, stepExecution.getJobExecutionId(),
            (System.nanoTime() - started) / 1_000_000);
        return RepeatStatus.FINISHED;
      } finally {
        MDC.remove("jobExecutionId");
        MDC.remove("step");
      }
    };
  }

  /** Step outputs into the job context: nested maps flattened to dotted keys, other values as text. */
  @SuppressWarnings("unchecked")
  static void putAll(ExecutionContext context, String prefix, Map<String, Object> values) {
    values.forEach((k, v) -> {
      if (v instanceof Number || v instanceof String || v instanceof Boolean) {
        context.put(prefix + "." + k, v);
      } else if (v instanceof Map<?, ?> nested) {
        putAll(context, prefix + "." + k, (Map<String, Object>) nested);
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
        ctx.putLong(BARS_SNAPSHOT, (Long) steps.ingest(withoutInputs(p)).get(BARS_SNAPSHOT));
      }
      Map<String, Object> out = steps.features(p, ctx.getLong(BARS_SNAPSHOT),
          new PrintWriter(System.err, true));
      putAll(ctx, "features", out);
      ctx.putLong(FEATURES_SNAPSHOT, ((Number) out.get(FEATURES_SNAPSHOT)).longValue());
    }), tx).build();
  }

  @Bean
  public PromotionDecisions promotionDecisions(JobDatabase database) {
    return new PromotionDecisions(database.dataSource());
  }

  @Bean
  public Step promoteStep(JobRepository repository, PlatformTransactionManager tx, NightlySteps steps,
      PromotionDecisions decisions) {
    return new StepBuilder("backtest-and-promote", repository).tasklet(tasklet("backtest-and-promote", (p, ctx) -> {
      // After a nightly's train step the candidate is in the job context; the promote job alone takes
      // it from its parameters (candidateVersion), and the current bars snapshot.
      int candidate = ctx.containsKey(CANDIDATE_VERSION) ? ctx.getInt(CANDIDATE_VERSION)
          : Math.toIntExact(requireParameter(p, CANDIDATE_VERSION));
      long bars = ctx.containsKey(BARS_SNAPSHOT) ? ctx.getLong(BARS_SNAPSHOT)
          : (Long) steps.ingest(withoutInputs(p)).get(BARS_SNAPSHOT);
      Map<String, Object> out = steps.backtestAndPromote(p, candidate, bars, PromotionGate.defaults(), decisions);
      putAll(ctx, "promote", out);
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
