package com.tradingml.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchema;
import com.tradingml.deploy.Kube.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Spark operator's applications: valid against the CRD schema, and our policies on top. */
class SparkApplicationsTest {

  @Test
  void shouldValidateEverySparkApplicationAgainstTheCrdSchema() {
    JsonSchema schema = CrdSchemas.sparkApplication();
    List<Manifest> apps = Kube.ofKind("SparkApplication");
    assertThat(apps).extracting(Manifest::name).contains("features-prices", "sweep-prices-sma-cross");
    for (Manifest app : apps) {
      assertThat(Repo.string(app.object(), "apiVersion")).isEqualTo("sparkoperator.k8s.io/v1beta2");
      assertThat(CrdSchemas.errors(schema, app.object())).as(app.where()).isEmpty();
    }
  }

  @Test
  void shouldValidateEveryScheduledSparkApplicationAgainstTheCrdSchema() {
    JsonSchema schema = CrdSchemas.scheduledSparkApplication();
    List<Manifest> apps = Kube.ofKind("ScheduledSparkApplication");
    assertThat(apps).extracting(Manifest::name).contains("nightly-features-prices");
    for (Manifest app : apps) {
      assertThat(CrdSchemas.errors(schema, app.object())).as(app.where()).isEmpty();
      assertThat(Repo.string(app.object(), "spec", "concurrencyPolicy")).isEqualTo("Forbid");
      assertThat(Repo.string(app.object(), "spec", "timeZone")).isNotBlank();
    }
  }

  /** The schema check is not vacuous: typical mistakes are rejected. */
  @Test
  void shouldRejectUnknownFieldsWrongTypesAndBadEnums() {
    JsonSchema schema = CrdSchemas.sparkApplication();
    Map<String, Object> good = KubernetesManifestsTest.single("SparkApplication", "features-prices").object();

    Map<String, Object> typo = deepCopy(good);
    Repo.map(typo, "spec").put("executors", Map.of("instances", 2));
    assertThat(CrdSchemas.errors(schema, typo)).anySatisfy(e -> assertThat(e).contains("executors"));

    Map<String, Object> badEnum = deepCopy(good);
    Repo.map(badEnum, "spec", "restartPolicy").put("type", "Sometimes");
    assertThat(CrdSchemas.errors(schema, badEnum)).isNotEmpty();

    Map<String, Object> badType = deepCopy(good);
    Repo.map(badType, "spec", "driver").put("cores", "one");
    assertThat(CrdSchemas.errors(schema, badType)).anySatisfy(e -> assertThat(e).contains("cores"));

    Map<String, Object> zeroInstances = deepCopy(good);
    Repo.map(zeroInstances, "spec", "executor").put("instances", 0);
    assertThat(CrdSchemas.errors(schema, zeroInstances)).isNotEmpty();

    Map<String, Object> missingRequired = deepCopy(good);
    Repo.map(missingRequired, "spec").remove("sparkVersion");
    assertThat(CrdSchemas.errors(schema, missingRequired)).anySatisfy(e -> assertThat(e).contains("sparkVersion"));

    // Checked against the operator's real CRD: it requires the application file, and podName is a driver field.
    Map<String, Object> noApplicationFile = deepCopy(good);
    Repo.map(noApplicationFile, "spec").remove("mainApplicationFile");
    assertThat(CrdSchemas.errors(schema, noApplicationFile))
        .anySatisfy(e -> assertThat(e).contains("mainApplicationFile"));
    Map<String, Object> executorPodName = deepCopy(good);
    Repo.map(executorPodName, "spec", "executor").put("podName", "features-executor");
    assertThat(CrdSchemas.errors(schema, executorPodName)).anySatisfy(e -> assertThat(e).contains("podName"));
    Map<String, Object> clientInCluster = deepCopy(good);
    Repo.map(clientInCluster, "spec").put("mode", "in-cluster-client");
    assertThat(CrdSchemas.errors(schema, clientInCluster)).isNotEmpty();
  }

  @Test
  void shouldRetryOnFailureABoundedNumberOfTimes() {
    for (var app : Kube.sparkApplicationSpecs()) {
      Map<String, Object> policy = Repo.map(app.getValue(), "restartPolicy");
      assertThat(policy.get("type")).as(app.getKey().where()).isEqualTo("OnFailure");
      assertThat((Integer) policy.get("onFailureRetries")).as(app.getKey().where()).isBetween(1, 5);
      assertThat((Integer) policy.get("onSubmissionFailureRetries")).as(app.getKey().where()).isBetween(1, 5);
      assertThat(policy.get("onFailureRetryInterval")).as(app.getKey().where()).isNotNull();
    }
  }

  @Test
  void shouldScaleExecutorsDynamicallyWithinBounds() {
    for (var app : Kube.sparkApplicationSpecs()) {
      Map<String, Object> dynamic = Repo.map(app.getValue(), "dynamicAllocation");
      assertThat(dynamic.get("enabled")).as(app.getKey().where()).isEqualTo(true);
      int min = (Integer) dynamic.get("minExecutors");
      int max = (Integer) dynamic.get("maxExecutors");
      assertThat(min).isPositive();
      assertThat(max).isGreaterThanOrEqualTo(min).isLessThanOrEqualTo(64);
      // The operator's field is in milliseconds: a value in seconds (600) would release shuffle data at once.
      assertThat(((Number) dynamic.get("shuffleTrackingTimeout")).longValue()).as(app.getKey().where())
          .isGreaterThanOrEqualTo(60_000);
    }
  }

