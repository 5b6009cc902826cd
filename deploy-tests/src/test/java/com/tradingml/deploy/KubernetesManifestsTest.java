package com.tradingml.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.deploy.Kube.Manifest;
import com.tradingml.deploy.Kube.PodTemplate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Policies every manifest in k8s/ must meet (RELIABILITY.md K1; issue 8). */
class KubernetesManifestsTest {

  private static final String NAMESPACE = "trading-system";
  private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
      "CustomResourceDefinition", "PriorityClass", "StorageClass");

  @Test
  void shouldParseEveryManifestWithKindNameAndTheTradingNamespace() {
    List<Manifest> manifests = Kube.all();
    assertThat(manifests).hasSizeGreaterThan(20);
    for (Manifest m : manifests) {
      assertThat(m.name()).as("metadata.name of %s", m.where()).isNotBlank();
      if (!CLUSTER_SCOPED.contains(m.kind())) {
        assertThat(Repo.string(m.object(), "metadata", "namespace")).as("namespace of %s", m.where()).isEqualTo(NAMESPACE);
      }
    }
    assertThat(manifests).extracting(Manifest::kind).contains("Namespace", "ConfigMap", "Secret", "Deployment",
        "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "CronJob", "ServiceAccount",
        "Role", "RoleBinding", "SparkApplication", "ScheduledSparkApplication");
  }

  @Test
  void shouldEnforceTheRestrictedPodSecurityStandardOnTheNamespace() {
    Manifest namespace = single("Namespace", NAMESPACE);
    assertThat(Repo.map(namespace.object(), "metadata", "labels"))
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
  }

  @Test
  void shouldPinEveryContainerImageByTag() {
    List<String> problems = new ArrayList<>();
    for (PodTemplate pod : Kube.podTemplates()) {
      for (Map<String, Object> c : pod.containers()) {
        String problem = Images.problem(Repo.string(c, "image"));
        if (problem != null) {
          problems.add(pod.where() + " container " + c.get("name") + ": " + problem);
        }
      }
    }
    assertThat(Kube.podTemplates()).isNotEmpty();
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldSetCpuAndMemoryRequestsAndLimitsOnEveryContainer() {
    List<String> missing = new ArrayList<>();
    for (PodTemplate pod : Kube.podTemplates()) {
      for (Map<String, Object> c : pod.containers()) {
        for (String kind : List.of("requests", "limits")) {
          for (String resource : List.of("cpu", "memory")) {
            if (Repo.at(c, "resources", kind, resource) == null) {
              missing.add(pod.where() + " container " + c.get("name") + ": resources." + kind + "." + resource);
            }
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void shouldRunEveryPodAsNonRootWithTheRestrictedSecurityContext() {
    for (PodTemplate pod : Kube.podTemplates()) {
      Map<String, Object> podContext = Repo.map(pod.spec(), "securityContext");
      assertThat(podContext.get("runAsNonRoot")).as("%s pod runAsNonRoot", pod.where()).isEqualTo(true);
      assertThat(Repo.string(podContext, "seccompProfile", "type")).as("%s pod seccomp", pod.where()).isEqualTo("RuntimeDefault");
      assertThat(podContext.get("runAsUser")).as("%s pod runAsUser", pod.where())
          .satisfies(uid -> assertThat(((Number) uid).longValue()).isPositive());
      assertThat(pod.spec().get("hostNetwork")).as("%s hostNetwork", pod.where()).isNotEqualTo(true);
      assertThat(pod.spec().get("hostPID")).as("%s hostPID", pod.where()).isNotEqualTo(true);
      for (Map<String, Object> c : pod.containers()) {
        String where = pod.where() + " container " + c.get("name");
        Map<String, Object> context = Repo.map(c, "securityContext");
        assertThat(context.get("allowPrivilegeEscalation")).as("%s allowPrivilegeEscalation", where).isEqualTo(false);
        assertThat(context.get("readOnlyRootFilesystem")).as("%s readOnlyRootFilesystem", where).isEqualTo(true);
        assertThat(context.get("runAsNonRoot")).as("%s runAsNonRoot", where).isEqualTo(true);
        assertThat(context.get("privileged")).as("%s privileged", where).isNotEqualTo(true);
        assertThat(Repo.list(context, "capabilities", "drop")).as("%s capabilities.drop", where).contains("ALL");
        assertThat(Repo.list(context, "capabilities", "add")).as("%s capabilities.add", where).isEmpty();
        assertThat(Repo.string(context, "seccompProfile", "type")).as("%s seccomp", where).isEqualTo("RuntimeDefault");
      }
    }
  }

  @Test
  void shouldGiveEveryReadOnlyContainerAWritableTmpFromAnEmptyDir() {
    for (PodTemplate pod : Kube.podTemplates()) {
      Set<String> emptyDirs = new HashSet<>();
      for (Map<String, Object> volume : Repo.maps(pod.spec(), "volumes")) {
        if (volume.containsKey("emptyDir")) {
          emptyDirs.add((String) volume.get("name"));
          assertThat(Repo.at(volume, "emptyDir", "sizeLimit")).as("%s emptyDir %s sizeLimit", pod.where(), volume.get("name"))
              .isNotNull();
        }
      }
      for (Map<String, Object> c : pod.containers()) {
        assertThat(Repo.maps(c, "volumeMounts"))
            .as("%s container %s mounts an emptyDir at /tmp", pod.where(), c.get("name"))
            .anySatisfy(mount -> {
              assertThat(mount.get("mountPath")).isEqualTo("/tmp");
              assertThat(emptyDirs).contains((String) mount.get("name"));
            });
      }
    }
  }

  @Test
  void shouldMountNoServiceAccountTokenIntoPodsThatDoNotCallTheApi() {
    for (PodTemplate pod : Kube.podTemplates()) {
      assertThat(pod.spec().get("automountServiceAccountToken")).as("%s automountServiceAccountToken", pod.where())
          .isEqualTo(false);
      String account = Repo.string(pod.spec(), "serviceAccountName");
      assertThat(account).as("%s serviceAccountName", pod.where()).isNotBlank();
      assertThat(names("ServiceAccount")).as("service accounts").contains(account);
    }
  }

  @Test
  void shouldRunServingWithReplicasProbesAndAZeroDowntimeRollout() {
    Manifest deployment = single("Deployment", "serving");
    Map<String, Object> spec = Repo.map(deployment.object(), "spec");
    assertThat(((Number) spec.get("replicas")).intValue()).isGreaterThanOrEqualTo(2);
    assertThat(Repo.at(spec, "strategy", "rollingUpdate", "maxUnavailable")).isEqualTo(0);
    Map<String, Object> container = Repo.maps(spec, "template", "spec", "containers").get(0);
    assertThat(Repo.string(container, "image")).startsWith("ghcr.io/tradingml/serving:");
    assertThat(Repo.string(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health/live");
    assertThat(Repo.string(container, "readinessProbe", "httpGet", "path")).isEqualTo("/health/ready");
    assertThat(Repo.string(container, "startupProbe", "httpGet", "path")).isEqualTo("/health/live");
    assertThat(Repo.maps(container, "ports")).anySatisfy(p -> assertThat(p.get("containerPort")).isEqualTo(8080));
    assertThat(Repo.at(spec, "template", "spec", "terminationGracePeriodSeconds")).isNotNull();
  }

  @Test
  void shouldSelectServingPodsFromTheServicesPdbAndHpa() {
    Map<String, Object> podLabels = Repo.map(single("Deployment", "serving").object(), "spec", "template", "metadata", "labels");
    for (Manifest service : Kube.ofKind("Service")) {
      assertThat(podLabels).as("%s selector", service.where()).containsAllEntriesOf(Repo.map(service.object(), "spec", "selector"));
    }
    Manifest pdb = single("PodDisruptionBudget", "serving");
    assertThat(podLabels).containsAllEntriesOf(Repo.map(pdb.object(), "spec", "selector", "matchLabels"));
    Manifest hpa = single("HorizontalPodAutoscaler", "serving");
    assertThat(Repo.string(hpa.object(), "spec", "scaleTargetRef", "name")).isEqualTo("serving");
    int minReplicas = ((Number) Repo.at(hpa.object(), "spec", "minReplicas")).intValue();
    int minAvailable = ((Number) Repo.at(pdb.object(), "spec", "minAvailable")).intValue();
    assertThat(minReplicas).as("a node drain can evict one pod at the HPA minimum").isGreaterThan(minAvailable);
  }

  @Test
  void shouldAutoscaleOnCpuAndOnRequestsPerSecond() {
    Manifest hpa = single("HorizontalPodAutoscaler", "serving");
    assertThat(Repo.string(hpa.object(), "apiVersion")).isEqualTo("autoscaling/v2");
    List<Map<String, Object>> metrics = Repo.maps(hpa.object(), "spec", "metrics");
    assertThat(metrics).anySatisfy(m -> {
      assertThat(m.get("type")).isEqualTo("Resource");
      assertThat(Repo.at(m, "resource", "name")).isEqualTo("cpu");
    });
    assertThat(metrics).anySatisfy(m -> {
      assertThat(m.get("type")).isEqualTo("Pods");
      assertThat(Repo.string(m, "pods", "metric", "name")).isEqualTo("http_server_requests_per_second");
      assertThat(Repo.at(m, "pods", "target", "averageValue")).isNotNull();
    });
    assertThat(Repo.read(Repo.path("monitoring/prometheus-adapter-rules.yaml"))).contains("http_server_requests_per_second");
  }

  @Test
  void shouldDenyAllTrafficByDefault() {
    assertThat(Kube.ofKind("NetworkPolicy")).anySatisfy(p -> {
      assertThat(Repo.map(p.object(), "spec", "podSelector")).isEmpty();
      assertThat(Repo.list(p.object(), "spec", "policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
      assertThat(Repo.list(p.object(), "spec", "ingress")).isEmpty();
      assertThat(Repo.list(p.object(), "spec", "egress")).isEmpty();
    });
  }

  @Test
  void shouldAllowOnlyTheTradingServiceAndPrometheusIntoServing() {
    List<Map<String, Object>> peers = new ArrayList<>();
    for (Manifest policy : Kube.ofKind("NetworkPolicy")) {
      Map<String, Object> selector = Repo.map(policy.object(), "spec", "podSelector", "matchLabels");
      boolean selectsServing = "serving".equals(selector.get("app.kubernetes.io/name"));
      for (Map<String, Object> rule : Repo.maps(policy.object(), "spec", "ingress")) {
        if (selectsServing) {
          assertThat(Repo.maps(rule, "ports")).as("ingress ports of %s", policy.where())
              .allSatisfy(port -> assertThat(port.get("port")).isEqualTo(8080));
          peers.addAll(Repo.maps(rule, "from"));
        }
      }
    }
    assertThat(peers).allSatisfy(peer -> assertThat(Repo.string(peer, "namespaceSelector", "matchLabels",
        "kubernetes.io/metadata.name")).isIn("trading-service", "monitoring"));
    assertThat(peers).extracting(peer -> Repo.string(peer, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"))
        .contains("trading-service", "monitoring");
  }

  @Test
  void shouldAllowEgressToDnsPostgresqlRedisAndTheObjectStore() {
    Set<String> allowed = new TreeSet<>();
    for (Manifest policy : Kube.ofKind("NetworkPolicy")) {
      for (Map<String, Object> rule : Repo.maps(policy.object(), "spec", "egress")) {
        for (Map<String, Object> to : Repo.maps(rule, "to")) {
          String target = Repo.string(to, "podSelector", "matchLabels", "app.kubernetes.io/name");
          if (target == null) {
            target = Repo.string(to, "podSelector", "matchLabels", "k8s-app");
          }
          for (Map<String, Object> port : Repo.maps(rule, "ports")) {
            allowed.add(target + ":" + port.get("port") + "/" + port.getOrDefault("protocol", "TCP"));
          }
        }
      }
    }
    assertThat(allowed).contains("kube-dns:53/UDP", "kube-dns:53/TCP", "postgresql:5432/TCP", "redis:6379/TCP",
        "minio:9000/TCP");
  }

  @Test
  void shouldKeepSecretTemplatesWithoutValuesAndDocumentEveryKey() {
    List<Manifest> secrets = Kube.ofKind("Secret");
    assertThat(secrets).extracting(Manifest::name).contains("pipeline-db", "pipeline-redis", "pipeline-object-store",
        "serving-api-keys", "serving-jwt");
    for (Manifest secret : secrets) {
      Map<String, Object> values = new java.util.LinkedHashMap<>(Repo.map(secret.object(), "stringData"));
      values.putAll(Repo.map(secret.object(), "data"));
      assertThat(values).as("keys of %s", secret.where()).isNotEmpty();
      String documentation = Repo.string(secret.object(), "metadata", "annotations", "tradingml.com/keys");
      values.forEach((key, value) -> {
        assertThat(value == null ? "" : value.toString()).as("value of %s key %s", secret.where(), key).isEmpty();
        assertThat(documentation).as("documentation of %s key %s", secret.where(), key).contains(key);
      });
    }
  }

  @Test
  void shouldReferenceOnlySecretsConfigMapsAndKeysThatTheRepositoryDefines() {
    Map<String, Set<String>> secretKeys = keys("Secret");
    Map<String, Set<String>> configKeys = keys("ConfigMap");
    List<String> problems = new ArrayList<>();
    List<Map<String, Object>> containers = new ArrayList<>();
    List<Map<String, Object>> volumes = new ArrayList<>();
    for (PodTemplate pod : Kube.podTemplates()) {
      containers.addAll(pod.containers());
      volumes.addAll(Repo.maps(pod.spec(), "volumes"));
    }
    for (var app : Kube.sparkApplicationSpecs()) {
      containers.add(Repo.map(app.getValue(), "driver"));
      containers.add(Repo.map(app.getValue(), "executor"));
      volumes.addAll(Repo.maps(app.getValue(), "volumes"));
    }
    for (Map<String, Object> c : containers) {
      for (Map<String, Object> from : Repo.maps(c, "envFrom")) {
        check(problems, secretKeys, Repo.string(from, "secretRef", "name"), null, "secret");
        check(problems, configKeys, Repo.string(from, "configMapRef", "name"), null, "configmap");
      }
      for (Map<String, Object> env : Repo.maps(c, "env")) {
        check(problems, secretKeys, Repo.string(env, "valueFrom", "secretKeyRef", "name"),
            Repo.string(env, "valueFrom", "secretKeyRef", "key"), "secret");
        check(problems, configKeys, Repo.string(env, "valueFrom", "configMapKeyRef", "name"),
            Repo.string(env, "valueFrom", "configMapKeyRef", "key"), "configmap");
      }
    }
    for (Map<String, Object> volume : volumes) {
      check(problems, secretKeys, Repo.string(volume, "secret", "secretName"), null, "secret");
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldListEveryManifestButTheSecretTemplatesInTheKustomization() {
    Map<String, Object> kustomization = Repo.yaml(Repo.path("k8s/kustomization.yaml"));
    Set<String> listed = new TreeSet<>();
    Repo.list(kustomization, "resources").forEach(r -> listed.add(r.toString()));
    Set<String> files = new TreeSet<>();
    for (Path file : Repo.files("k8s", ".yaml", ".yml")) {
      String relative = Repo.path("k8s").relativize(file).toString();
      if (!relative.equals("kustomization.yaml") && !relative.contains("template")) {
        files.add(relative);
      }
    }
    assertThat(listed).isEqualTo(files);
  }

  private static void check(List<String> problems, Map<String, Set<String>> defined, String name, String key, String what) {
    if (name == null) {
      return;
    }
    if (!defined.containsKey(name)) {
      problems.add(what + " " + name + " is referenced but not defined");
    } else if (key != null && !defined.get(name).contains(key)) {
      problems.add(what + " " + name + " has no key " + key);
    }
  }

  private static Map<String, Set<String>> keys(String kind) {
    Map<String, Set<String>> keys = new java.util.HashMap<>();
    for (Manifest m : Kube.ofKind(kind)) {
      Set<String> names = new HashSet<>(Repo.map(m.object(), "data").keySet());
      names.addAll(Repo.map(m.object(), "stringData").keySet());
      keys.put(m.name(), names);
    }
    return keys;
  }

  private static Set<String> names(String kind) {
    Set<String> names = new HashSet<>();
    Kube.ofKind(kind).forEach(m -> names.add(m.name()));
    return names;
  }

  static Manifest single(String kind, String name) {
    List<Manifest> found = Kube.ofKind(kind).stream().filter(m -> name.equals(m.name())).toList();
    assertThat(found).as("%s/%s", kind, name).hasSize(1);
    return found.get(0);
  }
}