  @Test
  void shouldWriteThroughS3aWithTheMagicCommitter() {
    for (var app : Kube.sparkApplicationSpecs()) {
      Map<String, Object> conf = Repo.map(app.getValue(), "sparkConf");
      assertThat(conf).as(app.getKey().where())
          .containsEntry("spark.hadoop.fs.s3a.committer.name", "magic")
          .containsEntry("spark.hadoop.fs.s3a.committer.magic.enabled", "true")
          .containsEntry("spark.hadoop.fs.s3a.path.style.access", "true")
          .containsEntry("spark.hadoop.mapreduce.outputcommitter.factory.scheme.s3a",
              "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory")
          .containsEntry("spark.sql.sources.commitProtocolClass",
              "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol")
          .containsEntry("spark.sql.parquet.output.committer.class",
              "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter")
          .containsKey("spark.hadoop.fs.s3a.endpoint");
      assertThat(conf.keySet()).as("credentials never in sparkConf").noneMatch(k -> k.contains("secret.key") || k.contains("access.key"));
    }
  }

  @Test
  void shouldSizeAndSecureTheDriverAndExecutors() {
    for (var app : Kube.sparkApplicationSpecs()) {
      String where = app.getKey().where();
      assertThat(Images.problem(Repo.string(app.getValue(), "image"))).as(where).isNull();
      for (String role : List.of("driver", "executor")) {
        Map<String, Object> pod = Repo.map(app.getValue(), role);
        assertThat(pod).as("%s %s", where, role).containsKeys("cores", "coreLimit", "memory", "memoryOverhead", "serviceAccount");
        assertThat(pod.get("memory").toString()).matches("[0-9]+[mg]");
        assertThat(Repo.at(pod, "podSecurityContext", "runAsNonRoot")).as("%s %s", where, role).isEqualTo(true);
        assertThat(Repo.at(pod, "securityContext", "readOnlyRootFilesystem")).as("%s %s", where, role).isEqualTo(true);
        assertThat(Repo.at(pod, "securityContext", "allowPrivilegeEscalation")).as("%s %s", where, role).isEqualTo(false);
        assertThat(Repo.list(pod, "securityContext", "capabilities", "drop")).as("%s %s", where, role).contains("ALL");
        assertThat(Repo.string(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        assertThat(Repo.maps(pod, "volumeMounts")).anySatisfy(m -> assertThat(m.get("mountPath")).isEqualTo("/tmp"));
      }
      assertThat(Repo.at(app.getValue(), "driver", "serviceAccount")).isEqualTo("spark-driver");
    }
  }

  @Test
  void shouldGiveTheDriverAccountARoleToManageItsExecutorPods() {
    Manifest binding = KubernetesManifestsTest.single("RoleBinding", "spark-driver");
    assertThat(Repo.maps(binding.object(), "subjects")).anySatisfy(s -> assertThat(s.get("name")).isEqualTo("spark-driver"));
    String roleName = Repo.string(binding.object(), "roleRef", "name");
    Manifest role = KubernetesManifestsTest.single("Role", roleName);
    assertThat(Repo.maps(role.object(), "rules")).anySatisfy(rule -> {
      assertThat(Repo.list(rule, "resources")).contains("pods");
      assertThat(Repo.list(rule, "verbs")).contains("create", "delete", "watch", "list");
    });
    assertThat(Repo.maps(role.object(), "rules")).noneSatisfy(rule -> assertThat(Repo.list(rule, "resources")).contains("secrets"));
  }

  /** The feature job gets exactly the arguments FeatureJob parses (the ones the CLI passes too). */
  @Test
  void shouldPassOnlyArgumentsThatFeatureJobParses() {
    String source = Repo.read(Repo.path("feature-engineering/src/main/java/com/tradingml/features/spark/FeatureJob.java"));
    Matcher names = Pattern.compile("(?:required\\(values, |values\\.(?:getOrDefault|containsKey|get)\\()\"([a-z-]+)\"").matcher(source);
    List<String> parsed = new ArrayList<>();
    while (names.find()) {
      parsed.add(names.group(1));
    }
    assertThat(parsed).contains("dataset", "feature-set", "catalog-properties", "result");
    for (var app : Kube.sparkApplicationSpecs()) {
      if (!"com.tradingml.features.spark.FeatureJob".equals(app.getValue().get("mainClass"))) {
        continue;
      }
      List<Object> args = Repo.list(app.getValue(), "arguments");
      assertThat(args.size() % 2).as("%s: --name value pairs", app.getKey().where()).isZero();
      for (int i = 0; i < args.size(); i += 2) {
        String name = args.get(i).toString();
        assertThat(name).startsWith("--");
        assertThat(parsed).as("%s argument %s", app.getKey().where(), name).contains(name.substring(2));
      }
      assertThat(args).contains("--dataset", "--catalog-properties", "--result");
      assertThat(Repo.string(app.getValue(), "mainApplicationFile")).isEqualTo("local:///opt/spark/feature-engineering.jar");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m)
        : v instanceof List<?> l ? new ArrayList<>(l) : v));
    return copy;
  }
}
